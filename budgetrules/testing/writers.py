"""Test-kit writers: a loaded :class:`~budgetrules.core.model.Document` written out as Word, Excel or PDF.

``write_docx`` (python-docx), ``write_xlsx`` (openpyxl) and ``write_pdf`` (reportlab with the built-in CID
font STSong-Light; reportlab is a test extra, not a dependency).

They write the document's extracted lines (:attr:`Document.lines`) as the other format would carry them: a
line with tab-separated cells is a table row, consecutive rows make one table (blank lines between rows do
not end it, as in the text format), any other line is a paragraph (Word) or a one-cell line (Excel). So the
reference text sample written as .docx, .xlsx or .pdf and read back by the Word, Excel or PDF loader must give the same
tables, codes and amounts as the text loader gives, and the same findings: that is what
``tests/test_format_roundtrip.py`` checks.

In Excel, amounts (cells printed with decimals or thousands separators, ``1,511.90``) are written as numbers
with a number format showing the printed decimals, written from their Decimal value; codes (``201``,
``06``) and everything else stay text. ``sheet_per_table`` puts each table, with the title lines above it,
on its own sheet.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Iterator

from budgetrules.core import regex
from budgetrules.core.model import Document
from budgetrules.core.tablekinds import identify_table

__all__ = ["line_blocks", "write_docx", "write_xlsx", "write_pdf", "PDF_FONT"]

_AMOUNT = regex.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$|^-?\d{1,3}(,\d{3})+$")
_TITLE = regex.compile(r"^表\s*[一二三四五六七八九十\d]+")


def line_blocks(document: Document) -> Iterator[tuple[str, str | list[list[str]]]]:
    """``("text", line)`` and ``("table", [cells, …])`` in document order, from :attr:`Document.lines`."""
    rows: list[list[str]] = []
    for line in document.lines:
        if "\t" in line and line.strip():
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if not line.strip():
            continue
        if rows:
            yield "table", rows
            rows = []
        yield "text", line.strip()
    if rows:
        yield "table", rows


def write_docx(document: Document, target: str | Path | BinaryIO) -> None:
    """Write ``document`` as a Word document: paragraphs and tables in order."""
    import docx

    out = docx.Document()
    for kind, content in line_blocks(document):
        if isinstance(content, str):  # kind "text"
            out.add_paragraph(content)
            continue
        width = max(len(r) for r in content)
        table = out.add_table(rows=len(content), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(content):
            row = table.rows[r].cells
            for c, text in enumerate(cells):
                if text:
                    row[c].text = text
    out.save(str(target) if isinstance(target, Path) else target)


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def write_xlsx(document: Document, target: str | Path | BinaryIO, sheet_per_table: bool = False) -> None:
    """Write ``document`` as an Excel workbook (one sheet, or one sheet per table with its title lines)."""
    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]  # the one sheet of a new workbook (its active sheet)
    sheet.title = "正文" if sheet_per_table else "Sheet1"
    pending: list[str] = []  # text lines that may be the title lines of the next table
    blocks = list(line_blocks(document))

    def put_text(ws: Worksheet, text: str) -> None:
        ws.append([text])

    count = 0
    current = sheet  # the sheet text goes to: the last table's sheet, so notes stay under their table
    for kind, content in blocks:
        if isinstance(content, str):  # kind "text"
            if not sheet_per_table:
                put_text(sheet, content)
                continue
            if _TITLE.match(content) or (identify_table(content) is not None and len(content) <= 60):
                for line in pending:
                    put_text(current, line)
                pending = [content]
            elif pending:
                pending.append(content)
                if len(pending) > 6:
                    for line in pending:
                        put_text(current, line)
                    pending = []
            else:
                put_text(current, content)
            continue
        target_sheet = sheet
        if sheet_per_table:
            count += 1
            target_sheet = workbook.create_sheet(f"表{count}")
            for line in pending:
                put_text(target_sheet, line)
            pending = []
            current = target_sheet
        for cells in content:
            values: list[object] = []
            for text in cells:
                if _AMOUNT.match(text):
                    values.append(Decimal(text.replace(",", "")))
                else:
                    values.append(text or None)
            target_sheet.append(values)
            row = target_sheet.max_row
            for c, text in enumerate(cells, start=1):
                if _AMOUNT.match(text):
                    places = _places(text)
                    grouping = "#,##0" if "," in text else "0"
                    target_sheet.cell(row=row, column=c).number_format = grouping + ("." + "0" * places if places else "")
    for line in pending:
        put_text(current, line)
    workbook.save(target)


#: The CID font every PDF viewer has (Adobe's Song for simplified Chinese); reportlab need not embed it.
PDF_FONT = "STSong-Light"


def write_pdf(
    document: Document, target: str | Path | BinaryIO, font_size: float = 8, running_header: str | None = None,
    page_numbers: bool = False,
) -> None:
    """Write ``document`` as a PDF with ruled tables (reportlab; landscape A4, font :data:`PDF_FONT`).

    Paragraphs get a two-character first-line indent, as Chinese documents do; long tables run over page
    breaks with their first line repeated on each page, which exercises the PDF loader's joining of continued
    tables. ``running_header`` is printed at the top of every page and ``page_numbers`` puts ``- N -`` at the
    bottom. Needs ``reportlab`` (a test extra, not a dependency).
    """
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.doctemplate import BaseDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    text_style = ParagraphStyle(
        "text", fontName=PDF_FONT, fontSize=font_size + 2, leading=(font_size + 2) * 1.5,
        firstLineIndent=2 * (font_size + 2), wordWrap="CJK",
    )
    cell_style = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=font_size, leading=font_size * 1.3, wordWrap="CJK")
    page = landscape(A4)
    frame_width = page[0] - 72 - 12
    story: list[Flowable] = []
    for kind, content in line_blocks(document):
        if isinstance(content, str):  # kind "text"
            story.append(Paragraph(escape(content), text_style))
            continue
        width = max(len(r) for r in content)
        rows = [row + [""] * (width - len(row)) for row in content]
        # column widths in proportion to their longest text (capped), scaled to the frame
        wants = [min(max(max(len(r[c]) for r in rows), 3), 20) for c in range(width)]
        scale = frame_width / sum(wants)
        widths = [w * scale for w in wants]
        data = [[Paragraph(escape(text), cell_style) if text else "" for text in row] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PDF_FONT, font_size),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(PDF_FONT, font_size)
        if running_header:
            canvas.drawCentredString(page[0] / 2, page[1] - 20, running_header)
        if page_numbers:
            canvas.drawCentredString(page[0] / 2, 14, f"- {doc.page} -")
        canvas.restoreState()

    SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target, pagesize=page, leftMargin=36, rightMargin=36,
        topMargin=36, bottomMargin=36, title=document.title, invariant=True,
    ).build(story, onFirstPage=decorate, onLaterPages=decorate)
