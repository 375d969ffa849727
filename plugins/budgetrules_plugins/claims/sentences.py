"""Sentence splitting that keeps offsets into the paragraph text.

A claim's numbers are bound within one sentence: a chain "基本支出 380.5 万元，占 34%，比上年增加 49.26 万元，
增长 14.87%" never continues past 。 ； ！ ？. Numbered list entries ("1. …", "2. …") that a loader joined into
one paragraph are split too, so that an entry never inherits the subject of the one before it.
"""

from __future__ import annotations

from budgetrules.api import regex

__all__ = ["split_sentences"]

_END = regex.compile(r"[。；;！!？?]")
# "2. 保障社会…" / "3、…" starting a new entry inside a joined paragraph (not "1.5 万元": a space or CJK follows)
_ENTRY = regex.compile(r"(?<=[\s。；;])\s*\d{1,2}\s*[.、．](?=\s*[\u4e00-\u9fff（(])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, end exclusive, terminators included."""
    cuts = {0, len(text)}
    for m in _END.finditer(text):
        cuts.add(m.end())
    for m in _ENTRY.finditer(text):
        cuts.add(m.start())
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if text[a:b].strip():
            out.append((a, b))
    return out
