"""MC106: the table of contents matches the body."""

from __future__ import annotations

import re

from budgetrules.model import Section, Table, TocEntry
from budgetrules.rules import rule
from budgetrules.tablekinds import identify_table, normalize_label

from .common import heading_text

_STRIP = re.compile(r"(19|20)\d{2}\s*年?度?|[\d\s()（）\"“”'、，,.．:：]|关于|部门|单位")


def _clean(title: str) -> str:
    return _STRIP.sub("", normalize_label(title))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similar(a: str, b: str) -> float:
    """Overlap of character pairs of the two cleaned titles (1.0: one contains the other's pairs)."""
    x, y = _bigrams(_clean(a)), _bigrams(_clean(b))
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _line(item) -> int:
    return item.source.line or 0


def _path(item) -> str:
    return item.source.path


def _describe(item) -> str:
    if isinstance(item, Table):
        return item.name
    return f"“{heading_text(item)}”"


def _entry_text(entry: TocEntry) -> str:
    if entry.level == 1:
        return f"{entry.number} {entry.title}"
    if entry.level == 2 and entry.number:
        return f"{entry.number}、{entry.title}"
    return f"{entry.number}{entry.title}"


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    n = len(values)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


@rule("MC106", "目录与正文不一致", family="mandatory", params={"min_similarity": 0.7})
def toc_mismatch(doc, ctx):
    """Every entry of the table of contents (目录) is found in the body, in the same order.

    A 目录 entry of a part (``第二部分 …``) matches the body part with the same number; a table entry (a title
    naming a kind of table) matches a published table of that kind, whatever its exact title
    ("财政拨款收支总体情况表" in the 目录, "财政拨款收支预算总体情况表" in the body); any other entry matches a
    heading whose title shares at least ``min_similarity`` of its character pairs (department name variants,
    years, 关于/部门/单位 and punctuation aside). Then the order of the matched places must follow the 目录;
    entries outside one longest run in order are reported as out of order (**warning**). A body part (``第X部分``) missing
    from a 目录 that lists parts is reported too (**warning**). When the tables were published as a separate file
    and checked with the narrative as one document set, their order is not judged against the narrative's
    headings; when a narrative is checked without its tables, its table entries are not judged at all (the core
    says once that the tables were not provided, BR020).

    The finding for a missing entry points at the body place of the entry before it (where the part should
    follow) and names the 目录 line. Nothing is reported for a document without a 目录.

    Failing example::

        测试局 2021 年部门预算公开
        目录
        第一部分 部门概况
        一、主要职能
        二、机构设置
        第二部分 名词解释
        第一部分 部门概况
        一、主要职能
        负责全县住房和城乡建设管理。
        第二部分 名词解释
        机关运行经费：指各部门的公用经费。

    Passing example::

        测试局 2021 年部门预算公开
        目录
        第一部分 部门概况
        一、主要职能
        二、机构设置
        第二部分 名词解释
        第一部分 测试局概况
        一、主要职能
        负责全县住房和城乡建设管理。
        二、机构设置
        本局下设 3 个科室。
        第二部分 名词解释
        机关运行经费：指各部门的公用经费。
    """
    if not doc.toc:
        return
    here = doc.toc[0].source.path
    threshold = float(ctx.params["min_similarity"])
    parts = [s for s in doc.sections if s.level == 1 and s.number]
    sections = [s for s in doc.walk_sections() if s.number or s.title]
    used: set[int] = set()
    matches: list[Section | Table | None] = []
    unjudged: set[int] = set()
    last_line = 0
    for index, entry in enumerate(doc.toc):
        found = None
        if entry.level == 1:
            found = next((p for p in parts if p.number == entry.number and id(p) not in used), None)
            if found is None:
                found = next((p for p in parts if id(p) not in used and similar(p.title, entry.title) >= threshold), None)
        else:
            kind = identify_table(entry.title)
            if kind is not None and not doc.tables:
                unjudged.add(index)  # a narrative checked without its tables: the core says so once (BR020)
                candidates = []
            elif kind is not None:
                candidates = [t for t in doc.tables if t.kind == kind.id and id(t) not in used]
            else:
                candidates = [
                    s for s in sections
                    if s.level >= 2 and id(s) not in used and similar(s.title, entry.title) >= threshold
                ]
                candidates.sort(key=lambda s: (normalize_label(s.number) != normalize_label(entry.number),))
            after = [c for c in candidates if _path(c) != here or _line(c) > last_line]
            found = (after or candidates or [None])[0]
        if found is not None:
            used.add(id(found))
            if _path(found) == here:
                last_line = max(last_line, _line(found))
        matches.append(found)

    # the order is judged among places of the contents' own file: the tables of a document set published
    # as a separate file have no position relative to the narrative's headings
    lines = [(i, _line(m)) for i, m in enumerate(matches) if m is not None and _path(m) == here]
    keep = {lines[k][0] for k in _longest_increasing([ln for _, ln in lines])}
    keep |= {i for i, m in enumerate(matches) if m is not None and _path(m) != here}
    for i, (entry, found) in enumerate(zip(doc.toc, matches)):
        before = next((m for m in reversed(matches[:i]) if m is not None), None)
        text = _entry_text(entry)
        if i in unjudged:
            continue
        if found is None:
            where = f"，应在{_describe(before)}（第 {_line(before)} 行）之后" if before is not None else ""
            yield ctx.finding(
                f"目录第 {entry.source.line} 行列出的“{text}”在正文中未找到{where}",
                at=before if before is not None else entry.source,
                related=[entry.source],
                key=f"toc-missing:{i}:{text}",
            )
        elif i not in keep:
            yield ctx.finding(
                f"目录第 {entry.source.line} 行的“{text}”在正文中位于第 {_line(found)} 行，顺序与目录不一致",
                at=found,
                related=[entry.source],
                key=f"toc-order:{i}:{text}",
                severity="warning",
            )
    if any(e.level == 1 for e in doc.toc):
        for part in parts:
            if id(part) not in used:
                yield ctx.finding(
                    f"正文第 {_line(part)} 行的“{part.number} {part.title}”未列入目录",
                    at=part,
                    key=f"toc-unlisted:{part.number}",
                    severity="warning",
                )
