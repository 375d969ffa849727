"""What the mandatory-contents rules share: finding the parts of a disclosure and the defaults they require.

The defaults are the **national baseline** — what every 部门预算/决算 disclosure must contain whatever its
region, as errors — and only that: 财预〔2016〕143号《地方预决算公开操作规程》, the 财政预决算 part of the
基层政务公开标准目录 that restates it, 《预算法》第十四条, 《预算法实施条例》第六条. A regional template
(江苏 公开01表…12表, 上海 区级部门预算, 重庆, 珠海, the 教育部 university tables …) is a ruleset that replaces
these lists with its own (``rulesets/*.toml``, chosen from the document's kind, year and region).

What the national rules say (基层政务公开标准目录, 财政预决算, 部门预算 / 部门决算):

* the tables: 部门收支总体情况表, 部门收入总体情况表, 部门支出总体情况表, 财政拨款收支总体情况表, 一般公共预算
  支出情况表, 一般公共预算基本支出情况表, 一般公共预算“三公”经费支出情况表, 政府性基金预算支出情况表; "没有数据
  的表格应当列出空表并说明";
* "本部门职责、机构设置情况、预算收支增减变化、机关运行经费安排以及政府采购……等情况的说明，并对专业性较强的名词
  进行解释" — required;
* the “三公”经费 "并对增减变化情况进行说明" — required (MC103 checks the 三公 table has its explanation);
* "结合工作进展情况，**逐步**公开国有资产占用、重点项目预算的绩效目标（决算：绩效评价结果）等情况" — gradual, so
  their absence is a warning in the baseline, an error only where a template includes them;
* one explanation per table is a template feature (江苏, the 新疆 county template, 上海's 决算), not a national rule.

Matching conventions
--------------------
* Table ``aliases`` are plain text, compared after :func:`~budgetrules.core.tablekinds.normalize_label`
  (whitespace, full-/half-width forms and quotes do not count).
* Section ``aliases`` and table ``explain`` patterns are regular expressions, searched in the normalized
  heading of a section, or in the lead of a paragraph (the text before its first ``：`` or ``。``, at most
  40 characters, list numbering removed) — a part written as a run-in heading ("机关运行经费情况：…").
* The 名词解释 part is never taken for the part it defines.

When a rule does not judge
--------------------------
* :func:`is_unfilled`: every money table is empty — an unfilled template, reported once by MC104; the other
  mandatory rules say nothing about it.
* :func:`~budgetrules.reading.docsets.has_narrative` (the document-set pairing's own test): a file of tables only
  (its text published as a separate file) is not judged on its explanation parts (MC102, MC103) nor on where
  its empty tables are explained (MC104); :func:`has_money_tables`: a file of text only is not judged on its
  tables (MC101, MC106's table entries). The missing half is reported once by the core (``BR020``, see
  ``docs/identity-and-sets.md``), not once per part here; checked with its other half as one document set,
  the disclosure is judged whole, comparing line positions only within one file.
* :func:`is_institution`: a 事业单位 (a university, a hospital, a 中心 …) has no 机关运行经费 — entries with
  ``when = "admin"`` are not required of it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Sequence

import attrs

from budgetrules.api import (
    EMPTY_NOTE,
    MONEY_KINDS,
    Document,
    Paragraph,
    Section,
    Source,
    Table,
    has_narrative,
    identify_table,
    normalize_label,
    per_document,
    regex,
)

# --------------------------------------------------------------------------------------------------------
# defaults: the national baseline

#: What the national rules say, quoted in messages.
BASIS = "财预〔2016〕143号《地方预决算公开操作规程》；《预算法》第十四条"
SECTIONS_BASIS = (
    "财预〔2016〕143号；财政预决算领域基层政务公开标准目录：“本部门职责、机构设置情况、预算收支增减变化、机关运行经费"
    "安排以及政府采购……等情况的说明，并对专业性较强的名词进行解释”"
)
GRADUAL_BASIS = (
    "财政预决算领域基层政务公开标准目录（依据财预〔2016〕143号）：“结合工作进展情况，逐步公开国有资产占用、重点项目"
    "预算的绩效目标（决算：绩效评价结果）等情况”"
)

#: The eight tables every 部门预算/部门决算 disclosure publishes (财预〔2016〕143号; the 基层政务公开标准目录),
#: with the title aliases seen. Each entry: ``kind``, ``title`` (for messages), ``aliases``, ``applies``
#: (预算/决算 only), ``when`` (see :func:`condition_holds`), ``severity`` (empty: the rule's).
DEFAULT_TABLES: list[dict] = [
    {
        "kind": "summary",
        "title": "收支总表（部门收支总体情况表 / 收入支出决算总表）",
        "aliases": ["收支总体情况表", "收支总表", "收支预算总表", "收入支出决算总表", "财务收支预算总表"],
        "applies": "",
        "when": "",
        "severity": "",
    },
    {
        "kind": "income",
        "title": "收入总表（部门收入总体情况表 / 收入决算表）",
        "aliases": ["收入总体情况表", "收入总表", "收入预算总表", "收入决算表"],
        "applies": "",
    },
    {
        "kind": "expense",
        "title": "支出总表（部门支出总体情况表 / 支出决算表）",
        "aliases": ["支出总体情况表", "支出总表", "支出预算总表", "支出决算表"],
        "applies": "",
    },
    {
        "kind": "fiscal_summary",
        "title": "财政拨款收支总表（财政拨款收支总体情况表 / 财政拨款收入支出决算总表）",
        "aliases": ["财政拨款收支总体情况表", "财政拨款收支总表", "财政拨款收支预算总", "财政拨款收入支出决算总表", "财政拨款收支预算表"],
        "applies": "",
    },
    {
        "kind": "gpb_expense",
        "title": "一般公共预算支出表（一般公共预算支出情况表 / 一般公共预算财政拨款支出决算表）",
        "aliases": ["一般公共预算支出情况表", "一般公共预算支出表", "一般公共预算财政拨款支出", "一般公共预算拨款支出", "一般公共预算当年拨款支出"],
        "applies": "",
    },
    {
        "kind": "gpb_basic",
        "title": "一般公共预算基本支出表（一般公共预算基本支出情况表 / 一般公共预算财政拨款基本支出决算表）",
        "aliases": ["一般公共预算基本支出", "一般公共预算财政拨款基本支出", "一般公共预算拨款基本支出"],
        "applies": "",
    },
    {
        "kind": "sangong",
        "title": "“三公”经费支出表（一般公共预算“三公”经费支出情况表 / 财政拨款“三公”经费支出决算表）",
        "aliases": ['"三公"经费', "三公经费"],
        "applies": "",
    },
    {
        "kind": "gov_fund",
        "title": "政府性基金预算支出表（政府性基金预算支出情况表 / 政府性基金预算财政拨款收入支出决算表）",
        "aliases": ["政府性基金预算支出", "政府性基金预算财政拨款", "政府性基金支出"],
        "applies": "",
    },
]

#: How the explanation of each kind of table is headed (regular expressions on the normalized heading).
DEFAULT_EXPLAIN: dict[str, list[str]] = {
    "summary": [r"^(?!.*财政拨款).*收入?支出?(预算|决算)?(情况)?的?总(体|表)", r"^(?!.*财政拨款).*收入支出决算总",
                r"^(?!.*(财政拨款|一般公共预算|政府性基金|国有资本)).*收支(预算|决算)?(总体|总表)?情况"],
    "income": [r"^(?!.*(财政拨款|收支|收入支出)).*收入(预算|决算)?(总体|总表)?(情况|说明)"],
    "expense": [
        r"^(?!.*(财政拨款|收支|收入支出|一般公共预算|基本支出|项目支出|政府性基金|国有资本|三公|机关运行|政府采购))"
        r".*支出(预算|决算)?(总体|总表)?(情况|说明)"
    ],
    "fiscal_summary": [r"财政拨款收入?支出?(预算|决算)?(情况)?的?总(体|表)", r"财政拨款收入支出决算总"],
    "fiscal_expense": [r"^(?!.*(基本支出|项目支出|政府性基金|三公)).*财政拨款(预算)?(支出|拨款)(预算|决算)?(表|情况)"],
    "fiscal_basic": [r"^(?!.*一般公共预算).*财政拨款基本支出"],
    "gpb_expense": [r"^(?!.*(基本支出|项目支出|三公|机关运行)).*一般公共预算(财政)?(当年)?(拨款)?(支出|情况)"],
    "gpb_basic": [r"一般公共预算.{0,8}基本支出", r"^(?!.*财政拨款基本).*基本支出"],
    "gpb_project": [r"项目支出"],
    "basic": [r"基本支出"],
    "project": [r"项目支出"],
    "sangong": [r"三公"],
    "admin_cost": [r"机关运行(经)?费"],
    "procurement": [r"政府采购"],
    "gov_fund": [r"政府性基金"],
    "soe": [r"国有资本经营"],
}

#: The kinds of table whose explanation the national baseline requires: the 三公 table ("并对增减变化情况进行
#: 说明"). A template with one explanation per table lists ``["*"]`` (every published kind).
DEFAULT_EXPLAINED: list[str] = ["sangong"]

#: The explanation parts of the national baseline. Each entry: ``name``, ``aliases`` (regexes), ``when``
#: (see :func:`condition_holds`), ``applies`` (预算/决算 only), ``severity`` (empty: the rule's; ``warning``
#: for what the national rules publish "逐步"), ``basis`` (empty: the rule's).
DEFAULT_SECTIONS: list[dict] = [
    {"name": "部门主要职能", "aliases": [r"职能", r"职责"], "when": "", "applies": "", "severity": "", "basis": ""},
    {"name": "机构设置情况", "aliases": [r"机构设置", r"内设", r"下设", r"人员(情况|编制|构成)", r"(部门|单位)(基本)?[构组]成",
                                   r"机构(情况|编制)", r"编制(数|情况)"]},
    {"name": "收支增减变化情况", "aliases": [r"收支", r"收入支出", r"增减变化", r"编制说明",
                                    r"(收入|支出)(预算|决算)?(总体)?情况", r"(收入|支出).{0,40}(增加|减少|增长|下降|持平)"]},
    {"name": "机关运行经费安排情况", "aliases": [r"机关运行(经)?费"], "when": "admin"},
    {"name": "政府采购情况", "aliases": [r"政府采购"]},
    {"name": "国有资产占用情况", "aliases": [r"国有资产", r"资产占[用有]"], "severity": "warning", "basis": GRADUAL_BASIS},
    {"name": "预算绩效情况（绩效目标 / 绩效评价）", "aliases": [r"绩效(目标|管理|评价|自评|情况)", r"预算绩效"], "when": "projects", "severity": "warning",
     "basis": GRADUAL_BASIS},
    {"name": "名词解释", "aliases": [r"名词(解释|说明|释义|注释)", r"术语(解释|说明)"]},
]

GLOSSARY = regex.compile(r"名词(解释|说明|释义|注释)|术语(解释|说明)")
#: The wordings of an empty-table note, shared with the core's reading of a table's own notes
#: (:mod:`budgetrules.reading.emptynotes`, :attr:`~budgetrules.core.model.Table.declared_empty`).
EMPTY_WORDS = EMPTY_NOTE
_NUMBERING = regex.compile(r"^\s*([（(]?\s*[一二三四五六七八九十\d]+\s*[)）]?\s*[、．.，,]?\s*)")


_COLON_OR_STOP = regex.compile(r"[：:。]")
_SENTENCE_END = regex.compile(r"[。；;！!？?\n]")


def norm(text: str) -> str:
    return normalize_label(text)


def applies(entry: dict, doc: Document) -> bool:
    want = entry.get("applies") or ""
    return not want or (doc.kind is not None and doc.kind.value == want)


def entry_severity(entry: dict) -> str | None:
    """The entry's own severity (``error``/``warning``/``info``), or None for the rule's."""
    value = (entry.get("severity") or "").strip()
    return value if value in ("error", "warning", "info") else None


# --------------------------------------------------------------------------------------------------------
# what the document is


def has_money_tables(doc: Document) -> bool:
    """The document publishes at least one table of amounts (of a known money kind)."""
    return any(t.kind in MONEY_KINDS for t in doc.tables)


def is_unfilled(doc: Document) -> bool:
    """Every money table is empty: an unfilled template or a file without data (at least two money tables)."""
    money = [t for t in doc.tables if t.kind in MONEY_KINDS]
    return len(money) >= 2 and not any(t.has_amounts for t in money)


def is_whole_disclosure(doc: Document) -> bool:
    """The document presents itself as a whole disclosure (or one half of it), not an excerpt.

    Completeness (MC101–MC103) is only judged on a whole: a 目录, at least two numbered parts (``第一部分`` …),
    or explanation text together with tables of at least three kinds. A file holding a few tables — a test
    excerpt, one sheet — is not reported as incomplete.
    """
    if doc.toc:
        return True
    if sum(1 for s in doc.sections if s.level == 1 and s.number) >= 2:
        return True
    kinds = {t.kind for t in doc.tables if t.kind in MONEY_KINDS}
    return len(kinds) >= 3 and has_narrative(doc)


def judged_for_tables(doc: Document) -> bool:
    """The required tables are judged (MC101): a whole disclosure that holds tables of amounts, not an unfilled
    template. A narrative published apart from its tables and checked alone is not reported table by table:
    the document-set check says once that the tables were not provided."""
    return is_whole_disclosure(doc) and has_money_tables(doc) and not is_unfilled(doc)


def judged_for_text(doc: Document) -> bool:
    """The required explanation parts are judged (MC102, MC103): a whole disclosure that holds a narrative, not
    an unfilled template. Tables published apart from their narrative and checked alone are not reported part
    by part: the document-set check says once that the narrative was not provided."""
    return is_whole_disclosure(doc) and has_narrative(doc) and not is_unfilled(doc)


# -- 事业单位 ---------------------------------------------------------------------------------------------

#: Names of units that are 事业单位 (the end of the unit's name).
_INSTITUTION_NAME = regex.compile(
    r"(大学|学院|学校|中学|小学|幼儿园|医院|卫生院|保健院|中心|研究院|研究所|设计院|科学院|图书馆|博物馆|纪念馆|"
    r"文化馆|美术馆|艺术馆|科技馆|电视台|广播电台|气象台|出版社|报社|杂志社|剧院|站|"
    r"(管理|服务|保护|监测|检测|检验|推广|勘察|勘测|测绘)(所|处|队))(（[^（）]*）)?$"
)
_SELF = r"(本单位|我单位|本院|我院|本校|我校|学校|本中心|我中心|本所|我所|本馆|我馆|本部门|我部门|该单位)"
_SAYS_INSTITUTION = regex.compile(
    _SELF + r"[^，。；,;]{0,8}?(?<![所直下附隶])(是|为|系|属于?|性质为)[^，。；,;]{0,24}?事业单位"
)
_NATURE = regex.compile(r"单位性质\s*[:：为是]\s*[^，。；,;]{0,12}事业单位")
_CIVIL_SERVICE = regex.compile(r"参照(《中华人民共和国)?公务员法|参公|行政单位|行政机关")
_YEAR_IN_TITLE = regex.compile(r"(19|20)\d{2}\s*年")


def _unit_names(doc: Document) -> list[str]:
    names = []
    if doc.department.name:
        names.append(doc.department.name)
    title = re.sub(r"\s+", "", doc.title or "")
    m = _YEAR_IN_TITLE.search(title)
    if m and m.start() > 1:
        names.append(title[: m.start()])
    return [re.sub(r"\s+", "", n) for n in names]


def _income_says_institution(doc: Document) -> bool:
    """The income table's total shows 事业收入 above all 财政拨款 together (a university, a hospital)."""
    for table in doc.tables:
        if table.kind != "income":
            continue
        for row in table.total_rows():
            business = row.amount("business_income")
            fiscal = [a for k in ("fiscal", "gpb", "gov_fund", "soe") if (a := row.amount(k)) is not None]
            if business is None or not fiscal:
                continue
            total_fiscal = sum((a.value for a in fiscal), Decimal(0))
            return business.value > total_fiscal
    return False


def is_institution(doc: Document) -> str | None:
    """Why the unit is a 事业单位 (not 参公), or None when nothing says so.

    * its name ends as a 事业单位's does: 大学, 学院, 学校, 医院, 中心, 研究院/所, 图书馆 … (the department name,
      or the title before its year);
    * the text says so: "本单位为公益一类事业单位", "单位性质：事业单位" — not "下属/所属事业单位", and not a
      参照公务员法管理 (参公) unit;
    * the income table's total shows 事业收入 above all its 财政拨款.

    A department with 事业单位 below it is not one: its 机关 still has 机关运行经费.
    """
    for name in _unit_names(doc):
        m = _INSTITUTION_NAME.search(name)
        if m:
            return f"单位名称“{name}”"
    skip = glossary_ids(doc)
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        for paragraph in section.paragraphs:
            for sentence in sentences(paragraph.text):
                s = norm(sentence)
                if _CIVIL_SERVICE.search(s):
                    continue
                if _SAYS_INSTITUTION.search(s) or _NATURE.search(s):
                    return f"文中“{sentence.strip()[:40]}”"
    if _income_says_institution(doc):
        return "收入表中事业收入高于财政拨款"
    return None


def condition_holds(entry: dict, doc: Document, cache: dict) -> bool:
    """Whether an entry's ``when`` condition holds for ``doc``.

    ``""`` always; ``"projects"`` when 项目支出 is above zero (:func:`has_projects`); ``"admin"`` unless the unit
    is a 事业单位 (:func:`is_institution`) — 机关运行经费 is the 公用经费 of 行政单位 and 参公事业单位 only.
    """
    when = (entry.get("when") or "").strip()
    if not when:
        return True
    if when not in cache:
        if when == "projects":
            cache[when] = has_projects(doc)
        elif when == "admin":
            cache[when] = is_institution(doc) is None
        else:
            cache[when] = True
    return cache[when]


# --------------------------------------------------------------------------------------------------------
# sections and paragraphs


@per_document
def glossary_ids(doc: Document) -> frozenset[int]:
    """``id()`` of every section inside a 名词解释 part (the part itself and its children); found once per
    document."""
    ids: set[int] = set()
    for section in doc.walk_sections():
        if GLOSSARY.search(norm(section.title)):
            ids.update(id(s) for s in section.walk())
    return frozenset(ids)


def lead(text: str, limit: int = 40) -> str | None:
    """The run-in heading of a paragraph: text before its first ``：``/``。`` (numbering removed), if short."""
    t = _NUMBERING.sub("", text, count=1)
    m = _COLON_OR_STOP.search(t)
    head = t[: m.start()] if m else t
    head = norm(head)
    return head if 0 < len(head) <= limit else None


def search_any(patterns: Sequence[str], text: str) -> bool:
    return any(regex.compile(p).search(text) for p in patterns)


_STATES = regex.compile(r"\d|无|未|没有|不涉及")


def find_part(
    doc: Document, patterns: Sequence[str], *, need_word: bool = False, in_sentence: bool = False,
    anywhere: bool = False,
) -> Section | tuple[Section, Paragraph] | None:
    """The first section whose heading, or paragraph whose lead, matches one of ``patterns``.

    With ``need_word`` a paragraph lead must also contain 情况 or 说明 (so that a sentence such as
    "政府性基金预算未安排" is not taken for the explanation part of that table). With ``in_sentence`` a
    paragraph whose first sentence names the part also counts (a part written without any heading:
    "2021 年本单位机关运行经费财政拨款预算 7.6 万元……"); with ``anywhere`` so does any sentence of the
    explanation that names it and states an amount or its absence ("……本部门政府采购预算 0 万元。" inside
    another part).
    """
    skip = glossary_ids(doc)
    for section in doc.walk_sections():
        in_glossary = id(section) in skip
        title = norm(section.title)
        if search_any(patterns, title) and (not in_glossary or GLOSSARY.search(title)):
            return section
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        for paragraph in section.paragraphs:
            head = lead(paragraph.text)
            if head and search_any(patterns, head) and (not need_word or re.search(r"情况|说明", head)):
                return (section, paragraph)
    if in_sentence:
        for section in doc.walk_sections():
            if id(section) in skip:
                continue
            for paragraph in section.paragraphs:
                first = norm(re.split(r"[。；;]", paragraph.text, maxsplit=1)[0])
                if search_any(patterns, first[:80]):
                    return (section, paragraph)
    if anywhere:
        for section in doc.walk_sections():
            if id(section) in skip:
                continue
            for paragraph in section.paragraphs:
                for sentence in sentences(paragraph.text):
                    s = norm(sentence)
                    if search_any(patterns, s) and _STATES.search(s):
                        return (section, paragraph)
    return None


def heading_text(place) -> str:
    """A section heading as printed (``二、机构设置及人员情况``), or a paragraph's lead."""
    if isinstance(place, tuple):
        return lead(place[-1].text) or place[-1].text[:20]
    if place.level == 2 and place.number:
        return f"{place.number}、{place.title}"
    if place.level == 1 and place.number:
        return f"{place.number} {place.title}"
    return f"{place.number}{place.title}"


def place_line(place) -> int:
    if isinstance(place, tuple):
        return place[-1].source.line or 0
    return place.source.line or 0


# --------------------------------------------------------------------------------------------------------
# tables


def is_untitled(table: Table) -> bool:
    return not table.title.strip() or table.title.startswith("（无标题")


def content_kind(table: Table) -> str | None:
    """The kind of an untitled table recognised from its columns."""
    keys = {c.key for c in table.columns}
    if {"abroad", "reception"} <= keys:
        return "sangong"
    if {"personnel", "public"} <= keys:
        return "gpb_basic"
    return None


#: 编制部门/单位 printed on the title's line (``财政拨款支出预算表部门：某厅单位：万元``).
_INFO_TAIL = regex.compile(r"\s*(编制|预算)?(部门|单位)(名称)?\s*[:：].*$")
#: A table number printed after its title (``……预算表（经济科目）公开表六``).
_NUMBER_TAIL = regex.compile(r"\s*(公开)?(表\s*[一二三四五六七八九十\d]+|\d{1,2}\s*表)$")


def _title_text(text: str) -> str:
    return _NUMBER_TAIL.sub("", _INFO_TAIL.sub("", text.strip())).strip()


def _title_kind(text: str) -> str | None:
    """The kind of table a printed line names when it is a table's title (its 编制部门/单位 and a trailing
    number set aside), else None."""
    if "表" not in text:  # a title ends with 表 (:func:`~budgetrules.core.tablekinds.identify_table`)
        return None
    title = _title_text(text)
    if not title or len(title) > 70:
        return None
    kind = identify_table(title)
    return kind.id if kind is not None else None


@attrs.frozen
class PrintedTitle:
    """A line of the body that is a table's title (the table may not have been read as a grid)."""

    kind: str
    text: str
    source: Source

    @property
    def name(self) -> str:
        return f"《{self.text}》"


def contents_lines(doc: Document) -> tuple[int, int] | None:
    """The first and last line of the contents page (目录), when there is one."""
    lines = [e.source.line for e in doc.toc if e.source.line]
    return (min(lines), max(lines)) if lines else None


@per_document
def printed_titles(doc: Document) -> tuple[PrintedTitle, ...]:
    """Every line of the body (the contents page excluded) that reads as a table title, in reading order.

    A table whose grid could not be read, or whose title was not joined to its grid, is still published when
    its title is printed in the body: completeness and contents rules count it. Titles read as a row of
    another table (a grid the reading joined to the one before it) count too, from whichever file of a
    document set they were read. Computed once per document.
    """
    toc = contents_lines(doc)
    out = []
    for i, raw in enumerate(doc.lines, start=1):
        if "表" not in raw or (toc and toc[0] <= i <= toc[1]):
            continue
        cells = [c.strip() for c in raw.split("\t") if c.strip()]
        kind = _title_kind(cells[0]) if len(cells) == 1 else None
        if kind is not None:
            out.append(PrintedTitle(kind, _title_text(cells[0]), Source(doc.path, line=i, page=page_at(doc, i))))
    seen: set[tuple[str, int | None] | tuple[str, int, str]] = {(p.source.path, p.source.line) for p in out}
    for table in doc.tables:
        # a title read into another table's header (a grid the reading joined to the one before it)
        for column in table.columns:
            for segment in column.label.split("/"):
                kind = _title_kind(segment)
                if kind is not None and kind != table.kind and (table.source.path, -1, kind) not in seen:
                    seen.add((table.source.path, -1, kind))
                    out.append(PrintedTitle(kind, _title_text(segment), table.source))
        # … or read as a row of it
        for row in table.rows:
            if (row.source.path, row.source.line) in seen or any(c.amount is not None for c in row.cells.values()):
                continue
            texts = [t.strip() for t in (row.label, *row.texts.values()) if t and t.strip()]
            kind = _title_kind(texts[0]) if len(texts) == 1 else None
            if kind is not None and kind != table.kind:
                out.append(PrintedTitle(kind, _title_text(texts[0]), row.source))
    return tuple(sorted(out, key=lambda p: (p.source.path or "", p.source.line or 0)))


def page_at(doc: Document, line: int) -> int | None:
    """The page of a line, from the nearest object read before it."""
    best: tuple[int, int | None] = (0, None)
    sources = [t.source for t in doc.tables] + [s.source for s in doc.walk_sections()]
    for source in sources:
        if source.line and source.line <= line and source.line >= best[0] and source.page is not None:
            best = (source.line, source.page)
    return best[1]


def find_table(doc: Document, entry: dict) -> Table | PrintedTitle | None:
    """The table meeting a required-table entry: same kind, a title alias, recognisable content, or a title
    of that kind printed in the body."""
    aliases = [norm(a) for a in entry.get("aliases", [])]
    kind = entry.get("kind") or None
    for table in doc.tables:
        if kind and table.kind == kind:
            return table
    for table in doc.tables:
        title = norm(table.title)
        if any(a and a in title for a in aliases):
            return table
    for table in doc.tables:
        if kind and table.kind is None and content_kind(table) == kind:
            return table
    for printed in printed_titles(doc):
        if (kind and printed.kind == kind) or any(a and a in norm(printed.text) for a in aliases):
            return printed
    return None


def table_end_line(table: Table) -> int:
    lines = [table.source.line or 0]
    lines += [r.source.line or 0 for r in table.rows]
    lines += [c.source.line or 0 for r in table.rows for c in r.cells.values()]
    return max(lines)


def nonzero_amounts(table: Table) -> list:
    return [(row, key, cell) for row in table.rows for key, cell in row.cells.items()
            if cell.amount is not None and cell.amount.value != 0]


def has_projects(doc: Document) -> bool:
    """项目支出 above zero somewhere (the 项目支出 table, or a 项目支出 column of the expense tables)."""
    for table in doc.tables:
        if table.kind in ("gpb_project", "project") and nonzero_amounts(table):
            return True
        if table.kind in ("expense", "gpb_expense", "fiscal_expense"):
            for row in table.rows:
                a = row.amount("project")
                if a is not None and a.value > Decimal(0):
                    return True
    return False


def sentences(text: str) -> Iterator[str]:
    for s in _SENTENCE_END.split(text):
        if s.strip():
            yield s


def doc_paragraphs(doc: Document, *, skip_glossary: bool = True) -> Iterator[tuple[Section, Paragraph]]:
    skip = glossary_ids(doc) if skip_glossary else set()
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        for paragraph in section.paragraphs:
            yield section, paragraph


def tables_part(doc: Document) -> Section | None:
    """The part holding the tables (``第二部分 … 公开表``), when there is one."""
    for section in doc.sections:
        if section.level == 1 and norm(section.title).endswith("表"):
            return section
    return None
