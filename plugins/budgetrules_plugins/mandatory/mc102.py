"""MC102: every explanation part the ruleset requires is present."""

from __future__ import annotations

from budgetrules.api import rule

from .parts import (
    DEFAULT_SECTIONS,
    SECTIONS_BASIS,
    applies,
    condition_holds,
    entry_severity,
    find_part,
    heading_text,
    judged_for_text,
    place_line,
)

_WHY = {
    "projects": "（本单位有项目支出，应公开绩效目标或绩效评价情况）",
    "admin": "（本单位为行政单位或参公单位，应说明机关运行经费安排）",
}


@rule(
    "MC102",
    "缺少必须公开的说明内容",
    family="mandatory",
    params={"sections": DEFAULT_SECTIONS, "basis": SECTIONS_BASIS},
)
def required_section_missing(doc, ctx):
    """Each explanation part of the required list (parameter ``sections``) is present.

    The national baseline (default; 财预〔2016〕143号 and the 基层政务公开标准目录, which asks for "本部门职责、机构
    设置情况、预算收支增减变化、机关运行经费安排以及政府采购……等情况的说明，并对专业性较强的名词进行解释"):
    部门主要职能, 机构设置, 收支增减变化, 机关运行经费 (行政单位 and 参公 units only), 政府采购, 名词解释 — errors;
    国有资产占用 and 预算绩效 (绩效目标 in a 预算, 绩效评价 in a 决算, where 项目支出 is above zero), which the same
    texts ask to publish "逐步" (gradually) — warnings. A regional template's ruleset lists its own parts, as
    errors where the template has them. The explanation of each table is MC103 (which covers the 三公
    explanation), the table of contents MC106.

    A part is present when a heading matches one of the entry's ``aliases`` (regular expressions searched in
    the heading with whitespace and full-width forms folded), at any level and in any order, when a
    paragraph starts with a matching run-in heading ("机关运行经费情况：…"), or when the first sentence of a
    paragraph names it (a part written without a heading: "2021 年本单位机关运行经费财政拨款预算 7.6 万元"), or
    when any sentence of the explanation names it and states an amount or its absence ("本部门政府采购预算 0
    万元" inside another part): only a document that says nothing about a part is reported.
    Definitions in the 名词解释 part do not count as the part they define. Each entry is
    ``{name, aliases, when, applies, severity, basis}``: ``when = "projects"`` requires the part only when
    项目支出 is above zero, ``when = "admin"`` only of a 行政单位 or 参公 unit — not of a 事业单位 (a unit whose
    name is a 大学, 学院, 医院, 中心 …, whose text says it is a 事业单位, or whose income table shows 事业收入
    above its 财政拨款); ``applies`` limits it to 预算 or 决算; ``severity`` and ``basis`` override the rule's.

    Only a whole disclosure with explanation text is judged: a file of tables whose text is published
    separately is not reported part by part (the document-set check reports the missing half once), nor is an
    unfilled template (MC104). The finding points at the required part found before the missing one (where
    it should follow).

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
        一、收支预算总体情况说明
        2021 年收支预算总额 10 万元，比上年减少 1 万元。
        二、其他重要事项的情况说明
        （一）机关运行经费情况
        机关运行经费财政拨款预算 7.6 万元。
        （二）政府采购情况
        政府采购预算 0 万元。
        （三）国有资产占用使用情况
        截至 2020 年底，本单位共有车辆 2 辆。
        第三部分 名词解释
        机关运行经费：指各部门的公用经费。
    """
    if not judged_for_text(doc):
        return
    basis = ctx.params.get("basis") or ""
    cache: dict = {}
    entries = [e for e in ctx.params["sections"] if applies(e, doc) and condition_holds(e, doc, cache)]
    found = [find_part(doc, e.get("aliases") or [e.get("name", "")], in_sentence=True, anywhere=True) for e in entries]
    for i, (entry, place) in enumerate(zip(entries, found)):
        if place is not None:
            continue
        before = next((p for p in reversed(found[:i]) if p is not None), None)
        name = entry.get("name") or "/".join(entry.get("aliases", []))
        if before is not None:
            where = f"，应在“{heading_text(before)}”（第 {place_line(before)} 行）之后"
        else:
            where = ""
        why = _WHY.get((entry.get("when") or "").strip(), "")
        present = sum(1 for p in found if p is not None)
        yield ctx.finding(
            f"未找到必须公开的说明内容“{name}”{where}{why}（规则集要求 {len(entries)} 项，找到 {present} 项；"
            f"依据：{entry.get('basis') or basis}）",
            at=before if before is not None else (doc.sections[0] if doc.sections else None),
            key=f"missing:{name}",
            severity=entry_severity(entry),
        )
