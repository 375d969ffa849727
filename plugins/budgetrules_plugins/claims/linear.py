"""Helpers that keep reading the prose linear in its length, whatever the text.

* :class:`FoldTable` folds a text character by character through :meth:`str.translate` (offsets survive),
  each distinct character folded once — not a Python call per character of the text — and only the runs of
  characters the fold may change are translated (``str.translate`` costs a dictionary lookup and an integer
  object per character: most of a disclosure's prose is ideographs a fold keeps);
* :class:`Taken` tells which characters are already taken by a match, a byte per character, so that asking
  whether a new match overlaps an earlier one costs the length of the new match, never a scan of every
  earlier match.
"""

from __future__ import annotations

from typing import Callable

from budgetrules.api import regex

__all__ = ["FoldTable", "Taken", "KEPT_BY_FOLDS"]

#: What both folds of the prose (NFKC, and :func:`~budgetrules.core.tablekinds.normalize_label`) keep as it is:
#: ASCII and the CJK Unified Ideographs (U+4E00–U+9FFF; the compatibility ideographs elsewhere do change).
KEPT_BY_FOLDS = r"\x00-\x7f\u4e00-\u9fff"


class FoldTable(dict):
    """A :meth:`str.translate` table mapping each character to ``fold(ch)``, or to itself when that is not
    one character. Entries are made on first use (at most 65,536 are kept).

    ``kept`` is a regular-expression character class (without its brackets) of characters ``fold`` maps to
    themselves — a promise the tests check character by character; :meth:`fold` translates only the runs of
    the other characters.
    """

    def __init__(self, fold: Callable[[str], str], kept: str | None = None):
        super().__init__()
        self._fold = fold
        # (written with a first character, so that the engine skips along the kept characters)
        self._changeable = regex.compile(f"([^{kept}][^{kept}]*)") if kept else None

    def fold(self, text: str) -> str:
        """``text.translate(self)``: the runs of characters outside ``kept`` translated, the rest as it is."""
        changeable = self._changeable
        if changeable is None:
            return text.translate(self)
        parts = changeable.split(text)  # kept, changeable, kept, … (a run of each in turn)
        if len(parts) == 1:
            return text
        runs = "".join(parts[1::2])
        folded = runs.translate(self)  # one character for one: the runs keep their lengths
        if folded == runs:
            return text
        at = 0
        for i in range(1, len(parts), 2):
            end = at + len(parts[i])
            parts[i] = folded[at:end]
            at = end
        return "".join(parts)

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
