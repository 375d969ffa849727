"""NC104: the parts the text lists add up to the whole it states."""

from __future__ import annotations

from budgetrules.api import Amount, DocKind, check_sum, fmt, rule, subjects

from .facts import bound_claims, group_claims
from .figures import unit_text
from .judge import claim_key, contradicted, explain_in, name_of

_MONEY = ("amount", "item")


def _first_per_subject(claims):
    seen: dict[str, object] = {}
    for c in claims:
        seen.setdefault(c.subject, c)
    return list(seen.values())


def _whole_change(doc, whole_claim, group):
    """The stated change of the whole: in its group, else the one change the document states for it."""
    subject = whole_claim.subject
    in_group = [c for c in group if c.subject == subject and c.quantity == "change"]
    if in_group:
        return in_group[0]
    same_scope = not subject.startswith(subjects.INHERENT_SCOPE)
    found = [c for c in bound_claims(doc) if c.subject == subject and c.quantity == "change"
             and (not same_scope or c.scope == whole_claim.scope)]
    values = {(c.value.value if isinstance(c.value, Amount) else c.value) for c in found}
    return found[0] if len(values) == 1 else None


def _by_dimension(parts):
    """Parts split by dimension (a breakdown by 基本/项目 and one by 功能分类 never add up together), nested
    parts left out (公务用车购置费 is inside 公务用车购置及运行费 when both are listed)."""
    dims: dict[str, list] = {}
    for c in parts:
        if any(subjects.is_part(c.subject, o.subject) for o in parts):
            continue
        dims.setdefault(subjects.dimension(c.subject), []).append(c)
    return [dims[k] for k in sorted(dims)]


#: Columns of an expense table that are not another kind of spending.
_NOT_SPENDING = ("total", "basic", "project", "code", "name", "project_name")


def _other_spending(table) -> bool:
    """The table prints a nonzero amount in a column that is neither 合计, 基本支出 nor 项目支出 (上缴上级支出,
    经营支出, 对附属单位补助支出, 单位预留机动经费, 结转下年资金, or a column the reader could not name)."""
    keys = [c.key for c in table.columns if not c.key.startswith(_NOT_SPENDING)]
    for row in table.rows:
        for key in keys:
            amount = row.amount(key)
            if amount is not None and amount.value != 0:
                return True
    return False


def partition_holds(doc, whole_subject, group) -> bool:
    """基本支出 + 项目支出 make up the expense total only where the tables show no other kind of spending (the
    other kinds the text itself lists, 预留机动经费 …, are added to the sum)."""
    if whole_subject not in ("expense.total", "expense.current"):
        return True
    if whole_subject == "expense.total" and doc.kind is DocKind.FINAL:
        return False  # a 决算's 支出总计 includes 结余分配 and 年末结转和结余
    if any(c.subject in subjects.NATURE[2:] for c in group):
        return True  # the text lists the other kinds of spending itself
    scope = next((c.scope for c in group if c.subject == whole_subject), "all")
    if scope == "gpb":
        return True
    return not any(_other_spending(t) for t in doc.tables_of("expense"))


def _unidentified(doc, gid) -> bool:
    """The list names an amount the reader could not bind: it may hold a part not counted."""
    return any(c.group == gid and c.subject is None and c.quantity == "amount" for c in bound_claims(doc))


def _terms(values) -> str:
    shown = [unit_text(v) if isinstance(v, Amount) else str(v) for v in values[:10]]
    if len(values) > 10:
        shown.append(f"…共 {len(values)} 项")
    return " + ".join(shown)


@rule("NC104", "文字所列各部分之和与所述整体一致", family="narrative")
def parts_add_up(doc, ctx):
    """The parts a sentence lists add up to the whole it states:

    * a 其中 breakdown (``支出预算 1117.5 万元，其中：基本支出 380.5 万元 … 项目支出 737 万元``) and an itemised list
      (``人员经费 372.9 万元，主要包括：基本工资 77.41 万元、…``);
    * staff counts (``实有人数 31 人，其中：在职 22 人 … 退休 9 人 … 离休 0 人``);
    * the changes of the parts against the change of the whole (``基本支出 比上年增加 49.26`` and ``项目支出 …
      增加 737`` against ``一般公共预算 比上年增加 786.26``; the whole's change may be stated in another
      section when the document states only one change for it);
    * counted lists (``下设 7 个处室，分别是 …`` must name 7).

    A list is **complete** when its parts include a whole partition of the whole (基本支出 + 项目支出;
    人员经费 + 公用经费; 在职 + 退休 + 离休; the 三公 items; 政府采购 货物 + 工程 + 服务) or when it is counted:
    then the sum must equal the whole. Otherwise the list may be partial (“主要包括” seldom names everything)
    and only a sum that **exceeds** the whole is an error. Amounts are compared with
    :func:`budgetrules.core.compare.check_sum` (372.89 against 372.9 passes: 10 items add ±0.05 of rounding);
    changes only when every part of a partition states one. A list whose whole or parts contradict the tables
    is left to NC101/NC105, so that one wrong number is reported once.

    Parts are summed per dimension: a sentence breaking 支出 down both by 基本/项目 and by 功能分类 gives two
    sums, never one; a part listed inside another listed part (公务用车购置费 inside 公务用车购置及运行费) is
    not added twice. 基本支出 + 项目支出 is taken as the whole of the expense only where the tables show no
    other kind of spending (上缴上级支出, 经营支出, 对附属单位补助支出), and never for a 决算's 支出总计 (which
    includes 结余分配 and 年末结转和结余).

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算基本支出情况说明
        测试局 2021 年一般公共预算基本支出 390.5 万元，其中：人员经费 372.9 万元，公用经费 7.6 万元。
        表一：部门（单位）收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 390.5 | 212 城乡社区支出 | 390.5
        收入总计 | 390.5 | 支出总计 | 390.5

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、关于测试局 2021 年一般公共预算基本支出情况说明
        测试局 2021 年一般公共预算基本支出 380.5 万元，其中：人员经费 372.9 万元，公用经费 7.6 万元。
        表一：部门（单位）收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 380.5 | 212 城乡社区支出 | 380.5
        收入总计 | 380.5 | 支出总计 | 380.5
    """
    for gid, group in group_claims(doc).items():
        wholes = []
        for c in group:
            if c.whole and c.whole not in wholes:
                wholes.append(c.whole)
        for whole_subject in wholes:
            all_parts = [c for c in group if c.whole == whole_subject]
            whole_claims = [c for c in group if c.subject == whole_subject]
            for parts in _by_dimension(all_parts):
                named = {c.subject for c in parts}
                is_complete = subjects.complete(whole_subject, named) and partition_holds(doc, whole_subject, group)
                money_complete = is_complete and not _unidentified(doc, gid)
                yield from _money(doc, ctx, whole_subject, whole_claims, parts, money_complete)
                yield from _counts(ctx, whole_subject, whole_claims, parts, is_complete)
                if money_complete:
                    yield from _changes(doc, ctx, whole_subject, whole_claims, parts, group)


def _money(doc, ctx, whole_subject, whole_claims, parts, is_complete):
    whole = next((c for c in whole_claims if c.quantity in _MONEY and isinstance(c.value, Amount)), None)
    items = _first_per_subject([c for c in parts if c.quantity in _MONEY and isinstance(c.value, Amount)])
    if whole is None or not items:
        return
    check = check_sum(whole.value, [c.value for c in items])
    exceeds = check.sum_interval.lo > check.total_interval.hi
    if check.consistent or (not is_complete and not exceeds):
        return
    if contradicted(doc, whole) or any(contradicted(doc, c) for c in items):
        return
    kind = "各组成部分" if is_complete else "所列各项"
    tail = "" if is_complete else "（所列可能不全，但其和已超过整体）"
    yield ctx.finding(
        f"{name_of(whole)} {whole.value.display()} 与其{kind}之和 {fmt(check.computed, check.places)}"
        f"{'' if check.unit.value == '万元' else check.unit.value} 不符"
        f"（{_terms([c.value for c in items])}；{explain_in(check)}）{tail}",
        at=whole,
        expected=fmt(check.computed, check.places),
        actual=whole.value,
        related=[c for c in items],
        key=claim_key(whole),
    )


def _counts(ctx, whole_subject, whole_claims, parts, is_complete):
    whole = next((c for c in whole_claims if c.quantity == "count" and isinstance(c.value, int)), None)
    if whole is None:
        return
    named = [c for c in parts if c.quantity == "item" and isinstance(c.value, int)]
    counted = _first_per_subject([c for c in parts if c.quantity == "count" and isinstance(c.value, int)])
    if named and not counted:
        if len(named) != whole.value:
            names = "、".join(c.label or "" for c in named)
            yield ctx.finding(
                f"{name_of(whole)} 称 {whole.value} 个，但列出 {len(named)} 个：{names}",
                at=whole, expected=len(named), actual=whole.value, key=claim_key(whole),
            )
        return
    if not counted:
        return
    total = sum(c.value for c in counted)
    if total == whole.value or (not is_complete and total < whole.value):
        return
    kind = "各组成部分" if is_complete else "所列各项"
    yield ctx.finding(
        f"{name_of(whole)} {whole.value} 与其{kind}之和 {total} 不符（{_terms([c.value for c in counted])}）",
        at=whole, expected=total, actual=whole.value, key=claim_key(whole) + "|count",
    )


def _changes(doc, ctx, whole_subject, whole_claims, parts, group):
    changes = _first_per_subject([c for c in parts if c.quantity == "change"])
    if not subjects.complete(whole_subject, {c.subject for c in changes}):
        return
    anchor = next((c for c in whole_claims if c.quantity in _MONEY + ("count",)), None) or next(iter(whole_claims), None)
    if anchor is None:
        return
    whole_change = _whole_change(doc, anchor, group)
    if whole_change is None:
        return
    if all(isinstance(c.value, int) for c in changes) and isinstance(whole_change.value, int):
        total = sum(c.value for c in changes)
        if total != whole_change.value:
            yield ctx.finding(
                f"{name_of(whole_change)} 比上年增减 {whole_change.value} 与其各组成部分增减之和 {total} 不符"
                f"（{_terms([c.value for c in changes])}）",
                at=whole_change, expected=total, actual=whole_change.value, key=claim_key(whole_change),
            )
        return
    if not all(isinstance(c.value, Amount) for c in changes) or not isinstance(whole_change.value, Amount):
        return
    check = check_sum(whole_change.value, [c.value for c in changes])
    if check.consistent:
        return
    yield ctx.finding(
        f"{name_of(whole_change)} 比上年增减 {whole_change.value.display()} 与其各组成部分增减之和 "
        f"{fmt(check.computed, check.places)} 不符（{_terms([c.value for c in changes])}；{explain_in(check)}）",
        at=whole_change,
        expected=fmt(check.computed, check.places),
        actual=whole_change.value,
        related=[c for c in changes],
        key=claim_key(whole_change) + "|change",
    )
