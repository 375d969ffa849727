"""NC102: a share the text states (占 39%) equals part ÷ whole."""

from __future__ import annotations

from decimal import Decimal

import attrs

from budgetrules.api import Amount, Claim, Interval, Percent, RatioCheck, fmt, rule, subjects

from .facts import bound_claims, group_claims
from .figures import Figure, part_sum_figure, share_interval, stated_figures, table_figures, text_figure
from .judge import claim_key, elsewhere, interval_text, name_of
from .nc104 import partition_holds
from .slips import adds_to_hundred, nudged_text, one_unit_off, truncated, truncated_text

_HUNDRED = Decimal(100)


def split_whole(claim):
    """``(subject, scope)`` of a share's whole: ``expense.current@all`` names its own source of funds."""
    subject, _, scope = (claim.whole or "").partition("@")
    return subject, scope or claim.scope


def _parts(doc, claim, group) -> list[Figure]:
    """The part as stated with the share (same group), then as the tables print it."""
    return stated_figures(group, claim.subject) + table_figures(doc, claim.subject, claim.scope, claim.label)


def _wholes(doc, claim, group) -> list[Figure]:
    """Stated amounts of the whole (same group first, then the same section) and its table amounts; failing
    those, the sum of its parts the section lists when they make up all of it."""
    subject, scope = split_whole(claim)
    out = [text_figure(c) for c in group if c.subject == subject and c.quantity in ("amount", "item")
           and isinstance(c.value, Amount) and c.scope == scope]
    if not out:
        for c in bound_claims(doc):
            if (c.section == claim.section and c.subject == subject and c.quantity == "amount"
                    and c.scope == scope and isinstance(c.value, Amount)
                    and (c.source.line or 0) <= (claim.source.line or 0)):
                out.append(text_figure(c))
    out += table_figures(doc, subject, scope)
    if not out:
        # the sum of the listed parts stands in only for a whole stated nowhere else (its parts' rounding adds up)
        summed = part_sum_figure(doc, claim, subject, partition_holds)
        if summed is not None:
            out.append(summed)
    return out


def _ratio(stated: Percent, part: Figure, whole: Figure, subject: str | None = None) -> RatioCheck:
    ratio = share_interval(part, whole, subject)
    return RatioCheck(stated, None if ratio is None else ratio.scale(_HUNDRED))


def _other_base(claim, part: Figure, whole: Figure) -> str:
    """A hint when the stated share is the part's share of another figure of the whole's table row (a 合计 that
    includes 会议费 and 培训费, …): "所述占比与 222.5 ÷ 2542.60（…“合计”列）相符，疑似基数用错"."""
    place = whole.place
    if not (isinstance(place, tuple) and len(place) == 3):
        return ""
    table, row, key = place
    for other_key, cell in row.cells.items():
        amount = cell.amount
        if other_key == key or amount is None or amount.value == 0:
            continue
        other = Figure(amount.value, amount.unit, amount.interval(), "", None, amount.places)
        if _ratio(claim.value, part, other).consistent:
            column = table.column(other_key, row.side)
            label = column.label.split("/")[-1] if column else other_key
            return (f"；所述占比与 {part.shown} ÷ {other.shown}（{table.name}“{label}”列）相符，"
                    f"疑似以该数为基数")
    return ""


@attrs.frozen
class _Failed:
    """A share no combination of part and whole agrees with: its checks, each (check, part, whole)."""

    claim: Claim
    checks: tuple[tuple[RatioCheck, Figure, Figure], ...]


def _computed(check: RatioCheck) -> Interval:
    """The computed share of a check of :attr:`_Failed.checks` (all defined)."""
    assert check.computed is not None
    return check.computed


def _evaluate(doc, claim, groups) -> _Failed | None:
    group = groups.get(claim.group, [])
    parts = _parts(doc, claim, group)
    wholes = _wholes(doc, claim, group) if parts else []
    if not wholes:
        return None
    defined = []
    for part in parts:
        for whole in wholes:
            check = _ratio(claim.value, part, whole, claim.subject)
            if check.defined:
                if check.consistent:  # one agreeing combination settles it: the rest need not be computed
                    return None
                defined.append((check, part, whole))
    return _Failed(claim, tuple(defined)) if defined else None


def _members(doc, claim):
    """The shares listed with ``claim``: same section, same whole, same dimension, one per subject."""
    seen: dict[str, object] = {}
    for c in bound_claims(doc):
        if (c.quantity == "share" and c.subject and c.whole and c.section == claim.section
                and split_whole(c) == split_whole(claim) and isinstance(c.value, Percent)
                and subjects.dimension(c.subject) == subjects.dimension(claim.subject)):
            seen.setdefault(c.subject, c)
    return list(seen.values())


def _slip(doc, claim, failed: _Failed, groups):
    """``(kind, check, part, whole, note)`` when the share is only truncated or nudged to 100%, else None."""
    for check, part, whole in failed.checks:
        computed = _computed(check)
        if truncated(claim.value, computed):
            return "truncated", check, part, whole, truncated_text(claim.value, computed.mid)
    members = _members(doc, claim)
    if claim not in members or len(members) < 2:
        return None
    for check, part, whole in failed.checks:
        if not one_unit_off(claim.value, _computed(check)):
            continue
        intervals: list[Interval] = []
        for m in members:
            if m is claim:
                intervals.append(_computed(check))
                continue
            figures = _parts(doc, m, groups.get(m.group, []))
            found = next((r.computed for r in (_ratio(m.value, f, whole, m.subject) for f in figures) if r.defined),
                         None)
            if found is None:
                break
            intervals.append(found)
        else:
            if adds_to_hundred([m.value for m in members], intervals):
                listed = [(m.label or m.subject, m.value) for m in members]
                return "nudged", check, part, whole, nudged_text(claim.value, _computed(check).mid, listed)
    return None


@rule("NC102", "文字所述占比等于部分除以整体", family="narrative")
def stated_share_equals_ratio(doc, ctx):
    """A share the text states (``基本支出 380.5 万元，占 34%``) equals the part divided by its whole.

    The part is the amount stated with the share (or, failing that, the table amount of the same fact); the
    whole is the whole of the list the part belongs to (“支出预算 1117.5 万元，其中：…”), else the fact named
    after 占 (“占一般公共预算支出的 58%”), else the usual whole of the part (a 功能分类 类 of the total expense
    of the same source of funds, 基本支出 and 项目支出 of the total expense …). The comparison uses
    :func:`budgetrules.core.compare.check_ratio`: the printed share “58%” stands for [57.5, 58.5] and must meet the
    interval of part ÷ whole computed from the printed amounts' intervals — 642 ÷ 1117.5 gives [57.40, 57.50)
    and fails, 439.02 ÷ 1117.5 = 39.29% and “39%” passes. The part and the whole are taken as stated and as
    tabled: the share passes if any of these combinations agrees, so a wrong amount is reported once, by
    NC101, and not again here.

    Where neither the text nor the tables state the whole, it is the sum of the parts the section lists when they
    make up all of it (“因公出国（境）费 110 万元，占“三公”经费的 18.82%；公务用车购置及运行费 …；公务接待费 …”
    states the 三公 total as their sum); a part's share of such a sum counts the part's rounding once. Amounts in
    元 and 万元 are compared in one unit.

    Severity a reviewer accepts: a share only **cut** instead of rounded (0.0655% printed 0.06%), or **moved by one
    unit** of its last decimal so that the shares of its list add up to exactly 100% (39% + 3% + 58% where
    rounding gives 39% + 3% + 57%), is a **warning** whose message gives the computed value, the correctly
    rounded one and which slip it is; so is the same share printed again for the same figures. Anything further
    off is an error, and the message names the figure the share was computed against when it is another cell of
    the whole's table row (a 合计 that includes 会议费 and 培训费).

    Not reported: shares that could not be bound to a part and a whole; a whole of zero.

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年支出预算情况说明
        测试局 2021 年支出预算 1117.5 万元，其中：基本支出 380.5 万元，占 34%；项目支出 737 万元，占 100%。
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 1117.50 | 380.50 | 737.00
        ∅ | ∅ | 合计 | 1117.50 | 380.50 | 737.00

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年支出预算情况说明
        测试局 2021 年支出预算 1117.5 万元，其中：基本支出 380.5 万元，占 34%；项目支出 737 万元，占 66%。
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 1117.50 | 380.50 | 737.00
        ∅ | ∅ | 合计 | 1117.50 | 380.50 | 737.00
    """
    groups = group_claims(doc)
    failed = []
    for claim in bound_claims(doc):
        if claim.quantity != "share" or not claim.subject or not claim.whole or not isinstance(claim.value, Percent):
            continue
        result = _evaluate(doc, claim, groups)
        if result is not None:
            failed.append(result)
    verdicts = [(f, _slip(doc, f.claim, f, groups)) for f in failed]
    # the same share of the same figures printed again elsewhere is the same slip ("占 99.94%" twice)
    slipped = {(f.claim.value, c[1].value_in(c[2].unit), c[2].value): (v, f.claim)
               for f, v in verdicts if v is not None for c in f.checks}
    for f, verdict in verdicts:
        claim = f.claim
        if verdict is None:
            for check, part, whole in f.checks:
                again = slipped.get((claim.value, part.value_in(whole.unit), whole.value))
                if again is not None:
                    first, where = again
                    verdict = (first[0], check, part, whole,
                               f"与第 {where.source.line} 行按同样数字所印的占比相同（{first[4]}）")
                    break
        check, part, whole = verdict[1:4] if verdict else f.checks[0]
        w = whole.value
        value = fmt(part.value_in(whole.unit) / w * 100, 2) if w or check.value is None else fmt(check.value, 2)
        head = (f"{name_of(claim)}所述占比 {claim.value}，按 {part.shown} ÷ {whole.shown} 计算为 {value}%"
                f"（部分：{part.desc}；整体：{whole.desc}）")
        if verdict is None:
            message, severity = f"{head}；{interval_text(check)}{_other_base(claim, part, whole)}", None
        else:
            message, severity = f"{head}；{verdict[4]}（{interval_text(check)}）", "warning"
        yield ctx.finding(
            message,
            at=claim,
            expected=f"{value}%",
            actual=claim.value,
            related=elsewhere(claim, [part.place, whole.place]),
            key=claim_key(claim),
            severity=severity,
        )
