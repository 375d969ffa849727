"""AR106: the “三公” table adds up."""

from __future__ import annotations

from typing import Iterator, Mapping, Sequence

from budgetrules.api import Amount, Row, Table, rule

from .structure import (
    NON_AMOUNT,
    amount_columns,
    column_places,
    has_text,
    is_unrecognised,
    label_key,
    sum_check,
    sum_text,
    terms,
)

_ROLES = ("total", "abroad", "car", "car_purchase", "car_running", "reception")
_NAMES = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "car": "公务用车购置及运行费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行费",
    "reception": "公务接待费",
}

_BUDGET = "budget:"  # 决算 tables print 预算数 (``budget:abroad``) beside 决算数 (``abroad``)

# A cell of the table: (row, column key), or None when the role is not in the table.
Cell = tuple[Row, str]


def _by_columns(table: Table) -> Iterator[tuple[Mapping[str, Cell], list[Cell]]]:
    """Tables with one column per item (the usual layout): each row and each 预算数/决算数 column group."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    unknown: list[str] = []
    for column in table.columns:
        prefix = _BUDGET if column.key.startswith(_BUDGET) else ""
        base, _, n = column.key[len(prefix):].partition("#")
        if base in _ROLES and not is_unrecognised(column):
            groups.setdefault((prefix, n or "1"), {})[base] = column.key
        elif base not in NON_AMOUNT:
            unknown.append(column.key)
    for keys in groups.values():
        for row in table.rows:
            cells = {role: (row, key) for role, key in keys.items()}
            extra = [(row, k) for k in unknown if row.amount(k) is not None]
            yield cells, extra


def _by_rows(table: Table) -> Iterator[tuple[Mapping[str, Cell], list[Cell]]]:
    """Tables with one row per item (transposed layout): each amount column is one set of figures."""
    roles: dict[str, list[Row]] = {}
    others: list[Row] = []
    for row in table.rows:
        role = "total" if row.is_total else label_key(row.label)
        if role in _ROLES:
            roles.setdefault(role, []).append(row)
        else:
            others.append(row)
    if any(len(rows) > 1 for rows in roles.values()) or "total" not in roles and "car" not in roles:
        return
    for column in amount_columns(table):
        cells = {role: (rows[0], column.key) for role, rows in roles.items()}
        extra = [(r, column.key) for r in others if r.amount(column.key) is not None]
        yield cells, extra


def _amount(cell: Cell | None) -> Amount | None:
    return None if cell is None else cell[0].amount(cell[1])


def _text(cell: Cell | None) -> bool:
    return cell is not None and has_text(*cell)


def _check(table: Table, whole: Cell, parts: Sequence[tuple[str, Cell | None]], extra: list[Cell]):
    """The failing SumCheck of ``whole`` = Σ ``parts`` (None when consistent under some reading)."""
    if _text(whole) or any(_text(c) for _, c in parts):
        return None
    amounts = [_amount(c) for _, c in parts]
    if all(a is None for a in amounts):
        return None  # not broken down
    cells = [whole[0], *(c[0] for _, c in parts if c is not None)]
    places = max([column_places(table, whole[1], cells), *(a.places for a in amounts if a is not None)])
    check = sum_check(_amount(whole), amounts, places, table.unit)
    if check is None or check.consistent:
        return None
    if extra:
        wider = sum_check(_amount(whole), [*amounts, *(_amount(c) for c in extra)], places, table.unit)
        if wider is not None and wider.consistent:
            return None
    return check


@rule("AR106", "“三公”经费合计等于各项之和，公务用车购置及运行费等于购置费与运行费之和", family="arithmetic")
def sangong_adds_up(doc, ctx):
    """The “三公” table (一般公共预算“三公”经费支出情况表 and its 决算 counterparts) adds up:

    * 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 (when the 公务用车购置及运行费 column is blank
      but its two parts are printed, the parts are used);
    * 公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费.

    Both layouts are read: one column per item (each row, and each 预算数/决算数 group of columns — the 决算
    table's ``budget:…`` columns — checked on its own) and one row per item (``其中：`` rows are the parts
    of 公务用车购置及运行费). Only the identities
    whose columns (rows) are all in the table are checked; a row whose parts are all blank is not broken
    down and is skipped.

    Not a false alarm: some provinces add 会议费 and 培训费 to the table, and some of those include them in
    合计. A 合计 is reported only when it fails both without and with such extra items. Rounding is never an
    error (interval comparison). One finding per identity and place.

    Failing example::

        测试局 2021 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        2.83 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00

    Passing example::

        测试局 2021 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        1.83 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00
    """
    for table in doc.tables_of("sangong"):
        has_role_columns = any(
            c.key.removeprefix(_BUDGET).split("#")[0] in _ROLES[1:] for c in table.columns
        )
        layouts = _by_columns(table) if has_role_columns else _by_rows(table)
        for cells, extra in layouts:
            car = cells.get("car")
            if car is not None and "car_purchase" in cells and "car_running" in cells:
                parts = [(_NAMES[r], cells[r]) for r in ("car_purchase", "car_running")]
                check = _check(table, car, parts, [])
                if check is not None:
                    yield _finding(ctx, table, car, "公务用车购置及运行费", "公务用车购置费与公务用车运行费", parts, check)
            total = cells.get("total")
            if total is None or "abroad" not in cells or "reception" not in cells:
                continue
            if car is not None and (_amount(car) is not None or _text(car)):
                middle = [(_NAMES["car"], car)]
            elif "car_purchase" in cells and "car_running" in cells:
                middle = [(_NAMES[r], cells[r]) for r in ("car_purchase", "car_running")]
            elif car is not None:
                middle = [(_NAMES["car"], car)]
            else:
                continue
            parts = [(_NAMES["abroad"], cells["abroad"]), *middle, (_NAMES["reception"], cells["reception"])]
            check = _check(table, total, parts, extra)
            if check is not None:
                yield _finding(ctx, table, total, "“三公”经费合计", "各项“三公”经费", parts, check)


def _finding(ctx, table, cell, whole_name, what, parts, check):
    row, key = cell
    printed = row.amount(key)
    column = table.column(key)
    figure = column.label.split("/")[-1] if column is not None else ""
    if figure in ("预算数", "决算数"):
        whole_name = f"{whole_name}（{figure}）"
    shown = [(name, _amount(c)) for name, c in parts]
    detail = f"（{terms(shown)}；{check.explain()}）"
    if printed is None:
        message = f"{whole_name}为空，但{what}之和为 {sum_text(check)}{detail}"
    else:
        message = f"{whole_name} {printed.value} 不等于{what}之和 {sum_text(check)}{detail}"
    return ctx.finding(message, at=(table, row, key), expected=check.computed, actual=printed)
