"""Loader for disclosures published as PDF (with a text layer), read with pdfplumber.

* **Detected by content**: a ``%PDF-`` header within the first KiB.
* **Tables** are found by their ruling lines (``page.find_tables()``); a cell covered by a merged neighbour
  comes back as ``None`` and the cell geometry tells how far each merged cell spans, so a header label is
  spread over the columns it covers and a merged ``合计`` lands in the name column
  (:func:`~budgetrules_loaders.gridtools.tidy_grid`). Line breaks inside cells are joined.
* **A table continued over a page break** (the first thing on a page is a table with as many columns as the
  table that ended the previous page) is joined into one; header lines repeated on the new page are dropped.
* **Running headers and footers** (a line repeated in the top or bottom margin band of many pages) and page
  numbers are kept in :attr:`Document.lines` but are not text, and do not break a table continued over the page.
* **Narrative text** outside the table areas is rebuilt into lines from the characters: a character belongs
  to the line it overlaps most vertically, so digits and quotes set in a Latin font on a slightly lower
  baseline (``2024``, ``“三公”``) stay in their line. Lines that run to the right margin are joined with the
  next line into one paragraph (the exact line of each part is kept).
* **Locations**: every text line and every table row is one line of :attr:`Document.lines` (table cells
  separated by tabs), so ``Source(path, line, page)`` points at what a renderer can print.
* **Refused, with one clear line**: an encrypted, truncated or corrupt PDF; a PDF with more than
  :data:`MAX_PAGES` pages (counted from the page tree before anything else is read); a scanned PDF with no
  text layer (there is no OCR).
"""

from __future__ import annotations

import re
import statistics
from io import BytesIO
from pathlib import Path
from typing import Any, Iterable, Sequence

import attrs

from budgetrules import hookimpl
from budgetrules.assemble import GridBlock, TextLine, assemble
from budgetrules.errors import InputError
from budgetrules.loading import Loader
from budgetrules.model import Document, Source
from budgetrules.tablebuild import GridRow, split_header
from budgetrules.tablekinds import normalize_label

from .gridtools import clean_cell, tidy_grid

__all__ = ["MAX_PAGES", "LOADER", "load_pdf", "read_pdf_blocks"]

#: PDFs with more pages than this are refused (a departmental disclosure has tens of pages).
MAX_PAGES = 500
#: Fewer text characters than this in the whole file means a scan without a text layer.
MIN_TEXT_CHARS = 20


def _accepts(head: bytes, path: Path) -> bool:
    return b"%PDF-" in head[:1024]


# --- opening -------------------------------------------------------------------------------------------


def _count_pages(name: str, data: bytes) -> int:
    """The page count from the document catalogue (fast: no page is parsed). Raises InputError."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "PDF 文件已加密（需要密码或使用了不支持的加密方式），无法读取") from None
    except PDFSyntaxError as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{exc}）") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise InputError(name, "PDF 文件已加密（需要密码），无法读取") from None
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{type(exc).__name__}: {exc}）") from None
    try:
        pages = resolve1(document.catalog["Pages"])
        count = int(resolve1(pages["Count"]))
    except Exception:
        raise InputError(name, "PDF 文件已损坏：找不到页面目录（Pages），无法读取") from None
    return count


# --- text lines ----------------------------------------------------------------------------------------


@attrs.frozen
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _inside(obj: dict, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _text_lines(chars: Iterable[dict]) -> list[_Line]:
    """Group characters into lines by vertical overlap (robust to baseline shifts between fonts)."""
    chars = sorted((c for c in chars if c["text"].strip()), key=lambda c: (round(c["top"], 1), c["x0"]))
    bands: list[list[Any]] = []  # [top, bottom, chars]
    for ch in chars:
        height = max(ch["bottom"] - ch["top"], 0.1)
        best, best_overlap = None, 0.0
        for band in reversed(bands[-6:]):
            overlap = min(band[1], ch["bottom"]) - max(band[0], ch["top"])
            need = 0.5 * min(height, band[1] - band[0])
            if overlap >= need and overlap > best_overlap:
                best, best_overlap = band, overlap
        if best is None:
            bands.append([ch["top"], ch["bottom"], [ch]])
        else:
            best[2].append(ch)
    lines: list[_Line] = []
    for top, bottom, members in bands:
        members.sort(key=lambda c: c["x0"])
        sizes = [c.get("size") or (c["bottom"] - c["top"]) for c in members]
        size = statistics.median(sizes)
        text = ""
        prev = None
        for ch in members:
            if prev is not None and ch["x0"] - prev["x1"] > 0.45 * min(size, prev.get("size") or size):
                text += " "
            text += ch["text"]
            prev = ch
        lines.append(_Line(text.strip(), members[0]["x0"], max(c["x1"] for c in members), top, bottom, size))
    lines.sort(key=lambda l: l.top)
    return lines


# --- tables --------------------------------------------------------------------------------------------


@attrs.frozen
class _Grid:
    cells: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[int, ...], ...]
    top: float
    bottom: float


@attrs.frozen
class _PageTables:
    grids: list
    boxes: list


def _spans(table) -> tuple[tuple[int, ...], ...]:
    """How many columns each cell covers, from the cell boxes of the table.

    0 marks a cell covered by a merged neighbour on its left, -1 one covered by the cell above (a vertical
    merge: pdfplumber gives ``None`` for both).
    """
    rows = table.rows
    ncols = max((len(r.cells) for r in rows), default=0)
    centers: list[float | None] = [None] * ncols
    for row in rows:
        for c, box in enumerate(row.cells):
            if box is not None and centers[c] is None:
                centers[c] = (box[0] + box[2]) / 2
    out = []
    for row in rows:
        spans = []
        for c, box in enumerate(row.cells):
            if box is None:
                spans.append(0)
                continue
            width = 1
            for k in range(c + 1, len(row.cells)):
                if row.cells[k] is None and centers[k] is not None and centers[k] < box[2]:
                    width += 1
                else:
                    break
            spans.append(width)
        covered = set()
        for c, width in enumerate(spans):
            covered.update(range(c + 1, c + max(width, 1)))
        out.append(tuple(-1 if box is None and c not in covered else spans[c] for c, box in enumerate(row.cells)))
    return tuple(out)


def _page_tables(page) -> _PageTables:
    grids = []
    boxes = []
    for table in page.find_tables():
        boxes.append(table.bbox)
        raw = table.extract()
        cells = tuple(tuple(clean_cell(c) for c in row) for row in raw)
        if not any(any(c for c in row) for row in cells):
            continue  # a stray frame with nothing in it (e.g. the bottom rule of a table on its own page)
        grids.append(_Grid(cells, _spans(table), table.bbox[1], table.bbox[3]))
    return _PageTables(grids, boxes)


# --- the document --------------------------------------------------------------------------------------


@attrs.define
class _Builder:
    path: str
    lines: list[str] = attrs.field(factory=list)
    blocks: list[TextLine | GridBlock] = attrs.field(factory=list)
    # the open table (rows, spans, column count) that may continue on the next page
    table_rows: list[GridRow] = attrs.field(factory=list)
    table_spans: list[tuple[int, ...]] = attrs.field(factory=list)
    table_ncols: int = 0
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
        self.table_rows, self.table_spans, self.table_ncols = [], [], 0

    def text(self, line: _Line, page: int, full: bool, indented: bool = False) -> None:
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

    def table(self, grid: _Grid, page: int, first_on_page: bool) -> None:
        self.flush_para()
        ncols = max(len(r) for r in grid.cells)
        rows = list(zip(grid.cells, grid.spans))
        if first_on_page and self.table_rows and ncols == self.table_ncols:
            header, _ = split_header([r for r in self.table_rows if any(c for c in r.cells)])
            repeated = [normalize_label("".join(r.cells)) for r in header]
            while rows and (not any(rows[0][0]) or normalize_label("".join(rows[0][0])) in repeated):
                rows.pop(0)  # header lines repeated on the continuation page
        else:
            self.flush_table()
            self.table_ncols = ncols
        for cells, spans in rows:
            number = self.add_line("\t".join(cells))
            source = Source(self.path, number, page)
            self.table_rows.append(GridRow(tuple(cells), source, tuple(source for _ in cells)))
            self.table_spans.append(spans)

    def finish(self) -> None:
        self.flush_para()
        self.flush_table()


_TERMINAL = ("。", "！", "？", "!", "?")


def _margins(pages: Sequence[tuple[float, list[_Line]]], right: bool) -> dict[int, float]:
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


def _body_size(pages: Sequence[tuple[float, list[_Line]]]) -> float | None:
    """The font size of running text: the most common size of long lines."""
    sizes = [round(l.size, 1) for _, lines in pages for l in lines if len(l.text) >= 15]
    return statistics.mode(sizes) if sizes else None


def read_pdf_blocks(name: str, pdf) -> tuple[list[TextLine | GridBlock], list[str]]:
    """The blocks (text lines and table grids, in reading order) and the extracted lines of an open PDF."""
    pages: list[tuple[float, list[_Line], list[_Grid], float]] = []
    text_chars = 0
    for page in pdf.pages:
        found = _page_tables(page)
        lines = _text_lines(c for c in page.chars if not _inside(c, found.boxes))
        text_chars += sum(len(l.text) for l in lines) + sum(len(c) for g in found.grids for r in g.cells for c in r)
        pages.append((page.width, lines, found.grids, page.height))
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
                if key is not None and (key in running or _is_page_debris(item.text)):
                    builder.add_line(item.text)
                    continue  # a running header or footer, a page number: kept in the lines, not in the text
                title_wrap = _title_wraps(item, items[position + 1][2] if position + 1 < len(items) else None, body_size)
                full = (
                    right is not None
                    and body_size is not None
                    and abs(item.size - body_size) <= 0.5
                    and len(item.text) >= 8
                    and item.x1 >= right - 2.5 * item.size
                    and not item.text.endswith(_TERMINAL)
                ) or title_wrap
                indented = left is not None and item.x0 >= left + 1.5 * item.size and not after_title_wrap
                builder.text(item, page_number, full, indented)
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


def _band_key(line: _Line, height: float) -> tuple[str, str] | None:
    """``(top|bottom, text with digits as #)`` for a line in the header or footer band, else None."""
    if line.bottom <= _BAND * height:
        band = "top"
    elif line.top >= (1 - _BAND) * height:
        band = "bottom"
    else:
        return None
    return band, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _running_keys(pages: Sequence[tuple[list[_Line], float]]) -> set[tuple[str, str]]:
    """Lines repeated in the header or footer band of many pages (at least 3 and 30 % of them)."""
    counts: dict[tuple[str, str], int] = {}
    for lines, height in pages:
        for key in {_band_key(l, height) for l in lines} - {None}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(3, int(0.3 * len(pages) + 0.999))
    return {key for key, count in counts.items() if count >= needed}


def _title_wraps(line: _Line, following: Any, body_size: float | None) -> bool:
    """A title set larger than the running text and wrapped onto the next line (same size, right below)."""
    if not isinstance(following, _Line) or body_size is None or line.size < body_size + 1:
        return False
    return abs(following.size - line.size) <= 0.3 and 0 <= following.top - line.bottom <= line.size


_PAGE_DEBRIS = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页")


def _is_page_debris(text: str) -> bool:
    return bool(_PAGE_DEBRIS.match(text.strip()))


def load_pdf(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    pages = _count_pages(name, data)
    if pages > MAX_PAGES:
        raise InputError(name, f"PDF 共 {pages} 页，超过上限 {MAX_PAGES} 页（部门预决算公开文件通常只有几十页），拒绝读取")
    if pages == 0:
        raise InputError(name, "PDF 没有任何页面")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            blocks, lines = read_pdf_blocks(name, pdf)
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "PDF 文件已加密（需要密码），无法读取") from None
    except PDFSyntaxError as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{exc}）") from None
    except Exception as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，读取页面时出错（{type(exc).__name__}: {exc}）") from None
    return assemble(name, blocks, lines=tuple(lines), loader="pdf")


LOADER = Loader(
    name="pdf",
    description="PDF（含文字层；表格按框线识别，pdfplumber）",
    accepts=_accepts,
    load=load_pdf,
    priority=40,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
