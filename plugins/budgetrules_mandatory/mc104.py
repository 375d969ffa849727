"""MC104: a table with no data carries a note saying it is empty."""

from __future__ import annotations

import re

from budgetrules.rules import rule
from budgetrules.tablekinds import normalize_label

from .common import EMPTY_WORDS, doc_paragraphs, heading_text, sentences, table_end_line

#: Kinds whose cells are money (the 绩效目标表 holds targets, not amounts).
MONEY_KINDS = ("summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic", "gpb_project",
               "sangong", "gov_fund", "soe")

#: What the text calls each kind of table when it says the table is empty.
_SUBJECT = {
    "summary": r"收支总(体情况)?表|收入支出决算总表",
    "income": r"(?<!拨款)收入(预算|决算)?(总体情况)?表|收入决算表",
    "expense": r"(?<!公共预算)(?<!基本)(?<!项目)支出(预算|决算)?(总体情况)?表|支出决算表",
    "fiscal_summary": r"财政拨款收(入)?支(出)?",
    "gpb_expense": r"一般公共预算(财政拨款)?支出",
    "gpb_basic": r"基本支出",
    "gpb_project": r"项目支出",
    "sangong": r"三公",
    "gov_fund": r"政府性基金",
    "soe": r"国有资本经营",
}


def _at_table(doc, table):
    """Paragraphs printed right under the table (before the next table or heading) that say it is empty.

    Only the table's own file counts: in a document set the narrative is another file, whose lines do not
    follow the table."""
    start = table_end_line(table)
    path = table.source.path
    stops = [t.source.line or 0 for t in doc.tables if t.source.path == path and (t.source.line or 0) > start]
    stops += [s.source.line or 0 for s in doc.walk_sections()
              if s.source.path == path and (s.number or s.title) and (s.source.line or 0) > start]
    stop = min(stops) if stops else None
    for section, paragraph in doc_paragraphs(doc):
        line = paragraph.source.line or 0
        if paragraph.source.path != path:
            continue
        if line > start and (stop is None or line < stop) and EMPTY_WORDS.search(paragraph.text):
            return paragraph
    return None


def _in_text(doc, table):
    """A sentence of the explanation that says this kind of table (or its funds) is empty or not used."""
    subject = _SUBJECT.get(table.kind or "")
    if subject is None:
        return None
    found = []
    for section, paragraph in doc_paragraphs(doc):
        for sentence in sentences(paragraph.text):
            s = normalize_label(sentence)
            if re.search(subject, s) and EMPTY_WORDS.search(s):
                found.append((0 if "空表" in s else 1, section, paragraph))
    if not found:
        return None
    best = min(found, key=lambda x: x[0])
    return best[1], best[2]


@rule("MC104", "空表未注明为空表", family="mandatory", params={"basis": "财预〔2016〕143号"})
def empty_table_without_note(doc, ctx):
    """A published table with no amount at all says, under it, that it is empty.

    财预〔2016〕143号: a table without data is still published, "并说明" — with a note such as
    ``备注：本单位无政府性基金预算支出，本表为空表。``. Checked for the money tables (not the 绩效目标表).

    * **error** when neither a note nor a line under the table nor the 情况说明 says the table is empty;
    * **warning** when only the 情况说明 says so ("……政府性基金预算支出情况表为空表"), not the table itself: a
      reader of the table alone cannot tell an empty table from a missing page.

    A note counts when it says 空表 or 无/没有/未安排 … 收入/支出/数据/经费/拨款; so does such a line printed
    right under the table. Zeros are data: a table of 0.00 is not empty. A note claiming emptiness on a table
    that has amounts is MC105.

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
    for table in doc.tables:
        if table.kind not in MONEY_KINDS or table.has_amounts:
            continue
        if table.declared_empty or any(EMPTY_WORDS.search(n) for n in table.notes) or _at_table(doc, table):
            continue
        rows = len(table.rows)
        shape = f"共 {rows} 行，无任何金额" if rows else "没有任何数据行"
        elsewhere = _in_text(doc, table)
        if elsewhere is not None:
            section = elsewhere[0]
            yield ctx.finding(
                f"{table.name}{shape}，表下未注明为空表（仅在“{heading_text(section) or '正文'}”第 "
                f"{elsewhere[1].source.line} 行说明无此项数据）；空表应在表下注明（依据：{basis}）",
                at=table,
                related=[elsewhere],
                severity="warning",
                key="empty:text-only",
            )
        else:
            yield ctx.finding(
                f"{table.name}{shape}，但表下和情况说明中都没有说明其为空表或无此项收支（依据：{basis}：没有数据的表格"
                f"应当列出空表并说明）",
                at=table,
                key="empty:unexplained",
            )
