"""MC103: a published table has its explanation in the 情况说明, as the template requires."""

from __future__ import annotations

from budgetrules.api import rule

from .parts import (
    BASIS,
    DEFAULT_EXPLAIN,
    DEFAULT_EXPLAINED,
    find_part,
    heading_text,
    judged_for_text,
    place_line,
)


@rule(
    "MC103",
    "公开的表格缺少对应的情况说明",
    family="mandatory",
    params={"tables": DEFAULT_EXPLAINED, "explain": DEFAULT_EXPLAIN, "basis": BASIS},
)
def table_without_explanation(doc, ctx):
    """The published tables that the template explains one by one have their explanation in the 情况说明.

    Which tables need their own explanation is the template's choice (parameter ``tables``: kinds of table,
    or ``"*"`` for every published table of a kind in ``explain``). The national baseline asks only for the
    “三公”经费 table's (财预〔2016〕143号: the 三公 table "并对增减变化情况进行说明"); templates with one
    explanation per table — 江苏's 12 情况说明, the 新疆 county template, 上海's 部门决算 — list ``["*"]``;
    templates with one explanation for all tables (上海 区级部门预算's 编制说明, 重庆, 珠海) keep the 三公 alone.

    The explanation of a table is a heading (at any level) matching the patterns of its kind in the parameter
    ``explain`` (``{kind: [regular expressions]}``), e.g. ``三公`` for the “三公”经费 table, ``政府性基金`` for the
    政府性基金 table, ``收支(预算)?(总体|总表)?情况`` for the 收支总表; or a paragraph that starts with such a
    run-in heading containing 情况 or 说明. Where only some kinds are required (the 三公 nationally), any sentence
    of the text that names the table's subject with an amount counts too ("2021 年“三公”经费预算 1.83 万元，比上年
    ……").

    Not reported: a table without any amount whose note under it says it is empty (the note is its
    explanation, MC104); tables of an unknown kind; missing tables (MC101); excerpts (a file without a 目录
    and with fewer than two numbered parts); a file of tables whose text is published separately (the
    document-set check reports the missing half once); an unfilled template (MC104). Each kind is reported
    once.

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
    if not judged_for_text(doc):
        return
    basis = ctx.params.get("basis") or ""
    explain = ctx.params["explain"]
    wanted = set(ctx.params["tables"])
    every = "*" in wanted
    seen: set[str] = set()
    previous = None
    for table in doc.tables:
        kind = table.kind
        if kind is None or kind in seen or kind not in explain or not (every or kind in wanted):
            continue
        seen.add(kind)
        # a template explaining every table heads each explanation; a single required one (the 三公) may be
        # any sentence of the text that names it with its amount
        place = find_part(doc, explain[kind], need_word=True, in_sentence=not every, anywhere=not every)
        if place is not None:
            previous = place
            continue
        if not table.has_amounts and table.declared_empty:
            continue
        where = (
            f"，应在“{heading_text(previous)}”（第 {place_line(previous)} 行）之后" if previous is not None else ""
        )
        if every:
            why = "本模板每张公开的表都在情况说明部分作出说明"
        elif kind == "sangong":
            why = "“三公”经费应在情况说明中说明其安排及增减变化情况"
        else:
            why = "本模板要求在情况说明部分对该表作出说明"
        yield ctx.finding(
            f"{table.name}没有对应的情况说明{where}；{why}"
            f"（查找的标题：{'、'.join(explain[kind])}；依据：{basis}）",
            at=previous if previous is not None else table,
            related=[table],
            key=f"explain:{kind}",
        )
