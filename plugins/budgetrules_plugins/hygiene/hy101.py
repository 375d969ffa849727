"""HY101: template placeholders left in a published disclosure."""

from __future__ import annotations

from budgetrules.api import rule

from .placeholders import find_placeholders, is_filler_cell
from .places import cell_place, places, short, table_cells

_CONTEXT = 12
_MAX_LISTED = 4


def _quote(text: str, start: int, end: int) -> str:
    """The placeholder with a little text around it: ``…上海市普陀区XX局…``."""
    a, b = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    snippet = " ".join(text[a:b].split())
    return ("…" if a else "") + snippet + ("…" if b < len(text) else "")


@rule("HY101", "公开文件中残留未填写的模板占位符（XX局、XXX万元、X月X日、***、（单位名称）等）", family="hygiene")
def template_placeholders(doc, ctx):
    """Text a disclosure template asks to fill in, left in the published document: ``上海市普陀区XX局``,
    ``比上年增加（减少）XXX万元``, ``x,xxx万元``, ``X月X日``, ``20XX年``, ``***``, ``（单位名称）``, ``此处填写``,
    ``XX是…。``, and table rows that hold nothing but ``…``.

    A published disclosure is the department's statement to the public (《预算法》第十四条); a template blank
    left in it means the text (or the table) was never written for this department and year, and whatever
    the rest of the sentence says cannot be relied on. Every printed text is searched: the title, the table
    of contents, headings, paragraphs, table titles, notes under tables, column headers and table cells.
    One finding per place (a paragraph, a heading, a line of the contents); the placeholders of one table's
    cells are reported once for the table, with the rows they stand in.

    Not reported, because they are not blanks: ``X`` inside a Latin word or a code (``Excel``, ``X101`` 地块),
    ``×`` between numbers (``760元×2天`` is a multiplication), one or two asterisks (footnote marks), an
    ellipsis that ends a list (``……等``), the dot leaders of a table of contents.

    Failing example::

        上海市普陀区XX局2024年部门预算
        一、部门主要职能
        XX局是区政府工作部门，主要职能包括：……。
        二、部门预算编制说明
        2024年，XX局收入预算x,xxx万元，比2023年预算增加（减少）XXX万元。

    Passing example::

        上海市普陀区财政局2024年部门预算
        一、部门主要职能
        区财政局是区政府工作部门，主要职能包括：编制预算草案、组织预算执行等。
        二、部门预算编制说明
        2024年，区财政局收入预算1,234.56万元，比2023年预算增加12.00万元。会议费按760元×2天计算。
    """
    for place in places(doc, cells=False):  # the cells are reported once per table, below
        found = find_placeholders(place.text)
        if not found:
            continue
        tokens = list(dict.fromkeys(p.text for p in found))
        first = found[0]
        listed = "、".join(f"“{t}”" for t in tokens[:_MAX_LISTED]) + ("等" if len(tokens) > _MAX_LISTED else "")
        count = f"共 {len(found)} 处" if len(found) > 1 else "1 处"
        yield ctx.finding(
            f"{place.where}中有未填写的模板占位符 {listed}（{count}，如“{_quote(place.text, first.start, first.end)}”）；"
            f"公开文件应填入本部门本年度的实际内容",
            at=place.location(doc, first.start),
            actual=first.text,
            key=f"{place.kind}|{short(place.text, 40)}",
        )
    for table in doc.tables:
        yield from _table_cells(doc, ctx, table)


def _table_cells(doc, ctx, table):
    """One finding for the placeholders and filler rows among a table's cells."""
    hits = []
    for row, key, text in table_cells(table):
        if is_filler_cell(text):
            hits.append((row, key, text, text.strip()))
            continue
        found = find_placeholders(text)
        if found:
            hits.append((row, key, text, _quote(text, found[0].start, found[0].end)))
    if not hits:
        return
    index = {id(row): k for k, row in enumerate(table.rows, start=1)}
    by_row: dict[int, str] = {}
    for row, _, _, quoted in hits:
        by_row.setdefault(index[id(row)], quoted)
    rows = list(by_row.items())
    shown = "、".join(f"数据第 {k} 行“{text}”" for k, text in rows[:_MAX_LISTED])
    more = f"等 {len(rows)} 处" if len(rows) > _MAX_LISTED else f"共 {len(rows)} 处"
    first = cell_place(table, *hits[0][:3])
    yield ctx.finding(
        f"{table.name}的单元格中有未填写的模板占位内容（{shown}，{more}）；公开的表格应列出实际科目和金额，"
        f"不应保留模板中的占位行",
        at=first.location(doc),
        actual=hits[0][3],
        key="cells",
    )
