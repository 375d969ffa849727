"""What the PDF, Word and Excel loaders share: cell text clean-up, grid tidying, and zip-container checks.

Each of these formats hands over a table as a grid of cell strings, with merged cells marked by the format
(pdfplumber gives ``None`` for a cell covered by its neighbour, Word repeats the ``<w:tc>`` of a horizontal
merge, Excel lists merged ranges). What is common is done here, once:

* :func:`clean_cell` joins a cell's line breaks (``公务用车购\\n置费`` → ``公务用车购置费``) and drops the
  spaces justified Chinese text puts between characters (``因 公 出 国`` → ``因公出国``);
* :func:`tidy_grid` drops empty rows, fills a header label over the columns its merged cell spans, moves a
  merged data label (``合计`` spanning the code columns) to the last column it covers (a cell spanning the
  whole width, a note or a form's free text, stays in the first column; without merge
  information, a ``合计`` followed by empty cells and then an amount is taken as such), and splits a
  ``类 | 款 | 项 | 合计 | 2,946.25`` line (header labels and the total printed in one ruled row) in two;
* :func:`check_zip` refuses zip bombs and tells which Office format a zip holds. The declared sizes and
  ratios are checked first (nothing inflated); then every member is inflated once, in 64 KB steps that are
  counted and thrown away, so what is bounded is the bytes a member **actually** inflates to: a member that
  inflates past the size it declares is refused as forged (:mod:`zipfile` would inflate all of it in one call
  before cutting it to the declared size), and no part may exceed :data:`MAX_PART` bytes. Only then does
  python-docx or openpyxl read the package, which can therefore inflate nothing larger than was counted;
* :func:`ole_streams` lists the streams an OLE compound file (.doc, .xls, an encrypted Office file) holds,
  read from its directory entries — never from the strings ``WordDocument`` or ``EncryptedPackage`` found
  anywhere in the bytes, which a worksheet's cell text may contain.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from io import BytesIO
from typing import Sequence

from budgetrules.amounts import parse_amount
from budgetrules.errors import InputError
from budgetrules.tablekinds import is_total_label
from budgetrules.tablebuild import split_header
from budgetrules.tablebuild import GridRow

__all__ = [
    "clean_cell",
    "tidy_grid",
    "check_zip",
    "office_kind",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "MAX_MEMBERS",
    "MAX_PART",
    "OLE_MAGIC",
    "ole_streams",
]

_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_SPACES = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[{_CJK}])")
_HEADER_CODE_LABELS = {"类", "款", "项"}
_CODE_PART = re.compile(r"^\d{2,3}$")


def clean_cell(text: object) -> str:
    """A cell's text on one line: line breaks joined, spaces between Chinese characters removed."""
    if text is None:
        return ""
    t = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u000b", "\n")
    parts = [p.strip() for p in t.split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "  # a Latin word broken over two lines keeps its space
        out += part
    out = _CJK_SPACES.sub("", out)
    return re.sub(r"[ \t\u00a0]{2,}", " ", out).strip()


def _is_empty(row: Sequence[str | None]) -> bool:
    return not any((c or "").strip() for c in row)


def tidy_grid(rows: Sequence[GridRow], spans: Sequence[Sequence[int]] | None = None) -> list[GridRow]:
    """Tidy one table's grid (see the module docstring).

    ``spans[r][c]`` is how many columns the cell starting at ``(r, c)`` covers (1 when not merged, 0 for a
    cell covered by a merged neighbour on its left, -1 for a cell covered by the cell above); None when the
    format has no merge information. In data lines a classification-code part merged down over several lines
    (``201`` printed once for all the rows of 类 201) is repeated in each line it covers; nothing else is
    (an amount merged over two lines is one amount, not two).
    """
    kept: list[tuple[GridRow, Sequence[int] | None]] = []
    for index, row in enumerate(rows):
        if _is_empty(row.cells):
            continue
        kept.append((row, spans[index] if spans is not None and index < len(spans) else None))
    if not kept:
        return []
    header, _ = split_header([r for r, _ in kept])
    nheader = len(header) if len(header) < len(kept) else 0
    out: list[GridRow] = []
    for index, (row, span) in enumerate(kept):
        cells = list(row.cells)
        if span is not None:
            for c, width in enumerate(span):
                if width > 1 and c < len(cells) and cells[c]:
                    last = min(c + width, len(cells)) - 1
                    if index < nheader:
                        for k in range(c + 1, last + 1):
                            if not cells[k]:
                                cells[k] = cells[c]
                    elif not any(cells[k] for k in range(c + 1, last + 1)) and not (c == 0 and last == len(cells) - 1):
                        cells[last], cells[c] = cells[c], ""
        if index >= nheader and span is not None and out:
            above = out[-1].cells
            for c, width in enumerate(span):
                if width == -1 and c < len(cells) and not cells[c] and c < len(above) and _CODE_PART.match(above[c]):
                    cells[c] = above[c]
        if index >= nheader and (span is None or all(w <= 1 for w in span)):
            _place_total_label(cells)
        row = GridRow(tuple(cells), row.source, row.cell_sources)
        if index == nheader and nheader:
            split = _split_code_labels(row)
            if split is not None:
                out.extend(split)
                continue
        out.append(row)
    return out


def _place_total_label(cells: list[str]) -> None:
    """Without merge information, ``合计 | ∅ | ∅ | ∅ | 2,940.05`` is a 合计 merged over the code and name columns:
    the label goes to the last empty cell before the first amount (the name column)."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) < 2 or not is_total_label(cells[filled[0]]):
        return
    first, following = filled[0], filled[1]
    if following - first < 2 or parse_amount(cells[following]) is None:
        return
    cells[following - 1], cells[first] = cells[first], ""


def _split_code_labels(row: GridRow) -> list[GridRow] | None:
    """``类 | 款 | 项 | 合计 | 2,946.25`` → a header line ``类 | 款 | 项`` and a data line ``合计 | 2,946.25``."""
    cells = list(row.cells)
    lead = [i for i, c in enumerate(cells) if c.strip() in _HEADER_CODE_LABELS]
    if not lead or lead != list(range(lead[0], lead[0] + len(lead))) or "类" != cells[lead[0]].strip():
        return None
    if not any(c.strip() for i, c in enumerate(cells) if i not in lead):
        return None
    head = tuple(c if i in lead else "" for i, c in enumerate(cells))
    data = tuple("" if i in lead else c for i, c in enumerate(cells))
    return [GridRow(head, row.source, row.cell_sources), GridRow(data, row.source, row.cell_sources)]


# --- zip containers (docx, xlsx) -------------------------------------------------------------------------

#: Refuse a container whose members declare more than this many bytes in all, uncompressed.
MAX_UNCOMPRESSED = 300 * 1024 * 1024
#: Refuse a member that inflates more than this many times its compressed size (zip bombs run to 1000:1+).
MAX_RATIO = 200
#: Refuse a container with more members than this.
MAX_MEMBERS = 20_000
#: Refuse a container one of whose parts inflates to more than this many bytes. The body of a long disclosure
#: is a few MB of XML; 24 MB of Word table XML takes about 20 s of CPU and 700 MB of memory to read.
MAX_PART = 24 * 1024 * 1024
#: The signature of an OLE compound file (.doc, .xls, encrypted Office files).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STEP = 64 * 1024


def ole_streams(data: bytes) -> set[str] | None:
    """The names of the streams and storages in the directory of the OLE compound file ``data``, or None when
    it is not one or its directory cannot be read."""
    if not data.startswith(OLE_MAGIC):
        return None
    from xlrd.compdoc import CompDoc

    try:
        directory = CompDoc(data, logfile=io.StringIO()).dirlist
    except Exception:  # noqa: BLE001 - any damage means "no readable directory"
        return None
    return {entry.name for entry in directory if entry.etype in (1, 2)}


def office_kind(data: "bytes | str") -> str | None:
    """``docx`` or ``xlsx`` when ``data`` (the bytes, or a file's path) is a zip holding ``word/document.xml``
    / ``xl/workbook.xml`` (only the zip's directory is read)."""
    if isinstance(data, bytes) and not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(BytesIO(data) if isinstance(data, bytes) else data) as zf:
            names = set(zf.namelist()[:MAX_MEMBERS])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _inflated_size(data: bytes, info: zipfile.ZipInfo, limit: int) -> int:
    """How many bytes ``info``'s member inflates to, counted in steps and stopped just past ``limit``."""
    offset = info.header_offset
    header = data[offset:offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"compression method {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    total = 0
    for at in range(0, len(raw), _STEP):
        pending = raw[at:at + _STEP]
        while pending:
            total += len(inflater.decompress(pending, _STEP))
            if total > limit:
                return total
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return total


def check_zip(path: str, data: bytes, what: str) -> None:
    """Raise :class:`InputError` for a corrupt zip or a zip bomb: the declared sizes first, then the bytes each
    member actually inflates to (counted, never kept)."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(path, f"{what} 文件已损坏或不完整（不是有效的 zip 容器）") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"{what} 文件包含 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}，疑似恶意文件，拒绝读取")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise InputError(path, f"{what} 文件已加密（需要密码），无法读取")
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(
                    path,
                    f"{what} 文件的部件 {info.filename} 压缩比异常（{info.compress_size} 字节解压为 {info.file_size} 字节），"
                    "疑似压缩炸弹，拒绝读取",
                )
        if total > MAX_UNCOMPRESSED:
            raise InputError(
                path, f"{what} 文件解压后共 {total} 字节，超过上限 {MAX_UNCOMPRESSED} 字节，疑似压缩炸弹，拒绝读取"
            )
        for info in infos:
            if info.file_size > MAX_PART:
                raise InputError(path, f"{what} 文件的部件 {info.filename} 解压后 {info.file_size} 字节，超过上限 {MAX_PART} 字节，拒绝读取")
            try:
                actual = _inflated_size(data, info, info.file_size)
            except (zipfile.BadZipFile, zlib.error, struct.error):
                raise InputError(path, f"{what} 文件已损坏（部件 {info.filename} 无法解压）") from None
            if actual > info.file_size:
                raise InputError(
                    path,
                    f"{what} 文件的部件 {info.filename} 实际解压超过其声明的 {info.file_size} 字节（大小被伪造），"
                    "疑似压缩炸弹，拒绝读取",
                )
