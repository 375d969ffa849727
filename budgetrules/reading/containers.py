"""Office containers read safely: zip packages (.docx, .xlsx) and OLE compound files (.doc, .xls, encrypted
Office files), for the loaders and for ``budgetrules codes import``.

* :func:`check_zip` refuses zip bombs. The declared sizes and ratios are checked first (nothing inflated); then
  every member is inflated once, in 64 KB steps that are counted and thrown away, so what is bounded is the
  bytes a member **actually** inflates to: a member that inflates past the size it declares is refused as
  forged (:mod:`zipfile` would inflate all of it in one call before cutting it to the declared size), and no
  part may exceed :data:`MAX_PART` bytes. Only then may python-docx or openpyxl read the package, which can
  therefore inflate nothing larger than was counted;
* :func:`office_kind` tells which Office format a zip holds, from its directory;
* :func:`ole_streams` lists the streams an OLE compound file holds, read from its directory entries — never
  from the strings ``WordDocument`` or ``EncryptedPackage`` found anywhere in the bytes, which a worksheet's
  cell text may contain.
"""

from __future__ import annotations

import io
import struct
import zlib
from io import BytesIO
from typing import TYPE_CHECKING

from budgetrules.core.errors import InputError
from budgetrules.core.lazy import lazy_module

if TYPE_CHECKING:
    import zipfile
else:
    zipfile = lazy_module("zipfile")  # only Office files are zips: a text or PDF check does not import it

__all__ = ["check_zip", "office_kind", "ole_streams", "OLE_MAGIC", "MAX_UNCOMPRESSED", "MAX_RATIO", "MAX_MEMBERS",
           "MAX_PART", "zip_doctype"]


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
        pending: bytes | memoryview = raw[at:at + _STEP]
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


def zip_doctype(data: bytes) -> str | None:
    """The first XML part of the zip ``data`` whose first 4 KB declare a DOCTYPE (Office never writes one: it is
    how an XML external entity attack begins), or None. Call after :func:`check_zip`."""
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for info in zf.infolist():
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            with zf.open(info) as member:
                if b"<!DOCTYPE" in member.read(4096).upper():
                    return info.filename
    return None
