"""Loader for disclosures published as PDF (with a text layer), read with PDFium (or pdfplumber).

* **Detected by content**: a ``%PDF-`` header within the first KiB.
* **What is read from a page** is plain data — its characters (each box set on its baseline, see
  :func:`~budgetrules_plugins.loaders.pdflayout.baseline_box`) and its *visible* ruling segments (drawn lines, the
  sides of stroked or coloured rectangles; never white fills or clipping paths, which Excel and Word exports
  paint behind every cell) — and laid out by :mod:`budgetrules_plugins.loaders.pdflayout`: ruled tables with their
  logical columns (a header cell spanning several columns gives its label to each, a boundary drawn only by
  the header or by a double border line makes no column), tables without ruling lines from text
  alignment, and text lines in reading order. Line breaks inside cells are joined
  (:func:`~budgetrules_plugins.loaders.gridtools.tidy_grid`).
* **A title block inside a table's frame** (title, ``部门：… 单位：万元``) and notes at its foot come out as
  text lines before (after) the grid, as if printed outside it.
* **A table continued over a page break** is joined into one: the first thing on the new page is a grid
  whose column boundaries are those of the table that ended the previous page (or some of them: a ``合计``
  line may merge columns; or more of them, when only the first header line ended the page), and whose
  first lines are not a header of their own — a repeated header is dropped, a different header (labels
  over the columns that hold the open table's amounts) starts a new table. A row that Word broke over the
  page break (``八、社会保障和就`` | ``1,608.51`` … ``业支出``) is joined back into one line.
* **Running headers and footers** (a line repeated in the top or bottom margin band of many pages) and page
  numbers are kept in :attr:`Document.lines` but are not text, and do not break a table continued over the page.
* **Narrative text** outside the tables: lines that run to the right margin are joined with the next line
  into one paragraph (the exact line of each part is kept).
* **Locations**: every text line and every table row is one line of :attr:`Document.lines` (table cells
  separated by tabs), so ``Source(path, line, page)`` points at what a renderer can print.
* **Refused, with one clear line**: an encrypted, truncated or corrupt PDF; a PDF beyond the limits of
  :mod:`~budgetrules_plugins.loaders.pdflimits` — more than :data:`MAX_PAGES` pages (the pages the page tree really
  holds, counted before anything else is read), a page whose content inflates beyond a size, a page that
  takes too long to read; a scanned PDF with no text layer (there is no OCR).
* **Two readers** give each page as the same plain data (:mod:`~budgetrules_plugins.loaders.pdfpages`): PDFium
  (:mod:`~budgetrules_plugins.loaders.pdfium`, the default, about ten times faster) and pdfplumber
  (:mod:`~budgetrules_plugins.loaders.pdfminer_reader`), chosen with ``BUDGETRULES_PDF_READER=pdfium|pdfplumber``.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any, Iterable, Sequence

import attrs

from budgetrules import hookimpl
from budgetrules.api import (
    Document,
    GridBlock,
    GridRow,
    InputError,
    Source,
    TextLine,
    assemble,
    normalize_label,
    regex,
    split_header,
)

from .gridtools import clean_cell, tidy_grid
from .pdflayout import (
    SNAP,
    Grid,
    Line,
    aligned_tables,
    column_map,
    ruled_tables,
    same_columns,
    text_lines,
)
from .pdflimits import PdfLimits, inspect_pdf
from .pdfloader import LOADER  # registered by pdfloader, which imports this module when a PDF is read
from .pdfpages import PageData
from .pdfpages import reader as pdf_reader

__all__ = ["MAX_PAGES", "LOADER", "load_pdf", "read_pdf_blocks"]

#: PDFs with more pages than this are refused by default (a departmental disclosure has tens of pages; see
#: :class:`~budgetrules_plugins.loaders.pdflimits.PdfLimits` for this and the other limits, and how to set them).
MAX_PAGES = PdfLimits().max_pages
#: How far (points) the column boundaries of a table read from text alignment may move from page to page:
#: they lie between the widest texts of neighbouring columns, which differ page to page.
UNRULED_TOLERANCE = 12.0
#: Fewer text characters than this in the whole file means a scan without a text layer.
MIN_TEXT_CHARS = 20


# --- a page, laid out -------------------------------------------------------------------------------


@attrs.frozen
class _Page:
    width: float
    height: float
    lines: list[Line]
    grids: list[Grid]


def _read_page(page: PageData) -> _Page:
    chars = page.chars
    ruled = ruled_tables(page.rulings, chars)
    lines = text_lines(c for i, c in enumerate(chars) if i not in ruled.used)
    lines = sorted([*lines, *ruled.lines], key=lambda l: (l.top, l.x0))
    grids = list(ruled.grids)
    taken: set[int] = set()
    for grid, indexes in aligned_tables(lines):
        grids.append(grid)
        taken.update(indexes)
    if taken:
        lines = [l for i, l in enumerate(lines) if i not in taken]
    return _Page(page.width, page.height, lines, grids)


# --- the document --------------------------------------------------------------------------------------


@attrs.define
class _Builder:
    path: str
    lines: list[str] = attrs.field(factory=list)
    blocks: list[TextLine | GridBlock] = attrs.field(factory=list)
    # the open table (rows, spans, column boundaries) that may continue on the next page
    table_rows: list[GridRow] = attrs.field(factory=list)
    table_spans: list[tuple[int, ...]] = attrs.field(factory=list)
    table_columns: tuple[float, ...] = ()
    table_wrapped: tuple[bool, ...] = ()
    table_ruled: bool = True
    # the open paragraph: (text, starts, source) and whether its last line ran to the margin
    para: list[Any] | None = None
    para_full: bool = False

    def add_line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def flush_para(self) -> None:
        if self.para is not None:
            text, starts, source = self.para
            self.blocks.append(TextLine(text, source, tuple(starts)))
        self.para = None
        self.para_full = False

    def flush_table(self) -> None:
        if self.table_rows:
            rows = tidy_grid(self.table_rows, self.table_spans)
            if rows:
                self.blocks.append(GridBlock(tuple(rows)))
        self.table_rows, self.table_spans, self.table_columns, self.table_wrapped = [], [], (), ()

    def text(self, line: Line, page: int, full: bool, indented: bool = False) -> None:
        """Add a text line; it continues the open paragraph when that one ran to the margin (unless indented)."""
        self.flush_table()
        number = self.add_line(line.text)
        source = Source(self.path, number, page)
        if self.para is not None and self.para_full and not indented:
            text, starts, _ = self.para
            starts.append((len(text), number))
            self.para[0] = text + line.text
        else:
            self.flush_para()
            self.para = [line.text, [(0, number)], source]
        self.para_full = full

    def table(self, grid: Grid, page: int, first_on_page: bool) -> None:
        self.flush_para()
        wrapped = grid.wrapped or tuple((False,) * len(r) for r in grid.cells)
        rows = [
            (tuple(clean_cell(c) for c in cells), spans, flags)
            for cells, spans, flags in zip(grid.cells, grid.spans, wrapped)
        ]
        continued = None
        tolerance = SNAP if grid.ruled and self.table_ruled else UNRULED_TOLERANCE
        if first_on_page and self.table_rows and (grid.ruled or len(grid.columns) == len(self.table_columns)):
            if same_columns(self.table_columns, grid.columns, tolerance):
                rows = _widen(rows, column_map(self.table_columns, grid.columns), len(self.table_columns) - 1)
                continued = self._continuation(rows)
            elif same_columns(grid.columns, self.table_columns, tolerance) and not self._has_data():
                # a table whose first header line ended the page: the next page draws its finer columns
                self._widen_open(grid.columns)
                continued = self._continuation(rows)
        if continued is None:
            self.flush_table()
            self.table_columns = grid.columns
            self.table_ruled = grid.ruled
        else:
            rows = continued
            if rows and self._joins_broken_row(rows[0]):
                cells, _, flags = rows.pop(0)
                self.add_line("\t".join(cells))
                last = self.table_rows[-1]
                joined = tuple(clean_cell(a + "\n" + b) if b else a for a, b in zip(last.cells, cells))
                self.table_rows[-1] = attrs.evolve(last, cells=joined)
                self.table_wrapped = flags
        for cells, spans, flags in rows:
            number = self.add_line("\t".join(cells))
            source = Source(self.path, number, page)
            self.table_rows.append(GridRow(tuple(cells), source, tuple(source for _ in cells)))
            self.table_spans.append(spans)
            self.table_wrapped = flags

    def _has_data(self) -> bool:
        _, data = split_header([r for r in self.table_rows if any(c for c in r.cells)])
        return any(_AMOUNT.match(text.strip()) for r in data for text in r.cells)

    def _widen_open(self, columns: tuple[float, ...]) -> None:
        """Spread the open table's lines over the finer columns ``columns`` (its own boundaries among them)."""
        mapping = column_map(columns, self.table_columns)
        rows = [(r.cells, spans, ()) for r, spans in zip(self.table_rows, self.table_spans)]
        wide = _widen(rows, mapping, len(columns) - 1)
        self.table_rows = [
            GridRow(tuple(cells), r.source, tuple(r.source for _ in cells)) for r, (cells, _, _) in zip(self.table_rows, wide)
        ]
        self.table_spans = [spans for _, spans, _ in wide]
        last = _widen([((), (), self.table_wrapped)], mapping, len(columns) - 1)
        self.table_wrapped = last[0][2]
        self.table_columns = columns

    def _joins_broken_row(self, row) -> bool:
        """True when the first line of a continued table finishes the last line of the page before: Word
        breaks a row over the page break, so ``八、社会保障和就`` | ``1,608.51`` ends one page and ``业支出`` begins
        the next. The new line holds no amount, its text stands only in cells whose text ran to the right
        edge on the previous page (a line that holds amounts), and it does not begin as a line of its own
        does (a number, a code, 其中)."""
        cells, _, _ = row
        last = self.table_rows[-1].cells
        filled = [c for c, text in enumerate(cells) if text.strip()]
        if not filled or any(_AMOUNT.match(cells[c].strip()) for c in filled):
            return False
        if any(c >= len(last) or not last[c].strip() or not self.table_wrapped[c] for c in filled):
            return False
        if not any(_AMOUNT.match(text.strip()) for text in last):
            return False  # a line with amounts was broken; a label-only line may as well be complete
        return not _ROW_START.match(cells[filled[0]].strip())

    def _continuation(self, rows):
        """The lines of ``rows`` that continue the open table (header lines repeated on the new page
        dropped), or None when ``rows`` begin with a header of their own: a different table."""
        header, data = split_header([r for r in self.table_rows if any(c for c in r.cells)])
        repeated = {normalize_label("".join(r.cells)) for r in header}
        rows = list(rows)
        while rows and (not any(rows[0][0]) or normalize_label("".join(rows[0][0])) in repeated):
            rows.pop(0)
        if not rows:
            return rows
        source = Source(self.path)
        own_header, _ = split_header([GridRow(cells, source) for cells, _, _ in rows])
        if not own_header:
            return rows
        seen = {normalize_label("".join(r.cells)) for r in self.table_rows}
        if normalize_label("".join(own_header[0].cells)) in seen:
            return rows  # a line printed in the open table already (a sub-header of a form) heads the page
        # lines before the first data line that label the columns holding the open table's amounts are a
        # header: another table
        amount_columns = {c for r in data for c, text in enumerate(r.cells) if _AMOUNT.match(text.strip())}
        if any(r.cells[c].strip() for r in own_header for c in amount_columns if c < len(r.cells)):
            return None
        return rows

    def finish(self) -> None:
        self.flush_para()
        self.flush_table()


#: A printed amount: decimals or thousands separators (a bare integer may be a count or a code).
_AMOUNT = regex.compile(r"^[-+(（]?\d[\d,]*\.\d+[)）]?$|^[-+]?\d{1,3}(,\d{3})+$")


#: How a line of a table begins when it is a line of its own: 一、 （一） 1. a code, 其中.
_ROW_START = regex.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]|^\d{3,}|^其中|^[（(]\d+[)）]")


def _widen(rows, mapping: list[tuple[int, int]], ncols: int):
    """Rows ``(cells, spans, wrapped)`` of a grid whose columns each cover one or more of ``ncols`` finer
    columns (``mapping[j]`` is the range column ``j`` covers), spread over the finer columns."""
    if len(mapping) == ncols and all(k1 - k0 == 1 for k0, k1 in mapping):
        return rows
    out = []
    for cells, spans, flags in rows:
        wide = [""] * ncols
        wide_spans = [1] * ncols
        wide_flags = [False] * ncols
        for j, (k0, k1) in enumerate(mapping):
            wide[k0] = cells[j] if j < len(cells) else ""
            wide_flags[k0] = flags[j] if j < len(flags) else False
            span = spans[j] if j < len(spans) else 1
            if span >= 1:
                last = mapping[min(j + span, len(mapping)) - 1][1]
                wide_spans[k0] = last - k0
            else:
                wide_spans[k0] = span
            for k in range(k0 + 1, k1):
                wide_spans[k] = -1 if span == -1 else 0
        out.append((tuple(wide), tuple(wide_spans), tuple(wide_flags)))
    return out


_TERMINAL = ("。", "！", "？", "!", "?")


def _margins(pages: Sequence[tuple[float, list[Line]]], right: bool) -> dict[int, float]:
    """The right (left) margin of running text per page width: where most long lines end (start)."""
    ends: dict[int, list[float]] = {}
    for width, lines in pages:
        ends.setdefault(round(width), []).extend((l.x1 if right else l.x0) for l in lines if len(l.text) >= 15)
    margins = {}
    for width, values in ends.items():
        if len(values) >= 5:
            values.sort()
            margins[width] = values[int((0.8 if right else 0.2) * (len(values) - 1))]
    return margins


def _body_size(pages: Sequence[tuple[float, list[Line]]]) -> float | None:
    """The font size of running text: the most common size of long lines."""
    sizes = [round(l.size, 1) for _, lines in pages for l in lines if len(l.text) >= 15]
    return statistics.mode(sizes) if sizes else None


def read_pdf_blocks(name: str, page_data: Iterable[PageData]) -> tuple[list[TextLine | GridBlock], list[str]]:
    """The blocks (text lines and table grids, in reading order) and the extracted lines of a PDF's pages."""
    pages: list[tuple[float, list[Line], list[Grid], float]] = []
    text_chars = 0
    for page in page_data:
        read = _read_page(page)
        text_chars += sum(len(l.text) for l in read.lines) + sum(len(c) for g in read.grids for r in g.cells for c in r)
        pages.append((read.width, read.lines, read.grids, read.height))
    if text_chars < MIN_TEXT_CHARS:
        raise InputError(name, "PDF 没有文字层（可能是扫描件或图片），本工具不做文字识别（OCR），请提供含文字的 PDF 或原始文件")
    margins = _margins([(w, lines) for w, lines, _, _ in pages], right=True)
    lefts = _margins([(w, lines) for w, lines, _, _ in pages], right=False)
    body_size = _body_size([(w, lines) for w, lines, _, _ in pages])
    running = _running_keys([(lines, height) for _, lines, _, height in pages])

    builder = _Builder(name)
    for page_number, (width, lines, grids, height) in enumerate(pages, start=1):
        right = margins.get(round(width))
        left = lefts.get(round(width))
        items: list[tuple[float, int, Any]] = [(l.top, 0, l) for l in lines] + [(g.top, 1, g) for g in grids]
        items.sort(key=lambda item: (item[0], item[1]))
        first = True
        after_title_wrap = False
        for position, (_, kind, item) in enumerate(items):
            if kind == 0:
                key = _band_key(item, height)
                if (
                    (key is not None and (key in running or _is_page_debris(item.text)))
                    or _is_page_number(item, height)
                    or _CONTINUED.match(item.text)
                ):
                    builder.add_line(item.text)
                    continue  # a running header or footer, a page number, "续表": kept in the lines, not in the text
                title_wrap = _title_wraps(item, items[position + 1][2] if position + 1 < len(items) else None, body_size)
                full = (
                    right is not None
                    and body_size is not None
                    and abs(item.size - body_size) <= 0.5
                    and len(item.text) >= 8
                    and item.x1 >= right - 2.5 * item.size
                    and not item.text.endswith(_TERMINAL)
                    or title_wrap
                ) and not _LEADER_END.search(item.text)
                indented = left is not None and item.x0 >= left + 1.5 * item.size and not after_title_wrap
                builder.text(item, page_number, full, indented or bool(_NEW_ITEM.match(item.text)))
                after_title_wrap = title_wrap
            else:
                builder.table(item, page_number, first)
            first = False
        if builder.para is not None and not builder.para_full:
            builder.flush_para()
    builder.finish()
    return builder.blocks, builder.lines


#: The share of the page height at the top and at the bottom where running headers and footers stand.
_BAND = 0.09


def _band_key(line: Line, height: float) -> tuple[str, str] | None:
    """``(top|bottom, text with digits as #)`` for a line in the header or footer band, else None."""
    if line.bottom <= _BAND * height:
        band = "top"
    elif line.top >= (1 - _BAND) * height:
        band = "bottom"
    else:
        return None
    return band, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _running_keys(pages: Sequence[tuple[list[Line], float]]) -> set[tuple[str, str]]:
    """Lines repeated in the header or footer band of many pages (at least 3 and 30 % of them)."""
    counts: dict[tuple[str, str], int] = {}
    for lines, height in pages:
        for key in {k for l in lines if (k := _band_key(l, height)) is not None}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(3, int(0.3 * len(pages) + 0.999))
    return {key for key, count in counts.items() if count >= needed}


def _title_wraps(line: Line, following: Any, body_size: float | None) -> bool:
    """A title set larger than the running text and wrapped onto the next line (same size, right below)."""
    if not isinstance(following, Line) or body_size is None or line.size < body_size + 1:
        return False
    return abs(following.size - line.size) <= 0.3 and 0 <= following.top - line.bottom <= line.size


#: A line that begins a new item (a part, a numbered heading or list item): never the rest of the line above,
#: even when that one ran to the margin (a contents entry as long as the line).
_NEW_ITEM = regex.compile(
    r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、．]|\d+\s*\.(?!\d))"
)
#: A contents entry ends with a dot leader (and maybe its page number): it never runs on into the next line.
_LEADER_END = regex.compile(r"(…{2,}|\.{4,}|·{4,}|-{4,})\s*\d*\s*$")
#: A line marking a table continued from the previous page.
_CONTINUED = regex.compile(r"^\s*[（(]?\s*续\s*表?\s*[）)]?\s*$|^\s*续上表\s*$")
_DASHES = "-—–─－﹣‐‑‒―"
_PAGE_DEBRIS = regex.compile(rf"^[{_DASHES}\s]*(\d\s*){{1,4}}[{_DASHES}\s]*$|^第\s*\d+\s*页")
#: A page number set between dashes (``— 3 —``), or with 第…页, is one wherever it stands in the lower margin.
_PAGE_NUMBER = regex.compile(rf"^\s*[{_DASHES}]+\s*(\d\s*){{1,4}}[{_DASHES}]+\s*$|^\s*第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?\s*$")


def _is_page_debris(text: str) -> bool:
    return bool(_PAGE_DEBRIS.match(text.strip()))


def _is_page_number(line: Line, height: float) -> bool:
    """A decorated page number in the lower fifth of the page."""
    return line.top >= 0.8 * height and bool(_PAGE_NUMBER.match(line.text))


def load_pdf(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    limits = PdfLimits.from_env()
    pages = inspect_pdf(name, data, limits)
    reader = pdf_reader()
    try:
        blocks, lines = read_pdf_blocks(name, reader.read_pages(name, data, range(pages), limits))
    except InputError:
        raise
    except Exception as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，读取页面时出错（{type(exc).__name__}: {exc}）") from None
    return assemble(name, blocks, lines=tuple(lines), loader="pdf")


@hookimpl
def register_loaders(register):  # an install made before the entry point named pdfloader (pip install -e . again)
    register(LOADER)
