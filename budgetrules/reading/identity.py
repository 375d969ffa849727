"""Document identity: which year, kind (预算/决算), level (部门/单位) and department a disclosure is about.

A disclosure says who it is in several places, and no single one is always there: the title and the cover
(``江苏省政协办公厅2017年度部门预算``, a title set over two lines, ``预算主管部门：…``), the compiler line of each
table (``编制部门：…``, ``编制单位：…``, ``单位名称：…``, or just ``部门：…`` as in a 江苏 公开表), table titles
that name a year (``2017年政府采购预算表``) or a kind (``收支预算总表``, ``收入支出决算总表``), running
headers, and the notes under tables (``注：我单位无2017年政府性基金支出安排``). :func:`establish` collects every
such statement as an :class:`Evidence` and :func:`decide` settles each fact from them.

How a fact is settled
---------------------
Evidence comes in tiers (:data:`TIERS`):

* tier 0 — what the document says about itself: title, cover, running header;
* tier 1 — what its tables say: compiler lines (``编制部门：…``) and table titles or contents entries that
  name a year or a kind;
* tier 2 — a supervising department (``主管部门：…``), which names the department of a 单位 only when nothing
  else does;
* tier 3 — notes under tables (a year only) and column headers (``预算数`` / ``决算数``, a kind only): a 预算
  may print last year's 决算数 beside its own figures, so these settle a fact only when nothing else does,
  and several values among them settle nothing.

A fact takes its value from the highest tier that states it. **When that tier disagrees with itself the fact
is left unknown** and the disagreement is kept as a :class:`Conflict` (``decisive=True``): a wrong identity is
worse than none, because it picks the wrong ruleset and catalogue. When a lower tier disagrees with the value
settled above it, the value stands and the disagreement is kept too (``decisive=False``), so that it can be
reported. Several years among the notes alone settle nothing and are not a conflict (a note may speak of
another year). A value given on the command line (``--year``/``--kind``/``--department``, see
:func:`override`) outranks everything; where the document says otherwise that is kept as a conflict.

Department names are compared, not matched character for character: ``中国共产党江苏省委员会办公厅``,
``中共江苏省委办公厅`` and ``江苏省委办公厅`` are one department (:func:`same_department`). A name that is only
a place (``江苏省``, ``上海市普陀区``) or a placeholder (``XX局``) is not a department.

:func:`findings` turns what could not be settled into the core diagnostics ``BR010``–``BR014`` (see
:data:`DIAGNOSTICS`), each naming what is missing and the command-line option that sets it.
"""

from __future__ import annotations

import collections
import itertools
import re
from typing import Any, Iterable, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.model import DocKind, Document, Source
from budgetrules.core.tablekinds import identify_table
from budgetrules.reading.contents import is_contents_heading
from budgetrules.reading.titleblock import number_only, read_title_block

__all__ = [
    "Evidence",
    "Conflict",
    "Identity",
    "DIAGNOSTICS",
    "TIERS",
    "establish",
    "evidence_in",
    "decide",
    "combine",
    "override",
    "of_document",
    "apply",
    "is_disclosure",
    "kind_in",
    "same_department",
    "normalize_department",
    "findings",
]

FACTS = ("year", "kind", "level", "department")
FACT_NAMES = {"year": "年度", "kind": "类型（预算/决算）", "level": "层级（部门/单位）", "department": "编制部门"}
OPTIONS = {"year": "--year", "kind": "--kind", "department": "--department"}

#: Where a statement was read, and how much it weighs (lower is stronger; the command line is -1).
TIERS: dict[str, int] = {
    "option": -1,
    "title": 0,
    "cover": 0,
    "header": 0,
    "graph": 0,
    "compiler": 1,
    "table": 1,
    "supervisor": 2,
    "column": 3,
    "note": 3,
}
BASIS_NAMES = {
    "option": "命令行",
    "title": "标题",
    "cover": "封面",
    "header": "页眉",
    "compiler": "编制部门行",
    "graph": "文档图",
    "table": "表格标题",
    "supervisor": "主管部门行",
    "column": "表头",
    "note": "表注",
}

#: The core diagnostics about identity (severity, one-line summary).
DIAGNOSTICS: dict[str, tuple[Severity, str]] = {
    "BR010": (Severity.ERROR, "无法确定文件是预算还是决算：按类型选择的规则集和规则未运行；用 --kind 预算|决算 指定。"),
    "BR011": (Severity.WARNING, "无法确定文件的年度：依年度的检查（分类科目目录等）未运行；用 --year 指定。"),
    "BR012": (Severity.WARNING, "无法确定编制部门：用 --department 指定。"),
    "BR013": (Severity.ERROR, "文件对自身年度、类型或部门的说法互相矛盾：该项未采用任何一种说法，请核对原文。"),
    "BR014": (Severity.WARNING, "另有说法与所采用的年度、类型或部门不同：表格标题、编制部门行或命令行与标题所说不一致，采用的值不变。"),
}

_YEAR = r"((?:19|20)\d{2})"
_YEAR_WORD = regex.compile(_YEAR + r"\s*年\s*度?")
_DATE = regex.compile(_YEAR + r"\s*年\s*\d{1,2}\s*月")
_FUND_WORDS = regex.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|财政专户管理资金预算|预算单位|预算数|预算执行|年初预算|"
    r"调整预算|预算主管|预算绩效|预算编制|预算内|预算外|预算拨款"
)
_LEVEL = regex.compile(r"(?<![（(])(部门|单位)\s*(?:预算|决算)")
_CJK_SPACE = regex.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_ANY_SPACE = regex.compile(r"\s")  # (``_CJK_SPACE`` opens with a look-behind: it is tried at every position)
_COMPILER = regex.compile(
    r"(?:^|(?<=[\s表)）]))(?P<label>编制部门|编制单位|填报单位|单位名称|部门名称|预算单位|预算主管部门|主管部门|部门)"
    r"(?:（[^）]{0,6}）)?\s*[:：]\s*(?P<name>.+?)\s*(?=(?:金额)?单位\s*[:：]|\s{2,}|\t|$)"
)
#: A table title, with the year it may name: ``2017年政府采购预算表``, ``收支预算总表``, ``2021年部门收支总体情况表``.
_TABLE_TITLE = regex.compile(r"(?:" + _YEAR + r"\s*年\s*度?)?\s*[\u3400-\u9fff“”\"（）()、]{1,40}?表")
_NOTE = regex.compile(r"^(?:注|备注|说明)\s*\d*\s*[:：]")
_LEADER = regex.compile(r"[.．·…—\-_ ]{4,}\s*\d*\s*$")
_NUMBERING = regex.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[、．.])\s*")
_HEADING = regex.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、．.]|[（(][一二三四五六七八九十]+[)）])")
_PLACE_ONLY = regex.compile(
    r"^(?:[\u3400-\u9fff]{0,12}?(?:省|市|区|县|自治区|自治州|州|盟|旗|乡|镇|街道))+(?:本级|级)?$|^[\u3400-\u9fff]{0,4}级$"
)
_PLACEHOLDER = regex.compile(r"[Xx×＊*]{2}|某某|XX|ＸＸ|〇〇")
_UNIT_NAME = regex.compile(r"^(?:人民币)?(?:亿|千|百)?万?元$")
_CJK = regex.compile(r"[\u3400-\u9fff]")
_ORG_END = regex.compile(r"[\u3400-\u9fff）)]$")
_MAX_LINE = 60
_COVER_LINES = 6
_HEADER_ROWS = 4

#: Long official forms shortened for comparison (the short form is what documents print most).
_ABBREVIATIONS = (
    ("中国共产党", "中共"),
    ("中国人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("人民代表大会常务委员会", "人大常委会"),
    ("常务委员会", "常委会"),
    ("人民代表大会", "人大"),
    ("委员会", "委"),
    ("人民政府", "政府"),
    ("人民检察院", "检察院"),
    ("人民法院", "法院"),
)


# --------------------------------------------------------------------------------------------------------
# the model


_SPACES = regex.compile(r"\s+")
_SEAL_NOTE = regex.compile(r"[（(](?:公章|盖章|章)[)）]$")
_YEAR_WORD_AT_END = regex.compile(r"年度?$")
_NOT_IN_A_NAME = regex.compile(r"\d|[，。；！？:：]")
_NAME_PUNCTUATION = regex.compile(r"[\s“”\"'（）()]")
_LEVEL_SUFFIX = regex.compile(r"(?:机关)?(?:本级|汇总)$|机关$")
_BUDGET_OR_FINAL = regex.compile(r"预算|决算")
_DOCUMENT_KIND_WORDS = regex.compile(r"(?:(?:省|市|区|县)级)?(?:部门|单位)?(?:预算|决算)")
_YEAR_WORD_AT_START = regex.compile(r"^\s*年\s*度?")


@attrs.frozen
class Evidence:
    """One statement of a fact: ``fact`` (``year``/``kind``/``level``/``department``), its ``value`` (int,
    :class:`DocKind`, ``部门``/``单位`` or a name), where it was read (``basis``, one of :data:`TIERS`), the
    printed ``text`` and its ``source``."""

    fact: str
    value: Any
    basis: str
    text: str
    source: Source

    @property
    def tier(self) -> int:
        return TIERS[self.basis]

    @property
    def shown(self) -> str:
        return self.value.value if isinstance(self.value, DocKind) else str(self.value)

    def describe(self) -> str:
        """``标题“江苏省政协办公厅2017年度部门预算”（…-text.pdf 第1页）``."""
        where = _where(self.source)
        text = self.text if len(self.text) <= 40 else self.text[:39] + "…"
        if self.basis == "option":
            return f"命令行 {OPTIONS.get(self.fact, '')} {self.shown}".strip()
        return f"{BASIS_NAMES[self.basis]}“{text}”（{where}）" if where else f"{BASIS_NAMES[self.basis]}“{text}”"


@attrs.frozen
class Conflict:
    """Statements of one fact that disagree. ``decisive``: they are the tier that settles the fact, which is
    therefore unknown; otherwise ``evidence[0]`` is the settled value and the rest dispute it."""

    fact: str
    evidence: tuple[Evidence, ...]
    decisive: bool


@attrs.frozen
class Identity:
    """What a disclosure is: title, year, kind, level and department, with the evidence for each."""

    title: str = ""
    year: int | None = None
    kind: DocKind | None = None
    level: str | None = None
    department: str | None = None
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def value(self, fact: str) -> Any:
        return getattr(self, fact)

    def describe(self) -> str:
        """``预算 2017 江苏省政协办公厅`` with ``?`` for what is unknown."""
        return " ".join(
            [
                self.kind.value if self.kind else "类型?",
                str(self.year) if self.year else "年度?",
                self.department or "部门?",
            ]
        )


def _where(source: Source) -> str:
    name = source.path.rsplit("/", 1)[-1] if source.path else ""
    if source.page is not None:
        return f"{name} 第{source.page}页".strip()
    if source.line is not None:
        return f"{name} 第{source.line}行".strip()
    return name


# --------------------------------------------------------------------------------------------------------
# reading statements


def _flat(text: str) -> str:
    """Whitespace between CJK characters removed (``部 门`` → ``部门``), other runs of spaces kept."""
    text = text.strip()
    return _CJK_SPACE.sub("", text) if _ANY_SPACE.search(text) else text


def kind_in(text: str) -> DocKind | None:
    """预算 or 决算 as named in a title, once fund names (一般公共预算 …) and phrases such as 预算数 are set
    aside; None when neither or both are named."""
    t = _FUND_WORDS.sub("", text)
    final, budget = "决算" in t, "预算" in t
    if final and not budget:
        return DocKind.FINAL
    if budget and not final:
        return DocKind.BUDGET
    return None


def _level_in(text: str) -> str | None:
    found = {m.group(1) for m in _LEVEL.finditer(_FUND_WORDS.sub("", text))}
    return found.pop() if len(found) == 1 else None


def _clean_name(name: str) -> str | None:
    """A department name as printed, or None when it is a place, a unit of money, a placeholder or prose."""
    name = _SPACES.sub("", name)
    name = _SEAL_NOTE.sub("", name)
    name = _YEAR_WORD_AT_END.sub("", name.strip("：:，,。；;、 "))  # "…委员会 年部门预算" with the year printed apart
    if not (2 <= len(name) <= 40) or not _ORG_END.search(name):
        return None
    if _UNIT_NAME.match(name) or _PLACE_ONLY.match(name) or _PLACEHOLDER.search(name):
        return None
    if _NOT_IN_A_NAME.search(name) or "预算" in name or "决算" in name:
        return None
    return name


def normalize_department(name: str) -> str:
    """A department name folded for comparison: spaces and brackets dropped, long official forms shortened
    (中国共产党 → 中共, …委员会 → …委, 人民代表大会常务委员会 → 人大常委会, 人民政府 → 政府 …), a trailing
    本级 / 汇总 / 机关 dropped (``XX局（本级）`` is ``XX局``)."""
    t = _NAME_PUNCTUATION.sub("", name)
    for long, short in _ABBREVIATIONS:
        t = t.replace(long, short)
    return _LEVEL_SUFFIX.sub("", t) or t


def same_department(a: str, b: str) -> bool:
    """The two names denote one department: equal once normalized, or one is the other without a leading
    place or party prefix (``省委办公厅`` / ``江苏省委办公厅`` / ``中共江苏省委办公厅``)."""
    x, y = normalize_department(a), normalize_department(b)
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short) >= 4 and long.endswith(short)


def _title_text(lines: Sequence[Any]) -> tuple[str, int]:
    """The title and how many leading lines it takes (a cover may set it over up to three lines)."""
    texts = [l.text.strip() for l in lines[:3]]
    if not texts:
        return "", 0
    if _BUDGET_OR_FINAL.search(texts[0]):
        return _flat(texts[0]), 1
    for k in range(1, len(texts)):
        t = texts[k]
        if not t or _HEADING.match(t) or is_contents_heading(t) or len(t) > _MAX_LINE:
            break
        if re.search(r"预算|决算", t):
            return _flat("".join(texts[: k + 1])), k + 1
    first = texts[0]
    if (re.match(r"^(表\s*[一二三四五六七八九十\d]+|公开\s*\d+\s*表)\s*$", first) or _NOTE.match(first)
            or is_contents_heading(first)):
        return "", 0  # a file that starts with a table number or a note has no title
    return _flat(first), 1


def _names_table(text: str) -> bool:
    """The line is a table's number or title (``表一``, ``公开05表``, ``收支预算总表``), not a document's title."""
    t = _NUMBERING.sub("", _flat(_LEADER.sub("", text)))
    return bool(number_only(t) or re.search(r"表\s*(?:[（(][^）)]{0,12}[)）])?$", t) or identify_table(t))


def _title_statements(text: str, basis: str, source: Source) -> list[Evidence]:
    """Year, kind, level and department named in a title-like line."""
    out: list[Evidence] = []
    t = _flat(text)
    if not t:
        return out
    dated = {m.start() for m in _DATE.finditer(t)}
    years = [m for m in _YEAR_WORD.finditer(t) if m.start() not in dated]
    for m in years[:1]:
        out.append(Evidence("year", int(m.group(1)), basis, t, source))
    kind = kind_in(t)
    if kind is not None:
        out.append(Evidence("kind", kind, basis, t, source))
    level = _level_in(t)
    if level is not None:
        out.append(Evidence("level", level, basis, t, source))
    k = _DOCUMENT_KIND_WORDS.search(
        _FUND_WORDS.sub(lambda m: "＿" * len(m.group()), t))
    if k is not None:
        head = t[: k.start()]
        if years:
            y = years[0]
            candidates = [head[: y.start()], head[y.end():]] if y.start() < k.start() else [head]
        else:
            candidates = [head]
        for candidate in candidates:
            name = _clean_name(candidate)
            if name:
                out.append(Evidence("department", name, basis, t, source))
                break
    return out


def _compiler_statements(text: str, source: Source, basis: str | None = None) -> list[Evidence]:
    out: list[Evidence] = []
    t = _flat(text)
    if "部门" not in t and "单位" not in t:
        return out  # every label of a compiler line names a 部门 or a 单位
    for m in _COMPILER.finditer(t):
        label = m.group("label")
        b = basis or ("supervisor" if "主管" in label else "compiler")
        raw = _SPACES.sub("", m.group("name"))
        name = _clean_name(raw)
        if name is None:
            if _PLACEHOLDER.search(raw):  # kept to tell the reviewer why no department was established
                out.append(Evidence("placeholder", raw, b, t.strip(), source))
            continue
        out.append(Evidence("department", name, b, t.strip(), source))
    return out


def _table_statements(text: str, source: Source) -> list[Evidence]:
    """Year, kind and level named by a table title (``2017年政府采购预算表``, ``收入支出决算总表``).

    A phrase counts as a table title when it ends with 表, names no figure (``决算数``, ``预算数``: a column
    header or a sentence about one) and is a known kind of table or names 预算/决算."""
    out: list[Evidence] = []
    if "表" not in text:
        return out  # no table title without its 表
    t = _NUMBERING.sub("", _flat(_LEADER.sub("", text)))
    for m in _TABLE_TITLE.finditer(t):
        phrase = m.group(0).strip()
        rest = phrase[m.end(1) - m.start(0):] if m.group(1) else phrase
        rest = _YEAR_WORD_AT_START.sub("", rest)
        kind = kind_in(rest)
        if "数" in rest or (kind is None and identify_table(rest) is None):
            continue
        if m.group(1):
            out.append(Evidence("year", int(m.group(1)), "table", phrase, source))
        if kind is not None:
            out.append(Evidence("kind", kind, "table", phrase, source))
        level = _level_in(rest)
        if level is not None:
            out.append(Evidence("level", level, "table", phrase, source))
    return out


def _row_text(row: Any) -> str:
    """A grid row as one line: distinct cells (a merged cell repeats its text) joined by spaces."""
    seen: list[str] = []
    for cell in row.cells:
        c = (cell or "").strip()
        if c and c not in seen:
            seen.append(c)
    return "  ".join(seen)


def evidence_in(path: str, blocks: Sequence[Any], lines: Sequence[str] = ()) -> tuple[str, list[Evidence]]:
    """The title and every statement of identity in a document's blocks (text lines and grids, in reading
    order, as :mod:`budgetrules.reading.assemble` receives them) and its printed ``lines``.

    Text blocks have ``text`` and ``source``; grids have ``rows`` whose items have ``cells`` and ``source``.
    """
    texts = list(itertools.takewhile(lambda x: x is not None, _leading_lines(blocks)))
    first = next((k for k, b in enumerate(blocks) if hasattr(b, "text") and b.text.strip()), None)
    if (first is not None and texts and texts[0] is blocks[first] and read_title_block(blocks, first) is not None
            and _names_table(blocks[first].text)):
        title, count = "", 0  # a file of tables: its first line is a table's number or title
    else:
        title, count = _title_text(texts)
    evidence: list[Evidence] = []
    if title:
        evidence += _title_statements(title, "title", texts[0].source)

    # the cover: what follows the title before the contents, the first heading, the first table or the
    # first page's end (at most a few lines)
    first_page = texts[0].source.page if texts else None
    cover = 0
    for block in texts[count:]:
        t = block.text.strip()
        if (is_contents_heading(t) or _HEADING.match(t) or block.source.page != first_page or _names_table(t)
                or _NOTE.match(t)):
            break
        cover += 1
        if cover > _COVER_LINES:
            break
        if re.fullmatch(_YEAR + r"\s*年?\s*度?", t):  # the year printed on a line of its own
            evidence.append(Evidence("year", int(t[:4]), "cover", t, block.source))
        elif len(t) <= _MAX_LINE and not _COMPILER.search(_flat(t)):  # compiler lines are read below
            evidence += [e for e in _title_statements(t, "cover", block.source) if e.fact != "department"]

    title_blocks = texts[:count]
    covered: set[int] = set()
    for block in blocks:
        if hasattr(block, "text"):
            covered.add(block.source.line or 0)
            covered.update(line for _, line in getattr(block, "line_starts", ()) or ())
            t = block.text.strip()
            if not t:
                continue
            if _NOTE.match(t):
                evidence += _note_statements(t, block.source)
                continue
            if len(t) > _MAX_LINE or t.endswith("。") or block in title_blocks:
                continue
            evidence += _compiler_statements(t, block.source)
            evidence += _table_statements(t, block.source)
        else:
            for row in block.rows:
                covered.add(row.source.line or 0)
            heads = " ".join(c for row in block.rows[:_HEADER_ROWS] for c in row.cells if c)
            column_kind = DocKind.FINAL if "决算数" in heads else DocKind.BUDGET if "预算数" in heads else None
            if column_kind is not None:
                evidence.append(Evidence("kind", column_kind, "column", _row_text(block.rows[0])[:40], block.rows[0].source))
            for row in block.rows[:2]:
                t = _row_text(row)
                if len(t) > 2 * _MAX_LINE:
                    continue
                evidence += _compiler_statements(t, row.source)
                evidence += _table_statements(t, row.source)

    # running headers: short lines outside every block, printed more than once
    outside = [(i, l, _flat(l)) for i, l in enumerate(lines, start=1) if i not in covered]
    repeated = collections.Counter(t for _, l, t in outside if l.strip() and len(l.strip()) <= _MAX_LINE)
    for i, l, t in outside:
        if repeated.get(t, 0) < 2 or not _CJK.search(t):
            continue
        repeated[t] = 0  # once per distinct header
        evidence += _title_statements(t, "header", Source(path, i))
    return title, evidence


@attrs.frozen
class _Line:
    text: str
    source: Source


def _leading_lines(blocks: Sequence[Any]) -> list[Any]:
    """The text lines in reading order, where a cover printed in a frame (a grid whose rows hold one text
    each, before any other table) counts as lines too."""
    out: list[Any] = []
    seen_table = False
    for block in blocks:
        if hasattr(block, "text"):
            if block.text.strip():
                out.append(block)
            continue
        if not seen_table and all(len({c.strip() for c in r.cells if c and c.strip()}) <= 1 for r in block.rows):
            for row in block.rows:
                text = next((c.strip() for c in row.cells if c and c.strip()), "")
                if text and not re.fullmatch(r"[\d,.\-\s]+", text):
                    out.append(_Line(text, row.source))
            continue
        seen_table = True
        out.append(None)  # a table: the cover ends here
    return out


def _note_statements(text: str, source: Source) -> list[Evidence]:
    t = _flat(text)
    dated = {m.start() for m in _DATE.finditer(t)}
    years = {int(m.group(1)) for m in _YEAR_WORD.finditer(t) if m.start() not in dated}
    return [Evidence("year", y, "note", t, source) for y in sorted(years)]


# --------------------------------------------------------------------------------------------------------
# settling the facts


def _agrees(fact: str, a: Any, b: Any) -> bool:
    if fact == "department":
        return same_department(a, b)
    return bool(a == b)


def _groups(fact: str, items: Sequence[Evidence]) -> list[list[Evidence]]:
    groups: list[list[Evidence]] = []
    for e in items:
        for g in groups:
            if all(_agrees(fact, e.value, other.value) for other in g):
                g.append(e)
                break
        else:
            groups.append([e])
    return groups


def _representative(fact: str, group: Sequence[Evidence]) -> Any:
    if fact != "department":
        return group[0].value
    # the fullest form (``克孜勒苏柯尔克孜自治州阿克陶县…局`` rather than ``阿克陶县…局``), the stronger statement first
    ranked = sorted(group, key=lambda e: (-len(normalize_department(e.value)), e.tier))
    return ranked[0].value


def decide(title: str, evidence: Iterable[Evidence]) -> Identity:
    """Settle each fact from ``evidence`` (see the module documentation)."""
    evidence = tuple(evidence)
    values: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for fact in FACTS:
        items = [e for e in evidence if e.fact == fact]
        tiers = sorted({e.tier for e in items})
        value = None
        for tier in tiers:
            here = [e for e in items if e.tier == tier]
            groups = _groups(fact, here)
            if len(groups) == 1:
                value = groups[0][0].value
                below = [e for e in items if e.tier > tier and e.tier < TIERS["note"]
                         and not _agrees(fact, e.value, value)]
                value = _representative(fact, [e for e in items if e.tier >= tier and _agrees(fact, e.value, value)])
                if below and fact != "level":
                    conflicts.append(Conflict(fact, (groups[0][0], *_one_per_value(fact, below)), decisive=False))
                break
            if tier == TIERS["note"]:
                break  # several years among notes or kinds among headers: nothing settled, nothing contradicted
            if fact != "level":
                conflicts.append(Conflict(fact, tuple(g[0] for g in groups), decisive=True))
            break
        values[fact] = value
    return Identity(title=title, evidence=evidence, conflicts=tuple(conflicts), **values)


def _one_per_value(fact: str, items: Sequence[Evidence]) -> list[Evidence]:
    return [g[0] for g in _groups(fact, items)]


def establish(path: str, blocks: Sequence[Any], lines: Sequence[str] = ()) -> Identity:
    """The identity of a document from its blocks and printed lines (called by :func:`budgetrules.reading.assemble.assemble`)."""
    title, evidence = evidence_in(path, blocks, lines)
    return decide(title, evidence)


def combine(identities: Sequence[Identity], title: str | None = None) -> Identity:
    """One identity for files read as one disclosure: every file's evidence, settled together.

    Where the files, each settled on its own, disagree on a fact (a narrative of 2021 with tables of 2020),
    the fact is unknown and the disagreement is a decisive conflict — whichever tier each file's value came
    from."""
    evidence = [e for i in identities for e in i.evidence]
    title = title if title is not None else next((i.title for i in identities if i.title), "")
    combined = decide(title, evidence)
    values: dict[str, Any] = {}
    conflicts = list(combined.conflicts)
    for fact in ("year", "kind", "department"):
        stated = [(i, i.value(fact)) for i in identities if i.value(fact) is not None]
        groups = _groups(fact, [_support(i, fact) for i, _ in stated])
        if len(groups) > 1:
            values[fact] = None
            conflicts = [c for c in conflicts if c.fact != fact]
            conflicts.append(Conflict(fact, tuple(g[0] for g in groups), decisive=True))
    if not values:
        return combined
    return attrs.evolve(combined, conflicts=tuple(conflicts), **values)


def _support(identity: Identity, fact: str) -> Evidence:
    """The strongest statement of the value ``identity`` settled for ``fact``."""
    value = identity.value(fact)
    return min((e for e in identity.evidence if e.fact == fact and _agrees(fact, e.value, value)), key=lambda e: e.tier)


def override(identity: Identity, *, year: int | None = None, kind: DocKind | None = None,
             department: str | None = None, path: str = "") -> Identity:
    """The identity with facts set on the command line; they outrank anything the document says."""
    extra = []
    for fact, value in (("year", year), ("kind", kind), ("department", department)):
        if value is not None:
            extra.append(Evidence(fact, value, "option", str(value.value if isinstance(value, DocKind) else value), Source(path)))
    if not extra:
        return identity
    return decide(identity.title, (*identity.evidence, *extra))


def of_document(document: Document) -> Identity:
    """The identity the loader established, or — for a graph built otherwise (XML, tests) — one taken from the
    document's own fields."""
    found = getattr(document, "identity", None)
    if isinstance(found, Identity):
        return found
    source = Source(document.path)
    evidence = []
    for fact, value in (("year", document.year), ("kind", document.kind), ("department", document.department.name)):
        if value is not None:
            evidence.append(Evidence(fact, value, "graph", str(getattr(value, "value", value)), source))
    return decide(document.title, evidence)


def apply(document: Document, identity: Identity) -> Document:
    """``document`` with its year, kind, title and department name taken from ``identity``."""
    return attrs.evolve(
        document,
        year=identity.year,
        kind=identity.kind,
        title=identity.title or document.title,
        department=attrs.evolve(document.department, name=identity.department),
        identity=identity,
    )


def is_disclosure(document: Document) -> bool:
    """The file presents itself as a 预算/决算 disclosure: a table of a known kind, or a title, cover, header,
    compiler line or table title naming 预算 or 决算 (a README, a letter or a spreadsheet of something else
    does neither)."""
    if any(t.kind for t in document.tables):
        return True
    identity = of_document(document)
    return any(e.fact == "kind" and e.tier < TIERS["column"] for e in identity.evidence)


# --------------------------------------------------------------------------------------------------------
# what is reported


def _diagnostic(code: str, message: str, path: str, at: Evidence | None = None,
                related: Sequence[Evidence] = (), severity: Severity | None = None) -> Finding:
    def loc(e: Evidence | None) -> Location:
        if e is None or e.basis == "option":
            return Location(path=path)
        return Location(path=e.source.path or path, line=e.source.line, page=e.source.page)

    return Finding(
        rule=code,
        severity=severity or DIAGNOSTICS[code][0],
        message=message,
        location=loc(at),
        related=tuple(loc(e) for e in related if e.basis != "option"),
        key=message,
    )


def findings(identity: Identity, path: str) -> list[Finding]:
    """What a reviewer is told about ``identity``: facts not established (BR010–BR012), statements that
    contradict each other (BR013) or the value adopted (BR014)."""
    out: list[Finding] = []
    conflicted = {c.fact for c in identity.conflicts if c.decisive}
    for c in identity.conflicts:
        said = "；".join(f"{e.describe()} 为 {e.shown}" for e in c.evidence)
        name = FACT_NAMES[c.fact]
        if c.decisive:
            option = OPTIONS.get(c.fact)
            hint = f"；核实后可用 {option} 指定" if option else ""
            out.append(_diagnostic("BR013", f"文件对{name}的说法不一致：{said}。未采用任何一种说法，依{name}的检查未运行{hint}",
                                   path, c.evidence[0], c.evidence[1:]))
        else:
            kept = c.evidence[0]
            out.append(_diagnostic("BR014", f"{name}按{kept.describe()}定为 {kept.shown}，但另有说法不同：" +
                                   "；".join(f"{e.describe()} 为 {e.shown}" for e in c.evidence[1:]),
                                   path, c.evidence[1], (kept,)))
    if identity.kind is None and "kind" not in conflicted:
        out.append(_diagnostic("BR010", "无法确定本文件是预算还是决算：标题、封面和表格标题都没有说明，"
                               "按类型选择的规则集和只适用于预算或决算的规则未运行；用 --kind 预算 或 --kind 决算 指定", path))
    if identity.year is None and "year" not in conflicted:
        notes = sorted({e.value for e in identity.evidence if e.fact == "year" and e.basis == "note"})
        extra = f"（表注中提到 {'、'.join(map(str, notes))} 年，不足以确定）" if notes else ""
        out.append(_diagnostic("BR011", f"无法确定本文件的年度：标题、封面和表格标题都没有写明年度{extra}，"
                               "依年度的检查（分类科目目录、上年比较等）未运行；用 --year 指定", path))
    if identity.department is None and "department" not in conflicted:
        held = next((e for e in identity.evidence if e.fact == "placeholder"), None)
        extra = f"（{held.describe()}只是占位符）" if held else ""
        out.append(_diagnostic("BR012", f"无法确定本文件的编制部门：标题、封面和表格的“编制部门/部门：”行都没有写明{extra}；"
                               "用 --department 指定", path, held))
    return out
