"""NC105: an entry of an itemised list in the text equals its table row."""

from __future__ import annotations

from budgetrules.api import rule

from .nc101 import check_claims_against_tables


@rule("NC105", "文字列举的明细金额与表中对应行一致", family="narrative")
def listed_item_equals_row(doc, ctx):
    """Each entry of an itemised list in the text (``人员经费 372.9 万元，主要包括：基本工资 77.41 万元、津贴补贴
    166.81 万元 …``; ``支出预算包括：社会保障和就业支出 36.48 万元、…``) equals the table row of the same item:
    an 经济分类 name is bound to its code through the 基本支出 table's own rows (基本工资 → 30101), a 功能分类
    name through the rows of the 功能分类 tables, and the list's source of funds comes from its whole or its
    section (a list under “一般公共预算支出包括” is compared with the 一般公共预算 columns).

    Equality is judged on intervals (text “0.5 万元” is [0.45, 0.55] and meets 0.50), so rounding never
    fails. When the tables disagree among themselves about the item, an entry equal to one of them passes (the
    cross-table rule reports the tables). When two rows of the 基本支出 table print the same code (e.g. 30109
    for both 福利费 and 职业年金缴费), the entry is compared with the row of the same name. Whether the entries
    add up to the list's whole is NC104's question; amounts stated outside lists are NC101's.

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算基本支出情况说明
        人员经费 94.07 万元，主要包括：基本工资 77.14 万元、津贴补贴 16.66 万元。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | 77.41 | ∅
        301 | 02 | 津贴补贴 | 16.66 | 16.66 | ∅
        ∅ | ∅ | 合计 | 94.07 | 94.07 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算基本支出情况说明
        人员经费 94.07 万元，主要包括：基本工资 77.41 万元、津贴补贴 16.66 万元。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | 77.41 | ∅
        301 | 02 | 津贴补贴 | 16.66 | 16.66 | ∅
        ∅ | ∅ | 合计 | 94.07 | 94.07 | ∅
    """
    yield from check_claims_against_tables(doc, ctx, "item", "文字列举的明细")
