"""EX101: no single project takes more than a set share of all project spending."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Row, fmt, normalize_label, rule


@rule(
    "EX101",
    "单个项目的金额超过项目支出合计的规定比例",
    severity="warning",
    family="example",
    params={"max_share": Decimal("1"), "basis": "单个项目是项目支出的一部分，不能超过项目支出合计"},
)
def project_within_share(doc, ctx):
    """Each project of the 一般公共预算项目支出 table is at most ``max_share`` of the table's 合计.

    A project is one name of the table's 项目名称 column; a table printing it on its 类, 款 and 项 rows gives
    it once (and not at all when those rows disagree). With the default ``max_share = 1`` a project above the
    合计 is an inconsistency in any disclosure; a province that wants its projects split (no project above half
    of all project spending, say) sets its own share in its ruleset, with the document that sets it as
    ``basis`` (see the ruleset ``example-province-budget``). Compared as intervals: a project is above the
    share only when every number its printed amount may stand for is above the share of every number the
    printed 合计 may stand for.

    Failing example::

        测试局 2021 年部门预算公开
        表七：一般公共预算项目支出情况表
        单位：万元
        类 | 款 | 项 | 科目 | 项目名称 | 项目支出合计
        212 | ∅ | ∅ | 城乡社区支出 | 城区路灯电费 | 95.00
        211 | ∅ | ∅ | 节能环保支出 | 污水处理厂 | 742.00
        ∅ | ∅ | ∅ | ∅ | 合计 | 737.00

    Passing example::

        测试局 2021 年部门预算公开
        表七：一般公共预算项目支出情况表
        单位：万元
        类 | 款 | 项 | 科目 | 项目名称 | 项目支出合计
        212 | ∅ | ∅ | 城乡社区支出 | 城区路灯电费 | 95.00
        211 | ∅ | ∅ | 节能环保支出 | 污水处理厂 | 642.00
        ∅ | ∅ | ∅ | ∅ | 合计 | 737.00
    """
    share = Decimal(ctx.params["max_share"])
    for table in doc.tables:
        if table.kind != "gpb_project":
            continue
        totals = [r.amount("total") for r in table.total_rows() if r.amount("total") is not None]
        if len(totals) != 1:
            continue  # no 合计 row, or several: nothing to measure against
        total = totals[0]
        amounts: dict[str, set] = {}
        rows: dict[str, Row] = {}
        for row in table.item_rows():
            name = normalize_label(row.texts.get("project_name", ""))
            amount = row.amount("total")
            if name and amount is not None:
                amounts.setdefault(name, set()).add(amount)
                rows.setdefault(name, row)
        limit = total.interval(total.unit).scale(share)
        for name, printed in amounts.items():
            if len(printed) != 1:
                continue
            (amount,) = printed
            if amount.interval(total.unit).lo <= limit.hi:
                continue
            ratio = amount.in_unit(total.unit) / total.value * 100 if total.value else None
            shown = f"（{fmt(ratio, 2)}%）" if ratio is not None else ""
            yield ctx.finding(
                f"项目“{name}”的金额 {amount.value} 超过项目支出合计 {total.value} 的 {fmt(share * 100, 0)}%{shown}；"
                f"依据：{ctx.params['basis']}",
                at=(table, rows[name], "total"),
                expected=f"≤ {fmt(total.value * share, total.places)}",
                actual=amount,
            )
