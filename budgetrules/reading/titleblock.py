"""Table title blocks: the lines printed above a table's grid.

A disclosure prints each table under a small block of lines, in many house styles::

    表一                                      公开 05 表：财政拨款支出预算表
    2026年部门收支总体情况表                    部门：江苏省人民检察院      单位：万元
    单位名称：重庆市人民政府办公厅  单位：万元

    一、2017年度江苏省高级人民法院部门收支预算总表      2024年部门财务收支预算总表
                                   单位：万元      编制部门：上海市普陀区… 单位：元

:func:`read_title_block` reads such a block starting at a text line and returns the table's number, title,
unit, compiler and the position of the grid that follows (if any). The title may be wrapped over two lines,
the number may stand on its own line or before the title (``表一：``, ``公开05表``, ``表1``, ``一、``), and
the 编制部门 and 单位 may share one line. :func:`info_line` reads that last kind of line alone, and
:func:`peel_grid` moves such lines out of a grid whose first rows hold them (spreadsheets and some PDFs put
the title block inside the table's frame).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.amounts import Unit
from budgetrules.core.tablekinds import identify_table, is_total_label, normalize_label
from budgetrules.reading.tablebuild import GridRow

__all__ = [
    "TitleBlock",
    "InfoLine",
    "info_line",
    "number_only",
    "split_number",
    "split_title_text",
    "read_title_block",
    "peel_grid",
]

#: A table number standing alone: ``表一``, ``表 1``, ``公开01表``, ``公开 05 表``, ``附表2``, ``表1-2``.
_NUMBER = (
    r"(?:表\s*[一二三四五六七八九十]+|表\s*\d{1,2}(?:\s*-\s*\d{1,2})?|公开\s*\d{1,2}\s*表|公开表\s*(?:\d{1,2}|[一二三四五六七八九十]+)|"
    r"附表\s*\d{0,2})"
)
_SPACES = regex.compile(r"\s+")
_NUMBER_ONLY = regex.compile(rf"^({_NUMBER})\s*[：:、.．]?$")
_NUMBER_FIRST = regex.compile(rf"^({_NUMBER})\s*[：:、.．]?\s*(\S.*)$")
#: ``一、`` / ``1.`` / ``（一）`` numbering before a title (the title is the table title when a grid follows).
_LIST_NUMBER = regex.compile(r"^([一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*")

_UNIT = regex.compile(r"(?:金额|计量)?单位\s*[:：]?\s*(亿元|万元|千元|元)(?![\u4e00-\u9fff])")
_COMPILER = regex.compile(
    r"(?:(?:编制部门|编制单位|单位名称|部门名称|预算单位|主管部门|预算主管部门|资金主管部门|填报单位)"
    r"(?:\s*[（(][^)）]{0,6}[)）])?\s*(?:[:：]\s*|\s+)|部\s*门\s*[:：]\s*)"
    r"(.*?)\s*(?=(?:金额|计量)?单位\s*[:：]?\s*(?:亿元|万元|千元|元)(?![\u4e00-\u9fff])|$)"
)
_YEAR_LINE = regex.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*(?:年度?)?\s*[)）]?$")
#: A line of stray punctuation (colons a PDF's text layer set apart from their words).
_PUNCT_LINE = regex.compile(r"^[\s:：,，。、;；]+$")
#: Punctuation a table title never holds (a sentence ending in "见下表：" is not a title): ``。，；;,！？``
#: anywhere or a colon at the end — written as one class first, so that the engine skips to those characters.
_PROSE = regex.compile(r"[。，；;,！？:：](?:(?<=[。，；;,！？])|$)")
#: A bracketed note wrapped under a title: ``（按功能分类科目）``.
_BRACKET_LINE = regex.compile(r"^[(（][^()（）]{1,30}[)）]$")
#: Note lines under a table (``注：…``, ``备注：…``, ``说明：…``).
NOTE_LINE = regex.compile(r"^(备注|注|说明)\s*\d*\s*[：:]")


@attrs.frozen
class InfoLine:
    """What a 编制部门/单位 line says: the unit and the compiling department (either may be None)."""

    unit: Unit | None
    compiler: str | None


def info_line(text: str) -> InfoLine | None:
    """Read a line holding only a table's unit and/or compiling department, else None.

    ``部门：江苏省政协办公厅 单位：万元``, ``单位名称：重庆市水利局 单位：万元``, ``编制部门： 单位：元``,
    ``单位：万元``, ``金额单位：元``.
    """
    t = text.strip()
    if not t or len(t) > 80 or ("单位" not in t and "部" not in t):
        return None  # a unit is printed after 单位, and every compiler label holds 部 or 单位
    unit_m = _UNIT.search(t)
    comp_m = _COMPILER.match(t)
    if comp_m is None and (unit_m is None or unit_m.start() > 0 and t[: unit_m.start()].strip()):
        return None
    rest = t
    if comp_m is not None:
        rest = rest[comp_m.end():]
    if unit_m is not None:
        rest = _UNIT.sub("", rest, count=1)
    if rest.strip(" \u3000:："):
        return None
    unit = Unit.parse(unit_m.group(1)) if unit_m else None
    compiler = comp_m.group(1).strip(" \u3000:：") or None if comp_m else None
    return InfoLine(unit, compiler)


def number_only(text: str) -> str | None:
    """The table number when ``text`` is a number alone (``表一``, ``公开 05 表``), else None."""
    m = _NUMBER_ONLY.match(text.strip())
    return _SPACES.sub("", m.group(1)) if m else None


def split_number(text: str) -> tuple[str | None, str]:
    """``公开 05 表：财政拨款支出预算表`` → (``公开05表``, ``财政拨款支出预算表``); no number → (None, text)."""
    t = text.strip()
    m = _NUMBER_FIRST.match(t)
    if m:
        return _SPACES.sub("", m.group(1)), m.group(2).strip()
    return None, t


@attrs.frozen
class TitleBlock:
    """A table's title block: where it starts, where its grid is (None when no grid follows), what it says."""

    start: int
    end: int
    title_index: int
    title: str
    number: str | None
    unit: Unit | None
    compiler: str | None
    grid: int | None


def page_of(block: object) -> object:
    """The page of a block, or the sheet of a spreadsheet cell (``Sheet1!A3``)."""
    source = getattr(block, "source", None)
    if source is None:
        return None
    if source.page is not None:
        return source.page
    if source.ref and "!" in source.ref:
        return source.ref.split("!", 1)[0]
    return None


def _is_grid(block: object) -> bool:
    return hasattr(block, "rows")


def _text(block: Any) -> str:
    text: str = block.text
    return text.strip()


def _title_of(parts: Sequence[str]) -> str:
    title = "".join(p.strip() for p in parts)
    return _SPACES.sub("", title)


def read_title_block(blocks: Sequence[object], i: int, *, window: int = 8,
                     is_heading: Callable[[str], bool] | None = None) -> TitleBlock | None:
    """The title block starting at text block ``i``, or None when ``i`` does not start one.

    A title block is: an optional number line, a title (one line, or two when the first does not end with
    表), the number when it is printed under the title instead, any number of info lines (unit, compiler, a year in brackets), then a grid — or, for a table printed
    without any grid (an empty table), at least an info line or a note line. The title must name a kind of
    table (:func:`~budgetrules.core.tablekinds.identify_table`) unless a table number stands before it and the title
    ends with 表. ``is_heading(text)`` tells a section heading, which ends the search.
    """
    first = _text(blocks[i])
    if not first or len(first) > 70:
        return None
    number = number_only(first)
    j = i + 1 if number else i
    parts: list[str] = []
    k = j
    n = len(blocks)
    # the title: one line, or two when the first does not yet name a table (a wrapped title)
    while k < n and len(parts) < 2:
        block = blocks[k]
        if _is_grid(block):
            break
        t = _text(block)
        if not t:
            k += 1
            continue
        if len(t) > 70 or _PROSE.search(t) or info_line(t) or NOTE_LINE.match(t) or number_only(t):
            if parts:
                break
            return None
        if parts and page_of(block) != page_of(blocks[k - 1]):
            break  # a title is never wrapped over a page or sheet break
        if not parts and is_total_label(t):
            return None
        if not parts:
            own_number, rest = split_number(t)
            if own_number:
                if number:
                    return None
                number, t = own_number, rest
            elif is_heading is not None and is_heading(t) and identify_table(t) is None:
                return None  # a section heading (``第二部分 部门预算公开表``) is not the start of a title
        elif (
            _LIST_NUMBER.match(t)
            or split_number(t)[0]
            or (is_heading is not None and is_heading(t))
            or (number is None and identify_table(t) is not None)  # a title of its own: the line above is not its start
        ):
            break
        parts.append(t)
        k += 1
        if identify_table(_title_of(parts)) is not None:
            break
    if not parts:
        return None
    title_index = next(x for x in range(j, k) if _text(blocks[x]))
    title = _title_of(parts)
    bare = _LIST_NUMBER.sub("", title, count=1)
    if identify_table(title) is None and not (number and normalize_label(bare).endswith("表")):
        return None
    unit: Unit | None = None
    compiler: str | None = None
    seen_info = False
    m = k
    while m < n and m - i <= window:
        block = blocks[m]
        if _is_grid(block):
            return TitleBlock(i, m, title_index, bare, number, unit, compiler, m)
        t = _text(block)
        if not t:
            m += 1
            continue
        info = info_line(t)
        if info is not None:
            unit = info.unit or unit
            compiler = info.compiler or compiler
            seen_info = True
            m += 1
            continue
        if number is None and not seen_info and number_only(t):
            number = number_only(t)  # the number printed under the title (``收支预算总表`` / ``公开表一``)
            m += 1
            continue
        if _YEAR_LINE.match(t) or _PUNCT_LINE.match(t) or (_BRACKET_LINE.match(t) and not seen_info):
            m += 1
            continue
        if NOTE_LINE.match(t) and (seen_info or bare != title or number):
            return TitleBlock(i, m, title_index, bare, number, unit, compiler, None)
        break
    if seen_info and (number or identify_table(title)):
        return TitleBlock(i, m, title_index, bare, number, unit, compiler, None)
    return None


_INFO_START = regex.compile(
    r"(编制部门|编制单位|单位名称|部门名称|预算单位|主管部门|预算主管部门|资金主管部门|填报单位|部\s*门\s*[:：]|"
    r"(?:金额|计量)?单位\s*[:：]?\s*(?:亿元|万元|千元|元))"
)


_NUMBER_AFTER = regex.compile(rf"^(.+表(?:[(（][^()（）]*[)）])?)({_NUMBER})$")


def split_title_text(text: str) -> list[str] | None:
    """The lines of a title block run together in one cell, or None when ``text`` is not one.

    ``收支预算总表部门:江苏省政协办公厅单位:万元`` → [``收支预算总表``, ``部门:江苏省政协办公厅单位:万元``];
    a lone info line or title → [text].
    """
    t = text.strip()
    if info_line(t) or number_only(t) or (identify_table(t) is not None and len(t) <= 70):
        return [t]
    for m in _INFO_START.finditer(t):
        head, tail = t[: m.start()].strip(), t[m.start():].strip()
        if not head or info_line(tail) is None:
            continue
        number, title = split_number(head)
        if number is None:
            m_after = _NUMBER_AFTER.match(re.sub(r"\s+", "", head))
            if m_after:
                title, number = m_after.group(1), m_after.group(2)
        parts = [number] if number else []
        if title and identify_table(title) is not None and len(title) <= 70:
            return [*parts, title, tail]
        if not title and number:
            return [*parts, tail]
    return None


def peel_grid(rows: Sequence[GridRow]) -> tuple[list[tuple[str, GridRow]], list[GridRow]]:
    """Split the title-block lines printed inside a grid's frame from the grid.

    Leading rows whose filled cells (at most two distinct texts: a merged cell repeated over the columns it
    spans counts once) read as a table title, a table number or an info line (unit / 编制部门), or all of
    these run together in one cell, are returned as ``(text, row)`` pairs; the rest is the grid. Stops at
    the first row that is anything else, so a header line is never taken.
    """
    out: list[tuple[str, GridRow]] = []
    for index, row in enumerate(rows):
        filled = list(dict.fromkeys(c.strip() for c in row.cells if c.strip()))
        if not filled:
            continue
        if len(filled) > 4:
            return out, list(rows[index:])
        joined = " ".join(filled)
        if len(filled) > 2:
            info = info_line(joined)  # ``部门： | 江苏省人民检察院 | 单位：万元`` spread over the header's cells
            if info is None or info.unit is None:
                return out, list(rows[index:])
            out.append((joined, row))
            continue
        lines = split_title_text(joined)
        if lines is None and len(filled) == 2:
            first, second = split_title_text(filled[0]), split_title_text(filled[1])
            lines = first + second if first and second else None
        if lines is None:
            return out, list(rows[index:])
        out.extend((line, row) for line in lines)
    return out, []
