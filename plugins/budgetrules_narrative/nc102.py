"""NC102: a share the text states (占 39%) equals part ÷ whole."""

from __future__ import annotations

from budgetrules.amounts import Amount, Percent
from budgetrules.compare import check_ratio, fmt
from budgetrules.rules import rule

from .common import claim_key, elsewhere, interval_text, name_of, point_ratio
from .facts import group_claims, stated, table_facts


def split_whole(claim):
    """``(subject, scope)`` of a share's whole: ``expense.current@all`` names its own source of funds."""
    subject, _, scope = (claim.whole or "").partition("@")
    return subject, scope or claim.scope


def _wholes(doc, claim, group):
    """Stated amounts of the whole (same group first, then the same section), then its table amounts."""
    subject, scope = split_whole(claim)
    out = [(c.value, f"文字所述 {c.value.value}", c) for c in stated(group, subject)
           if isinstance(c.value, Amount) and c.scope == scope]
    if not out:
        for c in doc.claims:
            if (c.section == claim.section and c.subject == subject and c.quantity == "amount"
                    and c.scope == scope and isinstance(c.value, Amount)
                    and (c.source.line or 0) <= (claim.source.line or 0)):
                out.append((c.value, f"文字所述 {c.value.value}", c))
    out += [(f.amount, f.describe(), f.place) for f in table_facts(doc, subject, scope) if not f.parts]
    return out


@rule("NC102", "文字所述占比等于部分除以整体", family="narrative")
def stated_share_equals_ratio(doc, ctx):
    """A share the text states (``基本支出 380.5 万元，占 34%``) equals the part divided by its whole.

    The part is the amount stated with the share (or, failing that, the table amount of the same fact); the
    whole is the whole of the list the part belongs to (“支出预算 1117.5 万元，其中：…”), else the fact named
    after 占 (“占一般公共预算支出的 58%”), else the usual whole of the part (a 功能分类 类 of the total expense
    of the same source of funds, 基本支出 and 项目支出 of the total expense …). The comparison uses
    :func:`budgetrules.compare.check_ratio`: the printed share “58%” stands for [57.5, 58.5] and must meet the
    interval of part ÷ whole computed from the printed amounts' intervals — 642 ÷ 1117.5 gives [57.40, 57.50)
    and fails, 439.02 ÷ 1117.5 = 39.29% and “39%” passes. The part and the whole are taken as stated and as
    tabled: the share passes if any of these combinations agrees, so a wrong amount is reported once, by
    NC101, and not again here.

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
    for claim in doc.claims:
        if claim.quantity != "share" or not claim.subject or not claim.whole or not isinstance(claim.value, Percent):
            continue
        group = groups.get(claim.group, [])
        parts = [(c.value, f"文字所述 {c.value.value}", c) for c in stated(group, claim.subject)
                 if isinstance(c.value, Amount)]
        parts += [(f.amount, f.describe(), f.place)
                  for f in table_facts(doc, claim.subject, claim.scope, claim.label) if not f.parts]
        wholes = _wholes(doc, claim, group)
        if not parts or not wholes:
            continue
        checks = [(check_ratio(claim.value, p, w, w.unit), p, w, pd, wd, pp, wp)
                  for p, pd, pp in parts for w, wd, wp in wholes]
        defined = [c for c in checks if c[0].defined]
        if not defined or any(c[0].consistent for c in defined):
            continue
        check, part, whole, pdesc, wdesc, pplace, wplace = defined[0]
        ratio = point_ratio(part, whole)
        value = fmt(ratio if ratio is not None else check.value, 2)
        yield ctx.finding(
            f"{name_of(claim)}所述占比 {claim.value}，按 {part.value} ÷ {whole.value} 计算为 "
            f"{value}%（部分：{pdesc}；整体：{wdesc}）；{interval_text(check)}",
            at=claim,
            expected=f"{value}%",
            actual=claim.value,
            related=elsewhere(claim, [pplace, wplace]),
            key=claim_key(claim),
        )
