"""Loader for disclosures published as Excel workbooks (.xlsx via openpyxl read-only, .xls via xlrd).

* **Detected by content**: a zip holding ``xl/workbook.xml`` (the zip directory is read, nothing inflated),
  or an OLE compound file whose directory lists a ``Workbook``/``Book`` stream (.xls).
* **Guarded**: the zip's declared sizes and compression ratios are checked before openpyxl inflates
  anything, and each part is counted as it actually inflates (:func:`~budgetrules_plugins.loaders.gridtools.check_zip`);
  a sheet with more rows than :data:`MAX_ROWS`, or with content beyond column :data:`MAX_COLS`, is refused —
  never read in part, which would drop what lies beyond and could report a clean file; encrypted workbooks
  are refused with a clear message.
* **Layout**: sheets are read in workbook order. On a sheet, a line with one filled cell (a title, a
  ``单位：万元`` line, a note) is text; lines with two or more filled cells are table rows, and a text line
  between them ends one table and starts the next, so a sheet may hold one table or several. A one-cell line
  inside a table (a group heading of the header) stays in the table unless it reads as a title, unit line,
  note or heading.
* **Numbers**: a numeric cell is read as a Decimal from its shortest decimal representation and shown with
  the decimals of its number format (``#,##0.00`` → ``1511.90``), so a printed ``1,511.90`` keeps its two
  decimals; no float arithmetic is done on amounts.
* **Locations**: every sheet line is one line of :attr:`Document.lines` (cells separated by tabs);
  ``Source.ref`` is the cell address, ``Sheet1!B7``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import Any, Sequence

from budgetrules import hookimpl
from budgetrules.api import (
    Document,
    GridBlock,
    GridRow,
    InputError,
    Loader,
    Source,
    TextLine,
    assemble,
    identify_table,
    is_total_label,
    regex,
)

from .docx import _zip_kind
from .gridtools import OLE_MAGIC, check_zip, clean_cell, office_kind, ole_streams, tidy_grid

__all__ = ["LOADER", "load_xlsx", "MAX_ROWS", "MAX_COLS", "number_text"]

#: At most this many rows are read per sheet.
MAX_ROWS = 20_000
#: At most this many columns are read per row.
MAX_COLS = 200

_TEXT_LINE = regex.compile(
    r"^((金额)?单位\s*[：:]|编制(部门|单位)|(备注|注|说明)\s*\d*\s*[：:]|表\s*[一二三四五六七八九十\d]+|第[一二三四五六七八九十]+部分)"
)
_HEADING = regex.compile(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]")


def _accepts(head: bytes, path: Path) -> bool:
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(head, path)
        return kind == "xlsx" or (kind is None and path.suffix.lower() in (".xlsx", ".xlsm"))
    if head.startswith(OLE_MAGIC):
        try:
            data = path.read_bytes()
        except OSError:
            return path.suffix.lower() in (".xls", ".xlsx")
        streams = ole_streams(data)
        if streams is None:  # a damaged directory: the name decides, the loader reports the damage
            return path.suffix.lower() in (".xls", ".xlsx")
        if "WordDocument" in streams:
            return False
        if "Workbook" in streams or "Book" in streams:
            return True
        return "EncryptedPackage" in streams and path.suffix.lower() in (".xls", ".xlsx")
    return False


def _places(number_format: str | None) -> int | None:
    """Decimals a number format shows (``#,##0.00`` → 2, ``0`` → 0); None for General/unknown."""
    if not number_format or number_format.lower() == "general":
        return None
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]', "", section)
    if not re.search(r"[0#?]", section):
        return None
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1)) if m else 0


def number_text(value: Any, number_format: str | None = None) -> str:
    """The printed text of a cell value: numbers as exact decimals with the format's decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        places = _places(number_format)
        if places is not None:
            number = number.quantize(Decimal(1).scaleb(-places))
        text = f"{number:f}"
        if "%" in (number_format or "") and places is not None:
            return f"{(number * 100).quantize(Decimal(1).scaleb(-max(places - 2, 0))):f}%"
        return text
    return clean_cell(value)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _SheetReader:
    """Turns the rows of the sheets into blocks and lines (a sheet's rows are buffered to look ahead)."""

    def __init__(self, name: str):
        self.name = name
        self.blocks: list[TextLine | GridBlock] = []
        self.lines: list[str] = []
        self.grid: list[GridRow] = []
        self.spans: list[list[int]] = []
        self.rows: list[tuple[str, int, list[str], Sequence[int] | None]] = []

    def flush(self) -> None:
        if self.grid:
            width = max(len(r.cells) for r in self.grid)
            rows = [GridRow(r.cells + ("",) * (width - len(r.cells)), r.source, r.cell_sources) for r in self.grid]
            spans = [s + [1] * (width - len(s)) for s in self.spans]
            tidy = tidy_grid(rows, spans)
            if tidy:
                self.blocks.append(GridBlock(tuple(tidy)))
        self.grid, self.spans = [], []

    def row(self, sheet: str, number: int, cells: Sequence[str], spans: Sequence[int] | None = None) -> None:
        cells = list(cells)
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            self.rows.append((sheet, number, cells, spans))

    def end_sheet(self) -> None:
        for index, (sheet, number, cells, spans) in enumerate(self.rows):
            self._place(index, sheet, number, cells, spans)
        self.rows = []
        self.flush()

    def _place(self, index: int, sheet: str, number: int, cells: list[str], spans: Sequence[int] | None) -> None:
        filled = [c for c in cells if c]
        first = next(i for i, c in enumerate(cells) if c)
        if len(filled) == 1 and (
            (not self.grid and not self._starts_table(index, filled[0]))
            or _is_text_line(filled[0])
            or (first == 0 and self._ends_table(index, filled[0]))
        ):
            self.flush()
            self.lines.append(filled[0])
            self.blocks.append(
                TextLine(filled[0], Source(self.name, len(self.lines), ref=f"{sheet}!{_column_letter(first)}{number}"))
            )
            return
        self.lines.append("\t".join(cells))
        line = len(self.lines)
        sources = tuple(
            Source(self.name, line, ref=f"{sheet}!{_column_letter(c)}{number}") for c in range(len(cells))
        )
        self.grid.append(GridRow(tuple(cells), Source(self.name, line, ref=f"{sheet}!A{number}"), sources))
        self.spans.append(list(spans[: len(cells)]) if spans is not None else [1] * len(cells))

    def _ends_table(self, index: int, text: str) -> bool:
        """Whether a lone cell in column A ends the open table.

        It stays in the table when the table goes on right after it: within the next few lines (all of them
        short lone cells in column A, like ``二、政府性基金预算财政拨款`` on the income side of a summary table
        whose expense side is blank) comes a line with two or more filled cells. Page-break debris (one or
        two characters), sentences and headings end the table.
        """
        if is_total_label(text):
            return False
        if len(text) <= 2 or text.endswith(("。", "；")):
            return True
        if _HEADING.match(text) and not self._looks_like_row_label(text) and not self._has_header():
            return True
        for _, _, cells, _ in self.rows[index + 1 : index + 6]:
            filled = [c for c in cells if c]
            if len(filled) >= 2:
                return False
            lone = filled[0]
            if cells[0] != lone or len(lone) <= 2 or lone.endswith(("。", "；")) or _is_text_line(lone):
                return True
        return True

    def _starts_table(self, index: int, text: str) -> bool:
        """A lone cell right under a table's title or unit line, followed by a table line, is a group heading
        of the header (``财政拨款“三公”经费`` over the 三公 columns)."""
        if not self.blocks or not isinstance(self.blocks[-1], TextLine) or len(text) > 30 or text.endswith("。"):
            return False
        if re.match(r"^[(（]\s*\d{4}\s*年?度?\s*[)）]$", text):
            return False  # the year under a title: "(2021 年)"
        above = self.blocks[-1].text
        if not (_is_text_line(above) or identify_table(above)):
            return False
        following = self.rows[index + 1][2] if index + 1 < len(self.rows) else []
        return sum(1 for c in following if c) >= 2

    def _looks_like_row_label(self, text: str) -> bool:
        """``二、政府性基金预算财政拨款`` in a table's label column reads like a heading but is a row label."""
        return self._has_data() and len(text) <= 30

    def _has_header(self) -> bool:
        """Whether the open table has printed header lines of several cells (a template's table without any
        figure still has its header: its numbered row labels are rows, not headings)."""
        return len(self.grid) >= 2 and all(sum(1 for c in r.cells if c) >= 2 for r in self.grid[:2])

    def _has_data(self) -> bool:
        """Whether the open table has reached its data lines."""
        for row in self.grid:
            filled = [c for c in row.cells if c]
            if any(_DATA_CELL.match(c) for c in filled) or (filled and _CODE.match(filled[0])):
                return True
        return False


_DATA_CELL = regex.compile(r"^[-+(]?\d[\d,]*\.\d+\)?$|^\d{1,3}(,\d{3})+$")
_CODE = regex.compile(r"^\d{3}(\d{2}){0,2}$")


def _is_text_line(text: str) -> bool:
    t = text.strip()
    return bool(_TEXT_LINE.match(t)) or (identify_table(t) is not None and len(t) <= 60)


def _too_wide(name: str, sheet: str) -> None:
    raise InputError(name, f"工作表 {sheet} 在第 {MAX_COLS} 列之后仍有内容，超过读取上限 {MAX_COLS} 列；"
                           "只读一部分会漏查，故拒绝读取")


def _read_xlsx(name: str, data: bytes, reader: _SheetReader) -> None:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(name, f"Excel（.xlsx）文件已损坏，无法读取（{type(exc).__name__}: {exc}）") from None
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            for count, row in enumerate(sheet.iter_rows(), start=1):
                if count > MAX_ROWS:
                    raise InputError(name, f"工作表 {sheet.title} 超过 {MAX_ROWS} 行，拒绝读取")
                if len(row) > MAX_COLS and any(getattr(c, "value", None) not in (None, "") for c in row[MAX_COLS:]):
                    _too_wide(name, sheet.title)
                number = None
                cells: list[str] = []
                for cell in row[:MAX_COLS]:
                    if getattr(cell, "row", None) is not None and number is None:
                        number = cell.row
                    column = getattr(cell, "column", None)
                    if column is not None and column - 1 > len(cells):
                        cells.extend([""] * (column - 1 - len(cells)))
                    cells.append(number_text(cell.value, getattr(cell, "number_format", None)))
                reader.row(sheet.title, number or count, cells)
            reader.end_sheet()
    finally:
        workbook.close()


def _read_xls(name: str, data: bytes, reader: _SheetReader) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise InputError(name, "Excel（.xls）工作簿已加密（需要密码），无法读取") from None
        raise InputError(name, f"Excel（.xls）文件已损坏，无法读取（{exc}）") from None
    except Exception as exc:
        raise InputError(name, f"Excel（.xls）文件已损坏，无法读取（{type(exc).__name__}: {exc}）") from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility:
                continue
            if sheet.nrows > MAX_ROWS:
                raise InputError(name, f"工作表 {sheet.name} 超过 {MAX_ROWS} 行，拒绝读取")
            spans_at: dict[tuple[int, int], int] = {}
            covered: set[tuple[int, int]] = set()
            for r0, r1, c0, c1 in sheet.merged_cells:
                spans_at[(r0, c0)] = c1 - c0
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        if (r, c) != (r0, c0):
                            covered.add((r, c))
            if sheet.ncols > MAX_COLS and any(
                sheet.cell_type(r, c) not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
                for r in range(sheet.nrows) for c in range(MAX_COLS, sheet.ncols)
            ):
                _too_wide(name, sheet.name)
            for r in range(sheet.nrows):
                cells: list[str] = []
                spans: list[int] = []
                for c in range(min(sheet.ncols, MAX_COLS)):
                    cell = sheet.cell(r, c)
                    fmt = None
                    if cell.ctype == xlrd.XL_CELL_NUMBER:
                        xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
                        fmt = book.format_map[xf.format_key].format_str if xf is not None else None
                        text = number_text(cell.value, fmt)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        text = ""
                    else:
                        text = clean_cell(cell.value)
                    cells.append("" if (r, c) in covered else text)
                    spans.append(0 if (r, c) in covered else spans_at.get((r, c), 1))
                reader.row(sheet.name, r + 1, cells, spans)
            reader.end_sheet()
            book.unload_sheet(index)
    finally:
        book.release_resources()


def load_xlsx(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    reader = _SheetReader(name)
    if data.startswith(OLE_MAGIC):
        streams = ole_streams(data)
        if streams is None:
            raise InputError(name, "Excel（.xls）工作簿已损坏（OLE 复合文件的目录无法读取）")
        if "EncryptedPackage" in streams:
            raise InputError(name, "Excel 工作簿已加密（需要密码），无法读取")
        _read_xls(name, data, reader)
    else:
        check_zip(name, data, "Excel（.xlsx）")
        if office_kind(data) != "xlsx":
            raise InputError(name, "不是有效的 Excel（.xlsx）文件：缺少 xl/workbook.xml")
        _read_xlsx(name, data, reader)
    document = assemble(name, reader.blocks, lines=tuple(reader.lines), loader="xlsx")
    if not document.tables:
        raise InputError(name, "Excel 工作簿中未找到任何可识别的预决算表格（不是部门预算/决算公开文件？）")
    return document


LOADER = Loader(
    name="xlsx",
    description="Excel 工作簿（.xlsx / .xls）",
    accepts=_accepts,
    load=load_xlsx,
    priority=40,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
