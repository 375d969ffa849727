"""Whether a printed code cell can be a 政府收支分类科目 code at all.

The table builder (:mod:`budgetrules.reading.tablebuild`) reads a row's code from its 类/款/项 columns, a single code
column, or the start of its name (``201 一般公共服务支出``); a code it cannot read leaves the row without a
code and, for code columns, keeps the printed text in ``Row.texts`` under the column's key. This module
judges that text by its shape only — the catalogue decides whether a well-formed code exists (CL101):

* a 类 column holds 3 digits (or a whole 5- or 7-digit code); a 款 or 项 column 2 digits;
* a single code column holds a code of odd length (3, 5, 7 — and 9 or more for the local extensions some
  provinces print, ``3010201``) or the 2-digit tail of one under its parent; one digit or an even number of
  digits from 4 on cannot be a code;
* a text of digits mixed with the letters that look like digits (``2O1``, ``3l0``) is a mistyped code.

Anything else — words (``合计``, a repeated header ``科目编码``), ellipses — is not a code and not judged here.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from budgetrules.api import regex

__all__ = ["CODE_KEYS", "PART_NAMES", "Misprint", "judge", "repaired"]

CODE_KEYS = ("code", "code_lei", "code_kuan", "code_xiang")
PART_NAMES = {"code": "科目编码", "code_lei": "类编码", "code_kuan": "款编码", "code_xiang": "项编码"}

_LOOKALIKE = {"O": "0", "o": "0", "〇": "0", "I": "1", "l": "1"}
_CODELIKE = regex.compile(r"^[0-9Ool〇I]+$")


@attrs.frozen
class Misprint:
    """Why a printed code part cannot be a code: ``reason`` for the message."""

    key: str
    text: str
    reason: str


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def judge(key: str, text: str) -> Misprint | None:
    """The misprint in a code cell of column ``key``, or None when it is a well-formed code part or no code."""
    t = _clean(text)
    if not t or not _CODELIKE.match(t) or not any(ch.isdigit() for ch in t):
        return None
    letters = sorted({ch for ch in t if not ch.isdigit()})
    if letters:
        return Misprint(key, text, f"含有形似数字的字母“{'、'.join(letters)}”")
    n = len(t)
    if key == "code_lei":
        if n in (3, 5, 7):
            return None
        return Misprint(key, text, f"是 {n} 位数字（类编码应为 3 位）")
    if key in ("code_kuan", "code_xiang"):
        if n == 2:
            return None
        return Misprint(key, text, f"是 {n} 位数字（{PART_NAMES[key][0]}编码应为 2 位）")
    if n == 1 or (n % 2 == 0 and n >= 4):
        return Misprint(key, text, f"是 {n} 位数字（科目编码为 3、5 或 7 位）")
    return None


def repaired(text: str, width: int | None = None) -> str:
    """The digits a misprint most probably stands for: look-alike letters read as digits, a part shorter than
    ``width`` padded with its lost leading zeros (``7`` → ``07``)."""
    t = "".join(_LOOKALIKE.get(ch, ch) for ch in _clean(text))
    if width is not None and len(t) < width:
        t = t.zfill(width)
    return t
