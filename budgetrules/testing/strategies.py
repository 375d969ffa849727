"""Hypothesis strategies for rule authors: consistent budget disclosures as object graphs.

:func:`budgets` draws a :class:`Generated` budget: a :class:`~budgetrules.core.model.Document` of a 2021 预算 with
tables like the reference sample's —

* 表二 收入总体情况表 (类/款/项 columns; 总计 = 一般公共预算拨款 + 事业收入),
* 表三 支出总体情况表 (类/款 columns only: 项 rows repeat their 款 code; 合计 = 基本支出 + 项目支出),
* 表五 一般公共预算支出情况表 (项 code merged into the name, ``01 测试项…``),
* optionally 表四 财政拨款收支总体情况表 (two sides), 表六 基本支出 by 经济分类 and 表八 “三公”经费, or
  (``all_tables=True``) the whole set 表一 … 表八, with 表七's projects repeating their 类/款/项 rows —

built from one random 类/款/项 hierarchy. The true amounts are whole 元; every printed amount is the true amount
in 万元 *rounded* to 2, 1 or 0 decimals (``1117.5``), so parents and totals are exact sums of the truth but
generally not of the printed children — exactly what a real table prints, and what no arithmetic rule may
report. Zeros are printed blank or as zeros.

:attr:`Generated.includes` records, for every row, the rows whose printed sums include it (its parent, or
the table's total for a top-level row, …), so that a test can perturb one amount (:func:`perturb`) and know
where findings may appear. Rule authors use these to state properties: no finding on any consistent budget;
a perturbation beyond rounding is found where it is and nowhere else.

Example::

    from hypothesis import given, settings
    from budgetrules.testing.strategies import budgets

    @settings(max_examples=30, deadline=None)
    @given(budgets())
    def test_no_false_alarm(generated):
        assert not my_rule_findings(generated.document)
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Callable, Iterator, Mapping, Sequence

import attrs
from hypothesis import strategies as st

from budgetrules.core.amounts import Amount, Unit
from budgetrules.core.model import (
    Cell,
    ClassCode,
    Column,
    Department,
    DocKind,
    Document,
    Row,
    RowRole,
    Side,
    Source,
    Table,
)
from budgetrules.testing.textwriter import format_amount

__all__ = ["Generated", "Node", "budgets", "hierarchies", "printed", "perturb", "PATH"]

PATH = "generated.txt"
_SOURCE = Source(PATH)
_UNIT = Unit.WAN
_WAN = Decimal(10_000)
_LEI = ("201", "203", "205", "207", "208", "210", "211", "212", "213", "214", "221", "229")
_TWO = tuple(f"{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50, 99))

RowRef = tuple[int, int]  # (table index, row index)
#: Per row, the rows whose printed sums include it.
Includes = dict[RowRef, set[RowRef]]
Draw = st.DrawFn


@attrs.frozen
class Node:
    """One 类/款/项 of the generated hierarchy with its true amounts (whole 元) per split.

    ``total`` = ``basic`` + ``project`` = ``gpb`` + ``business``; ``gpb_basic`` + ``gpb_project`` = ``gpb``.
    """

    code: ClassCode
    name: str
    total: int
    basic: int
    gpb: int
    gpb_basic: int
    children: tuple["Node", ...] = ()

    @property
    def project(self) -> int:
        return self.total - self.basic

    @property
    def business(self) -> int:
        return self.total - self.gpb

    @property
    def gpb_project(self) -> int:
        return self.gpb - self.gpb_basic

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class Generated:
    """A generated consistent document and, per row, the rows whose printed sums include it."""

    document: Document
    includes: Mapping[RowRef, frozenset[RowRef]]

    def rows(self) -> list[RowRef]:
        return [(t, r) for t, table in enumerate(self.document.tables) for r in range(len(table.rows))]


def _sum_nodes(code: ClassCode, name: str, children: Sequence[Node]) -> Node:
    return Node(
        code,
        name,
        total=sum(c.total for c in children),
        basic=sum(c.basic for c in children),
        gpb=sum(c.gpb for c in children),
        gpb_basic=sum(c.gpb_basic for c in children),
        children=tuple(children),
    )


@st.composite
def _leaf(draw: Draw, code: ClassCode, name: str) -> Node:
    total = draw(st.one_of(st.just(0), st.integers(1, 50_000_000)))
    basic = draw(st.sampled_from([0, total, None])) if total else 0
    if basic is None:
        basic = draw(st.integers(0, total))
    gpb = draw(st.sampled_from([total, total, None]))
    if gpb is None:
        gpb = draw(st.integers(0, total))
    gpb_basic = min(basic, gpb)
    return Node(code, name, total, basic, gpb, gpb_basic)


@st.composite
def hierarchies(draw: Draw, max_lei: int = 4, max_kuan: int = 3, max_xiang: int = 3) -> list[Node]:
    """A forest of 类 → 款 → 项 with distinct codes; parents are the exact sums of their children."""
    leis = draw(st.lists(st.sampled_from(_LEI), min_size=1, max_size=max_lei, unique=True))
    forest: list[Node] = []
    for lei in leis:
        kuans = draw(st.lists(st.sampled_from(_TWO), min_size=1, max_size=max_kuan, unique=True))
        kuan_nodes: list[Node] = []
        for kuan in kuans:
            xiangs = draw(st.lists(st.sampled_from(_TWO), min_size=0, max_size=max_xiang, unique=True))
            kcode = ClassCode("func", lei, kuan)
            kname = f"测试款{lei}{kuan}"
            if xiangs:
                leaves = [draw(_leaf(ClassCode("func", lei, kuan, x), f"测试项{lei}{kuan}{x}")) for x in xiangs]
                kuan_nodes.append(_sum_nodes(kcode, kname, leaves))
            else:
                kuan_nodes.append(draw(_leaf(kcode, kname)))
        forest.append(_sum_nodes(ClassCode("func", lei), f"测试类{lei}", kuan_nodes))
    return forest


@st.composite
def printed(draw: Draw, yuan: int, places: Sequence[int] = (2, 2, 2, 1, 0), blank_zero: bool = True) -> Amount | None:
    """The printed form of a true amount in 元: 万元 rounded to one of ``places`` decimals; a zero may be blank."""
    if yuan == 0 and blank_zero and draw(st.booleans()):
        return None
    p = draw(st.sampled_from(tuple(places)))
    value = (Decimal(yuan) / _WAN).quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_EVEN)
    return Amount(value, p, _UNIT)


def _cells(draw: Draw, values: Mapping[str, int], places: Sequence[int], blank_zero: bool = True) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for key, yuan in values.items():
        amount = draw(printed(yuan, places, blank_zero))
        if amount is not None:
            cells[key] = Cell(format_amount(amount), amount, _SOURCE)
    return cells


def _col(key: str, label: str, index: int, side: Side | None = None) -> Column:
    return Column(key=key, label=label, index=index, side=side)


class _TableBuilder:
    """Rows of one table plus, per row, the rows whose sums include it."""

    def __init__(self, index: int):
        self.index = index
        self.rows: list[Row] = []
        self.includes: dict[RowRef, set[RowRef]] = {}

    def add(self, row: Row, parent: int | None = None) -> int:
        self.rows.append(row)
        i = len(self.rows) - 1
        self.includes[(self.index, i)] = set() if parent is None else {(self.index, parent)}
        return i

    def point_to(self, rows: Sequence[int], target: int) -> None:
        for r in rows:
            self.includes[(self.index, r)].add((self.index, target))


def _hier_table(
    draw: Draw,
    index: int,
    forest: Sequence[Node],
    values: Callable[[Node], Mapping[str, int]],
    *,
    places: Sequence[int],
    uncoded_xiang: bool = False,
) -> tuple[list[Row], Includes]:
    b = _TableBuilder(index)
    roots: list[int] = []
    for lei in forest:
        li = b.add(Row(lei.name, lei.code, RowRole.ITEM, _cells(draw, values(lei), places), _SOURCE))
        roots.append(li)
        for kuan in lei.children:
            ki = b.add(Row(kuan.name, kuan.code, RowRole.ITEM, _cells(draw, values(kuan), places), _SOURCE), li)
            for xiang in kuan.children:
                code = xiang.code
                if uncoded_xiang:
                    code = ClassCode("func", code.lei, code.kuan, None, level="项")
                b.add(Row(xiang.name, code, RowRole.ITEM, _cells(draw, values(xiang), places), _SOURCE), ki)
    total = _sum_nodes(ClassCode("func", "000"), "合计", forest)
    ti = b.add(Row("合计", None, RowRole.TOTAL, _cells(draw, values(total), places), _SOURCE))
    b.point_to(roots, ti)
    return b.rows, b.includes


_CODE_COLS = ("功能分类科目编码/类", "功能分类科目编码/款", "功能分类科目编码/项")


def _income_table(draw: Draw, index: int, forest: Sequence[Node]) -> tuple[Table, Includes]:
    columns = (
        _col("code_lei", _CODE_COLS[0], 0),
        _col("code_kuan", _CODE_COLS[1], 1),
        _col("code_xiang", _CODE_COLS[2], 2),
        _col("name", "功能分类科目名称", 3),
        _col("total", "总计", 4),
        _col("gpb", "一般公共预算拨款", 5),
        _col("business_income", "事业收入", 6),
    )
    rows, includes = _hier_table(
        draw, index, forest,
        lambda n: {"total": n.total, "gpb": n.gpb, "business_income": n.business},
        places=(2, 2, 2, 1, 0),
    )
    return Table("income", "部门（单位）收入总体情况表", _UNIT, columns, tuple(rows), _SOURCE, "表二"), includes


def _expense_table(draw: Draw, index: int, forest: Sequence[Node]) -> tuple[Table, Includes]:
    columns = (
        _col("code_lei", _CODE_COLS[0], 0),
        _col("code_kuan", _CODE_COLS[1], 1),
        _col("name", "功能分类科目名称", 2),
        _col("total", "支出预算/合计", 3),
        _col("basic", "支出预算/基本支出", 4),
        _col("project", "支出预算/项目支出", 5),
    )
    rows, includes = _hier_table(
        draw, index, forest,
        lambda n: {"total": n.total, "basic": n.basic, "project": n.project},
        places=(2, 2, 2, 1, 0),
        uncoded_xiang=True,
    )
    return Table("expense", "部门（单位）支出总体情况表", _UNIT, columns, tuple(rows), _SOURCE, "表三"), includes


def _gpb_table(draw: Draw, index: int, forest: Sequence[Node]) -> tuple[Table, Includes]:
    columns = (
        _col("code_lei", _CODE_COLS[0], 0),
        _col("code_kuan", _CODE_COLS[1], 1),
        _col("name", "功能分类科目名称/项", 2),
        _col("total", "一般公共预算支出/合计", 3),
        _col("basic", "一般公共预算支出/基本支出", 4),
        _col("project", "一般公共预算支出/项目支出", 5),
    )
    rows, includes = _hier_table(
        draw, index, forest,
        lambda n: {"total": n.gpb, "basic": n.gpb_basic, "project": n.gpb_project},
        places=(2, 2, 2, 1, 0),
    )
    return Table("gpb_expense", "一般公共预算支出情况表", _UNIT, columns, tuple(rows), _SOURCE, "表五"), includes


def _fiscal_summary(draw: Draw, index: int, forest: Sequence[Node], gov_fund: bool = True) -> tuple[Table, Includes]:
    """表四: income side 财政拨款（补助） = 一般公共预算 + 政府性基金预算 + 国有资本经营预算; expense by 类.

    ``gov_fund`` False keeps 政府性基金 at zero (so that 表一's 财政拨款 and 表四's agree)."""
    columns = (
        _col("name", "财政拨款收入/项目", 0, "income"),
        _col("total", "财政拨款收入/合计", 1, "income"),
        _col("name", "财政拨款支出/功能分类", 2, "expense"),
        _col("total", "财政拨款支出/合计", 3, "expense"),
        _col("gpb", "财政拨款支出/一般公共预算", 4, "expense"),
        _col("gov_fund", "财政拨款支出/政府性基金预算", 5, "expense"),
        _col("soe", "财政拨款支出/国有资本经营预算", 6, "expense"),
    )
    places = (2, 2, 1)  # an uncoded first line needs a decimal point to be read as data
    drawn: dict[str, int | None] = {
        n.code.lei: (draw(st.sampled_from([0, 0, None])) if gov_fund else 0) for n in forest
    }
    gov = {k: (draw(st.integers(0, 5_000_000)) if v is None else v) for k, v in drawn.items()}
    gpb_total = sum(n.gpb for n in forest)
    gov_total = sum(gov.values())
    b = _TableBuilder(index)

    def side_row(label: str, values: Mapping[str, int], side: Side, role: RowRole = RowRole.ITEM,
                 code: ClassCode | None = None) -> Row:
        # zeros printed (not blank) on the income side: its first line must read as data, not header
        return Row(label, code, role, _cells(draw, values, places, blank_zero=side == "expense"), _SOURCE, side=side)

    grand = gpb_total + gov_total
    income = [
        side_row("一、财政拨款（补助）", {"total": grand}, "income"),
        side_row("一般公共预算", {"total": gpb_total}, "income"),
        side_row("政府性基金预算", {"total": gov_total}, "income"),
        side_row("国有资本经营预算", {"total": 0}, "income"),
    ]
    expense = [
        side_row(n.name, {"total": n.gpb + gov[n.code.lei], "gpb": n.gpb, "gov_fund": gov[n.code.lei], "soe": 0},
                 "expense", code=n.code)
        for n in forest
    ]
    # rows in reading order: each printed line holds an income row and an expense row, totals last
    at: dict[int, int] = {}
    for i in range(max(len(income), len(expense))):
        if i < len(income):
            at[id(income[i])] = b.add(income[i])
        if i < len(expense):
            at[id(expense[i])] = b.add(expense[i])
    income_total = b.add(side_row("收入总计", {"total": grand}, "income", RowRole.TOTAL))
    expense_total = b.add(side_row("支出总计", {"total": grand, "gpb": gpb_total, "gov_fund": gov_total, "soe": 0},
                                   "expense", RowRole.TOTAL))
    fiscal = at[id(income[0])]
    b.point_to([at[id(r)] for r in income[1:]], fiscal)
    b.point_to([fiscal], income_total)
    b.point_to([at[id(r)] for r in expense], expense_total)
    b.point_to([expense_total], income_total)  # AR105 reports at the income side's total
    table = Table("fiscal_summary", "财政拨款收支总体情况表", _UNIT, columns, tuple(b.rows), _SOURCE, "表四")
    return table, b.includes


_ECON = (("301", "01", "personnel"), ("301", "02", "personnel"), ("301", "07", "personnel"), ("302", "01", "public"),
         ("302", "05", "public"), ("302", "31", "public"), ("303", "02", "personnel"))


def _basic_table(draw: Draw, index: int) -> tuple[Table, Includes]:
    """表六: 经济分类 款 rows (optionally under their 类) × 人员经费/公用经费."""
    columns = (
        _col("code_lei", "经济分类科目编码/类", 0),
        _col("code_kuan", "经济分类科目编码/款", 1),
        _col("name", "经济分类科目名称", 2),
        _col("total", "一般公共预算基本支出/合计", 3),
        _col("personnel", "一般公共预算基本支出/人员经费", 4),
        _col("public", "一般公共预算基本支出/公用经费", 5),
    )
    chosen = draw(st.lists(st.sampled_from(_ECON), min_size=1, max_size=len(_ECON), unique=True))
    with_lei = draw(st.booleans())
    places = (2, 2, 2, 1, 0)
    b = _TableBuilder(index)
    roots: list[int] = []
    by_lei: dict[str, list[tuple[str, str, int]]] = {}
    for lei, kuan, side in chosen:
        by_lei.setdefault(lei, []).append((kuan, side, draw(st.integers(0, 3_000_000))))

    def values(amounts: Sequence[tuple[str, int]]) -> dict[str, int]:
        personnel = sum(y for s, y in amounts if s == "personnel")
        public = sum(y for s, y in amounts if s == "public")
        out = {"total": personnel + public}
        if any(s == "personnel" for s, _ in amounts):
            out["personnel"] = personnel
        if any(s == "public" for s, _ in amounts):
            out["public"] = public
        return out

    every: list[tuple[str, int]] = []
    for lei, kuans in by_lei.items():
        parent = None
        if with_lei:
            parent = b.add(Row(f"经济类{lei}", ClassCode("econ", lei), RowRole.ITEM,
                               _cells(draw, values([(s, y) for _, s, y in kuans]), places), _SOURCE))
            roots.append(parent)
        for kuan, side, yuan in kuans:
            i = b.add(Row(f"经济款{lei}{kuan}", ClassCode("econ", lei, kuan), RowRole.ITEM,
                          _cells(draw, values([(side, yuan)]), places), _SOURCE), parent)
            if parent is None:
                roots.append(i)
            every.append((side, yuan))
    total = b.add(Row("合计", None, RowRole.TOTAL, _cells(draw, values(every), places), _SOURCE))
    b.point_to(roots, total)
    return Table("gpb_basic", "一般公共预算基本支出情况表", _UNIT, columns, tuple(b.rows), _SOURCE, "表六"), b.includes


def _sangong_table(draw: Draw, index: int) -> tuple[Table, Includes]:
    columns = (
        _col("total", "合计", 0),
        _col("abroad", "因公出国(境)费", 1),
        _col("car", "公务用车购置及运行费/合计", 2),
        _col("car_purchase", "公务用车购置及运行费/公务用车购置费", 3),
        _col("car_running", "公务用车购置及运行费/公务用车运行费", 4),
        _col("reception", "公务接待费", 5),
    )
    abroad, purchase, running, reception = (draw(st.integers(0, 500_000)) for _ in range(4))
    values = {
        "total": abroad + purchase + running + reception,
        "abroad": abroad,
        "car": purchase + running,
        "car_purchase": purchase,
        "car_running": running,
        "reception": reception,
    }
    cells = {}
    for key, yuan in values.items():
        amount = draw(printed(yuan, (2, 2, 1), blank_zero=False))
        assert amount is not None  # blank_zero=False: a zero is printed
        cells[key] = Cell(format_amount(amount), amount, _SOURCE)
    row = Row("", None, RowRole.ITEM, cells, _SOURCE)
    table = Table("sangong", "一般公共预算“三公”经费支出情况表", _UNIT, columns, (row,), _SOURCE, "表八")
    return table, {(index, 0): set()}


def _summary_table(draw: Draw, index: int, forest: Sequence[Node]) -> tuple[Table, Includes]:
    """表一: income by source (财政拨款（补助） over 一般公共预算 …, 事业收入), expense by 类; both totals equal."""
    columns = (
        _col("name", "收入/项目", 0, "income"),
        _col("total", "收入/预算数", 1, "income"),
        _col("name", "支出/功能分类", 2, "expense"),
        _col("total", "支出/预算数", 3, "expense"),
    )
    places = (2, 2, 1)
    gpb = sum(n.gpb for n in forest)
    business = sum(n.business for n in forest)
    b = _TableBuilder(index)

    def side_row(label: str, yuan: int, side: Side, role: RowRole = RowRole.ITEM,
                 code: ClassCode | None = None) -> Row:
        return Row(label, code, role, _cells(draw, {"total": yuan}, places, blank_zero=side == "expense"), _SOURCE,
                   side=side)

    income = [
        side_row("财政拨款（补助）", gpb, "income"),
        side_row("一般公共预算", gpb, "income"),
        side_row("政府性基金预算", 0, "income"),
        side_row("国有资本经营预算", 0, "income"),
        side_row("事业收入", business, "income"),
        side_row("上级补助收入", 0, "income"),
    ]
    expense = [side_row(n.name, n.total, "expense", code=n.code) for n in forest]
    at: dict[int, int] = {}
    for i in range(max(len(income), len(expense))):
        if i < len(income):
            at[id(income[i])] = b.add(income[i])
        if i < len(expense):
            at[id(expense[i])] = b.add(expense[i])
    income_total = b.add(side_row("收入总计", gpb + business, "income", RowRole.TOTAL))
    expense_total = b.add(side_row("支出总计", gpb + business, "expense", RowRole.TOTAL))
    fiscal = at[id(income[0])]
    b.point_to([at[id(r)] for r in income[1:4]], fiscal)
    b.point_to([fiscal, *(at[id(r)] for r in income[4:])], income_total)
    b.point_to([at[id(r)] for r in expense], expense_total)
    b.point_to([expense_total], income_total)  # AR105 reports at the income side's total
    table = Table("summary", "部门收支总体情况表", _UNIT, columns, tuple(b.rows), _SOURCE, "表一")
    return table, b.includes


def _project_table(draw: Draw, index: int, forest: Sequence[Node]) -> tuple[Table, Includes]:
    """表七: one project per 项 (or leaf 款) with 一般公共预算 project money, its 类/款/项 rows repeated per
    project as in the reference sample; 项目支出合计 = 商品和服务支出 + 资本性支出 where the row is broken down;
    optionally an unlabeled last column repeating 项目支出合计 (as the sample prints)."""
    repeat = draw(st.booleans())
    broken_down = draw(st.booleans())  # every project split by 经济分类, or none (as in the reference sample)
    columns = [
        _col("code_lei", "科目编码/类", 0),
        _col("code_kuan", "科目编码/款", 1),
        _col("code_xiang", "科目编码/项", 2),
        _col("name", "科目", 3),
        _col("project_name", "项目名称", 4),
        _col("total", "项目支出合计", 5),
        _col("econ:301", "工资福利支出", 6),
        _col("econ:302", "商品和服务支出", 7),
        _col("econ:310", "资本性支出", 8),
    ]
    if repeat:
        columns.append(_col("col10", "第10列", 9))
    places = (2, 2, 2, 1)
    b = _TableBuilder(index)
    roots: list[int] = []
    everything = 0
    econ_sums: dict[str, int] = {}
    leaves = [(lei, kuan, leaf) for lei in forest for kuan in lei.children for leaf in (kuan.children or (kuan,))]
    for lei, kuan, leaf in leaves:
        money = leaf.gpb_project
        if money == 0:
            continue
        everything += money
        name = f"测试项目{leaf.code.code}"
        split = draw(st.integers(0, money)) if broken_down else None

        def values(yuan: int) -> dict[str, int]:
            out = {"total": yuan}
            if split is not None:
                out["econ:302"] = split
                out["econ:310"] = yuan - split
            if repeat:
                out["col10"] = yuan
            return out

        for key, yuan in values(money).items():
            if key.startswith("econ:"):
                econ_sums[key] = econ_sums.get(key, 0) + yuan
        chain = [lei, kuan] if leaf is kuan else [lei, kuan, leaf]
        parent = None
        for node in chain:
            row = Row(node.name, node.code, RowRole.ITEM, _cells(draw, values(money), places), _SOURCE,
                      texts={"project_name": name})
            parent = b.add(row, parent)
            if node is lei:
                roots.append(parent)
    if not roots:  # no project money: an empty table with its note, as the rules require it to be published
        table = Table("gpb_project", "一般公共预算项目支出情况表", _UNIT, (), (), _SOURCE, "表七",
                      notes=("备注：本单位无一般公共预算项目支出，本表为空表。",), declared_empty=True)
        return table, {}
    total_values = {"total": everything, **econ_sums}
    if repeat:
        total_values["col10"] = everything
    total = b.add(Row("合计", None, RowRole.TOTAL, _cells(draw, total_values, places), _SOURCE,
                      texts={"project_name": "合计"}))
    b.point_to(roots, total)
    table = Table("gpb_project", "一般公共预算项目支出情况表", _UNIT, tuple(columns), tuple(b.rows), _SOURCE, "表七")
    return table, b.includes


@st.composite
def budgets(draw: Draw, extra_tables: bool = True, all_tables: bool = False) -> Generated:
    """A consistent 2021 预算 with 表二, 表三, 表五 and (``extra_tables``) a random choice of 表四, 表六, 表八.

    ``all_tables`` gives the full 预算 set instead — 表一 to 表八, with 表一 and 表四 agreeing (no 政府性基金) and
    表七's projects adding up to 表五's 项目支出.
    """
    forest = draw(hierarchies())
    makers: list[Callable[[Draw, int, Sequence[Node]], tuple[Table, Includes]]]
    if all_tables:
        makers = [
            _summary_table, _income_table, _expense_table,
            lambda d, i, f: _fiscal_summary(d, i, f, gov_fund=False),
            _gpb_table, lambda d, i, f: _basic_table(d, i), _project_table, lambda d, i, f: _sangong_table(d, i),
        ]
        extra_tables = False
    else:
        makers = [_income_table, _expense_table, _gpb_table]
    if extra_tables:
        if draw(st.booleans()):
            makers.insert(2, _fiscal_summary)
        if draw(st.booleans()):
            makers.append(lambda d, i, f: _basic_table(d, i))
        if draw(st.booleans()):
            makers.append(lambda d, i, f: _sangong_table(d, i))
    tables: list[Table] = []
    includes: dict[RowRef, frozenset[RowRef]] = {}
    for maker in makers:
        table, inc = maker(draw, len(tables), forest)
        tables.append(table)
        includes.update({k: frozenset(v) for k, v in inc.items()})
    document = Document(
        path=PATH,
        kind=DocKind.BUDGET,
        year=2021,
        title="测试局 2021 年部门预算公开",
        department=Department("测试局"),
        sections=(),
        tables=tuple(tables),
    )
    return Generated(document, includes)


def perturb(document: Document, table_index: int, row_index: int, key: str, delta: Decimal) -> Document:
    """A copy of ``document`` with one printed amount changed by ``delta`` (same decimals, same unit)."""
    table = document.tables[table_index]
    row = table.rows[row_index]
    cell = row.cells[key]
    assert cell.amount is not None, "perturb changes a printed amount, not a blank cell"
    value = (cell.amount.value + delta).quantize(Decimal(1).scaleb(-cell.amount.places))
    amount = attrs.evolve(cell.amount, value=value)
    new_row = attrs.evolve(row, cells={**row.cells, key: attrs.evolve(cell, text=format_amount(amount), amount=amount)})
    rows = tuple(new_row if i == row_index else r for i, r in enumerate(table.rows))
    tables = tuple(attrs.evolve(t, rows=rows) if i == table_index else t for i, t in enumerate(document.tables))
    return attrs.evolve(document, tables=tables)
