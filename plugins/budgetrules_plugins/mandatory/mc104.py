"""MC104: a table with no data carries a note saying it is empty; a file whose tables all lack data is reported once."""

from __future__ import annotations

import re
from pathlib import PurePath

from budgetrules.api import MONEY_KINDS, normalize_label, regex, rule

from .parts import (
    EMPTY_WORDS,
    doc_paragraphs,
    has_narrative,
    heading_text,
    is_unfilled,
    is_untitled,
    printed_titles,
    sentences,
    table_end_line,
)

#: What the text calls each kind of table when it says the table is empty.
_SUBJECT = {
    "summary": r"收支总(体情况)?表|收入支出决算总表",
    "income": r"(?<!拨款)收入(预算|决算)?(总体情况)?表|收入决算表",
    "expense": r"(?<!公共预算)(?<!基本)(?<!项目)支出(预算|决算)?(总体情况)?表|支出决算表",
    "fiscal_summary": r"财政拨款收(入)?支(出)?",
    "fiscal_expense": r"财政拨款(预算)?支出",
    "fiscal_basic": r"财政拨款基本支出",
    "gpb_expense": r"一般公共预算(财政拨款)?支出",
    "gpb_basic": r"基本支出",
    "gpb_project": r"项目支出",
    "project": r"项目支出",
    "basic": r"基本支出",
    "sangong": r"三公",
    "admin_cost": r"机关运行(经)?费",
    "procurement": r"政府采购",
    "gov_fund": r"政府性基金",
    "soe": r"国有资本经营",
}

#: A sentence stating a zero amount ("……政府性基金预算支出 0 万元", "为零").
_ZERO = regex.compile(r"(?<![\d.,])0(\.0+)?万?元|为零|为0(?![\d.])")


def _note_after(doc, path: str, start: int, stops: list[int]):
    """A paragraph of file ``path`` after line ``start`` and before the first of ``stops`` beyond it that says a
    table is empty."""
    stops = [s for s in stops if s > start]
    stop = min(stops) if stops else None
    for section, paragraph in doc_paragraphs(doc):
        line = paragraph.source.line or 0
        if paragraph.source.path != path:
            continue
        if line > start and (stop is None or line < stop) and EMPTY_WORDS.search(paragraph.text):
            return paragraph
    return None


def _at_table(doc, table):
    """A paragraph printed right under the table (before the next table, title or heading) that says it is
    empty — under the grid read for it, or under its title printed again in the body (a grid the reading
    joined to another table). Only the table's own file counts: in a document set the narrative is another
    file, whose lines do not follow the table."""
    path = table.source.path
    titles = [p for p in printed_titles(doc) if p.source.path == path]
    stops = [t.source.line or 0 for t in doc.tables if t.source.path == path]
    stops += [s.source.line or 0 for s in doc.walk_sections() if (s.number or s.title) and s.source.path == path]
    stops += [p.source.line or 0 for p in titles]
    found = _note_after(doc, path, table_end_line(table), stops)
    if found is not None:
        return found
    for printed in titles:
        if printed.kind == table.kind:
            found = _note_after(doc, path, printed.source.line or 0, stops)
            if found is not None:
                return found
    return None


def _in_text(doc, table):
    """A sentence of the explanation that says this kind of table (or its funds) is empty, not used, or zero —
    naming the table's subject, or under a heading that names it: ``(section, paragraph, line)``, preferring one that says 空表, then one under a heading naming the table's
    subject (``十、政府性基金预算支出预算情况说明``), then the first."""
    subject = _SUBJECT.get(table.kind or "")
    if subject is None:
        return None
    found = []
    for order, (section, paragraph) in enumerate(doc_paragraphs(doc)):
        under_heading = bool(re.search(subject, normalize_label(section.title)))
        offset = 0
        for sentence in sentences(paragraph.text):
            at = paragraph.text.find(sentence, offset)
            offset = max(offset, at)
            s = normalize_label(sentence)
            if (under_heading or re.search(subject, s)) and (EMPTY_WORDS.search(s) or _ZERO.search(s)):
                rank = (0 if "空表" in s else 1, 0 if under_heading else 1, order)
                found.append((rank, section, paragraph, paragraph.line_at(max(at, 0))))
    if not found:
        return None
    best = min(found, key=lambda x: x[0])
    return best[1], best[2], best[3]


def _noted(doc, table) -> bool:
    return bool(table.declared_empty or any(EMPTY_WORDS.search(n) for n in table.notes) or _at_table(doc, table))


def _grid_elsewhere(doc, table) -> bool:
    """A title read without any row, followed by an untitled grid: the grid is most likely its own."""
    if table.rows:
        return False
    tables = list(doc.tables)
    i = next(k for k, t in enumerate(tables) if t is table)
    return i + 1 < len(tables) and is_untitled(tables[i + 1]) and tables[i + 1].rows != ()


@rule("MC104", "空表未注明为空表", family="mandatory", params={"basis": "财预〔2016〕143号"})
def empty_table_without_note(doc, ctx):
    """A published table with no amount at all says, under it, that it is empty.

    财预〔2016〕143号 (and the 基层政务公开标准目录): "没有数据的表格应当列出空表并说明" — with a note such as
    ``备注：本单位无政府性基金预算支出，本表为空表。``. Checked for the money tables (not the 绩效目标表).

    * **error** when neither a note nor a line under the table nor the 情况说明 says the table is empty;
    * **warning** when only the 情况说明 says so ("……政府性基金预算支出情况表为空表", "政府性基金预算支出 0
      万元"), not the table itself: a reader of the table alone cannot tell an empty table from a missing page;
    * **one error for the whole file** when every money table (at least two) is empty and not all say so:
      the file is an unfilled template or was published without its data (placeholders such as XX局 are the
      hygiene rules'); no finding per table then.

    A note counts when the core reads it as an empty-table note (``Table.declared_empty``) or it says 空表,
    无数据, 无发生额 or 无/没有/未安排 … 收入/支出/收支/数据/经费/拨款/项目; so does such a line printed right under
    the table. Zeros are data: a table of 0.00 is not empty. A note claiming emptiness on a table that has
    amounts is MC105. A file of tables whose text is published separately is not reported (the explanation
    may be in the other file); nor is a title read without any row when an untitled grid follows it.

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表九：政府性基金预算支出情况表
        单位：万元
        第二部分 部门预算情况说明
        一、关于机关运行经费的说明
        机关运行经费财政拨款预算 7.6 万元。

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表九：政府性基金预算支出情况表
        单位：万元
        备注：本单位 2021 年无政府性基金预算支出，本表为空表。
        第二部分 部门预算情况说明
        一、关于机关运行经费的说明
        机关运行经费财政拨款预算 7.6 万元。
    """
    basis = ctx.params.get("basis") or ""
    money = [t for t in doc.tables if t.kind in MONEY_KINDS]
    if is_unfilled(doc):
        silent = [t for t in money if not _noted(doc, t)]
        if silent:
            yield ctx.finding(
                f"文件中的 {len(money)} 张预决算表均没有任何金额（{len(silent)} 张未注明为空表），"
                f"疑为未填报数据的模板或空白文件，不能作为预决算公开（依据：{basis}）",
                at=money[0],
                related=money[1:],
                key="empty:unfilled",
            )
        return
    narrative = has_narrative(doc)
    for table in money:
        if table.has_amounts or _noted(doc, table) or _grid_elsewhere(doc, table):
            continue
        if not narrative:
            continue
        rows = len(table.rows)
        shape = f"共 {rows} 行，无任何金额" if rows else "没有任何数据行"
        elsewhere = _in_text(doc, table)
        if elsewhere is not None:
            section, paragraph = elsewhere[0], elsewhere[1]
            other = paragraph.source.path if paragraph.source.path != table.source.path else None
            where = f"{PurePath(other).name} 的" if other else ""
            yield ctx.finding(
                f"{table.name}{shape}，表下未注明为空表（仅在{where}“{heading_text(section) or '正文'}”第 "
                f"{elsewhere[2]} 行说明无此项数据或金额为 0）；空表应在表下注明（依据：{basis}）",
                at=table,
                related=[elsewhere[:2]],
                key="empty:text-only",
                severity="warning",
            )
        else:
            yield ctx.finding(
                f"{table.name}{shape}，但表下和情况说明中都没有说明其为空表或无此项收支（依据：{basis}：没有数据的表格"
                f"应当列出空表并说明）",
                at=table,
                key="empty:unexplained",
            )
