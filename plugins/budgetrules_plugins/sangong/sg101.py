"""SG101: a rise of the “三公”经费 stated without its reason."""

from __future__ import annotations

from budgetrules.api import rule

from .changes import describe, unexplained
from .claims import item


@rule(
    "SG101",
    "“三公”经费增加但未说明原因",
    family="sangong",
    params={"basis": "中央八项规定；《党政机关厉行节约反对浪费条例》（“三公”经费只减不增）；财预〔2016〕143号（说明增减变化原因）"},
)
def rise_without_reason(doc, ctx):
    """A rise of the “三公”经费 or of one of its items, stated in the 三公 explanation, comes with its reason.

    “三公”经费 are to fall, not rise (“只减不增”: 中央八项规定, 《党政机关厉行节约反对浪费条例》), and every change
    must be explained (财预〔2016〕143号). A statement such as ``公务接待费比上年增加 0.50 万元`` (or ``增长 12%``)
    followed, before the next item, by no reason (原因 / 主要是 / 由于 / 用于 / 根据 / 新增 / 更新 …) is reported;
    so is a 决算 above its 预算 (``比预算增加``). A reason given for the total covers the items; the total's rise
    counts as explained when each item whose change is stated has its reason. Changes of zero (``增加 0 万元``)
    are not rises.

    Not checked here: whether the stated change matches the tables (NC101/NC103 through the claims).

    Failing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 2.50 万元，比上年增加 0.50 万元，其中：公务接待费增加 0.50 万元。

    Passing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        2021 年“三公”经费预算 2.50 万元，比上年增加 0.50 万元，其中：公务接待费增加 0.50 万元，主要原因是承办全区现场会。
    """
    basis = ctx.params.get("basis") or ""
    for s in unexplained(doc, 1):
        yield ctx.finding(
            f"{describe(s)}，未说明增加原因（“三公”经费应只减不增，增减变化须说明原因；依据：{basis}）",
            at=s,
            key=f"rise:{item(s)}:{s.text[:30]}",
        )
