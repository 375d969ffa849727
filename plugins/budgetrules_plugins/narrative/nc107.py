"""NC107: a 功能分类 name written in the text next to its code is that code's name."""

from __future__ import annotations

import difflib

from budgetrules.api import normalize_label, regex, rule

from .facts import bound_claims

_PARTS = regex.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,30}?)\s*[（(]\s*(?:(?P<lei1>\d{3})\s*类|类\s*[：:]?\s*(?P<lei2>\d{3})"
    r"|款\s*[：:]?\s*(?P<kuan>\d{2})|项\s*[：:]?\s*(?P<xiang>\d{2}))\s*[)）]"
)


_LIST_MARKER = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[、.])")


def _clean(label: str) -> str:
    return _LIST_MARKER.sub("", normalize_label(label))


def _known_names(doc) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for table in doc.tables:
        for row in table.rows:
            if row.code is not None and row.code.system == "func" and row.code.code and row.label:
                names.setdefault(row.code.code, set()).add(_clean(row.label))
    return names


def _catalogue_name(doc, code: str) -> str | None:
    if doc.year is None:
        return None
    try:
        from budgetrules.api import catalogues

        catalogue = catalogues.load("func", doc.year)
        entry = catalogue.get(code) if catalogue is not None else None
    except (OSError, ValueError):  # a catalogue file that cannot be read or parsed: no name to compare with
        return None
    return _clean(entry.name) if entry is not None else None


def _printed_pairs(label: str):
    """(name as written, code) for each level printed in the label, outermost first."""
    code = ""
    for m in _PARTS.finditer(label):
        lei = m.group("lei1") or m.group("lei2")
        if lei:
            code = lei
        elif m.group("kuan") and len(code) == 3:
            code += m.group("kuan")
        elif m.group("xiang") and len(code) == 5:
            code += m.group("xiang")
        else:
            return
        yield _clean(m.group("name")), code


def _verdict(written: str, expected: set[str], others: dict[str, str]) -> tuple[str, str] | None:
    """None when ``written`` (or its tail) is an expected name; else (kind, name it resembles)."""
    if any(written.endswith(name) for name in expected):
        return None
    for name in sorted(expected):
        tail = written[-len(name):]
        if sorted(tail) == sorted(name) or difflib.SequenceMatcher(None, tail, name).ratio() >= 0.8:
            return "typo", name
    for other_code, name in sorted(others.items()):
        if written.endswith(name):
            return "other", f"{other_code} {name}"
    return None


@rule("NC107", "文字中的功能分类科目名称与其编码一致", family="narrative", severity="warning")
def written_name_matches_code(doc, ctx):
    """Where the text prints a 支出功能分类 code next to a name — ``城乡社区支出（212 类）``, ``城乡社区支出（类：212）
    城乡社区管理事务（款：01）行政运行（项：01）`` — the name is the code's name, as the document's own tables print
    it (or, failing that, as 财政部's 《政府收支分类科目》 of the document's year names it).

    Reported (warning): a name that is a garbled form of the code's name — the same characters in another order
    (``保障社会和就业支出（208 类）`` for 社会保障和就业支出), or a close misspelling (≥ 80 % alike) — and a name
    that is exactly another code's name (``节能环保支出（212 类）``: the reader cannot tell which one is meant,
    so the claim extractor binds neither and the number goes unchecked until this is fixed).

    Not reported: a name that does not resemble any known name (the text may describe the item in its own
    words); names printed without a code (the extractor binds those through the tables and never guesses).

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算当年拨款情况说明
        1. 保障社会和就业支出（208 类）36.48 万元，占 100%。
        表五：一般公共预算支出情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        ∅ | ∅ | 合计 | 36.48 | 36.48 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算当年拨款情况说明
        1. 社会保障和就业支出（208 类）36.48 万元，占 100%。
        表五：一般公共预算支出情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        ∅ | ∅ | 合计 | 36.48 | 36.48 | ∅
    """
    known = _known_names(doc)
    seen: set[tuple] = set()
    for claim in bound_claims(doc):
        label = claim.label or ""
        if not _PARTS.search(label):
            continue
        for written, code in _printed_pairs(label):
            place = (claim.source.line, claim.section, written, code)
            if place in seen:
                continue
            seen.add(place)
            expected = set(known.get(code, ()))
            from_catalogue = _catalogue_name(doc, code)
            if from_catalogue:
                expected.add(from_catalogue)
            if not expected:
                continue
            others = {c: n for c, ns in known.items() if len(c) == len(code) and c != code for n in ns}
            verdict = _verdict(written, expected, others)
            if verdict is None:
                continue
            kind, name = verdict
            what = (f"与编码 {code} 的名称“{name}”不一致（疑似笔误）" if kind == "typo"
                    else f"是另一科目 {name} 的名称，与所印编码 {code} 矛盾")
            yield ctx.finding(
                f"文字“{label}”中的科目名称“{written}”{what}；表中编码 {code} 的名称为"
                f"“{'、'.join(sorted(expected))}”",
                at=claim,
                expected=name.split(" ")[-1],
                actual=written,
                key=f"{code}|{written}",
            )
