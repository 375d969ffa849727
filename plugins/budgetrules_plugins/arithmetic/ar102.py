"""AR102: a 款 row's amount equals the sum of its 项 rows."""

from __future__ import annotations

from budgetrules.api import rule

from .structure import document_parent_sums, parent_message, row_cause


@rule("AR102", "款的金额等于其下各项之和", family="arithmetic")
def kuan_equals_sum_of_xiang(doc, ctx):
    """In every table with classification-coded rows, each 款 row that has 项 rows listed under it equals
    their sum, column by column.

    What is added up
        The 项 rows of the 款, including 项 printed without their own code (tables with only 类/款 columns
        repeat the 款 code on the 项 row; the loader recognises them). A 款 with no 项 listed is a leaf and is
        not checked. In project tables (项目名称 column) the hierarchy is read project by project.

    Blanks
        Count as zero. A 款 whose cell and all its 项 cells are blank is skipped; a blank 款 cell whose 项
        add up to a non-zero amount is reported.

    Rounding
        Never an error (interval comparison, ``budgetrules.core.compare.check_sum``); the message states the
        printed amount, the sum, the terms, the difference and the tolerance.

    Not reported
        A 款 code printed twice in one table or project; cells holding text; columns whose header was not
        recognised. One finding per 款 row and column.

    Failing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        208 | 05 | ∅ | 行政事业单位养老支出 | 36.48 | 36.48 | ∅
        208 | 05 | 05 | 机关事业单位基本养老保险缴费支出 | 30.00 | 30.00 | ∅
        208 | 05 | 06 | 机关事业单位职业年金缴费支出 | 5.48 | 5.48 | ∅
        ∅ | ∅ | ∅ | 合计 | 36.48 | 36.48 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        208 | 05 | ∅ | 行政事业单位养老支出 | 36.48 | 36.48 | ∅
        208 | 05 | 05 | 机关事业单位基本养老保险缴费支出 | 31.00 | 31.00 | ∅
        208 | 05 | 06 | 机关事业单位职业年金缴费支出 | 5.48 | 5.48 | ∅
        ∅ | ∅ | ∅ | 合计 | 36.48 | 36.48 | ∅
    """
    for table in doc.tables:
        for ps in document_parent_sums(doc, table, "款"):
            if ps.check.consistent:
                continue
            yield ctx.finding(
                parent_message(ps, "其下各项"),
                at=(table, ps.parent, ps.key),
                expected=ps.check.computed,
                actual=ps.parent.amount(ps.key),
                cause=row_cause(ps.parent),
            )
