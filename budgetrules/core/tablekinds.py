"""The known kinds of disclosure tables and the stable keys of their columns.

Tables are identified by title (and, when the title is ambiguous, by their header), never by their
position in the file. Kinds are shared by 预算 and 决算 documents where they play the same role:

=================  ==========================================  ==========================================
kind               预算 (budget)                                决算 (final accounts)
=================  ==========================================  ==========================================
``summary``        收支总体情况表 / 部门收支总表                 收入支出决算总表
``income``         收入总体情况表 / 部门收入总表                 收入决算表
``expense``        支出总体情况表 / 部门支出总表                 支出决算表
``fiscal_summary`` 财政拨款收支总体情况表 / 财政拨款收支总表      财政拨款收入支出决算总表
``gpb_expense``    一般公共预算支出情况表                        一般公共预算财政拨款支出决算表
``gpb_basic``      一般公共预算基本支出情况表                    一般公共预算财政拨款基本支出决算表
``gpb_project``    一般公共预算项目支出情况表                    —
``sangong``        一般公共预算“三公”经费支出情况表              财政拨款“三公”经费支出决算表
``gov_fund``       政府性基金预算支出情况表                      政府性基金预算财政拨款收入支出决算表
``soe``            国有资本经营预算支出情况表                    国有资本经营预算财政拨款收入支出决算表
``performance``    项目支出绩效目标表                            —
=================  ==========================================  ==========================================

决算 columns: ``carry_begin`` 年初结转和结余, ``carry_end`` 年末结转和结余, ``surplus_distribution`` 结余分配,
``use_nonfiscal_surplus`` 使用非财政拨款结余, ``income_current`` 本年收入, ``remit_superior`` 上缴上级支出,
``operating_expense`` 经营支出, ``affiliate_subsidy`` 对附属单位补助支出; 本年收入合计 / 本年支出合计 as a
column is the table's ``total``. Where a 决算 table prints 预算数 and 决算数 under each heading (the 三公
table), the 决算数 column has the heading's key (``abroad``) and the 预算数 column ``budget:`` + that key
(``budget:abroad``); see :func:`budgetrules.reading.tablebuild.build_table`. The 决算 基本支出 table printed as two
groups side by side (301/303 | 302/310, each closed by 人员经费合计 / 公用经费合计) is read with the keys
``personnel`` and ``public``, like the 预算 table.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

import attrs

from budgetrules.core import regex

__all__ = [
    "TableKind",
    "TableKindId",
    "TABLE_KINDS",
    "KINDS_BY_ID",
    "MONEY_KINDS",
    "TEXT_KEYS",
    "clean_title",
    "identify_table",
    "column_key",
    "column_year",
    "kind_by_columns",
    "normalize_label",
    "is_total_label",
]


_SPACES = regex.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def normalize_label(text: str) -> str:
    """Fold a printed label for matching: NFKC, no whitespace, uniform quotes and brackets."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("〔", "["), ("〕", "]"), ("【", "["), ("】", "]")):
        text = text.replace(a, b)
    return text


#: The id of a kind of table (see the table in the module documentation and :data:`TABLE_KINDS`).
TableKindId = Literal[
    "summary", "income", "expense", "fiscal_summary", "fiscal_expense", "fiscal_basic", "gpb_expense", "gpb_basic",
    "gpb_project", "sangong", "admin_cost", "gov_fund", "soe", "performance", "unit_list", "procurement", "basic",
    "project",
]


@attrs.frozen
class TableKind:
    """A kind of table: id, display name, and title patterns (matched against the cleaned title).

    ``patterns`` are regular expressions searched in the title after :func:`clean_title` (numbering, year,
    a trailing parenthesised note and whitespace removed); ``excludes`` are patterns that rule the kind out
    even when a pattern matches (a 三公 table is never a 一般公共预算支出 table because its title says
    一般公共预算“三公”经费).
    """

    id: TableKindId
    name: str
    patterns: tuple[str, ...]
    two_sided: bool = False
    excludes: tuple[str, ...] = ()

    def matches(self, title: str) -> bool:
        t = clean_title(title)
        return (any(regex.compile(p).search(t) for p in self.patterns)
                and not any(regex.compile(p).search(t) for p in self.excludes))



# Order matters: more specific kinds first; the first kind whose patterns match (and excludes do not) wins.
TABLE_KINDS: tuple[TableKind, ...] = (
    TableKind("performance", "绩效目标表", (r"绩效目标(申报|批复|情况)?表", r"绩效目标$")),
    TableKind("unit_list", "预算单位构成表", (r"单位构成", r"(所属|下属|预算)单位(名单|情况)?表")),
    TableKind("procurement", "政府采购预算表", (r"政府采购",)),
    TableKind("sangong", "“三公”经费支出表", (r'"?三公"?经费',)),
    TableKind("admin_cost", "机关运行经费支出表", (r"机关运行(经)?费",)),
    TableKind("gpb_basic", "一般公共预算基本支出表", (r"一般公共预算(财政)?(拨款)?基本支出",)),
    TableKind("gpb_project", "一般公共预算项目支出表", (r"一般公共预算(财政)?(拨款)?项目支出",)),
    TableKind("fiscal_basic", "财政拨款基本支出表", (r"财政拨款基本支出",)),
    TableKind("gov_fund", "政府性基金预算支出表", (r"政府性基金",)),
    TableKind("soe", "国有资本经营预算支出表", (r"国有资本经营",)),
    TableKind("gpb_expense", "一般公共预算支出表", (r"一般公共预算.{0,12}支出",)),
    TableKind(
        "fiscal_summary",
        "财政拨款收支总表",
        (r"财政拨款收(入)?支(出)?.{0,6}总",),
        two_sided=True,
    ),
    TableKind("fiscal_expense", "财政拨款支出表", (r"财政拨款(预算)?支出",)),
    TableKind(
        "summary",
        "收支总表",
        (r"收(入)?支(出)?.{0,6}总(体情况)?表", r"收支(预算|决算)?(总体)?情况表"),
        two_sided=True,
    ),
    TableKind("income", "收入总表", (r"收入(预算|决算)?(总(体情况)?|情况)?表",)),
    TableKind("basic", "基本支出表", (r"基本支出.{0,6}表",)),
    TableKind("project", "项目支出表", (r"项目支出.{0,12}表",)),
    TableKind("expense", "支出总表", (r"支出(预算|决算)?(总(体情况)?|情况)?表",)),
)

KINDS_BY_ID = {k.id: k for k in TABLE_KINDS}

#: Kinds whose rows are amounts of a budget or final account (as opposed to lists of targets).
MONEY_KINDS: tuple[str, ...] = tuple(k.id for k in TABLE_KINDS if k.id not in ("performance", "unit_list"))

_LEADING_NUMBER = regex.compile(
    r"^\s*(公开\s*\d{1,2}\s*表|公开表\s*(?:\d{1,2}|[一二三四五六七八九十]+)|表\s*[一二三四五六七八九十]+|"
    r"表\s*\d{1,2}(?:\s*-\s*\d{1,2})?(?!\d)|附表\s*\d*|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d))\s*[:：、.．]?"
)
_YEAR = regex.compile(r"(19|20)\d{2}年度?")
_TRAILING_NOTE = regex.compile(r"[(（][^()（）]*[)）]$")


@functools.lru_cache(maxsize=1 << 16)
def clean_title(title: str) -> str:
    """A table title reduced to what names its kind.

    The printed number (``表一``, ``公开05表：``, ``表5``, ``一、``, ``1.``) is removed first, then the title is
    normalised (:func:`normalize_label`) and years (``2026年``, ``2017年度``) and one trailing parenthesised
    note (``（按功能分类科目）``, ``（一般公共预算）``) are removed.
    """
    t = _LEADING_NUMBER.sub("", unicodedata.normalize("NFKC", title), count=1)
    t = normalize_label(t)
    t = _YEAR.sub("", t)
    t = _TRAILING_NOTE.sub("", t)
    return t


@functools.lru_cache(maxsize=1 << 16)
def identify_table(title: str) -> TableKind | None:
    """The kind of table a title names, or None when the text is not a table title.

    A title must end with 表 (after a parenthesised note is dropped) and be short; the kind is the first of
    :data:`TABLE_KINDS` that matches.
    """
    t = clean_title(title)
    if not t.endswith("表") or len(t) > 60:
        return None
    for kind in TABLE_KINDS:
        if kind.matches(t):
            return kind
    return None


# Column header aliases → stable keys. Matched against the normalized header label (one level of it);
# the first matching pattern wins, so specific patterns come first.
_COLUMN_ALIASES: tuple[tuple[str, str], ...] = (
    # classification code and name columns
    (r"^类$", "code_lei"),
    (r"^款$", "code_kuan"),
    (r"^项$", "code_xiang"),
    (r"(科目)?编码$|科目代码$|^代码$", "code"),
    (
        r"科目名称$|^科目$|^功能分类$|^经济分类$|^项目$|^项目\(科目\)$|^支出功能分类$|^收入项目$|^支出项目$|"
        r"^部门预算支出经济科目$|^支出项目类别",
        "name",
    ),
    (r"^项目名称$|^专项名称$", "project_name"),
    (r"^单位名称$|^预算单位$|^单位$", "unit_name"),
    (r"^序号$|^项目编号$|^项目编码$|^编号$", "seq"),
    (r"采购品目|品目大类|采购目录", "item_class"),
    (r"采购物品名称|采购项目名称|采购项目$|品目名称", "item_name"),
    (r"采购组织形式|采购方式|组织形式", "method"),
    (r"^经济科目$|^经济科目名称$", "econ_name"),
    (r"^计量单位$|^指标名称$|^指标性质$|^指标值$|^是否核心$|绩效目标|^指标权重", "target"),
    # 三公
    (r"因公出国", "abroad"),
    (r"公务用车购置及运行", "car"),
    (r"公务用车购置", "car_purchase"),
    (r"公务用车运行", "car_running"),
    (r"公务接待", "reception"),
    # 决算 total-table lines as columns
    (r"年初结转和结余", "carry_begin"),
    (r"年末结转和结余", "carry_end"),
    (r"结余分配", "surplus_distribution"),
    (r"使用非财政拨款结余", "use_nonfiscal_surplus"),
    (r"上缴上级支出", "remit_superior"),
    (r"经营支出", "operating_expense"),
    (r"对附属单位补助支出", "affiliate_subsidy"),
    # expense structure
    (r"^基本支出", "basic"),
    (r"^项目支出合计$", "total"),
    (r"^项目支出", "project"),
    (r"^人员经费", "personnel"),
    (r"^公用经费", "public"),
    # economic-class columns of the project table
    (r"^工资福利支出$", "econ:301"),
    (r"^商品和服务支出$", "econ:302"),
    (r"^对个人和家庭的补助$", "econ:303"),
    (r"^债务利息及费用支出$", "econ:307"),
    (r"^资本性支出\(基本建设\)$", "econ:309"),
    (r"^资本性支出$", "econ:310"),
    (r"^对企业补助\(基本建设\)$", "econ:311"),
    (r"^对企业补助$", "econ:312"),
    (r"^对社会保障基金补助$", "econ:313"),
    (r"^其他支出$", "econ:399"),
    # income sources
    (r"一般公共预算", "gpb"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营|国有资产经营", "soe"),
    (r"财政专户|教育收费", "fiscal_special"),
    (r"事业单位经营收入|^经营收入", "operating_income"),
    (r"附属单位上缴", "affiliate_income"),
    (r"上级补助", "superior_subsidy"),
    (r"上级专项", "superior_special"),
    (r"用事业基金弥补", "business_fund"),
    (r"上年结转|上年结余", "carryover"),
    (r"^事业收入", "business_income"),
    (r"其他(资金)?收入", "other_income"),
    (r"^财政拨款", "fiscal"),
    # a 江苏 支出预算总表 and 收支总表 line: money kept back, and carried to next year
    (r"单位预留机动经费|预留机动", "reserve"),
    (r"结转下年", "carry_next"),
    # generic amount columns
    (r"^本年(收入|支出)合计$", "total"),
    (r"^(合计|总计|小计|金额|预算|预算数|决算|决算数|本年预算数?|本年决算数?|年初预算数?|全年预算数?|预算金额)$", "total"),
    (r"^机关运行经费(支出|预算数?)?$", "total"),
    (r"^本年收入", "income_current"),
    (r"^本年支出", "expense_current"),
)


#: Keys of columns that hold text (codes, names, lists), never amounts, even when a cell reads as a number.
TEXT_KEYS = frozenset(
    {"code", "code_lei", "code_kuan", "code_xiang", "name", "project_name", "unit_name", "seq", "item_class",
     "item_name", "method", "econ_name", "target"}
)


def kind_by_columns(columns: dict[str, str]) -> TableKindId | None:
    """The kind of an untitled table told by its columns (key → printed label), when that is unambiguous.

    Only layouts no other kind shares: the 三公 columns (因公出国 and 公务接待), 绩效目标 columns (a column
    headed 绩效目标, or several 指标 columns), 政府采购 columns (采购品目, 采购方式 …).
    """
    base = {k.split("#")[0] for k in columns}
    targets = [label for k, label in columns.items() if k.split("#")[0] == "target"]
    if {"abroad", "reception"} <= base:
        return "sangong"
    if len(targets) >= 2 or any("绩效目标" in label for label in targets):
        return "performance"
    if base & {"item_class", "method"}:
        return "procurement"
    if "unit_name" in base and not (base - TEXT_KEYS - {k for k in base if k.startswith("col")}):
        return "unit_list"  # a list of the units of the department, no amount column
    return None


_YEAR_PREFIX = regex.compile(r"^(19|20)\d{2}年度?")
_PRIOR = regex.compile(r"^上年(度)?(预算|决算|执行)?数?$|^上年(预算|决算)?(执行)?数$")


@functools.lru_cache(maxsize=1 << 16)
def column_year(label: str) -> int | None:
    """The year a column header starts with (``2025年预算数`` → 2025), else None."""
    m = _YEAR_PREFIX.match(normalize_label(label))
    return int(normalize_label(label)[:4]) if m else None


@functools.lru_cache(maxsize=1 << 16)
def column_key(label: str) -> str | None:
    """The stable key for one level of a printed column header, or None if it is not recognised.

    A leading year (``2026年预算数``) is ignored here; :func:`budgetrules.reading.tablebuild.build_table` tells this
    year's column from last year's. ``上年预算数`` / ``上年数`` is last year's total: ``prior:total``.
    """
    t = _YEAR_PREFIX.sub("", normalize_label(label))
    if not t:
        return None
    if _PRIOR.match(t):
        return "prior:total"
    for pattern, key in _column_patterns():
        if pattern.search(t):
            return key
    return None


@functools.lru_cache(maxsize=1)
def _column_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    # compiled on the first header read, not at import
    return tuple((regex.compile(pattern), key) for pattern, key in _COLUMN_ALIASES)


_TOTAL_LABEL = regex.compile(r"^(合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计|收入合计|支出合计|总合计)$")


@functools.lru_cache(maxsize=1 << 16)
def is_total_label(label: str) -> bool:
    """Whether a printed row label is a total line (合计, 总计, 小计, 收入总计 …), after :func:`normalize_label`."""
    return bool(_TOTAL_LABEL.match(normalize_label(label)))
