"""MC107: a column that holds amounts but has no header."""

from __future__ import annotations

from budgetrules.api import MONEY_KINDS, regex, rule

_SHOWN = 3
_CODE = regex.compile(r"^\d{3}(\d{2}){0,2}$")
#: Column keys that never hold amounts.
_TEXT_KEYS = ("code", "code_lei", "code_kuan", "code_xiang", "name", "project_name")


def _looks_like_codes(amounts) -> bool:
    """Most values are whole numbers of 3, 5 or 7 digits: classification codes read as numbers (a column of
    codes, whatever else the reading slid into it)."""
    codes = sum(1 for a in amounts if a.places == 0 and _CODE.match(str(a.value)))
    return codes * 2 >= len(amounts)


def _header_unreliable(table) -> bool:
    """The header was not matched to the grid: its 合计 column, or every labelled amount column, holds nothing
    while unlabelled columns hold the amounts — the header's cells span columns the reading split."""
    labelled = [c for c in table.columns if not c.is_unlabelled and c.key not in _TEXT_KEYS]
    if not labelled:
        return True
    filled = {c.key for c in labelled if any(r.amount(c.key) is not None for r in table.rows if r.side == c.side)}
    if not filled:
        return True
    return any(c.key == "total" for c in labelled) and "total" not in filled


def _split_column(table, column, rows) -> bool:
    """A headed amount column holds amounts only in the rows where this one holds none, and the other way
    round: one printed column read as two (the amounts slid right of their header in some rows)."""
    mine = {id(r) for r in rows}
    for other in table.columns:
        if other.is_unlabelled or other.key in _TEXT_KEYS or other.side != column.side:
            continue
        theirs = {id(r) for r in table.rows if r.amount(other.key) is not None and r.side == other.side}
        if theirs and not theirs & mine:
            return True
    return False


@rule("MC107", "表格中有金额的列没有列名", family="mandatory", severity="warning")
def amounts_in_unlabelled_column(doc, ctx):
    """Every column of a money table that holds amounts is headed, so that a reader knows what the amounts are.

    A column printed with no header at all (not one whose header the tool merely does not recognise) but holding
    amounts usually means the table's columns slipped when it was produced: the amounts belong to some heading
    that now stands over another column, or to none. Such a column is never used in any sum (the arithmetic
    rules leave it out), so this rule is where a reviewer learns of it — one finding per column, at the first row
    holding an amount, with the amounts it holds. The 绩效目标表 (targets, not money) is not checked.

    Not reported when the reading of the header is in doubt: a column holding mostly whole numbers of 3, 5 or 7
    digits (classification codes, not amounts), or a table whose 合计 column — or every headed amount column —
    is empty while headerless columns hold the amounts (a header whose cells span several columns of the grid),
    or a headerless column whose amounts fill exactly the rows a headed column leaves blank (one printed column
    read as two).

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
        if table.kind not in MONEY_KINDS or not any(c.is_unlabelled for c in table.columns):
            continue
        if _header_unreliable(table):
            continue
        for column in table.columns:
            if not column.is_unlabelled:
                continue
            rows = [r for r in table.rows if r.amount(column.key) is not None and r.side == column.side]
            if not rows or _looks_like_codes([r.amount(column.key) for r in rows]):
                continue
            if _split_column(table, column, rows):
                continue
            values = list(dict.fromkeys(str(r.amount(column.key).value) for r in rows))
            shown = "、".join(values[:_SHOWN]) + ("等" if len(values) > _SHOWN else "") + f"，共 {len(rows)} 行"
            yield ctx.finding(
                f"{table.name}第 {column.index + 1} 列没有列名，却列有金额（{shown}）；这些金额不对应任何栏目，"
                f"无法核对其含义，疑为表格错列",
                at=(table, rows[0], column.key),
                key=column.key,
            )
