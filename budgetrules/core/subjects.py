"""The subjects claims are bound to (``Claim.subject``), and how they nest.

This is the contract between the claims extractor (a plugin that binds the numbers of the prose to these
names) and the rules that check the claims: both import it from :mod:`budgetrules.api` (``subjects``).

Subject names (``Claim.subject``):

=========================  ==========================================================================
``income.total``           收入预算 / 收入总计 / 收支总预算 (a budget's income and expense totals are equal)
``income.gpb`` …           一般公共预算（拨款/收入）; also ``income.fiscal`` 财政拨款, ``income.gov_fund``,
                           ``income.soe``
``expense.total``          支出预算 / 支出总计 (决算: including 年末结转和结余)
``expense.current``        本年支出合计; with scope ``gpb`` it is 一般公共预算（财政拨款）支出. In a 预算 the
                           tables seldom tell the two apart and both name the 支出总计 row
``income.current``         本年收入合计 (决算: without 年初结转和结余)
``income.carryover`` …     a source of income: 年初结转和结余, 其他收入 (``income.other``), 事业收入 …,
                           财政专户管理资金 (``income.special``)
``expense.carry_end``      年末结转和结余; ``expense.surplus_distribution`` 结余分配
``expense.reserve``        单位预留机动经费 and ``expense.carry_next`` 结转下年资金: spending of a 预算 beside
                           基本支出 and 项目支出 (江苏's 支出预算总表)
``basic`` ``project``      基本支出, 项目支出
``personnel`` ``public``   人员经费, 公用经费
``func:212`` …             a 支出功能分类 类/款/项 (``func:2120101``)
``econ:30101`` …           a 经济分类 款 as printed in the 基本支出 table
``sangong.total`` …        三公 and its items ``abroad``, ``car``, ``car_purchase``, ``car_running``, ``reception``
``agency_running``         机关运行经费
``procurement.total`` …    政府采购 and ``goods``, ``works``, ``services``; ``sme`` and its part ``small``
``staff.authorized`` …     编制数, ``staff.actual`` 实有人数, ``staff.in_service`` 在职, ``staff.retired`` 退休,
                           ``staff.resigned`` 离休
``project:城区路灯电费``     a project of the 项目支出 table, bound from "项目名称：…" and "预算安排规模：…"
``org.divisions``          下设 N 个处室; each name listed is an ``org.division`` item
``assets.vehicles`` …      车辆 and its kinds (``.general``, ``.enforcement``, ``.other`` …);
                           ``assets.vehicles_bought``: vehicles bought this year (0: none; clause reading)
``sangong.abroad.*``       ``delegations`` 出国（境）团组 and their ``people`` 人次 (clause reading)
``meetings.*``             会议费 ``cost`` with ``people``, ``days`` or ``person_days``; ``training.*`` 培训费
=========================  ==========================================================================

Quantities (``Claim.quantity``): ``amount`` (this year's figure), ``item`` (an entry of a 包括 list), ``share``,
``change`` (比上年增加/减少 X; 持平 is a change of zero), ``growth``, ``count``; ``previous`` (the figure of the
year before, "上年预算数为 X"), ``budget`` (in a 决算, the budget figure "年初预算为 X"), ``completion`` (完成预算的
X%: 决算 ÷ 预算) and ``versus_budget`` (决算数大于/小于/等于预算数: +1 / −1 / 0); the clause reading of the 三公
explanation (``Claim.reading == "sangong"``) adds ``reason`` and ``comparison``.

:func:`is_part` says whether one subject is a natural part of another (a 其中 breakdown or a 包括 list only
collects parts of its whole); :data:`PARTITIONS` lists the sets of parts that make up their whole completely
(基本支出 + 项目支出 = 支出合计 …), so that a breakdown naming all of them must add up exactly.
"""

from __future__ import annotations

__all__ = ["is_part", "default_whole", "PARTITIONS", "complete", "INHERENT_SCOPE", "NATURE", "dimension",
           "SANGONG_ITEMS", "SANGONG_NAMES"]

#: The 三公 items: the subjects ``sangong.<item>``, and the 三公 table's column keys.
SANGONG_ITEMS = ("total", "abroad", "car", "car_purchase", "car_running", "reception")
#: How messages name the 三公 items.
SANGONG_NAMES = {
    "total": "“三公”经费",
    "abroad": "因公出国（境）费",
    "car": "公务用车购置及运行费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行费",
    "reception": "公务接待费",
}

_NATURE = ("basic", "project", "expense.reserve", "expense.carry_next")
_PARTS: dict[str, tuple[str, ...]] = {
    "expense.total": _NATURE,
    "expense.current": _NATURE,
    "income.gpb": _NATURE,
    "income.fiscal": (*_NATURE, "income.gpb", "income.gov_fund", "income.soe"),
    "basic": ("personnel", "public"),
    "sangong.total": ("sangong.abroad", "sangong.car", "sangong.car_purchase", "sangong.car_running",
                      "sangong.reception"),
    "sangong.car": ("sangong.car_purchase", "sangong.car_running"),
    "staff.actual": ("staff.in_service", "staff.retired", "staff.resigned"),
    "procurement.total": ("procurement.goods", "procurement.works", "procurement.services"),
    "procurement.sme": ("procurement.small",),
    "org.divisions": ("org.division",),
}

#: Sets of parts that together make up the whole (a breakdown naming all of one set is complete). The
#: expense partitions hold only where the tables show no other kind of spending (上缴上级支出, 经营支出 …,
#: 年末结转和结余, 单位预留机动经费): the NC104 rule checks that before relying on them, and adds the other
#: kinds the text lists (预留机动经费, 结转下年资金) to the sum.
PARTITIONS: dict[str, tuple[frozenset[str], ...]] = {
    "expense.total": (frozenset({"basic", "project"}),),
    "expense.current": (frozenset({"basic", "project"}),),
    "income.gpb": (frozenset({"basic", "project"}),),
    "basic": (frozenset({"personnel", "public"}),),
    "sangong.total": (
        frozenset({"sangong.abroad", "sangong.car", "sangong.reception"}),
        frozenset({"sangong.abroad", "sangong.car_purchase", "sangong.car_running", "sangong.reception"}),
    ),
    "sangong.car": (frozenset({"sangong.car_purchase", "sangong.car_running"}),),
    "staff.actual": (frozenset({"staff.in_service", "staff.retired", "staff.resigned"}),),
    "procurement.total": (frozenset({"procurement.goods", "procurement.works", "procurement.services"}),),
}

#: Subjects whose source of funds is part of their meaning: scope does not change which fact they are.
INHERENT_SCOPE = ("income.gpb", "income.fiscal", "income.gov_fund", "income.soe", "income.other", "income.special",
                  "income.business", "income.operating", "income.superior", "income.affiliate", "income.carryover",
                  "sangong.", "project:", "staff.", "org.", "assets.", "procurement.", "agency_running")


#: The kinds of spending a 预算's expense is made of: 基本支出, 项目支出 and, in some templates, 单位预留机动经费
#: and 结转下年资金.
NATURE = _NATURE


def _func_level(subject: str) -> int:
    return len(subject) - 5 if subject.startswith("func:") else 0


def is_part(part: str | None, whole: str | None) -> bool:
    """True when ``part`` is a natural part of ``whole`` (e.g. ``basic`` of ``expense.total``)."""
    if not part or not whole or part == whole:
        return False
    if part in _PARTS.get(whole, ()):
        return True
    if (whole in ("expense.total", "expense.current", "income.gpb", "income.fiscal") and part.startswith("func:")
            and _func_level(part) == 3):
        return True
    if whole in ("income.total", "income.current") and part.startswith("income.") and part not in (
            "income.total", "income.current"):
        # 年初结转和结余 is income of the 总计, not of 本年收入
        return not (whole == "income.current" and part == "income.carryover")
    if whole in ("basic", "personnel", "public") and part.startswith("econ:"):
        return True
    if (whole.startswith("func:") and part.startswith("func:")) or (whole.startswith("econ:") and part.startswith("econ:")):
        return part.startswith(whole) and len(part) > len(whole)
    if whole == "assets.vehicles" and part.startswith("assets.vehicles."):
        return True
    return False


def default_whole(subject: str | None) -> str | None:
    """The whole a share of ``subject`` is taken of when the text does not say (占 39%)."""
    if not subject:
        return None
    if subject in _NATURE:
        return "expense.current"
    if subject in ("personnel", "public"):
        return "basic"
    if subject.startswith("func:"):
        code = subject[5:]
        return "expense.current" if len(code) == 3 else f"func:{code[:-2]}"
    if subject.startswith("income.") and subject not in ("income.total", "income.current"):
        return "income.current"
    if subject.startswith("sangong.") and subject != "sangong.total":
        return "sangong.total"
    return None


def complete(whole: str, parts: set[str]) -> bool:
    """True when ``parts`` include a full partition of ``whole``."""
    return any(p <= parts for p in PARTITIONS.get(whole, ()))


def dimension(subject: str) -> str:
    """Which way a part divides its whole: by nature (基本/项目/预留), by cost (人员/公用), by function, by
    economic class, by source of funds … (a breakdown by 基本/项目 and one by 功能分类 never add up together)."""
    if subject in NATURE:
        return "nature"
    if subject in ("personnel", "public"):
        return "cost"
    if subject.startswith(("func:", "econ:")):
        return subject[:4]
    return subject.split(".")[0]
