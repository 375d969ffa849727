"""The contents page (目录): where it is, what it lists, and where it ends.

A contents page starts at a ``目录`` line and lists the parts, sections and tables of the disclosure, with or
without dotted leaders and page numbers (``一、部门主要职能 ……………… 3``), sometimes laid out as a ruled
table, sometimes with an entry wrapped over two lines. It ends where the body starts, which
:func:`read_contents` recognises as the first of:

* a line that repeats an entry already listed (the body's first heading, numbering and wording aside);
* a table title with its grid, a unit line, or a grid that is not the contents' own;
* running prose (a long line with no leader);
* a page break, in a contents page whose entries carry leaders or page numbers, followed by a line without.

:func:`toc_key` and :func:`similar` compare an entry with a body heading by name: numbering, years, the
department's name, 关于/部门/单位, brackets and punctuation do not count.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.model import Source
from budgetrules.core.tablekinds import identify_table, normalize_label
from budgetrules.reading.titleblock import info_line, page_of, read_title_block

__all__ = ["ContentsLine", "is_contents_heading", "strip_leader", "read_contents", "toc_key", "similar"]

_CONTENTS = regex.compile(r"^目\s*录$|^目\s*次$")
_LEADER = regex.compile(r"\s*(?:[.．·•…⋯_\-—－]\s*){2,}\s*(?:第?\s*\d{1,3}\s*页?)?\s*$")
_PAGE_NUMBER = regex.compile(r"(?<=[\u4e00-\u9fff）)”\"表])\s+\d{1,3}$|(?<=[\u4e00-\u9fff）)”\"])\d{1,3}$")
_COLUMN_HEADS = regex.compile(r"^(序号|页码|页次|内容|名称|报表名称|目录内容|表\s*号)$")
_NUMBERED = regex.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|"
    r"\d{1,2}\s*[、.．](?!\d)|表\s*[一二三四五六七八九十\d]+|公开\s*\d+\s*表|附表)"
)
_PART = regex.compile(r"^(第[一二三四五六七八九十]+部分)")
#: Contents pages are short: never more entries than this, never more pages after the 目录 line.
MAX_ENTRIES = 120
MAX_PAGES = 4


def is_contents_heading(text: str) -> bool:
    """``目录`` / ``目 录`` / ``目次``."""
    return bool(_CONTENTS.match(text.strip()))


@attrs.frozen
class ContentsLine:
    """One entry of the contents page: its text (leader and page number removed) and where it was read."""

    text: str
    source: Source
    has_leader: bool = False


def strip_leader(text: str) -> tuple[str, bool]:
    """``一、部门主要职能 ……… 3`` → (``一、部门主要职能``, True); a line without leader → (text, False)."""
    t = text.strip()
    stripped = _LEADER.sub("", t)
    if stripped != t:
        return stripped.strip(), True
    stripped = _PAGE_NUMBER.sub("", t)
    if stripped != t and not re.search(r"(19|20)\d{2}$", t):
        return stripped.strip(), True
    return t, False


def _strip_number(text: str) -> str:
    return _NUMBERED.sub("", text.strip(), count=1).lstrip("：:、.． ")


_KEY_STRIP = regex.compile(r"(19|20)\d{2}\s*年?度?|[\d\s()（）\"“”'、，,.．:：;；。]|关于|部门|单位|的")


@functools.lru_cache(maxsize=1 << 14)
def toc_key(text: str) -> str:
    """What an entry or heading is called, for comparison: numbering, years, 关于/部门/单位, punctuation removed."""
    return _KEY_STRIP.sub("", normalize_label(_strip_number(text)))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


@functools.lru_cache(maxsize=1 << 14)
def _key_bigrams(text: str) -> frozenset[str]:
    return frozenset(_bigrams(toc_key(text)))


def similar(a: str, b: str) -> float:
    """Share of the character pairs of the shorter of two names (after :func:`toc_key`) found in the other."""
    x, y = _key_bigrams(a), _key_bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _is_grid(block: Any) -> bool:
    return hasattr(block, "rows")


def _grid_entries(block: Any, path: str) -> list[ContentsLine]:
    """The entries of a contents page laid out as a ruled table: one entry per row, page-number cells dropped."""
    out = []
    for row in block.rows:
        cells = [c.strip() for c in row.cells if c.strip()]
        cells = [c for c in cells if not re.fullmatch(r"\d{1,3}", c) and not _COLUMN_HEADS.match(c)]
        if not cells:
            continue
        text, leader = strip_leader(" ".join(cells))
        if text:
            out.append(ContentsLine(text, row.source, leader))
    return out


def _page(block: Any) -> object:
    return page_of(block)


def _take_parts(parts: Sequence[Any], entries: list[ContentsLine], keys: set[str]) -> bool:
    """Add the entries of a split line; False when one of them repeats an entry (the body has started)."""
    new = []
    for part in parts:
        text, leader = strip_leader(part.text)
        key = toc_key(text)
        if key and key in keys:
            return False
        new.append(ContentsLine(text, part.source, leader))
    for e in new:
        entries.append(e)
        keys.add(toc_key(e.text))
    return True


def _continues(entries: Sequence[ContentsLine], text: str, leader: bool) -> bool:
    """A short unnumbered line finishing the entry above: ``…培训费支出预算`` + ``表``.

    Joined when the two together name a table that the first alone does not, or when the entries carry
    leaders and the one above has none (it was cut before its leader).
    """
    prev = entries[-1]
    if _NUMBERED.match(text) or len(text) > 16 or prev.has_leader:
        return False
    if identify_table(prev.text + text) is not None and identify_table(prev.text) is None:
        return True
    led = sum(1 for e in entries if e.has_leader)
    return leader and led * 2 >= len(entries)


def _split_joined(block: Any) -> list[Any]:
    """A text line the loader joined from several printed lines (a long entry ran to the margin) is split
    again where a printed line starts with numbering (``…情况说明`` + ``第四部分 名词解释``)."""
    starts = getattr(block, "line_starts", ())
    if len(starts) < 2:
        return [block]
    text = block.text
    cuts = [0] + [o for o, _ in starts[1:] if 0 < o < len(text) and _NUMBERED.match(text[o:].lstrip())] + [len(text)]
    if len(cuts) == 2:
        return [block]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        line = next((l for o, l in reversed(starts) if o <= a), block.source.line)
        out.append(type(block)(text[a:b].strip(), attrs.evolve(block.source, line=line)))
    return out


def read_contents(blocks: Sequence[Any], start: int) -> tuple[list[ContentsLine], int]:
    """The entries of the contents page whose ``目录`` line is ``blocks[start]``, and the index where the body starts."""
    entries, end = _read_contents(blocks, start)
    return entries, end


def _read_contents(blocks: Sequence[Any], start: int) -> tuple[list[ContentsLine], int]:
    entries: list[ContentsLine] = []
    keys: set[str] = set()
    i = start + 1
    n = len(blocks)
    start_page = _page(blocks[start])
    last_page = start_page
    while i < n and len(entries) < MAX_ENTRIES:
        block = blocks[i]
        if _is_grid(block):
            if entries or not block.rows:
                break
            grid = _grid_entries(block, "")
            if not grid or any(identify_table(e.text) is None and len(e.text) > 60 for e in grid):
                break
            for e in grid:
                entries.append(e)
                keys.add(toc_key(e.text))
            last_page = page_of(grid[-1])
            i += 1
            continue
        parts = _split_joined(block)
        if len(parts) > 1:
            done = _take_parts(parts, entries, keys)
            if not done:
                break
            i += 1
            continue
        raw = block.text.strip()
        if not raw:
            i += 1
            continue
        page = page_of(block)
        if isinstance(start_page, int) and isinstance(page, int) and page - start_page >= MAX_PAGES:
            break
        if _COLUMN_HEADS.match(raw) or all(_COLUMN_HEADS.match(w) for w in raw.split()):
            i += 1
            continue
        text, leader = strip_leader(raw)
        if not text:
            i += 1
            continue
        key = toc_key(text)
        if entries and key and key in keys:
            break  # the body repeats an entry: it has started
        part = _PART.match(text)
        if part and any(e.text.startswith(part.group(1)) for e in entries):
            break  # a part comes round again: ``第一部分`` starts the body
        if info_line(raw) is not None:
            break
        if not leader and (len(text) > 60 or (text.endswith("。") and "，" in text)):
            break  # running prose
        led = sum(1 for e in entries if e.has_leader)
        leader_style = bool(entries) and led * 2 >= len(entries)
        if entries and page != last_page and (leader_style or not isinstance(page, int)) and not leader:
            break  # a new page, in a contents page with leaders, that does not continue it
        if leader_style and not leader and not _NUMBERED.match(text) and not _continues(entries, text, leader):
            break  # an unnumbered line without leader in a contents page with leaders: the body
        if entries and not leader:
            block_ahead = read_title_block(blocks, i)
            if block_ahead is not None and block_ahead.grid is not None:
                break
        if entries and _continues(entries, text, leader):
            prev = entries[-1]
            entries[-1] = ContentsLine(prev.text + text, prev.source, leader)
            keys.add(toc_key(entries[-1].text))
            i += 1
            continue
        entries.append(ContentsLine(text, block.source, leader))
        if key:
            keys.add(key)
        last_page = page
        i += 1
    return entries, i
