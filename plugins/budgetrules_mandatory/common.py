"""What the mandatory-contents rules share: finding the parts of a disclosure and the defaults they require.

The defaults are the national baseline (财预〔2016〕143号《地方预决算公开操作规程》; 《预算法》第十四条;
《预算法实施条例》第六条); rulesets replace them with a regional template's list.

Matching conventions
--------------------
* Table ``aliases`` are plain text, compared after :func:`~budgetrules.tablekinds.normalize_label`
  (whitespace, full-/half-width forms and quotes do not count).
* Section ``aliases`` and table ``explain`` patterns are regular expressions, searched in the normalized
  heading of a section, or in the lead of a paragraph (the text before its first ``：`` or ``。``, at most
  40 characters, list numbering removed) — a part written as a run-in heading ("机关运行经费情况：…").
* The 名词解释 part is never taken for the part it defines.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Sequence

from budgetrules.model import Document, Paragraph, Section, Table
from budgetrules.tablekinds import normalize_label

# --------------------------------------------------------------------------------------------------------
# defaults: the national baseline

#: The eight tables every 部门预算/部门决算 disclosure publishes (财预〔2016〕143号; the central 2017 set
#: and the 部门决算 template), with the title aliases seen and the heading of each table's explanation.
DEFAULT_TABLES: list[dict] = [
    {
        "kind": "summary",
        "title": "收支总表（部门收支总体情况表 / 收入支出决算总表）",
        "aliases": ["收支总体情况表", "收支总表", "收支预算总表", "收入支出决算总表", "财务收支预算总表"],
        "applies": "",
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
    "summary": [r"^(?!.*财政拨款).*收入?支出?(预算|决算)?(情况)?的?总体", r"^(?!.*财政拨款).*收入支出决算总",
                r"^(?!.*(财政拨款|一般公共预算|政府性基金|国有资本)).*收支(预算|决算)?(总体)?情况"],
    "income": [r"^(?!.*(财政拨款|收支|收入支出)).*收入(预算|决算)?(总体)?情况"],
    "expense": [
        r"^(?!.*(财政拨款|收支|收入支出|一般公共预算|基本支出|项目支出|政府性基金|国有资本|三公)).*支出(预算|决算)?(总体)?情况"
    ],
    "fiscal_summary": [r"财政拨款收入?支出?(预算|决算)?(情况)?的?总体", r"财政拨款收入支出决算总"],
    "gpb_expense": [r"^(?!.*(基本支出|项目支出|三公)).*一般公共预算(财政)?(当年)?(拨款)?(支出|情况)"],
    "gpb_basic": [r"基本支出"],
    "gpb_project": [r"项目支出"],
    "sangong": [r"三公"],
    "gov_fund": [r"政府性基金"],
    "soe": [r"国有资本经营"],
}

#: The explanation parts every disclosure carries (财预〔2016〕143号 via 基层政务公开标准目录; 预算法第十四条).
DEFAULT_SECTIONS: list[dict] = [
    {"name": "部门主要职能", "aliases": [r"职能", r"职责"], "when": "", "applies": ""},
    {"name": "机构设置及人员情况", "aliases": [r"机构设置", r"人员情况", r"(部门|单位)(基本)?构成", r"机构情况"], "when": "", "applies": ""},
    {"name": "机关运行经费情况", "aliases": [r"机关运行经费"], "when": "", "applies": ""},
    {"name": "政府采购情况", "aliases": [r"政府采购"], "when": "", "applies": ""},
    {"name": "国有资产占用情况", "aliases": [r"国有资产"], "when": "", "applies": ""},
    {"name": "预算绩效情况（绩效目标 / 绩效评价）", "aliases": [r"绩效"], "when": "projects", "applies": ""},
    {"name": "名词解释", "aliases": [r"名词解释", r"名词说明", r"术语解释"], "when": "", "applies": ""},
]

GLOSSARY = re.compile(r"名词解释|名词说明|术语解释")
EMPTY_WORDS = re.compile(r"空表|无数据|没有数据|不涉及|无.{0,16}(收入|支出|数据|经费|拨款|安排)|未安排|没有.{0,16}(收入|支出|拨款|安排)")
_NUMBERING = re.compile(r"^\s*([（(]?\s*[一二三四五六七八九十\d]+\s*[)）]?\s*[、．.，,]?\s*)")


def norm(text: str) -> str:
    return normalize_label(text)


def applies(entry: dict, doc: Document) -> bool:
    want = entry.get("applies") or ""
    return not want or (doc.kind is not None and doc.kind.value == want)


# --------------------------------------------------------------------------------------------------------
# sections and paragraphs


def glossary_ids(doc: Document) -> set[int]:
    """``id()`` of every section inside a 名词解释 part (the part itself and its children)."""
    ids: set[int] = set()
    for section in doc.walk_sections():
        if GLOSSARY.search(norm(section.title)):
            ids.update(id(s) for s in section.walk())
    return ids


def body_sections(doc: Document) -> list[Section]:
    """Every section in reading order, the 名词解释 part's children excluded (the part itself kept)."""
    skip = glossary_ids(doc)
    out = []
    for section in doc.walk_sections():
        if id(section) in skip and not GLOSSARY.search(norm(section.title)):
            continue
        out.append(section)
    return out


def lead(text: str, limit: int = 40) -> str | None:
    """The run-in heading of a paragraph: text before its first ``：``/``。`` (numbering removed), if short."""
    t = _NUMBERING.sub("", text, count=1)
    m = re.search(r"[：:。]", t)
    head = t[: m.start()] if m else t
    head = norm(head)
    return head if 0 < len(head) <= limit else None


def search_any(patterns: Sequence[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


def find_part(
    doc: Document, patterns: Sequence[str], *, need_word: bool = False, in_sentence: bool = False
) -> Section | tuple[Section, Paragraph] | None:
    """The first section whose heading, or paragraph whose lead, matches one of ``patterns``.

    With ``need_word`` a paragraph lead must also contain 情况 or 说明 (so that a sentence such as
    "政府性基金预算未安排" is not taken for the explanation part of that table). With ``in_sentence`` a
    paragraph whose first sentence names the part also counts (a part written without any heading:
    "2021 年本单位机关运行经费财政拨款预算 7.6 万元……").
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


def content_kind(table: Table) -> str | None:
    """The kind of an untitled table recognised from its columns."""
    keys = {c.key for c in table.columns}
    if {"abroad", "reception"} <= keys:
        return "sangong"
    if {"personnel", "public"} <= keys:
        return "gpb_basic"
    return None


def find_table(doc: Document, entry: dict) -> Table | None:
    """The table of ``doc`` meeting a required-table entry: same kind, a title alias, or recognisable content."""
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
        if table.kind == "gpb_project" and nonzero_amounts(table):
            return True
        if table.kind in ("expense", "gpb_expense"):
            for row in table.rows:
                a = row.amount("project")
                if a is not None and a.value > Decimal(0):
                    return True
    return False


def sentences(text: str) -> Iterator[str]:
    for s in re.split(r"[。；;！!？?\n]", text):
        if s.strip():
            yield s


def doc_paragraphs(doc: Document, *, skip_glossary: bool = True) -> Iterator[tuple[Section, Paragraph]]:
    skip = glossary_ids(doc) if skip_glossary else set()
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        for paragraph in section.paragraphs:
            yield section, paragraph


def is_whole_disclosure(doc: Document) -> bool:
    """The document presents itself as a whole disclosure, not an excerpt (one table, one sheet).

    Completeness (MC101–MC103) is only judged on a whole: a 目录, or at least two numbered parts
    (``第一部分`` …). A file holding only some tables — a workbook of tables whose text is published
    separately, a test excerpt — is not reported as incomplete.
    """
    if doc.toc:
        return True
    return sum(1 for s in doc.sections if s.level == 1 and s.number) >= 2


def tables_part(doc: Document) -> Section | None:
    """The part holding the tables (``第二部分 … 公开表``), when there is one."""
    for section in doc.sections:
        if section.level == 1 and norm(section.title).endswith("表"):
            return section
    return None
