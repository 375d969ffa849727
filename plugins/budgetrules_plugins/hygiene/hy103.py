"""HY103: a classification name of an older catalogue used in the prose or a heading."""

from __future__ import annotations

import functools
import re

from budgetrules.api import catalogues, normalize_name, regex, rule

from .places import prose_places, short, title_places
from .renames import SYSTEMS, OldName, catalogue_label, outdated_names

_WHAT = {"func": "功能分类科目", "econ-dept": "经济分类科目"}
#: the text says the name is the old one: 原医疗卫生与计划生育支出, …调整为…
_HISTORY_BEFORE = regex.compile(r"(?:原|旧|曾|由|从)\s*[“\"‘「『]?\s*$")
_HISTORY_AFTER = regex.compile(r"^\s*[”\"’」』]?\s*[）)]?\s*(?:调整为|更名|改为|改称|变更为|并入|划入|调整|变更)")
#: the text marks the words as a classification name: （款）, （类）, 科目, or a code before them
_MARK_AFTER = regex.compile(r"^\s*[”\"’」』]?\s*(?:[（(]\s*(?:类|款|项|\d{3,7}\s*(?:类|款|项)?)\s*[)）]|类|款|项|科目)")
_MARK_BEFORE = regex.compile(r"(?:\d{3,7}|[（(]\s*(?:类|款)\s*[)）]|科目)\s*[“\"‘「『]?\s*$")


@functools.lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(ch) for ch in name if not ch.isspace()))


@functools.lru_cache(maxsize=4096)
def _compact(name: str) -> str:
    return "".join(name.split())


def _needs_mark(old: OldName) -> bool:
    """Names that are also plain words (a 款 ``行政事业单位离退休``, any economic name) count only when the
    text marks them as a classification name; a functional name ending in 支出 is one by itself."""
    return old.system != "func" or not normalize_name(old.old).endswith("支出")


def _occurrences(text: str, olds: list[OldName]) -> list[tuple[OldName, int, int]]:
    taken: list[tuple[int, int]] = []
    out = []
    compact = "".join(text.split())
    for old in olds:  # longest first: 其他行政事业单位离退休支出 before 行政事业单位离退休
        if _compact(old.old) not in compact:  # the pattern allows only whitespace between the characters
            continue
        for m in _pattern(old.old).finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
            if _HISTORY_BEFORE.search(before) or _HISTORY_AFTER.search(after):
                continue
            if _needs_mark(old) and not (_MARK_AFTER.search(after) or _MARK_BEFORE.search(before)):
                continue
            taken.append((m.start(), m.end()))
            out.append((old, m.start(), m.end()))
    return sorted(out, key=lambda o: o[1])


@functools.lru_cache(maxsize=16)
def _longest_first(year: int, cats: tuple) -> list[OldName]:
    # ``cats``, the catalogues of the year, make the key: a catalogue imported later is a new object
    olds = [o for system in SYSTEMS for o in outdated_names(system, year)]
    return sorted(olds, key=lambda o: -len(normalize_name(o.old)))


@rule("HY103", "叙述或标题中使用了已更名的旧科目名称", family="hygiene", severity="warning")
def outdated_name_in_prose(doc, ctx):
    """A 政府收支分类科目 name that an older catalogue used, written in a paragraph or a heading of a document
    whose year's catalogue names the code otherwise: ``医疗卫生与计划生育支出`` in a 2024 document (210 is
    卫生健康支出 from 2019), ``社会保障和就业支出（类）行政事业单位离退休（款）`` in a 2022 one (20805 is
    行政事业单位养老支出 from 2021). The explanation was copied from an old year's text, and a reader looking
    for the line in the tables will not find that name.

    Evidence comes only from the catalogues (:mod:`budgetrules.catalogues`: the yearly lists and the renames
    recorded in ``changes.csv``): a name counts only when the catalogue of the document's year lists the code
    under another name and an earlier catalogue (or a recorded rename up to that year) gives the old one.
    Without a catalogue of the document's year or an earlier one standing in, nothing is reported; a name that
    is still some code's name, or part of one, never counts.

    Not reported: names printed in table rows (CL102 reports an outdated name there); an old name the text
    itself calls old (``卫生健康支出（原医疗卫生与计划生育支出）``, ``…调整为…``); a name that is also a plain
    phrase — a 款 like ``行政事业单位离退休``, any 经济分类 name — unless the text marks it as a classification
    name (``（款）``, ``（类）``, ``科目``, or a code before it). Warning: the figures are not wrong, the name is.

    Failing example::

        测试局 2024 年部门预算公开
        第三部分 情况说明
        一、一般公共预算当年拨款情况说明
        医疗卫生与计划生育支出（类）行政单位医疗（款）12.00万元，主要用于在职人员医疗保险。

    Passing example::

        测试局 2024 年部门预算公开
        第三部分 情况说明
        一、一般公共预算当年拨款情况说明
        卫生健康支出（类）行政事业单位医疗（款）12.00万元（原医疗卫生与计划生育支出），主要用于在职人员医疗保险。
        行政事业单位离退休人员的离退休费由社保经办机构支付。
    """
    if doc.year is None:
        return
    olds = _longest_first(doc.year, tuple(catalogues.load(system, doc.year) for system in SYSTEMS))
    if not olds:
        return
    headings = [p for p in title_places(doc) if p.kind == "heading"]
    for place in [*headings, *prose_places(doc)]:
        seen: set[tuple[str, str]] = set()
        for old, start, end in _occurrences(place.text, olds):
            if (old.code, old.old) in seen:
                continue
            seen.add((old.code, old.old))
            since = f"自 {old.since} 年起" if old.since else "现"
            yield ctx.finding(
                f"{place.where}使用了旧科目名称“{old.old}”：{_WHAT[old.system]} {old.code} {since}名为“{old.current}”，"
                f"“{old.old}”是 {old.last_old} 年及以前目录中的名称（按 {catalogue_label(old.catalogue)}核对）；"
                f"文字：“{short(place.text[max(0, start - 10):end + 10], 40)}”",
                at=place.location(doc, start),
                expected=old.current,
                actual=old.old,
                key=f"{place.kind}|{old.code}|{short(place.text, 30)}",
            )
