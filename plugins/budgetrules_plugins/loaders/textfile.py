"""Loader for disclosures extracted to plain text.

The format (as in ``akto-housing-2021-budget.txt``): one printed line per text line; table cells separated
by tabs, one table row per line; header rows spread over several lines; table titles, ``编制部门`` and
``单位`` lines on their own lines; notes under tables; page-break debris. UTF-8 (with or without BOM),
UTF-16 with BOM, and GB18030/GBK are read.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetrules import hookimpl
from budgetrules.api import Document, GridBlock, GridRow, InputError, Loader, Source, TextLine, assemble, regex

__all__ = ["decode", "load_text", "parse_text", "LOADER", "MAX_LINE_CHARS"]

#: A text line longer than this is not a printed line (a real paragraph runs to a few thousand characters):
#: such a file is refused at once rather than read for minutes.
MAX_LINE_CHARS = 100_000


def decode(data: bytes, path: str) -> str:
    """Decode text bytes: BOM-marked UTF-8/16 first, then UTF-8, then GB18030 (a superset of GBK).

    A decoding error names the first byte that could not be read, counted from 1 in the file as it is (its
    byte-order mark included).
    """
    skipped = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data, skipped = data[3:], 3
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"UTF-16 文本无法解码（第 {exc.start + 1} 字节）") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "不是文本文件（含二进制内容），无法识别的文件格式")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"无法解码：既不是 UTF-8 也不是 GB18030/GBK 编码（第 {exc.start + skipped + 1} 字节）"
        ) from None


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True  # an empty file is ours to reject with a clear message
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"<?xml")):
        return False
    sample = head[:4096]
    if b"\x00" in sample:
        return True  # binary: let the text loader report it plainly rather than "no loader"
    return True


_HTML = regex.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)


def _refuse_html(text: str, path: Path) -> None:
    """A web page (often what a site's "export to Excel" gives, named ``.xls``) is named as such."""
    if not _HTML.match(text[:4096]):
        return
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsx"):
        problem = f"是 HTML 网页而不是 Excel 工作簿（扩展名为 {suffix}）；请用 Excel 打开后另存为 .xlsx 再检查"
    elif suffix in (".doc", ".docx"):
        problem = f"是 HTML 网页而不是 Word 文档（扩展名为 {suffix}）；请用 Word 打开后另存为 .docx 再检查"
    else:
        problem = "是 HTML 网页，不是制表符分隔的文本；请将网页另存为 PDF、.docx 或 .xlsx 再检查"
    raise InputError(str(path), problem)


def parse_text(text: str, path: str) -> Document:
    """Build the document graph from the text of a disclosure."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(raw_lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(path, f"第 {number} 行长 {len(line)} 个字符，超过上限 {MAX_LINE_CHARS}，不是可读的公开文件文本，拒绝读取")
    blocks: list[TextLine | GridBlock] = []
    grid: list[GridRow] = []
    for number, line in enumerate(raw_lines, start=1):
        text = line.strip()
        if not text:
            continue  # a blank line (inside a table too: it does not end it)
        if "\t" in line:
            grid.append(GridRow(tuple([c.strip() for c in line.split("\t")]), Source(path, number)))
            continue
        if grid:
            blocks.append(GridBlock(tuple(grid)))
            grid = []
        blocks.append(TextLine(text, Source(path, number)))
    if grid:
        blocks.append(GridBlock(tuple(grid)))
    return assemble(path, blocks, lines=tuple(raw_lines), loader="text")


def load_text(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    text = decode(data, name)
    _refuse_html(text, path)
    document = parse_text(text, name)
    if not document.tables:
        raise InputError(name, "未找到任何可识别的预决算表格（不是部门预算/决算公开文件？）")
    return document


LOADER = Loader(
    name="text",
    description="制表符分隔的文本（UTF-8 / GB18030）",
    accepts=lambda head, path: _looks_like_text(head),
    load=load_text,
    priority=-100,
    parse=parse_text,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
