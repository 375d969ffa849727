"""SG102: a fall of the “三公”经费 stated without its reason."""

from __future__ import annotations

from budgetrules.api import rule

from .changes import describe, unexplained
from .claims import item


@rule(
    "SG102",
    "“三公”经费减少但未说明原因",
    family="sangong",
    severity="warning",
    params={"basis": "财预〔2016〕143号（“三公”经费增减变化原因）"},
)
def fall_without_reason(doc, ctx):
    """A fall of the “三公”经费 or of one of its items, stated in the 三公 explanation, comes with its reason.

    财预〔2016〕143号 asks for the reason of every change of the “三公”经费, a fall included (a fall is what the
    policy wants, hence only a **warning**). The reading is the one of SG101: the reason is looked for after
    the number, up to the next item; a reason given for the total covers the items, and the total's fall
    counts as explained when each item whose change is stated has its reason.

    Failing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 1.50 万元，比上年减少 0.30 万元，其中：公务用车运行费减少 0.30 万元。

    Passing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 1.50 万元，比上年减少 0.30 万元，其中：公务用车运行费减少 0.30 万元，主要原因是公务用车使用量减少。
    """
    basis = ctx.params.get("basis") or ""
    for s in unexplained(doc, -1):
        yield ctx.finding(
            f"{describe(s)}，未说明减少原因（依据：{basis}）",
            at=s,
            key=f"fall:{item(s)}:{s.text[:30]}",
        )
