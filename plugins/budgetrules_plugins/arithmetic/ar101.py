"""AR101: a 类 row's amount equals the sum of the rows listed under it."""

from __future__ import annotations

from budgetrules.api import rule

from .structure import document_parent_sums, parent_message, row_cause


@rule("AR101", "类的金额等于其下各款之和", family="arithmetic")
def class_equals_sum_of_kuan(doc, ctx):
    """In every table with classification-coded rows, each 类 row equals the sum of the rows listed under it,
    column by column.

    What is added up
        The rows that hang directly under the 类: its 款 rows, and any 项 whose 款 row is not printed (it is
        then counted under its 类 directly, and AR107 warns that its 款 is missing). 项 rows whose 款 is
        printed are not added here (AR102 checks them against their 款). In project tables (项目名称
        column) the hierarchy is read project by project.

    Blanks
        A blank cell is "not reported"; in a sum it counts as zero. A 类 whose cell and all children's cells
        are blank is skipped. A blank 类 cell whose children add up to a non-zero amount **is** reported: the
        类 should show that amount (in the reference sample the 项目支出 column of 类 212 is blank while its
        款 21299 shows 95.00).

    Rounding
        Never an error: the 类 and the sum are compared as intervals (``budgetrules.core.compare.check_sum``); a
        blank is a zero with the column's precision. The message states the printed amount, the sum, the terms,
        the difference and the tolerance used.

    Not reported
        A 类 code printed twice in one table or project (which row is the parent is ambiguous); cells holding
        text instead of a number; columns whose header was not recognised. One finding per 类 row and column.

    Failing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 344.02
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02
        212 | 99 | ∅ | 其他城乡社区支出 | 95.00
        ∅ | ∅ | ∅ | 合计 | 439.02

    Passing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 439.02
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02
        212 | 99 | ∅ | 其他城乡社区支出 | 95.00
        ∅ | ∅ | ∅ | 合计 | 439.02
    """
    for table in doc.tables:
        for ps in document_parent_sums(doc, table, "类"):
            if ps.check.consistent:
                continue
            yield ctx.finding(
                parent_message(ps, "其下各款（及未列款的项）" if _has_orphan_xiang(ps) else "其下各款"),
                at=(table, ps.parent, ps.key),
                expected=ps.check.computed,
                actual=ps.parent.amount(ps.key),
                cause=row_cause(ps.parent),
            )


def _has_orphan_xiang(ps) -> bool:
    return any(c.code.level == "项" for c in ps.children)
