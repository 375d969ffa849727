"""Loader for disclosures published as Word documents (.docx, read with python-docx; .doc refused or converted).

* **Detected by content**: a zip holding ``word/document.xml`` (the zip's directory is read, nothing is
  inflated), or an OLE compound file holding a ``WordDocument`` stream (.doc).
* **Guarded**: before python-docx inflates anything, the zip's declared sizes and compression ratios are
  checked (:func:`~budgetrules_loaders.gridtools.check_zip`), so a zip bomb posing as .docx is refused at
  once. An encrypted .docx (an OLE ``EncryptedPackage``) is refused with a clear message.
* **Body order**: paragraphs and tables are read in the order they stand in the body. Each paragraph is one
  line of :attr:`Document.lines` (``Source.ref`` = ``段落 12``); each table row is one line with its cells
  separated by tabs (``Source.ref`` = ``表格 3 第 5 行 第 2 格``). A horizontally merged cell
  (``gridSpan``) is one cell spanning several grid columns; the continuation of a vertical merge
  (``vMerge``) is read as an empty cell.
* **.doc (Word 97-2003)**: converted with LibreOffice (``soffice``/``libreoffice --headless --convert-to
  docx``) when it is on PATH, otherwise refused with a message saying how to convert it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from budgetrules import hookimpl
from budgetrules.assemble import GridBlock, TextLine, assemble
from budgetrules.errors import InputError
from budgetrules.loading import Loader
from budgetrules.model import Document, Source
from budgetrules.tablebuild import GridRow

from .gridtools import check_zip, clean_cell, office_kind, tidy_grid

__all__ = ["LOADER", "load_docx", "read_docx_blocks", "CONVERT_TIMEOUT"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Seconds allowed for converting a .doc with LibreOffice.
CONVERT_TIMEOUT = 60

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def ole_streams(data: bytes) -> set[str]:
    """Which of the streams we care about an OLE compound file names (directory entries are UTF-16LE)."""
    names = {
        "WordDocument": "WordDocument".encode("utf-16-le"),
        "Workbook": "Workbook".encode("utf-16-le"),
        "Book": "B\x00o\x00o\x00k\x00\x00\x00".encode("latin-1"),
        "EncryptedPackage": "EncryptedPackage".encode("utf-16-le"),
    }
    return {name for name, raw in names.items() if raw in data}


def _zip_kind(head: bytes, path: Path) -> str | None:
    if b"word/" in head:
        return "docx"
    if b"xl/" in head:
        return "xlsx"
    try:
        with open(path, "rb") as handle:
            data = handle.read(256 * 1024 * 1024)
    except OSError:
        return None
    return office_kind(data)


def _accepts(head: bytes, path: Path) -> bool:
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(head, path)
        return kind == "docx" or (kind is None and path.suffix.lower() == ".docx")
    if head.startswith(OLE_MAGIC):
        try:
            data = path.read_bytes()
        except OSError:
            return path.suffix.lower() in (".doc", ".docx")
        streams = ole_streams(data)
        if "WordDocument" in streams:
            return True
        return "EncryptedPackage" in streams and path.suffix.lower() in (".doc", ".docx")
    return False


def _converter() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _convert_doc(name: str, data: bytes) -> bytes:
    tool = _converter()
    if tool is None:
        raise InputError(
            name,
            "是旧版 Word 97-2003 文档（.doc），本工具直接读取 .docx；未找到 LibreOffice（soffice）进行转换，"
            "请先另存为 .docx 或 PDF",
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [tool, "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True,
                timeout=CONVERT_TIMEOUT,
                capture_output=True,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(name, f"旧版 Word 文档（.doc）转换为 .docx 失败（{type(exc).__name__}）") from None
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise InputError(name, "旧版 Word 文档（.doc）转换为 .docx 失败（没有输出文件）")
        return out.read_bytes()


def _row_cells(tr) -> tuple[list[str], list[int]]:
    """The grid cells of one table row (``w:tr``) and how many grid columns each spans."""
    cells: list[str] = []
    spans: list[int] = []
    for tc in tr.iterchildren(f"{_W}tc"):
        tc_pr = tc.find(f"{_W}tcPr")
        span = 1
        continued = False
        if tc_pr is not None:
            grid_span = tc_pr.find(f"{_W}gridSpan")
            if grid_span is not None:
                try:
                    span = max(1, int(grid_span.get(f"{_W}val", "1")))
                except ValueError:
                    span = 1
            v_merge = tc_pr.find(f"{_W}vMerge")
            if v_merge is not None and v_merge.get(f"{_W}val", "continue") == "continue":
                continued = True
        texts = []
        for p in tc.iter(f"{_W}p"):
            texts.append("".join(t.text or "" for t in p.iter(f"{_W}t")))
        text = "" if continued else clean_cell("\n".join(texts))
        cells.append(text)
        spans.append(span)
        for _ in range(span - 1):
            cells.append("")
            spans.append(0)
    return cells, spans


def read_docx_blocks(name: str, document) -> tuple[list[TextLine | GridBlock], list[str]]:
    """Blocks in body order, and the lines of :attr:`Document.lines`, from a python-docx document."""
    blocks: list[TextLine | GridBlock] = []
    lines: list[str] = []
    paragraph_number = 0
    table_number = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph_number += 1
            text = "".join(t.text or "" for t in child.iter(f"{_W}t")).strip()
            lines.append(text)
            if text:
                blocks.append(TextLine(text, Source(name, len(lines), ref=f"段落 {paragraph_number}")))
        elif child.tag == f"{_W}tbl":
            table_number += 1
            rows: list[GridRow] = []
            spans: list[list[int]] = []
            for r, tr in enumerate(child.iterchildren(f"{_W}tr"), start=1):
                cells, row_spans = _row_cells(tr)
                lines.append("\t".join(cells))
                line = len(lines)
                sources = tuple(
                    Source(name, line, ref=f"表格 {table_number} 第 {r} 行 第 {c} 格") for c in range(1, len(cells) + 1)
                )
                rows.append(GridRow(tuple(cells), Source(name, line, ref=f"表格 {table_number} 第 {r} 行"), sources))
                spans.append(row_spans)
            width = max((len(r.cells) for r in rows), default=0)
            rows = [
                GridRow(r.cells + ("",) * (width - len(r.cells)), r.source, r.cell_sources) for r in rows
            ]
            spans = [s + [1] * (width - len(s)) for s in spans]
            tidy = tidy_grid(rows, spans)
            if tidy:
                blocks.append(GridBlock(tuple(tidy)))
    return blocks, lines


def load_docx(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    if data.startswith(OLE_MAGIC):
        streams = ole_streams(data)
        if "EncryptedPackage" in streams:
            raise InputError(name, "Word 文档已加密（需要密码），无法读取")
        data = _convert_doc(name, data)
    check_zip(name, data, "Word（.docx）")
    if office_kind(data) != "docx":
        raise InputError(name, "不是有效的 Word（.docx）文件：缺少 word/document.xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
    except PackageNotFoundError:
        raise InputError(name, "不是有效的 Word（.docx）文件") from None
    except Exception as exc:
        raise InputError(name, f"Word（.docx）文件已损坏，无法读取（{type(exc).__name__}: {exc}）") from None
    blocks, lines = read_docx_blocks(name, document)
    result = assemble(name, blocks, lines=tuple(lines), loader="docx")
    if not result.tables:
        raise InputError(name, "Word 文档中未找到任何可识别的预决算表格（不是部门预算/决算公开文件？）")
    return result


LOADER = Loader(
    name="docx",
    description="Word 文档（.docx；.doc 需 LibreOffice 转换）",
    accepts=_accepts,
    load=load_docx,
    priority=40,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
