"""SG103: the 三公 explanation does not say how the “三公”经费 changed."""

from __future__ import annotations

from budgetrules.api import rule

from .claims import NAMES, amount_of, clause_claims, item, statements
from .sections import sangong_sections


@rule(
    "SG103",
    "“三公”经费说明未说明比上年增减变化情况",
    family="sangong",
    severity="warning",
    params={"basis": "财预〔2016〕143号（“三公”经费增减变化原因）"},
)
def change_not_stated(doc, ctx):
    """The 三公 explanation states the change of the “三公”经费 (增加/减少 X 万元, 增长/下降 Y%, or 持平).

    财预〔2016〕143号 asks for the change of the “三公”经费 and its reasons; an explanation that gives this
    year's figures only leaves the reviewer unable to check “只减不增”. Reported once, at the 三公 section,
    when it states amounts but no change, no rate and no 持平/无变化 of the total or of any item.

    Not reported: a document without a 三公 explanation (MC103), or one whose 三公 explanation states no amount.

    Failing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 1.83 万元，其中：因公出国（境）费 0 万元，公务用车运行费 1.83 万元，公务接待费 0 万元。

    Passing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 1.83 万元，与上年持平。
    """
    sections = sangong_sections(doc)
    if not sections:
        return
    found = statements(doc)
    amounts = [s for s in found if s.quantity == "amount"]
    if not amounts or any(s.quantity in ("change", "growth") for s in found):
        return
    if clause_claims(doc, "comparison"):
        return  # 与上年持平, 比上年…: the comparison is stated, in words the reading did not take apart
    total = next((s for s in amounts if item(s) == "total"), amounts[0])
    yield ctx.finding(
        f"“三公”经费说明只列出本年金额（如{NAMES[item(total)]} {amount_of(total).value} {amount_of(total).unit.value}），未说明比上年增减"
        f"变化及原因（依据：{ctx.params.get('basis') or ''}）",
        at=sections[0],
        key="change-not-stated",
    )
