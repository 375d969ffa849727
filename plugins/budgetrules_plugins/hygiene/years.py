"""The year a title names the disclosure with: ``2019年部门预算``, ``2018年度江苏省…收支预算总表``.

:func:`disclosure_year` reads one title-like text (a title, a line of the contents, a heading, a table title)
and returns the year it gives the disclosure of the document's kind, or None when the text does not name
the disclosure itself. It is deliberately narrow:

* the text names exactly one year (``2017-2019年规划``, ``2019年预算与2018年预算对比`` name two: None);
* the year is followed, with no other number between, by the document's own kind word — ``预算`` in a
  budget, ``决算`` in final accounts (a 预算 document's heading ``2018年部门决算情况`` speaks of another
  disclosure: None; a 决算's titles may say ``一般公共预算`` before ``决算``);
* the text states no figure (``…0万元，比2023年预算持平`` is a numbered sentence, not a title), no word just
  before the year makes it the other side of a comparison (``比2018年预算``, ``与2018年``, ``至``);
* nothing between the year and the kind word, nor right after the kind word, makes it a comparison or
  another stage of the budget: ``比``/``较``/``对比``/``上年``/``同期``/``增减``/``变化``, ``执行``/``调整``/
  ``追加``/``完成``, ``…预算数`` (a column of figures, not the disclosure).

A 决算 of year N is published in N+1 and names N: the document year (``Document.year``, read from the title
by :mod:`budgetrules.reading.assemble`) is compared with what the titles name, never with a publication date.
"""

from __future__ import annotations

from budgetrules.api import DocKind, normalize_label, regex

__all__ = ["disclosure_year", "years_named"]

_YEAR = regex.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
_NAMED = {
    kind: regex.compile(rf"(?<!\d)(?P<year>(?:19|20)\d{{2}})年度?(?P<mid>[^\d０-９]{{0,40}}?){kind.value}(?P<tail>.*)$")
    for kind in DocKind
}
_NOT_ITSELF_BEFORE = regex.compile(r"(?:比|较|与|和|同|至|到|从|自|截至|截止|对照|相对于?)$")
_AMOUNT = regex.compile(r"\d\s*(?:万元|亿元|元|%|％|人|辆)")
_NOT_ITSELF_MID = regex.compile(r"比|较|对比|相比|同期|上年|去年|以来|执行|调整|追加|完成|批复前")
_NOT_ITSELF_TAIL = regex.compile(r"^(?:执行|调整|追加|完成|数|批复数|安排数|草案)|比|较|对比|相比|同期|上年|去年|增减|变动|变化")


def years_named(text: str) -> set[int]:
    """Every year a text names (``2019年``, and each end of a range ``2017-2019年``); a number that looks like a
    year inside a longer number or a decimal (``12019``, ``2019.50``) is not one."""
    return {int(m.group(1)) for m in _YEAR.finditer(normalize_label(text))}


def disclosure_year(text: str, kind: DocKind | None) -> int | None:
    """The year ``text`` names the disclosure of ``kind`` with, or None (see the module docstring)."""
    if kind is None:
        return None
    t = normalize_label(text)
    if len(years_named(t)) != 1:
        return None
    if kind is DocKind.BUDGET and DocKind.FINAL.value in t:
        return None  # a budget's title that speaks of a 决算 is about another disclosure
    if _AMOUNT.search(t):
        return None  # a sentence stating figures (a numbered paragraph), not a title
    m = _NAMED[kind].search(t)
    if m is None or _NOT_ITSELF_BEFORE.search(t[: m.start()]):
        return None
    if _NOT_ITSELF_MID.search(m.group("mid")) or _NOT_ITSELF_TAIL.match(m.group("tail")):
        return None
    return int(m.group("year"))
