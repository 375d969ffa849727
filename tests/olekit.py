"""A minimal OLE compound file (CFB version 3) writer for tests: a root storage and a few named streams.

Real .doc/.xls/encrypted Office files are OLE compound files; a loader must tell them apart by the stream names
in the file's directory. :func:`ole_file` writes such a file with the streams given (each padded to 4096 bytes,
so that every stream lives in regular sectors and no mini stream is needed).
"""

from __future__ import annotations

import struct

__all__ = ["OLE_MAGIC", "ole_file"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size))


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` (at most three), by name."""
    assert 1 <= len(streams) <= 3
    fat = [_FATSECT, _END]  # sector 0: the FAT; sector 1: the directory
    entries = []
    data = b""
    names = list(streams)
    for index, name in enumerate(names):
        body = streams[name].ljust(4096, b"\0")
        body += b"\0" * (-len(body) % _SECTOR)
        first = len(fat)
        count = len(body) // _SECTOR
        fat += [first + k + 1 for k in range(count - 1)] + [_END]
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        entries.append(_entry(name, 2, _NOSTREAM, right, first, len(streams[name].ljust(4096, b"\0"))))
        data += body
    assert len(fat) <= _SECTOR // 4
    directory = _entry("Root Entry", 5, 1, _NOSTREAM, _END, 0) + b"".join(entries)
    directory = directory.ljust(_SECTOR, b"\0")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(_SECTOR, b"\xff")
    header = (OLE_MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    assert len(header) == _SECTOR
    return header + fat_sector + directory + data
