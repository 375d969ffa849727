"""AR105: in the two-sided summary tables, 收入总计 equals 支出总计."""

from __future__ import annotations

from budgetrules.api import Column, Row, Side, Table, check_equal, regex, rule

from .structure import amount_columns, blank_as_zero, col_name, column_places, has_text

_GRAND = regex.compile(r"^(收入总计|支出总计|总计|总合计)$")


def grand_total(table: Table, side: Side) -> Row | None:
    """The side's grand total row: the one labelled 收入总计/支出总计/总计, or its only total row."""
    totals = list(table.total_rows(side))
    grand = [r for r in totals if _GRAND.match(r.label)]
    if len(grand) == 1:
        return grand[0]
    return totals[0] if len(totals) == 1 else None


def total_column(table: Table, side: Side, grand: Row | None = None) -> Column | None:
    """The side's 合计/预算数 column, or its only amount column.

    A side printed as two breakdowns of the same total (江苏's 支出 by 功能分类 and by 支出用途, each with its
    金额 column, the total printed once under the merged 支出合计 label) has several candidates: the one the
    grand total row fills is the side's total column.
    """
    columns = amount_columns(table, side)
    totals = [c for c in columns if c.key.split("#")[0] == "total"] or columns
    if grand is not None and len(totals) > 1:
        filled = [c for c in totals if grand.amount(c.key) is not None]
        if len(filled) == 1:
            return filled[0]
    if totals and totals[0].key == "total":
        return totals[0]
    return totals[0] if len(totals) == 1 else None


@rule("AR105", "收入总计等于支出总计", family="arithmetic")
def income_total_equals_expense_total(doc, ctx):
    """In the tables that show both sides (表一 收支总体情况表, 表四 财政拨款收支总体情况表, and their 决算
    counterparts), the income side's grand total equals the expense side's: a budget is balanced by
    construction (《预算法》: 收支平衡), and 决算 总表 balance through 年初/年末结转和结余.

    The grand total of a side is its row labelled 收入总计 / 支出总计 / 总计 (or its only total row); the
    compared column is the side's 合计/预算数 column. A blank total facing a non-zero one is reported; rounding
    is never an error (the two printed values are compared as intervals). One finding per table, pointing at
    the income total and naming the expense total.

    Not reported: a side with no total row or several candidates, or a total holding text.

    Failing example::

        测试局 2021 年部门预算公开
        表一：部门收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        财政拨款（补助） | 1117.5 | 212 城乡社区支出 | 1000.00
        收入总计 | 1117.5 | 支出总计 | 1000.00

    Passing example::

        测试局 2021 年部门预算公开
        表一：部门收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        财政拨款（补助） | 1117.5 | 212 城乡社区支出 | 1117.50
        收入总计 | 1117.5 | 支出总计 | 1117.50
    """
    for table in doc.tables:
        if not amount_columns(table, "income") or not amount_columns(table, "expense"):
            continue
        income, expense = grand_total(table, "income"), grand_total(table, "expense")
        icol = total_column(table, "income", income)
        ecol = total_column(table, "expense", expense)
        if income is None or expense is None or icol is None or ecol is None:
            continue
        ikey, ekey = icol.key, ecol.key
        if has_text(income, ikey) or has_text(expense, ekey):
            continue
        a, b = income.amount(ikey), expense.amount(ekey)
        if a is None and b is None:
            continue
        places = max(column_places(table, ikey, [income]), column_places(table, ekey, [expense]))
        a = a if a is not None else blank_as_zero(places, table.unit)
        b = b if b is not None else blank_as_zero(places, table.unit)
        check = check_equal(a, b, table.unit)
        if check.consistent:
            continue
        shown_a = "空" if income.amount(ikey) is None else str(a.value)
        shown_b = "空" if expense.amount(ekey) is None else str(b.value)
        yield ctx.finding(
            f"{income.label}（{col_name(table, ikey, 'income')}）{shown_a} 不等于{expense.label}"
            f"（{col_name(table, ekey, 'expense')}）{shown_b}（{check.explain()}）",
            at=(table, income, ikey),
            related=[(table, expense, ekey)],
            expected=expense.amount(ekey),
            actual=income.amount(ikey),
        )
