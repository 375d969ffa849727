"""Hostile Word and Excel files (issue 14, items 3 and 8): forged zip sizes, parts too large to read, sheets
too wide, OLE files told apart by their directory. Each case is built here and bounded in CPU time and memory.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest
from hostile_kit import assert_cheap, bounded, deflated, load_outcome, raw_zip
from olekit import ole_file


@pytest.fixture(scope="module", autouse=True)
def _warm(registry):
    return registry


def _store(text: bytes) -> tuple[str, bytes, int, int, int]:
    return ("[Content_Types].xml", zlib.compress(text)[2:-4], zlib.crc32(text), len(text), 8)


@pytest.mark.parametrize("part, suffix", [("word/document.xml", ".docx"), ("xl/workbook.xml", ".xlsx")])
def test_a_part_that_inflates_past_its_declared_size_is_refused_without_inflating_it(tmp_path, part, suffix):
    path = tmp_path / f"forged{suffix}"

    def case():
        data, crc, _ = deflated(b"<w:p/>" * 1000, 40_000)  # 240 MB of XML, declared as 1,000 bytes
        path.write_bytes(raw_zip([_store(b"<Types/>"), (part, data, crc, 1000, 8)]))
        return load_outcome(str(path))

    cost = bounded(case)
    assert cost.error is None, cost.error
    assert "大小被伪造" in cost.result
    assert_cheap(cost, cpu=8.0, mem_mb=150)  # deflating the case is most of it; the check inflates 64 KB


def _docx_with_body(akto, paragraphs: int) -> bytes:
    """The sample written as .docx, with ``paragraphs`` more paragraphs of varied text (so that it compresses
    like a real document, under the ratio check)."""
    from budgetrules.testing.writers import write_docx

    buffer = io.BytesIO()
    write_docx(akto, buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    body = source.read("word/document.xml").decode("utf-8")
    rng = random.Random(7)
    extra = "".join(f"<w:p><w:r><w:t>第{k}段，支出{rng.random() * 1e6:.2f}万元，{rng.getrandbits(64):x}。</w:t></w:r></w:p>"
                    for k in range(paragraphs))
    head, tail = body.split("<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (head + "<w:body>" + extra + tail).encode() if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_a_docx_part_larger_than_the_limit_is_refused_before_it_is_parsed(akto, tmp_path, monkeypatch):
    from budgetrules.reading import containers

    path = tmp_path / "long.docx"
    path.write_bytes(_docx_with_body(akto, 40_000))  # about 4 MB of document.xml

    def case():
        containers.MAX_PART = 2 * 1024 * 1024  # in the child only: the limit scaled down with the case
        return load_outcome(str(path))

    cost = bounded(case)
    assert cost.error is None, cost.error
    assert "超过上限" in cost.result and "word/document.xml" in cost.result
    assert_cheap(cost, cpu=2.0, mem_mb=100)


def test_a_docx_under_the_limit_is_read_in_bounded_time(akto, tmp_path):
    path = tmp_path / "long.docx"
    path.write_bytes(_docx_with_body(akto, 20_000))
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert cost.result is None
    assert_cheap(cost, cpu=20.0, mem_mb=600)


def test_a_400_by_16384_sheet_is_refused_and_never_clean(tmp_path):
    path = tmp_path / "wide.xlsx"

    def case():
        cells = "".join(f'<c t="n"><v>{k % 97}</v></c>' for k in range(16384))
        head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        tail = b"</sheetData></worksheet>"
        sheet = zlib.compressobj(6, zlib.DEFLATED, -15)
        body = [sheet.compress(head)]
        crc = zlib.crc32(head)
        row = f"<row>{cells}</row>".encode()
        for _ in range(400):
            body.append(sheet.compress(row))
            crc = zlib.crc32(row, crc)
        body.append(sheet.compress(tail))
        crc = zlib.crc32(tail, crc)
        body.append(sheet.flush())
        size = len(head) + 400 * len(row) + len(tail)
        workbook = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        path.write_bytes(raw_zip([
            _store(b"<Types/>"),
            ("xl/workbook.xml", zlib.compress(workbook)[2:-4], zlib.crc32(workbook), len(workbook), 8),
            ("xl/worksheets/sheet1.xml", b"".join(body), crc, size, 8),
        ]))
        return load_outcome(str(path))

    cost = bounded(case)
    assert cost.error is None, cost.error
    assert cost.result is not None  # refused: too large or a bomb, never read as a clean disclosure
    assert_cheap(cost, cpu=30.0, mem_mb=200)


def _workbook(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_content_past_the_last_column_read_refuses_the_sheet(akto, tmp_path):
    import openpyxl

    from budgetrules.testing.writers import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(akto, buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    book.worksheets[0].cell(row=3, column=300, value=123.45)
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "far.xlsx"
    path.write_bytes(out.getvalue())
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert "列" in cost.result and "拒绝读取" in cost.result


def test_a_real_xls_whose_cells_name_ole_streams_is_read_as_a_workbook(akto, tmp_path):
    """Cell text such as "WordDocument" or "EncryptedPackage" (stored UTF-16 in the workbook, as any cell with
    Chinese is) is text, not a stream of the file."""
    import openpyxl
    import xlwt

    from budgetrules.testing.writers import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(akto, buffer)
    source = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    book = xlwt.Workbook(encoding="utf-8")
    for ws in source.worksheets:
        sheet = book.add_sheet(ws.title[:31])
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    notes = book.add_sheet("说明")
    notes.write(0, 0, "说明 WordDocument EncryptedPackage")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert "WordDocument".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data
    path = tmp_path / "notes.xls"
    path.write_bytes(data)
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert cost.result is None, cost.result


def test_bytes_naming_a_stream_outside_the_directory_do_not_make_a_word_file(tmp_path):
    path = tmp_path / "sheet.xls"
    data = ole_file({"Workbook": b"\x09\x08" + b"\0" * 64 + "WordDocument".encode("utf-16-le")})
    path.write_bytes(data)
    result = bounded(load_outcome, str(path)).result
    assert result is not None and "Word" not in result and "加密" not in result


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".doc", ".xls"])
def test_an_encrypted_office_file_is_refused_by_its_directory(tmp_path, suffix):
    path = tmp_path / f"locked{suffix}"
    path.write_bytes(ole_file({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64}))
    result = bounded(load_outcome, str(path)).result
    assert result is not None and "已加密" in result
