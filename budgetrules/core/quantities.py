"""Named quantities: the one vocabulary for "a number a disclosure states", and where the tables state it.

The claims the prose makes are bound to subjects (``Claim.subject``), and the narrative rules find the table
cells stating the same subject to check them. Declarative rules (:mod:`budgetrules.engine.declarative`) and any
rule that wants "the 公用经费 of this document" use the same names through one function, :func:`resolve`::

    from budgetrules.core.quantities import resolve, value

    resolve(doc, "public")            # [Fact(表六 合计 row, 公用经费 column, 4.96), …]
    resolve(doc, "func:212@gpb")      # the 一般公共预算 amount of 类 212, in every table that prints it
    value(doc, "sangong.total")       # one agreed Value, or None (not stated, or the tables disagree)

``budgetrules quantities`` lists the vocabulary; ``budgetrules quantities FILE`` lists every quantity the file's
tables state, with its value and where.

**A name** is a subject, optionally followed by ``@`` and a scope: ``basic``, ``basic@gpb``. The scope is the
source of funds: ``all`` (every source: 表一/表二/表三), ``fiscal`` (财政拨款: 表四) or ``gpb`` (一般公共预算: 表四's
一般公共预算 column, 表五, 表六). Without a scope, ``all`` is tried first, then ``fiscal``, then ``gpb``: the
first the tables state is used (``public`` — 公用经费 — is stated only for the 一般公共预算, in 表六).

**Subjects** (:data:`VOCABULARY`; the full reference is ``budgetrules.core.subjects``):

===============================  ===================================================================
``income.total``                 收入总计 (表一, 表二)
``income.current``               本年收入合计
``income.gpb`` ``income.fiscal`` 一般公共预算（拨款）收入, 财政拨款收入; also ``income.gov_fund``,
                                 ``income.soe``, ``income.other``, ``income.business``,
                                 ``income.operating``, ``income.superior``, ``income.affiliate``,
                                 ``income.carryover`` (年初结转和结余)
``expense.total``                支出总计; ``expense.current`` 本年支出合计
``expense.carry_end``            年末结转和结余; ``expense.surplus_distribution`` 结余分配
``basic`` ``project``            基本支出, 项目支出
``personnel`` ``public``         人员经费, 公用经费 (一般公共预算基本支出表)
``func:212`` ``func:2120101``    a 支出功能分类 类/款/项 (表一–表五)
``econ:30216``                   an 经济分类 款 of the 一般公共预算基本支出表 (表六)
``sangong.total``                “三公”经费 and its items ``sangong.abroad``, ``sangong.car``,
                                 ``sangong.car_purchase``, ``sangong.car_running``, ``sangong.reception``
``project:城区路灯电费``          a project of the 项目支出 table
===============================  ===================================================================

Subjects the prose states but no table does — ``agency_running`` (机关运行经费), ``procurement.total`` …,
``staff.actual`` …, ``assets.vehicles`` … — are claim subjects only (:data:`CLAIM_ONLY`): a declarative
``present`` or ``ratio`` rule may name them, a ``limit`` or ``sum`` may not.

**Several statements.** Most quantities are printed in several tables (类 212 in 表二, 表三, 表五 …). :func:`resolve`
returns them all; :func:`value` returns one :class:`Value` only when they agree (their rounding intervals
meet) — when they disagree, the cross-table rules report it, and a rule built on the quantity stays silent.
A fact may be a sum (``Fact.parts``: a table without a total row), whose interval is the sum of its parts'.
"""

from __future__ import annotations

from typing import Any, Iterable, Literal

import attrs

from budgetrules.core import regex
from budgetrules.core.amounts import Amount, Interval, Unit, sum_intervals
from budgetrules.core.model import Document, Row, Table
from budgetrules.core.tablekinds import normalize_label

__all__ = [
    "Fact",
    "Value",
    "Term",
    "VOCABULARY",
    "CLAIM_ONLY",
    "SCOPES",
    "Scope",
    "parse",
    "name_problem",
    "resolve",
    "value",
    "interval",
    "stated_names",
    "describe",
]

#: A source of funds a quantity is taken in: all funds, 财政拨款, 一般公共预算.
Scope = Literal["all", "fiscal", "gpb"]
SCOPES: tuple[Scope, ...] = ("all", "fiscal", "gpb")


@attrs.frozen
class Fact:
    """One printed cell stating a quantity: ``row``'s cell in column ``key`` of ``table``.

    ``parts`` is set when the table states the quantity only as the sum of these rows (no total row); then
    ``amount`` is their sum and :func:`interval` the sum of their intervals.
    """

    table: Table
    row: Row
    key: str
    amount: Amount
    parts: tuple[Amount, ...] = ()

    @property
    def place(self) -> tuple[Table, Row, str]:
        """Where to point a finding: ``ctx.finding(…, at=fact.place)``."""
        return (self.table, self.row, self.key)

    def describe(self) -> str:
        """``表六《一般公共预算基本支出情况表》合计“公用经费”列 4.96`` — for messages."""
        unit = "" if self.amount.unit is Unit.WAN else self.amount.unit.value
        if self.parts:
            column = self.table.column(self.key)
            col = f"“{column.label.split('/')[-1]}”列" if column else ""
            return f"{self.table.name}{col}各类之和 {self.amount.value}{unit}"
        code = f"{self.row.code.display} " if self.row.code else ""
        label = self.row.label or ""
        column = self.table.column(self.key, self.row.side)
        col = f"“{column.label.split('/')[-1]}”列" if column else ""
        return f"{self.table.name}{code}{label}{col} {self.amount.value}{unit}".replace("  ", " ")


def interval(fact: Fact, unit: Unit | None = None) -> Interval:
    """The numbers ``fact`` may stand for, in ``unit`` (default: its own): a sum's interval is its parts'."""
    unit = unit or fact.amount.unit
    if fact.parts:
        return sum_intervals(p.interval(unit) for p in fact.parts)
    return fact.amount.interval(unit)


@attrs.frozen
class Term:
    """One entry of the vocabulary: a name (or a pattern of names), what it is, where tables print it."""

    name: str
    meaning: str
    tables: str = ""


VOCABULARY: tuple[Term, ...] = (
    Term("income.total", "收入总计", "部门收支总表、部门收入总表"),
    Term("income.current", "本年收入合计", "部门收支总表、部门收入总表"),
    Term("income.gpb", "一般公共预算（拨款）收入", "收支总表、财政拨款收支总表、收入总表"),
    Term("income.fiscal", "财政拨款收入", "收支总表、财政拨款收支总表"),
    Term("income.gov_fund", "政府性基金预算（拨款）收入", "收支总表、财政拨款收支总表、收入总表"),
    Term("income.soe", "国有资本经营预算收入", "收支总表、财政拨款收支总表、收入总表"),
    Term("income.other", "其他收入", "收支总表、收入总表"),
    Term("income.business", "事业收入", "收支总表、收入总表"),
    Term("income.operating", "经营收入", "收支总表、收入总表"),
    Term("income.superior", "上级补助收入", "收支总表、收入总表"),
    Term("income.affiliate", "附属单位上缴收入", "收支总表、收入总表"),
    Term("income.carryover", "年初结转和结余（上年结转）", "收支总表、收入总表"),
    Term("expense.total", "支出总计", "部门收支总表、部门支出总表；@fiscal 财政拨款收支总表；@gpb 一般公共预算支出表"),
    Term("expense.current", "本年支出合计", "同 expense.total"),
    Term("expense.carry_end", "年末结转和结余", "收支总表、财政拨款收支总表"),
    Term("expense.surplus_distribution", "结余分配", "收支总表、财政拨款收支总表"),
    Term("basic", "基本支出", "部门支出总表；@gpb 一般公共预算支出表、一般公共预算基本支出表"),
    Term("project", "项目支出", "部门支出总表；@gpb 一般公共预算支出表、项目支出表"),
    Term("personnel", "人员经费（@gpb）", "一般公共预算基本支出表"),
    Term("public", "公用经费（@gpb）", "一般公共预算基本支出表"),
    Term("func:<类|款|项>", "支出功能分类科目，如 func:212、func:2120101", "收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表"),
    Term("econ:<款>", "经济分类科目（@gpb），如 econ:30216 培训费", "一般公共预算基本支出表"),
    Term("sangong.total", "“三公”经费合计", "“三公”经费支出表"),
    Term("sangong.abroad", "因公出国（境）费", "“三公”经费支出表"),
    Term("sangong.car", "公务用车购置及运行费", "“三公”经费支出表"),
    Term("sangong.car_purchase", "公务用车购置费", "“三公”经费支出表"),
    Term("sangong.car_running", "公务用车运行费", "“三公”经费支出表"),
    Term("sangong.reception", "公务接待费", "“三公”经费支出表"),
    Term("project:<项目名称>", "项目支出表中的一个项目", "项目支出表"),
)

#: Subjects the prose states that no table does: usable by ``present`` (claim) and ``ratio`` rules only.
CLAIM_ONLY: tuple[Term, ...] = (
    Term("agency_running", "机关运行经费"),
    Term("income.special", "财政专户管理资金收入"),
    Term("expense.reserve", "单位预留机动经费"),
    Term("expense.carry_next", "结转下年资金"),
    Term("procurement.total", "政府采购；procurement.goods / .works / .services / .sme / .small"),
    Term("staff.authorized", "编制数；staff.actual 实有人数、staff.in_service 在职、staff.retired 退休、staff.resigned 离休"),
    Term("org.divisions", "内设机构数"),
    Term("assets.vehicles", "车辆数；assets.vehicles.general 等"),
)

_FIXED = {t.name for t in VOCABULARY if "<" not in t.name}
_CLAIM_FIXED = {"agency_running", "income.special", "expense.reserve", "expense.carry_next", "procurement.total",
                "procurement.goods", "procurement.works", "procurement.services", "procurement.sme",
                "procurement.small", "staff.authorized", "staff.actual", "staff.in_service", "staff.retired",
                "staff.resigned", "org.divisions", "org.division", "assets.vehicles"}
_PATTERNED = regex.compile(r"^(?:func:2\d{2}(?:\d{2}){0,2}|econ:[35]\d{2}(?:\d{2})?|project:\S.*)$")
_CLAIM_PATTERNED = regex.compile(r"^assets\.vehicles\.[a-z_]+$")


def parse(name: str) -> tuple[str, str | None]:
    """``"basic@gpb"`` → ``("basic", "gpb")``; ``"basic"`` → ``("basic", None)``."""
    subject, _, scope = name.strip().partition("@")
    return subject.strip(), (scope.strip() or None)


def name_problem(name: str, *, claims: bool = False) -> str | None:
    """Why ``name`` is not a quantity name (in Chinese), or None. ``claims`` also admits claim-only subjects."""
    subject, scope = parse(name)
    if scope is not None and scope not in SCOPES:
        return f"“{name}”的口径 {scope!r} 无效；可用：{'、'.join(SCOPES)}"
    if subject in _FIXED or _PATTERNED.match(subject):
        return None
    if claims and (subject in _CLAIM_FIXED or _CLAIM_PATTERNED.match(subject)):
        return None
    if subject in _CLAIM_FIXED or _CLAIM_PATTERNED.match(subject):
        return f"“{name}”只见于文字说明，表格中没有（只能用于 present 的 claim 或 ratio 的所述占比）"
    return f"未知的数量名称“{name}”（见 `budgetrules quantities`）"


def _registry(registry: Any) -> Any:
    if registry is None:
        from budgetrules.engine.plugins import get_registry

        return get_registry()
    return registry


def resolve(document: Document, name: str, registry: Any = None) -> list[Fact]:
    """Every table cell that states the quantity ``name`` (see the module docstring), in table order.

    Answered by the ``resolve_quantity`` hook of the installed plugins (``registry``: the process-wide one by
    default). Without a scope in the name, the scopes ``all``, ``fiscal``, ``gpb`` are tried in turn and the
    first that the tables state is used.
    """
    subject, scope = parse(name)
    hook = _registry(registry).pm.hook.resolve_quantity
    for s in (scope,) if scope else SCOPES:
        facts = hook(document=document, subject=subject, scope=s)
        if facts:
            return list(facts)
    return []


@attrs.frozen
class Value:
    """A quantity the tables state consistently: its first statement and every statement of it."""

    name: str
    facts: tuple[Fact, ...]

    @property
    def fact(self) -> Fact:
        return self.facts[0]

    @property
    def amount(self) -> Amount:
        return self.fact.amount

    def interval(self, unit: Unit | None = None) -> Interval:
        """The narrowest interval every statement allows (they all meet, so the intersection is not empty)."""
        unit = unit or self.amount.unit
        ivs = [interval(f, unit) for f in self.facts]
        lo = max(iv.lo for iv in ivs)
        hi = min(iv.hi for iv in ivs)
        return Interval(lo, hi) if lo <= hi else ivs[0]

    def describe(self) -> str:
        return self.fact.describe()


def value(document: Document, name: str, registry: Any = None) -> Value | None:
    """The quantity ``name`` when the tables state it and every statement agrees with every other
    (rounding aside); None when no table states it or two statements disagree."""
    facts = resolve(document, name, registry)
    if not facts:
        return None
    unit = facts[0].amount.unit
    ivs = [interval(f, unit) for f in facts]
    for i, a in enumerate(ivs):
        for b in ivs[i + 1:]:
            if not a.meets(b):
                return None
    return Value(name, tuple(facts))


def stated_names(document: Document, registry: Any = None) -> list[tuple[str, list[Fact]]]:
    """Every quantity name the tables of ``document`` state, with its facts (for ``budgetrules quantities FILE``).

    Each subject is listed without a scope (what :func:`resolve` gives for it), then with each scope that
    names other cells; ``func:`` and ``econ:`` codes and projects for every one the tables print.
    """
    subjects = [t.name for t in VOCABULARY if "<" not in t.name]
    codes: dict[str, None] = {}
    projects: dict[str, None] = {}
    for table in document.tables:
        for row in table.rows:
            if row.code is not None and row.code.code:
                codes.setdefault(f"{row.code.system}:{row.code.code}", None)
            name = normalize_label((row.texts or {}).get("project_name", ""))
            if name and table.kind == "gpb_project":
                projects.setdefault(f"project:{name}", None)
    subjects += sorted(codes) + sorted(projects)

    def cells(facts: list[Fact]) -> frozenset[tuple[int, int, str]]:
        return frozenset((id(f.table), id(f.row), f.key) for f in facts)

    out: list[tuple[str, list[Fact]]] = []
    for subject in subjects:
        shown: list[frozenset[tuple[int, int, str]]] = []
        for name in (subject, *(f"{subject}@{s}" for s in SCOPES)):
            facts = resolve(document, name, registry)
            if facts and cells(facts) not in shown:
                shown.append(cells(facts))
                out.append((name, facts))
    return out

def describe(facts: Iterable[Fact]) -> str:
    """``表二…212 … 344.02、表三…`` — every statement, for messages."""
    return "、".join(f.describe() for f in facts)
