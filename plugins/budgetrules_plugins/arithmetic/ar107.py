"""AR107: a 项 listed without its 款, or a 款 without its 类."""

from __future__ import annotations

from budgetrules.api import rule

from .structure import document_forests, row_name

_PARENT_LEVEL = {5: "款", 3: "类"}


@rule("AR107", "科目层级不完整：列出了下级科目而未列其上级科目", severity="warning", family="arithmetic")
def child_without_parent(doc, ctx):
    """A table that lists its classification rows as a hierarchy (类, then 款, then 项) shows every parent:
    a 项 is printed under its 款 and a 款 under its 类. A child listed without its parent hides the
    parent's total and usually means a row was left out or a code mistyped (in the reference sample the 项
    2129999 其他城乡社区支出 appears in 表二 and 表五 with no 款 21299 row, and 类 212 does not include it).

    When it applies
        Only where the table (or, in a project table, the project) prints rows of the parent's level, or of
        a level above it (a table of 类 and 项 with no 款 at all skips a level): a 基本支出 table that lists
        only 款 of the economic classification, or a table listing only 项, is a flat list, not an
        incomplete hierarchy.

    What the finding says
        The child row and the code(s) of its missing parent(s), nearest first. Severity is warning: the amounts
        may still be right (AR101/AR103 count the child under the nearest printed ancestor, and report any
        sum it breaks). One finding per child row.

    Failing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 439.02
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02
        212 | 01 | 01 | 行政运行 | 344.02
        212 | 99 | 99 | 其他城乡社区支出 | 95.00
        ∅ | ∅ | ∅ | 合计 | 439.02

    Passing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 439.02
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02
        212 | 01 | 01 | 行政运行 | 344.02
        212 | 99 | ∅ | 其他城乡社区支出 | 95.00
        212 | 99 | 99 | 其他城乡社区支出 | 95.00
        ∅ | ∅ | ∅ | 合计 | 439.02
    """
    for table in doc.tables:
        for _side, tree in document_forests(doc, table):
            for row in tree.rows:
                absent = tree.missing.get(id(row))
                if not absent:
                    continue
                named = "、".join(f"{_PARENT_LEVEL.get(len(code), '上级')} {code}" for code in absent)
                yield ctx.finding(
                    f"{row_name(row)} 已列出，但表中未列出其所属的{named} 行（本表其他科目列有上级科目行）",
                    at=(table, row),
                    key=",".join(absent),
                )
