"""MC107: a column that holds amounts but has no header."""

from __future__ import annotations

from budgetrules.rules import rule

from .mc104 import MONEY_KINDS

_SHOWN = 3


@rule("MC107", "表格中有金额的列没有列名", family="mandatory", severity="warning")
def amounts_in_unlabelled_column(doc, ctx):
    """Every column of a money table that holds amounts is headed, so that a reader knows what the amounts are.

    A column printed with no header at all (not one whose header the tool merely does not recognise) but holding
    amounts usually means the table's columns slipped when it was produced: the amounts belong to some heading
    that now stands over another column, or to none. Such a column is never used in any sum (the arithmetic
    rules leave it out), so this rule is where a reviewer learns of it — one finding per column, at the first row
    holding an amount, with the amounts it holds. The 绩效目标表 (targets, not money) is not checked.

    Failing example::

        测试局 2021 年部门预算公开
        表七：一般公共预算项目支出情况表
        单位：万元
        科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计 | 商品和服务支出 | 其他支出 | ∅
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 城区路灯电费 | 95.00 | ∅ | ∅ | 95.00
        ∅ | ∅ | ∅ | ∅ | 合计 | 95.00 | ∅ | ∅ | 95.00

    Passing example::

        测试局 2021 年部门预算公开
        表七：一般公共预算项目支出情况表
        单位：万元
        科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计 | 商品和服务支出 | 其他支出
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 城区路灯电费 | 95.00 | ∅ | 95.00
        ∅ | ∅ | ∅ | ∅ | 合计 | 95.00 | ∅ | 95.00
    """
    for table in doc.tables:
        if table.kind not in MONEY_KINDS:
            continue
        for column in table.columns:
            if not column.is_unlabelled:
                continue
            rows = [r for r in table.rows if r.amount(column.key) is not None and r.side == column.side]
            if not rows:
                continue
            values = list(dict.fromkeys(str(r.amount(column.key).value) for r in rows))
            shown = "、".join(values[:_SHOWN]) + ("等" if len(values) > _SHOWN else "") + f"，共 {len(rows)} 行"
            yield ctx.finding(
                f"{table.name}第 {column.index + 1} 列没有列名，却列有金额（{shown}）；这些金额不对应任何栏目，"
                f"无法核对其含义，疑为表格错列",
                at=(table, rows[0], column.key),
                key=column.key,
            )
