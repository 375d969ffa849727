"""Assemble a :class:`~budgetrules.model.Document` from a stream of text lines and table grids.

Loaders only have to turn their format into :class:`TextLine` and :class:`GridBlock` items in reading
order; this module recognises the document's title, year and kind, the table of contents, the section
tree (``第一部分`` / ``一、`` / ``（一）``), table titles (by :func:`~budgetrules.tablekinds.identify_table`,
wherever they stand), table numbers (``表一：``), ``编制部门`` and ``单位`` lines, notes under tables
(``备注：…空表``), paragraphs broken across lines, and stray page-break debris.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs

from .amounts import Unit
from .facts import department_facts
from .identity import establish
from .model import (
    Department,
    DocKind,
    Document,
    Paragraph,
    Section,
    Source,
    Table,
    TocEntry,
)
from .tablebuild import GridRow, XiangResolver, build_table
from .tablekinds import identify_table, normalize_label

__all__ = ["TextLine", "GridBlock", "assemble", "catalogue_xiang_resolver"]


@attrs.frozen
class TextLine:
    """A line of prose (or a title, heading, unit line …) and its source.

    A loader that has already joined a paragraph wrapped over several printed lines (PDF) passes
    ``line_starts``: ``(offset, line)`` pairs telling from which offset of ``text`` each printed line starts
    (as :attr:`budgetrules.model.Paragraph.line_starts`). Empty means the whole text is ``source.line``.
    """

    text: str
    source: Source
    line_starts: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class GridBlock:
    """The printed lines of one table, header lines first."""

    rows: tuple[GridRow, ...]


Block = TextLine | GridBlock

_CN_NUM = "零一二三四五六七八九十"
_L1 = re.compile(r"^(第[一二三四五六七八九十]+部分)\s*(.*)$")
_L2 = re.compile(r"^([一二三四五六七八九十]+)\s*[、．.]\s*(.+)$")
_L3 = re.compile(r"^([（(]\s*[一二三四五六七八九十]+\s*[)）])\s*(.+)$")
_TABLE_NUMBER = re.compile(r"^(表\s*[一二三四五六七八九十\d]+)\s*[：:]?\s*(.*)$")
_UNIT_LINE = re.compile(r"^(金额)?单位\s*[：:]")
_COMPILER_LINE = re.compile(r"^编制(部门|单位)[^：:]*[：:]\s*(.*)$")
_NOTE_LINE = re.compile(r"^(备注|注|说明)\s*\d*\s*[：:]")
_TOC_LINE = re.compile(r"^目\s*录$")
_CONTINUATION_START = re.compile(r"^[元万亿、，。；：）)%％]")
_TERMINAL = ("。", "；", "：", "！", "？", ":", ";")
_MAX_HEADING = 60


def _cn_to_int(text: str) -> int | None:
    text = re.sub(r"[^一二三四五六七八九十]", "", text)
    if not text:
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUM.index(text[1])
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_NUM.index(tens) * 10 + (_CN_NUM.index(ones) if ones else 0)
    return _CN_NUM.index(text) if len(text) == 1 else None


def _heading(text: str) -> tuple[int, str, str] | None:
    t = text.strip()
    if len(t) > _MAX_HEADING or t.endswith("。"):
        return None
    for level, pattern in ((1, _L1), (2, _L2), (3, _L3)):
        m = pattern.match(t)
        if m:
            title = m.group(2).strip()
            if level == 1 or title:
                return level, re.sub(r"\s+", "", m.group(1)), title
    return None


def _is_debris(text: str) -> bool:
    t = text.strip()
    return len(t) <= 2 and not _heading(t)


def catalogue_xiang_resolver(year: int | None) -> XiangResolver | None:
    """Resolve a 项 printed without its code from its name, with the shipped catalogue of ``year``."""
    if year is None:
        return None
    try:
        from . import catalogues
    except ImportError:  # pragma: no cover - catalogues are part of the package
        return None

    def resolve(system: str, parent: str, name: str) -> str | None:
        try:
            catalogue = catalogues.load(system, year)
            if catalogue is None:
                return None
            matches = [e for e in catalogue.find_by_name(name, parent=parent) if e.level == "项"]
        except Exception:
            return None
        return matches[0].code[-2:] if len(matches) == 1 else None

    return resolve


def _title_line_count(lines: Sequence[TextLine]) -> int:
    """How many leading text lines make up the title.

    A cover often sets the title over two or three lines (``上海市普陀区财政局`` / ``2024 年度部门决算``): when
    the first line names neither 预算 nor 决算, the next lines up to the one that does (at most three lines,
    none of them a heading or the 目录 line) are part of the title.
    """
    texts = [l.text.strip() for l in lines[:3]]
    if not texts or re.search(r"预算|决算", texts[0]):
        return 1
    for k in range(1, len(texts)):
        t = texts[k]
        if not t or _heading(t) or _TOC_LINE.match(t.replace(" ", "")) or len(t) > _MAX_HEADING:
            return 1
        if re.search(r"预算|决算", t):
            return k + 1
    return 1


@attrs.define
class _SectionBuilder:
    number: str
    title: str
    level: int
    source: Source
    paragraphs: list[Paragraph] = attrs.field(factory=list)
    children: list["_SectionBuilder"] = attrs.field(factory=list)
    last_child_number: int = 0

    def freeze(self) -> Section:
        return Section(
            number=self.number,
            title=self.title,
            level=self.level,
            source=self.source,
            paragraphs=tuple(self.paragraphs),
            children=tuple(c.freeze() for c in self.children),
        )


def assemble(
    path: str,
    blocks: Iterable[Block],
    *,
    lines: Sequence[str] = (),
    loader: str | None = None,
    default_unit: Unit = Unit.WAN,
) -> Document:
    """Build the document graph from blocks in reading order."""
    blocks = list(blocks)
    identity = establish(path, blocks, lines)
    title, year, kind, name = identity.title, identity.year, identity.kind, identity.department
    resolve = catalogue_xiang_resolver(year)

    root = _SectionBuilder("", "", 0, Source(path))
    stack: list[_SectionBuilder] = [root]
    toc: list[TocEntry] = []
    tables: list[Table] = []
    compilers: list[str] = []

    in_toc = False
    toc_first: str | None = None
    pending_number: str | None = None
    last_paragraph_open = False

    i = 0
    n = len(blocks)
    nonblank = [k for k, b in enumerate(blocks) if isinstance(b, TextLine) and b.text.strip()]
    title_indexes = set(nonblank[: _title_line_count([blocks[k] for k in nonblank])])
    first_text_index = next((k for k, b in enumerate(blocks) if isinstance(b, TextLine)), None)
    while i < n:
        block = blocks[i]
        if isinstance(block, GridBlock):
            table, i = _collect_table(path, blocks, i, None, pending_number, default_unit, resolve)
            pending_number = None
            tables.append(table)
            in_toc = False
            last_paragraph_open = False
            continue
        text = block.text.strip()
        if not text or i == first_text_index or i in title_indexes:
            i += 1
            continue
        if _TOC_LINE.match(text.replace(" ", "")) or text.replace(" ", "") == "目录":
            in_toc = True
            toc_first = None
            i += 1
            continue
        heading = _heading(text)
        if in_toc:
            norm = normalize_label(text)
            if heading and heading[0] == 1:
                norm = heading[1]  # a part comes round again: "第一部分" starts the body
            if toc_first is not None and norm == toc_first:
                in_toc = False  # the body starts: the first entry comes round again
            else:
                if toc_first is None:
                    toc_first = norm
                if heading:
                    toc.append(TocEntry(heading[1], heading[2], heading[0], block.source))
                else:
                    toc.append(TocEntry("", text, 4, block.source))
                i += 1
                continue

        m = _TABLE_NUMBER.match(text)
        if m and (not m.group(2) or identify_table(m.group(2))):
            number = re.sub(r"\s+", "", m.group(1))
            if m.group(2):
                if _table_follows(blocks, i):
                    table, i = _collect_table(path, blocks, i + 1, m.group(2).strip(), number, default_unit, resolve, block.source)
                    tables.append(table)
                    last_paragraph_open = False
                    continue
            else:
                pending_number = number
                i += 1
                continue

        kind_match = identify_table(text) if len(text) <= _MAX_HEADING else None
        if kind_match and not heading and _table_follows(blocks, i):
            table, i = _collect_table(path, blocks, i + 1, text, pending_number, default_unit, resolve, block.source)
            pending_number = None
            tables.append(table)
            last_paragraph_open = False
            continue

        cm = _COMPILER_LINE.match(text)
        if cm:
            compilers.append(cm.group(2).strip())
            i += 1
            continue

        if heading and _accept_heading(stack, heading):
            level, number, title_text = heading
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            section = _SectionBuilder(number, title_text, level, block.source)
            parent.children.append(section)
            parent.last_child_number = _cn_to_int(number) or parent.last_child_number + 1
            stack.append(section)
            last_paragraph_open = False
            i += 1
            continue

        if _is_debris(text):
            i += 1
            continue

        current = stack[-1]
        own_starts = _own_starts(block, text)
        if last_paragraph_open and current.paragraphs and _CONTINUATION_START.match(text):
            prev = current.paragraphs[-1]
            joined = prev.text + text
            starts = prev.line_starts or ((0, prev.source.line or 0),)
            current.paragraphs[-1] = attrs.evolve(
                prev, text=joined, line_starts=(*starts, *((len(prev.text) + o, l) for o, l in own_starts))
            )
        else:
            current.paragraphs.append(Paragraph(text, block.source, own_starts))
        last_paragraph_open = not text.endswith(_TERMINAL)
        i += 1

    sections = tuple(c.freeze() for c in root.children)
    if root.paragraphs:
        preface = Section("", "", 1, root.paragraphs[0].source, tuple(root.paragraphs))
        sections = (preface, *sections)
    paragraphs = [p for s in sections for sec in s.walk() for p in sec.paragraphs]
    facts, fact_sources = department_facts(paragraphs)
    return Document(
        path=path,
        kind=kind,
        year=year,
        title=title,
        department=Department(name, facts, fact_sources),
        sections=sections,
        tables=tuple(tables),
        toc=tuple(toc),
        lines=tuple(lines),
        loader=loader,
        identity=identity,
    )


def _own_starts(block: TextLine, text: str) -> tuple[tuple[int, int], ...]:
    """The line starts of a (stripped) text line, relative to ``text``."""
    if not block.line_starts:
        return ((0, block.source.line or 0),)
    shift = len(block.text) - len(block.text.lstrip())
    return tuple((max(0, o - shift), l) for o, l in block.line_starts)


def _accept_heading(stack: list[_SectionBuilder], heading: tuple[int, str, str]) -> bool:
    """Numbered headings must continue their siblings' numbering; anything else is a numbered paragraph."""
    level, number, _ = heading
    if level == 1:
        return True
    parent = next((s for s in reversed(stack) if s.level < level), stack[0])
    if parent.level != level - 1 and not (parent.level == 0 and level == 2):
        return parent.level < level
    value = _cn_to_int(number)
    if value is None:
        return False
    return value == parent.last_child_number + 1


def _table_follows(blocks: Sequence[Block], i: int, window: int = 8) -> bool:
    """A title line is a table title when a grid, unit, compiler or note line follows closely."""
    for block in blocks[i + 1 : i + 1 + window]:
        if isinstance(block, GridBlock):
            return True
        t = block.text.strip()
        if not t:
            continue
        if _UNIT_LINE.match(t) or _COMPILER_LINE.match(t) or _NOTE_LINE.match(t):
            return True
        if _heading(t) or _TABLE_NUMBER.match(t) or identify_table(t):
            return False
    return False


def _collect_table(
    path: str,
    blocks: Sequence[Block],
    i: int,
    title: str | None,
    number: str | None,
    default_unit: Unit,
    resolve: XiangResolver | None,
    title_source: Source | None = None,
) -> tuple[Table, int]:
    """Read the unit, compiler, grid and notes of a table starting at block ``i``."""
    unit = default_unit
    compiler = None
    notes: list[str] = []
    grid: tuple[GridRow, ...] = ()
    source = title_source
    n = len(blocks)
    while i < n:
        block = blocks[i]
        if isinstance(block, GridBlock):
            if grid:
                break
            grid = block.rows
            if source is None and grid:
                source = grid[0].source
            i += 1
            continue
        t = block.text.strip()
        if not t:
            i += 1
            continue
        if _UNIT_LINE.match(t):
            unit = Unit.parse(t) or unit
        elif _COMPILER_LINE.match(t):
            compiler = _COMPILER_LINE.match(t).group(2).strip() or None
        elif _NOTE_LINE.match(t):
            notes.append(t)
        elif re.match(r"^[(（]\s*\d{4}\s*年?\s*[)）]$", t):
            pass  # a year line under a title: "(2021 年)"
        else:
            break
        i += 1
    kind = identify_table(title) if title else None
    table = build_table(
        kind=kind.id if kind else None,
        title=re.sub(r"\s+", "", title) if title else "（无标题表格）",
        unit=unit,
        rows=grid,
        source=source or Source(path),
        number=number,
        notes=notes,
        compiler=compiler,
        resolve_xiang=resolve,
    )
    return table, i
