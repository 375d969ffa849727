"""NC101: an amount the text states equals the table amount of the same fact."""

from __future__ import annotations

from budgetrules.api import Amount, check_equal, rule

from .facts import bound_claims, describe_facts, table_facts
from .judge import agrees, claim_key, explain_in, name_of, value_text


def check_claims_against_tables(doc, ctx, quantity: str, what: str):
    for claim in bound_claims(doc):
        if claim.quantity != quantity or claim.subject is None or not isinstance(claim.value, Amount):
            continue
        facts = table_facts(doc, claim.subject, claim.scope, claim.label)
        if not facts or agrees(claim.value, facts):
            continue
        first = facts[0]
        check = check_equal(claim.value, first.amount, first.amount.unit)
        others = "；各表所列：" + describe_facts(facts) if len(facts) > 1 else ""
        yield ctx.finding(
            f"{what}{name_of(claim)} {value_text(claim.value)} 与 {first.describe()} 不符"
            f"（{explain_in(check)}）{others}",
            at=claim,
            expected=first.amount,
            actual=claim.value,
            related=[f.place for f in facts],
            key=claim_key(claim),
        )


@rule("NC101", "文字所述金额与表中同一数据一致", family="narrative")
def stated_amount_equals_table(doc, ctx):
    """An amount stated in the 情况说明 (``基本支出 380.5 万元``, ``城乡社区支出（212 类）439.02 万元``,
    ``“三公”经费数为 1.83 万元``) equals the amount the tables give for the same fact.

    The claim extractor binds each number to its fact from the sentence and the section: which total, which
    类/款/项 or 经济分类 code, and which source of funds (a section titled “一般公共预算…” speaks of the
    一般公共预算 column of 表四/表五, “收支预算情况的总体说明” of 表一/表三). Numbers are compared as intervals:
    a text “642 万元” stands for [641.5, 642.5] and meets a table 642.00, so rounding is never an error.

    Not reported: a fact the tables state differently in different places (e.g. 表二 212 = 344.02 but 表四
    212 = 439.02) when the text equals at least one of them — the cross-table rules report the tables'
    disagreement, once; numbers that could not be bound to a fact (subject None); entries of itemised
    lists (NC105); 机关运行经费, which has no table of its own (NC106).

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年支出预算情况说明
        测试局 2021 年支出预算 1117.5 万元，其中：基本支出 390.5 万元，项目支出 737 万元。
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 1117.50 | 380.50 | 737.00
        ∅ | ∅ | 合计 | 1117.50 | 380.50 | 737.00

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年支出预算情况说明
        测试局 2021 年支出预算 1117.5 万元，其中：基本支出 380.5 万元，项目支出 737 万元。
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 1117.50 | 380.50 | 737.00
        ∅ | ∅ | 合计 | 1117.50 | 380.50 | 737.00
    """
    yield from check_claims_against_tables(doc, ctx, "amount", "文字所述")
