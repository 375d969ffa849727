"""MC103: every published table has its explanation in the 情况说明."""

from __future__ import annotations

from budgetrules.docsets import has_narrative
from budgetrules.rules import rule

from .common import is_whole_disclosure, DEFAULT_EXPLAIN, find_part, heading_text, place_line


@rule(
    "MC103",
    "公开的表格缺少对应的情况说明",
    family="mandatory",
    params={"explain": DEFAULT_EXPLAIN, "basis": "财预〔2016〕143号；《预算法》第十四条"},
)
def table_without_explanation(doc, ctx):
    """Each published table of a known kind is explained in the 情况说明 part, one explanation per table.

    The explanation of a table is a heading (at any level) matching the patterns of its kind in the parameter
    ``explain`` (``{kind: [regular expressions]}``), e.g. ``三公`` for the “三公”经费 table, ``政府性基金`` for the
    政府性基金 table, ``^(?!.*财政拨款).*收入?支出?(预算|决算)?(情况)?的?总体`` for the 收支总表; or a paragraph that
    starts with such a run-in heading containing 情况 or 说明. The 三公 explanation (with the reasons for every
    change, 财预〔2016〕143号) is checked here as the explanation of the 三公 table.

    Not reported: a table without any amount whose note under it says it is empty (the note is its
    explanation, MC104); tables of an unknown kind; missing tables (MC101); excerpts
    (a file without a 目录 and with fewer than two numbered parts). Each kind is reported once.

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表一：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行费 | 公务接待费
        1.83 | 0.00 | 0.00 | 1.83 | 0.00
        第二部分 部门预算情况说明
        一、关于机关运行经费的说明
        机关运行经费财政拨款预算 7.6 万元。

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表一：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行费 | 公务接待费
        1.83 | 0.00 | 0.00 | 1.83 | 0.00
        第二部分 部门预算情况说明
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        “三公”经费预算 1.83 万元，比上年减少 0.03 万元，主要原因是公务用车使用量减少。
    """
    if not is_whole_disclosure(doc) or not has_narrative(doc):
        return  # tables without their text: the core says once that the text was not provided (BR020)
    basis = ctx.params.get("basis") or ""
    explain = ctx.params["explain"]
    seen: set[str] = set()
    previous = None
    for table in doc.tables:
        if table.kind is None or table.kind in seen or table.kind not in explain:
            continue
        seen.add(table.kind)
        place = find_part(doc, explain[table.kind], need_word=True)
        if place is not None:
            previous = place
            continue
        if not table.has_amounts and table.declared_empty:
            continue
        where = (
            f"，应在“{heading_text(previous)}”（第 {place_line(previous)} 行）之后" if previous is not None else ""
        )
        yield ctx.finding(
            f"{table.name}没有对应的情况说明{where}；每张公开的表都应在情况说明部分作出说明"
            f"（查找的标题：{'、'.join(explain[table.kind])}；依据：{basis}）",
            at=previous if previous is not None else table,
            related=[table],
            key=f"explain:{table.kind}",
        )
