"""NC110: with last year's disclosure given, what the text says of last year agrees with last year's own tables."""

from __future__ import annotations

from budgetrules.api import Amount, Interval, fmt, kind_in, regex, rule

from .facts import bound_claims, group_claims, stated, table_facts
from .figures import Figure
from .judge import claim_key, elsewhere, name_of
from .nc109 import _currents

#: A base other than last year's disclosed figure of the same kind: 执行数, 调整预算, 预计数, 实际数 … (a 预算
#: compared with last year's 执行数 cannot be checked against last year's 预算 tables).
_OTHER_BASE = regex.compile(r"执行|调整|预计|实际|快报|同口径|可比口径")


def _previous_figures(previous, claim) -> list[Figure]:
    """Last year's figure of the claim's fact as last year's tables print it: one value, or nothing when the
    tables do not state it or disagree among themselves (the cross-table rules report that there)."""
    facts = [f for f in table_facts(previous, claim.subject, claim.scope, claim.label) if not f.parts]
    if not facts:
        return []
    unit = facts[0].amount.unit
    hull = facts[0].amount.interval(unit)
    for f in facts[1:]:
        iv = f.amount.interval(unit)
        if not hull.meets(iv):
            return []
        hull = Interval(max(hull.lo, iv.lo), min(hull.hi, iv.hi))
    f = facts[0]
    return [Figure(f.amount.value, f.amount.unit, f.amount.interval(), f"上年公开文件{f.describe()}", f.place,
                   f.amount.places)]


def _comparable(doc, previous, claim) -> bool:
    """The sentence compares with last year's figure of the same kind (预算 with 上年预算, 决算 with 上年决算)."""
    if previous.kind != doc.kind or doc.kind is None:
        return False
    if doc.year is None or previous.year is None or previous.year != doc.year - 1:
        return False
    if _OTHER_BASE.search(claim.text):
        return False
    named = kind_in(claim.text)
    return named is None or named == doc.kind


@rule("NC110", "文字所述上年数和增减额与上年公开表格相符", family="narrative", severity="warning")
def change_agrees_with_last_year(doc, ctx):
    """When last year's disclosure of the department is given (``budgetrules check FILE --previous PREV``, or
    a folder of last year's files), what the text says of last year is checked against last year's own
    tables: a stated 上年 figure (``上年预算数为 331.24 万元``) equals what last year's tables print for that fact,
    and a stated change (``比上年预算增加 49.26 万元``) equals this year's figure minus last year's printed one.

    Only a comparison of like with like is checked: last year's document of the same kind (预算 with 上年预算,
    决算 with 上年决算) and of the year before; a sentence naming another base (执行数, 调整预算, 预计数, 同口径 …)
    is skipped. A fact last year's tables do not state, or state with different amounts in different tables,
    is skipped too. A change whose sentence also states last year's figure is checked through that figure
    (and NC109 checks the change against it). Figures are intervals, so rounding never fails.

    A warning, not an error: a department may restate last year's figure on this year's basis (口径调整)
    without saying so; the reviewer asks.

    Failing example::

        测试局 2022 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出
        ∅ | 合计 | 400.00 | 380.50 | 19.50
        一、部门预算编制说明
        基本支出 380.50 万元，比上年预算增加 49.26 万元，主要原因是人员增加。
        === 上年文件 ===
        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出
        ∅ | 合计 | 350.00 | 340.00 | 10.00

    Passing example::

        测试局 2022 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出
        ∅ | 合计 | 400.00 | 380.50 | 19.50
        一、部门预算编制说明
        基本支出 380.50 万元，比上年预算增加 40.50 万元，主要原因是人员增加。
        === 上年文件 ===
        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出
        ∅ | 合计 | 350.00 | 340.00 | 10.00
    """
    previous = ctx.previous
    if previous is None:
        return
    groups = group_claims(doc)
    for claim in bound_claims(doc):
        if claim.quantity not in ("change", "previous") or not claim.subject or not isinstance(claim.value, Amount):
            continue
        if not _comparable(doc, previous, claim):
            continue
        before = _previous_figures(previous, claim)
        if not before:
            continue
        prev = before[0]
        if claim.quantity == "previous":
            unit = prev.unit
            if claim.value.interval(unit).meets(prev.interval_in(unit)):
                continue
            yield ctx.finding(
                f"{name_of(claim)}文字所述上年数 {claim.value.display()}，与上年公开文件所印 {prev.shown} 不符"
                f"（{prev.desc}）",
                at=claim,
                expected=prev.value,
                actual=claim.value,
                related=[prev.place],
                key=claim_key(claim),
            )
            continue
        group = groups.get(claim.group, [])
        if stated(group, claim.subject, "previous"):
            continue  # last year's figure is stated: checked above, and the change against it by NC109
        currents = _currents(doc, claim, group)
        if not currents:
            continue
        unit = prev.unit
        change = claim.value.interval(unit)
        if any(change.meets(cur.interval_in(unit) - prev.interval_in(unit)) for cur in currents):
            continue
        cur = currents[0]
        places = max(cur.places, prev.places, claim.value.places)
        difference = cur.value_in(unit) - prev.value_in(unit)
        verb = "持平" if claim.value.value == 0 else ("增加" if claim.value.value > 0 else "减少")
        stated_text = "持平" if verb == "持平" else f"{verb} {abs(claim.value.value)}{claim.value.unit.value}"
        yield ctx.finding(
            f"{name_of(claim)}文字称比上年{stated_text}，但本年数 {cur.shown} 减上年公开文件所印 {prev.shown} 为 "
            f"{fmt(difference, places)}{'' if unit.value == '万元' else unit.value}（本年：{cur.desc}；{prev.desc}）",
            at=claim,
            expected=fmt(difference, places),
            actual=claim.value,
            related=[*elsewhere(claim, [cur.place]), prev.place],
            key=claim_key(claim),
        )

