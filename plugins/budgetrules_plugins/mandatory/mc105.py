"""MC105: a table with amounts is not said to be empty."""

from __future__ import annotations

from budgetrules.api import MONEY_KINDS, identify_table, normalize_label, regex, rule

from .parts import doc_paragraphs, nonzero_amounts, sentences

_CLAIM = regex.compile(r"([^，,、：:（(]{2,40}?表)(为|是|系|作为)?空表")
_NOTE_EMPTY = regex.compile(r"空表")


@rule("MC105", "有数据的表格被说明为空表", family="mandatory")
def table_with_data_said_empty(doc, ctx):
    """A table that prints amounts other than zero is not described as empty.

    Checked in the note under the table (``备注：本表为空表``) and in the text ("政府性基金预算支出情况表为空表",
    the table named by its title, whatever its number). Such a contradiction means either the note was copied
    from last year's template or the wrong table was filled in; one of the two is wrong.

    Zeros do not count as data here (a table of 0.00 may well be "empty").

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表九：政府性基金预算支出情况表
        单位：万元
        科目名称 | 合计 | 基本支出 | 项目支出
        城乡社区支出 | 12.00 | ∅ | 12.00
        备注：本单位无政府性基金预算支出，本表为空表。

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表九：政府性基金预算支出情况表
        单位：万元
        科目名称 | 合计 | 基本支出 | 项目支出
        城乡社区支出 | 12.00 | ∅ | 12.00
        第二部分 部门预算情况说明
        一、关于政府性基金预算支出的说明
        政府性基金预算支出 12 万元，用于城市基础设施建设。
    """
    claims = [
        (section, paragraph, sentence, kind.id)
        for section, paragraph in doc_paragraphs(doc)
        if "空表" in paragraph.text
        for sentence in sentences(paragraph.text)
        for m in _CLAIM.finditer(normalize_label(sentence))
        if (kind := identify_table(m.group(1))) is not None
    ]
    for table in doc.tables:
        if table.kind not in MONEY_KINDS:
            continue
        cells = nonzero_amounts(table)
        if not cells:
            continue
        row, key, cell = cells[0]
        column = table.column(key, row.side)
        place = f"“{row.label}”行" if row.label else (f"“{column.label}”列" if column else "")
        shown = f"{len(cells)} 个非零金额（如{place} {cell.text}）"
        for note in table.notes:
            if _NOTE_EMPTY.search(note):
                yield ctx.finding(
                    f"{table.name}的备注称其为空表，但表中有 {shown}：“{note}”",
                    at=(table, row, key),
                    key="empty-claim:note",
                )
                break
        for section, paragraph, sentence, claimed in claims:
            if claimed == table.kind:
                yield ctx.finding(
                    f"“{sentence.strip()}”称{table.name}为空表，但表中有 {shown}",
                    at=(section, paragraph),
                    related=[(table, row, key)],
                    key=f"empty-claim:{paragraph.source.line}",
                )
