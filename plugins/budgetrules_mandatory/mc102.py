"""MC102: every explanation part the ruleset requires is present."""

from __future__ import annotations

from budgetrules.docsets import has_narrative
from budgetrules.rules import rule

from .common import is_whole_disclosure, DEFAULT_SECTIONS, applies, find_part, has_projects, heading_text, place_line


@rule(
    "MC102",
    "缺少必须公开的说明内容",
    family="mandatory",
    params={"sections": DEFAULT_SECTIONS, "basis": "财预〔2016〕143号；《预算法》第十四条"},
)
def required_section_missing(doc, ctx):
    """Each explanation part of the required list (parameter ``sections``) is present.

    The national list: 部门主要职能, 机构设置及人员情况, 机关运行经费, 政府采购, 国有资产占用, 预算绩效 (绩效目标 in
    a 预算, 绩效评价/自评 in a 决算 — required only where 项目支出 is above zero), 名词解释. The explanation of
    each table is MC103 (which covers the 三公 explanation), the table of contents MC106.

    A part is present when a heading matches one of the entry's ``aliases`` (regular expressions searched in
    the heading with whitespace and full-width forms folded), at any level and in any order, when a
    paragraph starts with a matching run-in heading ("机关运行经费情况：…"), or when the first sentence of a
    paragraph names it (a part written without a heading: "2021 年本单位机关运行经费财政拨款预算 7.6 万元"). Definitions in the 名词解释 part do
    not count as the part they define. Each entry is ``{name, aliases, when, applies}``: ``when = "projects"``
    requires the part only when 项目支出 is above zero; ``applies`` limits it to 预算 or 决算.

    Only a whole disclosure is judged (a 目录, or at least two numbered parts), and only where it holds a
    narrative: tables published apart from their text and checked alone are reported once by the core (BR020).
    The finding points at the required part found before the missing one (where it should follow).

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门概况
        一、主要职能
        负责全县住房和城乡建设管理。
        第二部分 部门预算情况说明
        一、其他重要事项的情况说明
        （一）机关运行经费情况
        机关运行经费财政拨款预算 7.6 万元。
        （二）国有资产占用使用情况
        截至 2020 年底，本单位共有车辆 2 辆。
        第三部分 名词解释
        机关运行经费：指各部门的公用经费。政府采购：指使用财政性资金采购货物、工程和服务。

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门概况
        一、主要职能
        负责全县住房和城乡建设管理。
        二、机构设置及人员情况
        本单位下设 7 个处室，编制数 10 人。
        第二部分 部门预算情况说明
        一、其他重要事项的情况说明
        （一）机关运行经费情况
        机关运行经费财政拨款预算 7.6 万元。
        （二）政府采购情况
        政府采购预算 0 万元。
        （三）国有资产占用使用情况
        截至 2020 年底，本单位共有车辆 2 辆。
        第三部分 名词解释
        机关运行经费：指各部门的公用经费。
    """
    if not is_whole_disclosure(doc) or not has_narrative(doc):
        return  # tables without their text: the core says once that the text was not provided (BR020)
    basis = ctx.params.get("basis") or ""
    entries = [e for e in ctx.params["sections"] if applies(e, doc)]
    projects = None
    found = []
    for entry in entries:
        if entry.get("when") == "projects":
            if projects is None:
                projects = has_projects(doc)
            if not projects:
                found.append(None)
                continue
        found.append(find_part(doc, entry.get("aliases") or [entry.get("name", "")], in_sentence=True))
    for i, (entry, place) in enumerate(zip(entries, found)):
        if place is not None or (entry.get("when") == "projects" and not projects):
            continue
        before = next((p for p in reversed(found[:i]) if p is not None), None)
        name = entry.get("name") or "/".join(entry.get("aliases", []))
        if before is not None:
            where = f"，应在“{heading_text(before)}”（第 {place_line(before)} 行）之后"
        else:
            where = ""
        why = "（本单位有项目支出，应公开绩效目标或绩效评价情况）" if entry.get("when") == "projects" else ""
        required = sum(1 for e in entries if e.get("when") != "projects" or projects)
        present = sum(1 for p in found if p is not None)
        yield ctx.finding(
            f"未找到必须公开的说明内容“{name}”{where}{why}（规则集要求 {required} 项，找到 {present} 项；依据：{basis}）",
            at=before if before is not None else (doc.sections[0] if doc.sections else None),
            key=f"missing:{name}",
        )
