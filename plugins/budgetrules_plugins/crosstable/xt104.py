"""XT104: 表六 30231 公务用车运行维护费 against the “三公” table's 公务用车运行费."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Amount, Place, Row, Table, check_equal, check_sum, fmt, rule, sum_intervals

from .statements import nonzero, single_table

_CODE = "30231"


def _sangong_cell(table: Table) -> tuple[Row, Amount] | None:
    """The one row of the “三公” table that states 公务用车运行费 (the 合计 row when there are several)."""
    if table.column("car_running") is None or table.column("car_running#2") is not None:
        return None
    rows = [r for r in table.rows if r.amount("car_running") is not None]
    if len(rows) > 1:
        totals = [r for r in rows if r.is_total]
        rows = totals if len(totals) == 1 else []
    if len(rows) != 1:
        return None
    amount = rows[0].amount("car_running")
    return (rows[0], amount) if amount is not None else None  # (never None: the rows were chosen so)


def _project_goods_and_services(doc) -> Amount | None:
    """The 项目支出 table's 302 商品和服务支出 合计, when it has that column and one total row."""
    table = single_table(doc, "gpb_project")
    if table is None or table.column("econ:302") is None:
        return None
    totals = list(table.total_rows())
    return totals[0].amount("econ:302") if len(totals) == 1 else None


def _basic_parts(table: Table) -> tuple[list[Row], list[tuple[Row, str, Amount]]] | None:
    """表六's 30231 rows and their printed amounts as ``(row, column key, amount)`` — the 合计 cell, or, in a
    table without a 合计 column, the 人员经费/公用经费 cells; None when the table does not list 302 at 款 level
    with money (30231 would not show)."""
    econ = [r for r in table.item_rows() if r.code is not None and r.code.system == "econ"]
    if not any(r.code is not None and r.code.lei == "302" and r.code.kuan and any(c.amount for c in r.cells.values())
               for r in econ):
        return None
    rows = [r for r in econ if r.code is not None and r.code.code == _CODE]
    parts: list[tuple[Row, str, Amount]] = []
    for row in rows:
        total = row.amount("total")
        if total is not None:
            parts.append((row, "total", total))
        elif not table.has_column("total"):
            parts += [(row, k, a) for k in ("personnel", "public") if (a := row.amount(k)) is not None]
    return rows, parts


@rule(
    "XT104",
    "基本支出表 30231 公务用车运行维护费应等于“三公”经费表公务用车运行费",
    severity="warning",
    family="crosstable",
    params={"require_equal": True},
)
def car_running_matches_sangong(doc, ctx):
    """表六 (一般公共预算基本支出) lists 30231 公务用车运行维护费; the “三公” table states 公务用车运行费 for the same
    money when all the car running cost sits in 基本支出, which is the usual arrangement (a 项目支出 that pays
    for cars shows in the “三公” table but not in 表六).

    Parameters
        ``require_equal`` (default true): the two must be equal — a ruleset for a region where car running
        cost is also budgeted in projects sets it to false, and then only a 30231 larger than the “三公”
        公务用车运行费 is reported (表六's part can never exceed the whole).

    When it applies
        Only when both tables exist, the “三公” table states 公务用车运行费 in one row, and 表六 lists 302
        商品和服务支出 at 款 level (so that a missing 30231 row means no money, not a coarser table). Rounding
        is never an error. Severity is warning: the rule rests on where the car cost is budgeted.

    Failing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 0.50 | ∅ | 0.50
        302 | 31 | 公务用车运行维护费 | 2.83 | ∅ | 2.83
        ∅ | ∅ | 合计 | 3.33 | ∅ | 3.33
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合 计 | 因公出国 (境) 费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合 计 | 公务用车购置费 | 公务用车运行费 | ∅
        1.83 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00

    Passing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 0.50 | ∅ | 0.50
        302 | 31 | 公务用车运行维护费 | 1.83 | ∅ | 1.83
        ∅ | ∅ | 合计 | 2.33 | ∅ | 2.33
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合 计 | 因公出国 (境) 费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合 计 | 公务用车购置费 | 公务用车运行费 | ∅
        1.83 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00
    """
    basic = single_table(doc, "gpb_basic")
    sangong = single_table(doc, "sangong")
    if basic is None or sangong is None:
        return
    cell = _sangong_cell(sangong)
    found = _basic_parts(basic)
    if cell is None or found is None:
        return
    rows, parts = found
    srow, running = cell
    require_equal = bool(ctx.params.get("require_equal", True))
    unit = running.unit
    amounts = [a for _, _, a in parts]
    basic_iv = sum_intervals(a.interval(unit) for a in amounts)
    basic_value = sum((a.in_unit(unit) for a in amounts), Decimal(0))
    places = max([running.places] + [a.places for a in amounts])
    shown = " + ".join(str(a.value) for a in amounts) if len(amounts) > 1 else None
    running_iv = running.interval(unit)
    if len(amounts) == 1:
        explain = check_equal(amounts[0], running, unit).explain()
    elif amounts:
        explain = check_sum(running, amounts, unit).explain()
    else:
        explain = f"差额 {fmt(-running.value, running.places)}，允许舍入误差 ±{fmt(running_iv.radius, places + 1)}"
    what = f"30231 公务用车运行维护费 {fmt(basic_value, places)}" + (f"（{shown}）" if shown else "")
    if not rows:
        what = "未列 30231 公务用车运行维护费（按 0 计）"
    elif not amounts:
        what = "30231 公务用车运行维护费为空白（按 0 计）"
    at: Place
    if parts:
        at = (basic, parts[0][0], parts[0][1])
    elif rows:
        at = (basic, rows[0])
    else:
        at = (basic, None)
    related = [(sangong, srow, "car_running")]
    if running_iv.meets(basic_iv):
        return
    if basic_iv.lo > running_iv.hi:
        yield ctx.finding(
            f"{basic.name}{what} 大于 {sangong.name}的公务用车运行费 {running.value}（{explain}）；"
            f"基本支出中的公务用车运行维护费是“三公”经费公务用车运行费的一部分，不能超过它",
            at=at, related=related, expected=running, actual=fmt(basic_value, places),
        )
    elif require_equal:
        hint = ""
        goods = _project_goods_and_services(doc)
        if goods is not None and nonzero(goods):
            hint = f"；项目支出表中商品和服务支出（302）合计 {goods.value}，差额可能在项目支出中安排"
        yield ctx.finding(
            f"{basic.name}{what} 与 {sangong.name}的公务用车运行费 {running.value} 不一致（{explain}）；"
            f"公务用车运行费全部在基本支出中安排时二者应当相等（如部分在项目支出中安排，可将参数 require_equal 设为 false）"
            f"{hint}",
            at=at, related=related, expected=running, actual=fmt(basic_value, places),
        )
