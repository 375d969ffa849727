"""Assemble a :class:`~budgetrules.core.model.Document` from a stream of text lines and table grids.

Loaders only have to turn their format into :class:`TextLine` and :class:`GridBlock` items in reading
order; this module recognises the document's title, year and kind, the table of contents, the section
tree (``第一部分`` / ``一、`` / ``（一）``), table titles (by :func:`~budgetrules.core.tablekinds.identify_table`,
wherever they stand), table numbers (``表一：``), ``编制部门`` and ``单位`` lines, notes under tables
(``备注：…空表``), paragraphs broken across lines, and stray page-break debris.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.amounts import Unit
from budgetrules.core.errors import InputError
from budgetrules.core.model import (
    Department,
    Document,
    Paragraph,
    Section,
    Source,
    Table,
    TocEntry,
)
from budgetrules.core.tablekinds import MONEY_KINDS, clean_title, identify_table, normalize_label
from budgetrules.reading.contents import ContentsLine, is_contents_heading, read_contents, toc_key
from budgetrules.reading.identity import establish
from budgetrules.reading.tablebuild import GridRow, XiangResolver, _is_data_row, build_table, split_header
from budgetrules.reading.titleblock import NOTE_LINE, TitleBlock, info_line, peel_grid, read_title_block

__all__ = ["TextLine", "GridBlock", "assemble", "catalogue_xiang_resolver", "MAX_TEXT_CHARS"]

#: A document whose lines and cells hold more characters than this is refused before it is read: the longest
#: real disclosures print about 50,000, and every rule's work grows with the numbers the text states, so
#: reading an unbounded text would let one file run for minutes.
MAX_TEXT_CHARS = 1_000_000


_BUDGET_OR_FINAL = regex.compile(r"预算|决算")
_COLON_THEN_TEXT = regex.compile(r"[:：]\s*\S")
_DIGIT = regex.compile(r"\d")


@attrs.frozen
class TextLine:
    """A line of prose (or a title, heading, unit line …) and its source.

    A loader that has already joined a paragraph wrapped over several printed lines (PDF) passes
    ``line_starts``: ``(offset, line)`` pairs telling from which offset of ``text`` each printed line starts
    (as :attr:`budgetrules.core.model.Paragraph.line_starts`). Empty means the whole text is ``source.line``.
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
_L1 = regex.compile(r"^(第[一二三四五六七八九十]+部分)\s*(.*)$")
_L2 = regex.compile(r"^([一二三四五六七八九十]+)\s*[、．.]\s*(.+)$")
_L3 = regex.compile(r"^([（(]\s*[一二三四五六七八九十]+\s*[)）])\s*(.+)$")
_CONTINUATION_START = regex.compile(r"^[元万亿、，。；：）)%％]")
_NOT_CN_DIGIT = regex.compile(r"[^一二三四五六七八九十]")
_SENTENCE_STOP = regex.compile(r"[。；;]")
_SPACES = regex.compile(r"\s+")
_TERMINAL = ("。", "；", "：", "！", "？", ":", ";")
_MAX_HEADING = 60


def _cn_to_int(text: str) -> int | None:
    text = _NOT_CN_DIGIT.sub("", text)
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
    """``(level, number, title)`` of a numbered heading line, or None.

    A line holding a sentence is a numbered paragraph, not a heading: it ends with 。, or has a 。 or ；
    inside, or runs into a list (``（一）收入预算总计 17996.68 万元。包括：``).
    """
    t = text.strip()
    if len(t) > _MAX_HEADING or t.endswith(("。", "；", ";")) or _SENTENCE_STOP.search(t, 0, len(t) - 1):
        return None
    for level, pattern in ((1, _L1), (2, _L2), (3, _L3)):
        m = pattern.match(t)
        if m:
            title = m.group(2).strip()
            if level == 1 or title:
                return level, _SPACES.sub("", m.group(1)), title
    return None


_PAGE_NUMBER = regex.compile(r"^[-—–－\s]*\d[\d\s]{0,4}[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^-\s*\d+\s*-$")


def _is_debris(text: str) -> bool:
    """Page-break debris: one or two stray characters, or a page number (``— 9 —``, ``第 3 页``)."""
    t = text.strip()
    return (len(t) <= 2 and not _heading(t)) or bool(_PAGE_NUMBER.match(t))


def catalogue_xiang_resolver(year: int | None) -> XiangResolver | None:
    """Resolve a 项 printed without its code from its name, with the shipped catalogue of ``year``."""
    if year is None:
        return None
    try:
        from budgetrules import catalogues
    except ImportError:  # pragma: no cover - catalogues are part of the package
        return None

    def resolve(system: str, parent: str, name: str) -> str | None:
        try:
            catalogue = catalogues.load(system, year)
            if catalogue is None:
                return None
            matches = [e for e in catalogue.find_by_name(name, parent=parent) if e.level == "项"]
        except (OSError, ValueError):  # a catalogue file that cannot be read or parsed: the 项 stays unresolved
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
    if not texts or _BUDGET_OR_FINAL.search(texts[0]):
        return 1
    for k in range(1, len(texts)):
        t = texts[k]
        if not t or _heading(t) or is_contents_heading(t) or len(t) > _MAX_HEADING:
            return 1
        if re.search(r"预算|决算", t):
            return k + 1
    return 1


@attrs.define
class _ParagraphBuilder:
    """A paragraph being joined from its printed lines (the pieces are joined once, when it is frozen: joining
    them line by line would copy the paragraph once per line)."""

    source: Source
    texts: list[str]
    line_starts: list[tuple[int, int]]
    length: int = 0

    @classmethod
    def start(cls, text: str, source: Source, line_starts: Iterable[tuple[int, int]]) -> "_ParagraphBuilder":
        return cls(source, [text], list(line_starts), len(text))

    def add(self, text: str, line_starts: Iterable[tuple[int, int]]) -> None:
        self.line_starts.extend((self.length + o, line) for o, line in line_starts)
        self.texts.append(text)
        self.length += len(text)

    def freeze(self) -> Paragraph:
        return Paragraph("".join(self.texts), self.source, tuple(self.line_starts))


@attrs.define
class _SectionBuilder:
    number: str
    title: str
    level: int
    source: Source
    paragraphs: list[_ParagraphBuilder] = attrs.field(factory=list)
    children: list["_SectionBuilder"] = attrs.field(factory=list)
    last_child_number: int = 0

    def freeze(self) -> Section:
        return Section(
            number=self.number,
            title=self.title,
            level=self.level,
            source=self.source,
            paragraphs=tuple(p.freeze() for p in self.paragraphs),
            children=tuple(c.freeze() for c in self.children),
        )


@attrs.define
class _TableSpec:
    """A table as found, before it is built: title block, grid lines and notes (continuations joined here)."""

    title: str | None
    number: str | None
    unit: Unit | None
    compiler: str | None
    rows: list[GridRow]
    notes: list[str]
    source: Source
    end_page: int | None
    #: The heading of the section an untitled table stands in (its title says where it is).
    section: str | None = None


def _check_size(path: str, blocks: Sequence[Block]) -> None:
    total = 0
    for block in blocks:
        if isinstance(block, GridBlock):
            total += sum(len(c) for row in block.rows for c in row.cells)
        else:
            total += len(block.text)
        if total > MAX_TEXT_CHARS:
            raise InputError(path, f"文字内容超过 {MAX_TEXT_CHARS} 个字符（真实的预决算公开文件约 5 万字符），拒绝读取")


def assemble(
    path: str,
    blocks: Iterable[Block],
    *,
    lines: Sequence[str] = (),
    loader: str | None = None,
    default_unit: Unit = Unit.WAN,
) -> Document:
    """Build the document graph from blocks in reading order; :class:`~budgetrules.core.errors.InputError` when they
    hold more than :data:`MAX_TEXT_CHARS` characters."""
    blocks = list(blocks)
    _check_size(path, blocks)
    blocks = _peel_grids(blocks)
    identity = establish(path, blocks, lines)
    title, year, kind, name = identity.title, identity.year, identity.kind, identity.department
    resolve = catalogue_xiang_resolver(year)

    root = _SectionBuilder("", "", 0, Source(path))
    stack: list[_SectionBuilder] = [root]
    toc: list[TocEntry] = []
    toc_matched: set[int] = set()
    specs: list[_TableSpec] = []
    compilers: list[str] = []
    last_paragraph_open = False
    between_tables = False  # only page debris since the last table

    # a line is read as a heading once, though the title-block search and the main loop both ask
    headings: dict[str, tuple[int, str, str] | None] = {}

    def heading_of(text: str) -> tuple[int, str, str] | None:
        if text not in headings:
            headings[text] = _heading(text)
        return headings[text]

    i = 0
    n = len(blocks)
    nonblank = [k for k, b in enumerate(blocks) if isinstance(b, TextLine) and b.text.strip()]
    nonblank_lines = [b for b in blocks if isinstance(b, TextLine) and b.text.strip()]
    title_indexes = set(nonblank[: _title_line_count(nonblank_lines)])
    first_text_index = next((k for k, b in enumerate(blocks) if isinstance(b, TextLine)), None)
    if first_text_index is not None and read_title_block(blocks, first_text_index) is not None:
        title_indexes, first_text_index = set(), None  # a file of tables: its first line is a table's title
    while i < n:
        block = blocks[i]
        if isinstance(block, GridBlock):
            spec, i = _collect(path, blocks, i, None, block.rows[0].source if block.rows else Source(path))
            spec.section = stack[-1].title or None
            _add_spec(specs, spec, continues=between_tables)
            between_tables = True
            last_paragraph_open = False
            continue
        text = block.text.strip()
        if not text or i == first_text_index or i in title_indexes:
            i += 1
            continue
        if is_contents_heading(text) and not toc:
            entries, i = read_contents(blocks, i)
            toc.extend(_toc_entry(e) for e in entries)
            between_tables = False
            continue

        tb = read_title_block(blocks, i, is_heading=lambda t: heading_of(t) is not None and identify_table(t) is None)
        if tb is not None:
            title_line = blocks[tb.title_index]
            assert isinstance(title_line, TextLine)  # a title block starts at a text line
            spec, i = _collect(path, blocks, tb.grid if tb.grid is not None else tb.end, tb, title_line.source)
            _add_spec(specs, spec, continues=between_tables)
            between_tables = True
            last_paragraph_open = False
            continue

        info = info_line(text)
        if info is not None:
            if info.compiler:
                compilers.append(info.compiler)
            i += 1
            continue

        heading = heading_of(text)
        if heading and _accept_heading(stack, heading):
            _open_section(stack, heading, block.source)
            _mark_toc_entry(heading, toc, toc_matched)
            between_tables = False
            last_paragraph_open = False
            i += 1
            continue
        entry = _matching_toc_entry(text, heading, toc, toc_matched)
        if entry is not None:
            level = entry.level if entry.level in (1, 2, 3) else max(2, stack[-1].level)
            _open_section(stack, (level, "", text), block.source, numbered=False)
            between_tables = False
            last_paragraph_open = False
            i += 1
            continue

        if _is_debris(text):
            i += 1
            continue

        between_tables = False
        current = stack[-1]
        own_starts = _own_starts(block, text)
        if last_paragraph_open and current.paragraphs and _CONTINUATION_START.match(text):
            current.paragraphs[-1].add(text, own_starts)
        else:
            current.paragraphs.append(_ParagraphBuilder.start(text, block.source, own_starts))
        last_paragraph_open = not text.endswith(_TERMINAL)
        i += 1

    tables = _build_tables(specs, default_unit, resolve)
    sections = tuple(c.freeze() for c in root.children)
    if root.paragraphs:
        preface = Section("", "", 1, root.paragraphs[0].source, tuple(p.freeze() for p in root.paragraphs))
        sections = (preface, *sections)
    return Document(
        path=path,
        kind=kind,
        year=year,
        title=title,
        department=Department(name),
        sections=sections,
        tables=tuple(tables),
        toc=tuple(toc),
        lines=tuple(lines),
        loader=loader,
        identity=identity,
    )


def _open_section(stack: list[_SectionBuilder], heading: tuple[int, str, str], source: Source, numbered: bool = True) -> None:
    level, number, title_text = heading
    while stack[-1].level >= level:
        stack.pop()
    parent = stack[-1]
    section = _SectionBuilder(number, title_text, level, source)
    parent.children.append(section)
    if numbered:
        parent.last_child_number = _cn_to_int(number) or parent.last_child_number + 1
    else:
        parent.last_child_number += 1
    stack.append(section)


def _toc_entry(entry: ContentsLine) -> TocEntry:
    heading = _heading(entry.text.rstrip("。．."))
    if heading is not None:
        return TocEntry(heading[1], heading[2], heading[0], entry.source)
    m = re.match(r"^(\d{1,2})\s*[、.．](?!\d)\s*(.+)$", entry.text)
    if m:
        return TocEntry(m.group(1), m.group(2).strip(), 4, entry.source)
    return TocEntry("", entry.text, 4, entry.source)


def _matching_toc_entry(
    text: str, heading: tuple[int, str, str] | None, toc: Sequence[TocEntry], matched: set[int]
) -> TocEntry | None:
    """The contents entry an unnumbered short line stands for as the body's heading, or None.

    The line must be short, end without sentence punctuation, hold no ``label：value`` and contain the entry's
    name (:func:`~budgetrules.reading.contents.toc_key`: numbering, years, 部门/单位 and punctuation aside) — e.g.
    ``上海市普陀区…办事处（部门）主要职能`` for ``一、部门主要职能`` — or differ from it only slightly. Each entry
    is used once.
    """
    if not toc or heading is not None or len(text) > 40 or text.endswith(_TERMINAL + ("，", ",")):
        return None
    if _COLON_THEN_TEXT.search(text) or identify_table(text) is not None:
        return None
    key = toc_key(text)
    if len(key) < 3 or _DIGIT.search(key):
        return None
    for index, entry in enumerate(toc):
        entry_key = toc_key(entry.title)
        if index in matched or len(entry_key) < 3:
            continue
        if entry_key in key:
            matched.add(index)
            return entry
    return None


def _mark_toc_entry(heading: tuple[int, str, str], toc: Sequence[TocEntry], matched: set[int]) -> None:
    """A numbered body heading uses up the first unused contents entry with its number and name."""
    level, number, title = heading
    key = toc_key(title)
    for index, entry in enumerate(toc):
        if index not in matched and entry.number == number and toc_key(entry.title) in key:
            matched.add(index)
            return


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


# --------------------------------------------------------------------------------------------------------
# tables


def _peel_grids(blocks: list[Block]) -> list[Block]:
    """Text printed inside a frame becomes text lines.

    * title-block lines at the top of a grid (a title, ``编制部门：… 单位：元``, a contents heading);
    * a framed box of prose (every line one cell of text, no amount): a paragraph set in a box is not a table.
    """
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, GridBlock):
            out.append(block)
            continue
        rows = list(block.rows)
        first = _single_cell(rows[0]) if rows else None
        if first and is_contents_heading(first):
            out.append(TextLine(first, rows[0].source))
            out.append(GridBlock(tuple(rows[1:])))
            continue
        if rows and all(_single_cell(r) is not None or not any(c.strip() for c in r.cells) for r in rows) and not any(
            _is_data_row(r.cells) for r in rows
        ) and any(len(_single_cell(r) or "") > 40 for r in rows):
            out.extend(TextLine(cell, r.source) for r in rows if (cell := _single_cell(r)))
            continue
        peeled, rest = peel_grid(rows)
        for text, row in peeled:
            out.append(TextLine(text, row.source))
        rest = _drop_empty_columns(rest)
        if rest:
            out.append(GridBlock(tuple(rest)))
    return out


def _drop_empty_columns(rows: Sequence[GridRow]) -> list[GridRow]:
    """A column with no text in any line of a grid, header included, carries nothing (a ruling split, a merged
    cell's shadow). A grid without header lines (a table's continuation) keeps its columns: one left blank on
    that page is still a column of the table."""
    if not rows or _is_data_row(rows[0].cells):  # no header lines (split_header would find none)
        return list(rows)
    width = max(len(r.cells) for r in rows)
    keep = [c for c in range(width) if any(c < len(r.cells) and r.cells[c].strip() for r in rows)]
    if len(keep) == width:
        return list(rows)
    out = []
    for r in rows:
        cells = tuple(r.cells[c] if c < len(r.cells) else "" for c in keep)
        sources = tuple(r.cell_source(c) for c in keep) if r.cell_sources else ()
        out.append(GridRow(cells, r.source, sources))
    return out


def _single_cell(row: GridRow) -> str | None:
    """The text of a row with exactly one distinct filled cell (a merged cell repeated counts once), else None."""
    filled = set(c.strip() for c in row.cells if c.strip())
    return filled.pop() if len(filled) == 1 else None


def _collect(path: str, blocks: Sequence[Block], i: int, tb: TitleBlock | None, source: Source) -> tuple[_TableSpec, int]:
    """The grid at ``i`` (if any) and the notes under it, with the title block ``tb`` (if any)."""
    rows: list[GridRow] = []
    n = len(blocks)
    grid = blocks[i] if i < n else None
    if isinstance(grid, GridBlock):
        rows = list(grid.rows)
        i += 1
    notes: list[str] = []
    unit = tb.unit if tb else None
    compiler = tb.compiler if tb else None
    while i < n:
        block = blocks[i]
        if isinstance(block, GridBlock):
            break
        t = block.text.strip()
        if not t:
            i += 1
            continue
        if NOTE_LINE.match(t):
            notes.append(t)
        elif tb is not None and not rows and (info := info_line(t)) is not None:
            unit = unit or info.unit
            compiler = compiler or info.compiler
        else:
            break
        i += 1
    pages = [r.source.page for r in rows if r.source.page is not None]
    spec = _TableSpec(
        title=tb.title if tb else None,
        number=tb.number if tb else None,
        unit=unit,
        compiler=compiler,
        rows=rows,
        notes=notes,
        source=source,
        end_page=max(pages) if pages else source.page,
    )
    return spec, i


def _header_key(rows: Sequence[GridRow]) -> tuple[str, ...]:
    header, _ = split_header(rows)
    return tuple(normalize_label("".join(r.cells)) for r in header)


def _add_spec(specs: list[_TableSpec], spec: _TableSpec, *, continues: bool) -> None:
    """Add a table, or join it to the one before when it is that table continued on the next page.

    A continuation repeats the title (or has none), has no other number, starts on the page after the one
    the previous table ends on, with nothing but page debris between, and prints the same header lines.
    """
    prev = specs[-1] if specs else None
    if (
        continues
        and prev is not None
        and prev.rows
        and spec.rows
        and prev.end_page is not None
        and spec.source.page == prev.end_page + 1
        and (spec.title is None or (prev.title is not None and clean_title(spec.title) == clean_title(prev.title)))
        and (spec.number is None or spec.number == prev.number)
        and (spec.title is not None or not _header_key(spec.rows) or _header_key(spec.rows) == _header_key(prev.rows))
        and _kind_of(prev) in MONEY_KINDS + (None,)
        and _width(spec.rows) == _width(prev.rows)
    ):
        header = _header_key(prev.rows)
        rows = list(spec.rows)
        own, _ = split_header(rows)
        if own and tuple(normalize_label("".join(r.cells)) for r in own) == header:
            rows = rows[len(own):]
        elif spec.title is not None:
            specs.append(spec)
            return
        prev.rows.extend(rows)
        prev.notes.extend(spec.notes)
        prev.end_page = spec.end_page
        return
    specs.append(spec)


def _width(rows: Sequence[GridRow]) -> int:
    return max((len(r.cells) for r in rows), default=0)


def _kind_of(spec: _TableSpec) -> str | None:
    kind = identify_table(spec.title) if spec.title else None
    return kind.id if kind else None


_UNIT_IN_HEADER = regex.compile(r"单位\s*[:：]\s*(亿元|万元|千元|元)|[（(](亿元|万元|元)[)）]")


def _header_unit(rows: Sequence[GridRow]) -> Unit | None:
    """A unit printed in the header cells (``预算数（单位：万元）``, ``金额（元）``), when all agree."""
    header, _ = split_header(rows)
    found = set()
    for row in header:
        for cell in row.cells:
            for m in _UNIT_IN_HEADER.finditer(cell.replace(" ", "")):
                found.add(m.group(1) or m.group(2))
    if len(found) == 1:
        return Unit.parse(found.pop())
    return None


def _build_tables(specs: Sequence[_TableSpec], default_unit: Unit, resolve: XiangResolver | None) -> list[Table]:
    tables: list[Table] = []
    stated: Unit | None = None
    for spec in specs:
        unit = spec.unit or _header_unit(spec.rows)
        if unit is not None:
            stated = unit
        kind = identify_table(spec.title) if spec.title else None
        tables.append(
            build_table(
                kind=kind.id if kind else None,
                title=spec.title or (f"{spec.section}（未印表名）" if spec.section else "（无标题表格）"),
                unit=unit or stated or default_unit,
                rows=spec.rows,
                source=spec.source,
                number=spec.number,
                notes=spec.notes,
                compiler=spec.compiler,
                resolve_xiang=resolve,
            )
        )
    return tables
