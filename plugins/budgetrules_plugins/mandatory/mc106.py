"""MC106: the table of contents matches the body."""

from __future__ import annotations

from budgetrules.api import (
    MONEY_KINDS,
    Section,
    Table,
    TocEntry,
    identify_table,
    normalize_label,
    regex,
    rule,
    toc_key,
)
from budgetrules.api import (
    similar as _similar,
)

from .parts import PrintedTitle, heading_text, is_unfilled, lead, printed_titles

_PROSE = regex.compile(r"[。；;，,](?:(?<=[。；;])|.*[，,])")  # 。；; or two commas, written one class first
#: Words that name the same part (一、主要职能 / 一、部门主要职责).
_SYNONYMS = (("职能", "职责"),)
_HEADING_NUMBER = regex.compile(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}\s*[、.．](?!\d))")


_MARKER_PUNCTUATION = regex.compile(r"[、.．\s]")
_SENTENCE_PUNCTUATION = regex.compile(r"[。；;：:]")


def _number(text: str) -> str:
    """A heading number without its punctuation, its brackets kept: ``一、`` → ``一``, ``（一）`` → ``(一)``."""
    return _MARKER_PUNCTUATION.sub("", normalize_label(text or ""))


def _fold(text: str) -> str:
    for a, b in _SYNONYMS:
        text = text.replace(a, b)
    return text


def similar(a: str, b: str) -> float:
    """:func:`budgetrules.reading.contents.similar` with synonyms folded (职能 = 职责)."""
    return _similar(_fold(a), _fold(b))


def _line(item) -> int:
    if isinstance(item, tuple):
        return item[-1].source.line or 0
    return item.source.line or 0


def _path(item) -> str | None:
    if isinstance(item, tuple):
        return item[-1].source.path
    return item.source.path


def _describe(item) -> str:
    if isinstance(item, (Table, PrintedTitle)):
        return item.name
    return f"“{heading_text(item)}”"


def _at(item):
    return item.source if isinstance(item, PrintedTitle) else item


def _entry_text(entry: TocEntry) -> str:
    if entry.level == 1:
        return f"{entry.number} {entry.title}"
    if entry.level == 2 and entry.number:
        return f"{entry.number}、{entry.title}"
    if entry.number.isdigit():
        return f"{entry.number}. {entry.title}"
    return f"{entry.number}{entry.title}"


def _longest_increasing(values: list[float]) -> set[int]:
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


def _first_line(section: Section) -> str:
    """The first printed line of a section's first paragraph, when short: the second line of a wrapped heading."""
    if not section.paragraphs:
        return ""
    paragraph = section.paragraphs[0]
    text = paragraph.text
    if len(paragraph.line_starts) > 1:
        text = text[: paragraph.line_starts[1][0]]
    text = text.strip()
    return text if len(text) <= 30 and not _SENTENCE_PUNCTUATION.search(text) else ""


def _heading_places(doc):
    """Every place a 目录 entry may name: the sections (a heading wrapped over two lines joined back), and the
    paragraphs that open with a numbered run-in heading (``一、2024年“三公”经费预算情况说明……``); their texts
    with synonyms folded (:func:`similar`)."""
    places = []
    for section in doc.walk_sections():
        if not (section.number or section.title):
            continue
        texts = [f"{section.number}{section.title}"]
        if len(toc_key(section.title)) <= 20 and (extra := _first_line(section)):
            texts.append(f"{section.number}{section.title}{extra}")
        places.append((section, [_fold(t) for t in texts], _number(section.number)))
        for paragraph in section.paragraphs:
            m = _HEADING_NUMBER.match(paragraph.text)
            head = lead(paragraph.text) if m else None
            if head and m:
                places.append(((section, paragraph), [_fold(head)], _number(m.group(1))))
    return places


def _tables(doc):
    """The published tables, and the table titles printed in the body whose grid was not read with them."""
    tables: list = list(doc.tables)
    for printed in printed_titles(doc):
        line = printed.source.line or 0
        if any(t.kind == printed.kind and 0 <= (t.source.line or 0) - line <= 3 for t in doc.tables):
            continue
        tables.append(printed)
    return sorted(tables, key=_line)


@rule("MC106", "目录与正文不一致", family="mandatory", params={"min_similarity": 0.7})
def toc_mismatch(doc, ctx):
    """Every entry of the table of contents (目录) is found in the body, in the same order.

    Entries are matched by name, never by exact text:

    * a part (``第二部分 …``) matches the body part with the same number, or one of similar name;
    * a table entry (a title naming a kind of table) matches a published table of that kind, whatever the
      body title adds (year, department, ``（按功能分类科目）``) — or a title of that kind printed in the body
      when its grid was not read with it;
    * an entry naming the tables as a whole (``五、部门预算表``) matches a heading of that name or, when the
      body has none, the first table after the entry before it;
    * any other entry matches a heading — or a paragraph opening with a numbered run-in heading — whose name
      shares at least ``min_similarity`` of its character pairs (:func:`budgetrules.reading.contents.similar`:
      numbering, years, the department's name, 关于/部门/单位 and punctuation aside; 职能 and 职责 are the same
      word), or at least half of them under the same number (``一、主要职能`` / ``一、部门主要职责``); a heading
      wrapped over two lines is joined back.

    An entry is missing only when no body place matches it (error). Then the order of the matched places must
    follow the 目录; entries outside one longest run in order are reported as out of order (**warning**). A
    body part (``第X部分``) missing from a 目录 that lists parts on both sides of it is reported too
    (**warning**). The finding for a missing entry points at the body place of the entry before it (where the
    part should follow) and names the 目录 line. Nothing is reported for a document without a 目录, nor for an
    unfilled template (MC104), nor when most entries are missing (the contents page was misread: its "entries"
    are body text); an entry that is a sentence is not an entry. A narrative checked without its tables (published as a separate file) is not
    judged on its table entries — the document-set check says once that the tables were not provided; checked
    with them as one document set, the tables are matched, but their order is judged only within their own
    file (a separate file has no position relative to the narrative's headings).

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
        一、部门主要职责
        负责全县住房和城乡建设管理。
        二、机构设置
        本局下设 3 个科室。
        第二部分 名词解释
        机关运行经费：指各部门的公用经费。
    """
    if not doc.toc or is_unfilled(doc):
        return
    here = doc.toc[0].source.path
    threshold = float(ctx.params["min_similarity"])
    parts = [s for s in doc.sections if s.level == 1 and s.number]
    headings = _heading_places(doc)
    tables = _tables(doc)
    money = any(t.kind in MONEY_KINDS for t in tables)  # a narrative checked alone holds at most 绩效目标表
    used: set[int] = set()
    matches: list = []
    groups: set[int] = set()  # entries naming the tables as a whole: they stand just before their first table
    unjudged: set[int] = set()  # table entries of a narrative checked without its tables
    listed_parts = {e.number for e in doc.toc if e.level == 1}
    last_line = 0

    def later(candidates):
        after = [c for c in candidates if _path(c) != here or _line(c) > last_line]
        return (after or candidates or [None])[0]

    for index, entry in enumerate(doc.toc):
        found = None
        if entry.level == 1:
            found = next((p for p in parts if p.number == entry.number and id(p) not in used), None)
            if found is None:  # a part numbered otherwise, never one the 目录 lists under its own number
                found = next((p for p in parts if id(p) not in used and p.number not in listed_parts
                              and similar(p.title, entry.title) >= threshold), None)
            if found is None and toc_key(entry.title).endswith("表"):
                # the tables part (第二部分 …部门预算表) without a heading of its own: its first table
                groups.add(index)
                if not money:
                    unjudged.add(index)  # a narrative checked without its tables
                found = later([t for t in tables if t.kind in MONEY_KINDS]) if money else None
                matches.append(found)
                if found is not None and _path(found) == here:
                    last_line = max(last_line, _line(found) - 1)
                continue
        else:
            kind = identify_table(entry.title)
            if kind is not None and not money:
                unjudged.add(index)  # the tables are another file: the document-set check says so once
            elif kind is not None:
                found = later([t for t in tables if t.kind == kind.id and id(t) not in used])
            else:
                candidates = _matching_headings(entry, headings, used, threshold)
                if not candidates and toc_key(entry.title).endswith("表"):
                    # the tables as a whole (五、部门预算表): the first table, which its own entry will name
                    groups.add(index)
                    if not money:
                        unjudged.add(index)
                    found = later(tables) if tables else None
                    matches.append(found)
                    if found is not None and _path(found) == here:
                        last_line = max(last_line, _line(found) - 1)
                    continue
                found = later(candidates)
        if found is not None:
            used.add(id(found))
            if _path(found) == here:
                last_line = max(last_line, _line(found))
        matches.append(found)

    # the order is judged among the places of the contents' own file: tables published as a separate file
    # (a document set) have no position relative to the narrative's headings
    # entries that are prose (a contents page read too far) are not entries; when most entries are missing,
    # the contents page itself was misread — nothing is reported rather than a finding per line
    for i, entry in enumerate(doc.toc):
        if _PROSE.search(entry.title) or len(toc_key(entry.title)) > 60:
            unjudged.add(i)
    judged = [i for i in range(len(doc.toc)) if i not in unjudged]
    missing = [i for i in judged if matches[i] is None]
    if len(missing) >= 3 and len(missing) * 2 > len(judged):
        return

    lines = [(i, _line(m) - (0.5 if i in groups else 0)) for i, m in enumerate(matches)
             if m is not None and _path(m) == here]
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
                at=_at(before) if before is not None else entry.source,
                related=[entry.source],
                key=f"toc-missing:{i}:{text}",
            )
        elif i not in keep:
            yield ctx.finding(
                f"目录第 {entry.source.line} 行的“{text}”在正文中位于第 {_line(found)} 行，顺序与目录不一致",
                at=_at(found),
                related=[entry.source],
                key=f"toc-order:{i}:{text}",
                severity="warning",
            )
    yield from _unlisted_parts(doc, ctx, parts, used)


def _matching_headings(entry: TocEntry, headings, used: set[int], threshold: float) -> list:
    """The body places whose name matches a 目录 entry, best first."""
    number = _number(entry.number)
    if not number and (m := _HEADING_NUMBER.match(entry.title)):
        number = _number(m.group(1))
    scored = []
    title = _fold(entry.title)
    for place, texts, place_number in headings:
        if id(place) in used:
            continue
        score = max(_similar(t, title) for t in texts)  # (:func:`similar`: the heading texts are folded)
        same_number = bool(number) and place_number == number
        if score >= threshold or (same_number and score >= 0.5):
            scored.append((-(score + (0.1 if same_number else 0)), _line(place), place))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [p for _, _, p in scored]


def _unlisted_parts(doc, ctx, parts, used):
    """Body parts the 目录 leaves out — only between two listed parts (a 目录 cut short says nothing)."""
    if not any(e.level == 1 for e in doc.toc):
        return
    listed_text = " ".join(normalize_label(e.title) for e in doc.toc)
    listed = [p for p in parts if id(p) in used]
    if not listed:
        return
    first, last = min(_line(p) for p in listed), max(_line(p) for p in listed)
    for part in parts:
        if id(part) in used or normalize_label(part.number) in listed_text:
            continue
        if first < _line(part) < last:
            yield ctx.finding(
                f"正文第 {_line(part)} 行的“{part.number} {part.title}”未列入目录",
                at=part,
                key=f"toc-unlisted:{part.number}",
                severity="warning",
            )
