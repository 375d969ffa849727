"""NC106: 机关运行经费 stated in the text equals 表六 公用经费 (administrative units)."""

from __future__ import annotations

import re

from budgetrules.api import Amount, check_equal, check_sum, regex, rule

from .facts import bound_claims, table_facts
from .judge import agrees, claim_key, explain_in, name_of

_ADMINISTRATIVE = regex.compile(r"(局|委员会|委|办公室|厅|部|政府|人大常委会|政协|办)$")


def _administrative(doc) -> bool:
    name = (doc.department.name or "").strip()
    if _ADMINISTRATIVE.search(name):
        return True
    text = "\n".join(p.text for _, p in doc.paragraphs())
    return bool(re.search(r"机关运行经费[：:]?\s*(?:是)?指[^。]{0,20}公用经费", text))


@rule("NC106", "机关运行经费与一般公共预算基本支出中的公用经费一致", family="narrative", severity="warning")
def agency_running_equals_public(doc, ctx):
    """机关运行经费 stated in the text (``机关运行经费财政拨款预算 7.6 万元``) equals the 公用经费 total of the
    一般公共预算基本支出 table (表六 合计 × 公用经费).

    For an administrative unit (行政单位 and 参照公务员法管理的事业单位) 机关运行经费 is the 公用经费 paid from
    财政拨款 基本支出 — the identity the 名词解释 of most disclosures repeat (“机关运行经费：指各部门的公用经费”).
    The unit is taken as administrative when the department's name says so (…局, …委员会, …办公室 …) or the
    名词解释 defines 机关运行经费 as 公用经费. A warning, not an error: the definition has changed over time
    (some years and regions exclude 公务用车运行维护费 or add 基本支出 from 政府性基金) and public institutions
    (事业单位) do not report it the same way. Rounding is never an error (interval comparison).

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、其他重要事项的情况说明
        2021 年机关运行经费财政拨款预算 9.6 万元。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 7.60 | ∅ | 7.60
        ∅ | ∅ | 合计 | 7.60 | ∅ | 7.60

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、其他重要事项的情况说明
        2021 年机关运行经费财政拨款预算 7.6 万元。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 7.60 | ∅ | 7.60
        ∅ | ∅ | 合计 | 7.60 | ∅ | 7.60
    """
    facts = [f for f in table_facts(doc, "public", "gpb") if f.table.kind == "gpb_basic"]
    if not facts or not _administrative(doc):
        return
    for claim in bound_claims(doc):
        if claim.subject != "agency_running" or claim.quantity != "amount" or not isinstance(claim.value, Amount):
            continue
        if agrees(claim.value, facts):
            continue
        fact = facts[0]
        check = check_sum(claim.value, fact.parts, fact.amount.unit) if fact.parts else check_equal(
            claim.value, fact.amount, fact.amount.unit)
        yield ctx.finding(
            f"文字所述{name_of(claim)} {claim.value.display()} 与 {fact.describe()} 不符"
            f"（{explain_in(check)}；行政单位的机关运行经费即其一般公共预算基本支出中的公用经费）",
            at=claim,
            expected=fact.amount,
            actual=claim.value,
            related=[fact.place],
            key=claim_key(claim),
        )
