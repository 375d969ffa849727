"""Bad PDF, Word and Excel inputs, made inside the tests: each is one clear InputError, quickly.

Encrypted, truncated and corrupt files, a scan without a text layer, a PDF with thousands of pages, zip bombs
posing as .docx/.xlsx, an old .doc with no converter. ``budgetrules check`` reports them with exit code 2
and goes on with the other files.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from olekit import ole_file

from budgetrules.core.errors import InputError
from budgetrules.engine.check import load_document


def make_pdf(pages: list[str], encrypt: bool = False) -> bytes:
    """A minimal valid PDF with one line of Helvetica text per page (empty text: a page with no text layer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += (
            b" /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <" + b"00" * 32 + b"> /U <" + b"00" * 32
            + b"> /P -4 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
        )
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def load_error(path, registry) -> tuple[str, float]:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_document(path, registry)
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert message.startswith(str(path) + ": ") and "\n" not in message
    return info.value.problem, elapsed


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def bomb(main_part: str) -> bytes:
    """A zip whose main part inflates 64 MB of zeros from about 64 KB (ratio ≈ 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open(main_part, "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------


def test_pdf_fixture_is_a_valid_pdf(tmp_path, registry):
    path = tmp_path / "plain.pdf"
    path.write_bytes(make_pdf(["Department budget narrative without any table"]))
    problem, _ = load_error(path, registry)
    assert "未找到任何可识别的预决算表格" in problem  # it was read: only the tables are missing


def test_scanned_pdf_without_text_layer(tmp_path, registry):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf(["", "", ""]))
    problem, _ = load_error(path, registry)
    assert "没有文字层" in problem and "OCR" in problem


def test_encrypted_pdf(tmp_path, registry):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(["secret"], encrypt=True))
    problem, _ = load_error(path, registry)
    assert "已加密" in problem


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_truncated_pdf(tmp_path, registry, cut):
    data = make_pdf(["Page text"] * 20)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    problem, _ = load_error(path, registry)
    assert "已损坏或不完整" in problem


def test_corrupt_pdf(tmp_path, registry):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64)
    problem, _ = load_error(path, registry)
    assert "已损坏" in problem


def test_pdf_with_thousands_of_pages_is_refused_quickly(tmp_path, registry):
    from budgetrules_plugins.loaders.pdf import MAX_PAGES

    path = tmp_path / "huge.pdf"
    path.write_bytes(make_pdf(["x"] * 5000))
    problem, elapsed = load_error(path, registry)
    assert f"共 5000 页，超过上限 {MAX_PAGES} 页" in problem
    assert elapsed < 5


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9])
def test_real_pdf_cut_short(real_pdf_path, tmp_path, registry, keep):
    """A real disclosure truncated (a download cut off) is refused as damaged, whatever part is lost."""
    data = real_pdf_path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    problem, _ = load_error(path, registry)
    assert "PDF 文件已损坏" in problem


# --- Word -----------------------------------------------------------------------------------------------


def test_docx_zip_bomb(tmp_path, registry):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb("word/document.xml"))
    problem, elapsed = load_error(path, registry)
    assert "压缩炸弹" in problem and elapsed < 5


def test_docx_over_total_size_limit(tmp_path, registry, monkeypatch):
    from budgetrules.reading import containers

    monkeypatch.setattr(containers, "MAX_UNCOMPRESSED", 1000)
    path = tmp_path / "big.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 200}))
    problem, _ = load_error(path, registry)
    assert "超过上限 1000 字节" in problem


def test_truncated_docx(tmp_path, registry, akto):
    from budgetrules.testing.writers import write_docx

    buffer = io.BytesIO()
    write_docx(akto, buffer)
    path = tmp_path / "cut.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    problem, _ = load_error(path, registry)
    assert "已损坏或不完整" in problem


def test_corrupt_docx_part(tmp_path, registry):
    path = tmp_path / "corrupt.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00not xml"}))
    problem, _ = load_error(path, registry)
    assert "Word" in problem


def test_encrypted_docx(tmp_path, registry):
    # an encrypted Office file is an OLE compound file holding an EncryptedPackage stream
    path = tmp_path / "locked.docx"
    path.write_bytes(ole_file({"EncryptionInfo": b"\4\0", "EncryptedPackage": b"\0" * 64}))
    problem, _ = load_error(path, registry)
    assert "已加密" in problem


def test_old_doc_without_converter(tmp_path, registry, monkeypatch):
    from budgetrules_plugins.loaders import docx as docx_loader

    monkeypatch.setattr(docx_loader, "_converter", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(ole_file({"WordDocument": b"\xec\xa5" + b"\0" * 64}))
    problem, _ = load_error(path, registry)
    assert ".doc" in problem and "另存为 .docx" in problem


# --- Excel ----------------------------------------------------------------------------------------------


def test_xlsx_zip_bomb(tmp_path, registry):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb("xl/workbook.xml"))
    problem, elapsed = load_error(path, registry)
    assert "压缩炸弹" in problem and elapsed < 5


def test_zip_bomb_detected_by_content_whatever_its_name(tmp_path, registry):
    path = tmp_path / "report.bin"
    path.write_bytes(bomb("xl/workbook.xml"))
    problem, _ = load_error(path, registry)
    assert "压缩炸弹" in problem


def test_truncated_xlsx(tmp_path, registry, akto):
    from budgetrules.testing.writers import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(akto, buffer)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    problem, _ = load_error(path, registry)
    assert "已损坏或不完整" in problem


def test_corrupt_xlsx_part(tmp_path, registry):
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"garbage"}))
    problem, _ = load_error(path, registry)
    assert "Excel" in problem and "损坏" in problem


def test_encrypted_xlsx(tmp_path, registry):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole_file({"EncryptionInfo": b"\4\0", "EncryptedPackage": b"\0" * 64}))
    problem, _ = load_error(path, registry)
    assert "已加密" in problem


def test_corrupt_xls(tmp_path, registry):
    path = tmp_path / "corrupt.xls"
    path.write_bytes(ole_file({"Workbook": b"\xff" * 1024}))
    problem, _ = load_error(path, registry)
    assert "Excel（.xls）" in problem


# --- the batch goes on ----------------------------------------------------------------------------------


def test_cli_reports_bad_files_and_goes_on(tmp_path, akto_path):
    from click.testing import CliRunner

    from budgetrules.cli.main import main

    (tmp_path / "locked.pdf").write_bytes(make_pdf(["x"], encrypt=True))
    (tmp_path / "bomb.docx").write_bytes(bomb("word/document.xml"))
    (tmp_path / "good.txt").write_bytes(akto_path.read_bytes())
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "已加密" in result.output and "压缩炸弹" in result.output
    assert "good.txt" in result.output


def test_old_doc_converted_when_libreoffice_is_on_path(tmp_path, registry, akto, monkeypatch):
    """A .doc goes through ``soffice --headless --convert-to docx`` (here a stand-in that writes a known .docx)."""
    import os
    import sys

    from budgetrules.testing.writers import write_docx

    converted = tmp_path / "converted.docx"
    write_docx(akto, converted)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "outdir = sys.argv[sys.argv.index('--outdir') + 1]\n"
        f"shutil.copy({str(converted)!r}, outdir + '/input.docx')\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    path = tmp_path / "old.doc"
    path.write_bytes(ole_file({"WordDocument": b"\xec\xa5" + b"\0" * 64}))
    document = load_document(path, registry)
    assert document.loader == "docx" and len(document.tables) == 11
