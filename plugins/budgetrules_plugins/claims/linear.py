"""Helpers that keep reading the prose linear in its length, whatever the text.

* :class:`FoldTable` folds a text character by character through :meth:`str.translate` (offsets survive),
  each distinct character folded once — not a Python call per character of the text;
* :class:`Taken` tells which characters are already taken by a match, a byte per character, so that asking
  whether a new match overlaps an earlier one costs the length of the new match, never a scan of every
  earlier match.
"""

from __future__ import annotations

from typing import Callable

__all__ = ["FoldTable", "Taken"]


class FoldTable(dict):
    """A :meth:`str.translate` table mapping each character to ``fold(ch)``, or to itself when that is not
    one character. Entries are made on first use (at most 65,536 are kept)."""

    def __init__(self, fold: Callable[[str], str]):
        super().__init__()
        self._fold = fold

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = self._fold(ch)
        value = folded if len(folded) == 1 else ch
        if len(self) < 65536:
            self[code] = value
        return value


class Taken:
    """The taken characters of a text of ``length`` characters."""

    def __init__(self, length: int):
        self._mask = bytearray(length)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of ``[start, end)`` is taken."""
        return self._mask.find(1, start, end) >= 0

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)
