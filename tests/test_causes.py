"""Cascaded findings grouped under their root cause: in the reference sample, 类 212 leaves out its 款 21299
(95.00) in 表二, 表三 and 表五; the 合计 rows that are then off by 95.00 and the tables that disagree with those
rows are shown under that cause, not as a dozen separate errors — and every finding is still counted."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.engine.causes import grouped, parent_sum
from budgetrules.engine.check import check_paths
from budgetrules.engine.plugins import get_registry
from budgetrules.testing import run_rule


def test_the_212_cascade_of_the_reference_sample(akto_path):
    (report,) = check_paths([akto_path])
    cause = parent_sum("func", "212")
    group = [f for f in report.findings if f.cause == cause]
    roots = sorted((f.rule, f.location.line) for f in group if not f.consequence)
    consequences = sorted((f.rule, f.location.line) for f in group if f.consequence)
    assert roots == [("AR101", 149), ("AR101", 149), ("AR101", 172), ("AR101", 172), ("AR101", 231),
                     ("AR101", 231)]
    assert consequences == [("AR103", 153), ("AR103", 153), ("AR103", 176), ("AR103", 176), ("AR103", 241),
                            ("AR103", 241), ("XT101", 112), ("XT101", 199)]
    assert len(report.findings) == 28  # grouping hides nothing
    outside = [f for f in report.findings if f.cause is None]
    assert {f.rule for f in outside} >= {"CL102", "NC102", "AR107"}


def test_text_shows_the_group_once_at_its_cause(akto_path):
    (report,) = check_paths([akto_path])
    text = get_registry().renderers["text"].render([report])
    lines = text.splitlines()
    top = [l for l in lines if l.startswith(str(akto_path)) and (": AR103 " in l or ": XT101 " in l)]
    assert top == []  # every AR103/XT101 of the sample follows from 212
    nested = [l for l in lines if l.startswith(("  ├ ", "  └ "))]
    assert len(nested) == 13 and sum("由此引起" in l for l in nested) == 8 and sum("同一原因" in l for l in nested) == 5
    lead = lines.index(next(l for l in lines if ": AR101 " in l and not l.startswith(" ")))
    assert lines[lead + 1].strip().startswith("149 |")
    assert "1 个文件：23 个错误，5 个警告" in lines[-1]


def test_json_and_xml_carry_the_cause(akto_path):
    (report,) = check_paths([akto_path])
    data = json.loads(get_registry().renderers["json"].render([report]))
    causes = {f["cause"] for f in data["files"][0]["findings"] if f["cause"]}
    assert causes == {parent_sum("func", "212")}
    xml = get_registry().renderers["xml"].render([report])
    assert f'cause="{parent_sum("func", "212")}" consequence="true"' in xml


def test_a_total_off_for_another_reason_stands_alone():
    """合计 off by 10 while 类 212 misses 95: the total is not explained by the 类 row, so it is its own error."""
    doc = """测试局 2021 年部门预算公开
表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计
类 | 款 | ∅ | ∅
208 | ∅ | 社会保障和就业支出 | 36.48
212 | ∅ | 城乡社区支出 | 344.02
212 | 01 | 城乡社区管理事务 | 344.02
212 | 99 | 其他城乡社区支出 | 95.00
∅ | ∅ | 合计 | 390.50
"""
    (total,) = run_rule("AR103", doc)
    assert total.cause is None and not total.consequence
    explained = doc.replace("390.50", "475.50")
    (total,) = run_rule("AR103", explained)
    assert total.cause == parent_sum("func", "212") and total.consequence
    (root,) = run_rule("AR101", explained)
    assert root.cause == total.cause and not root.consequence


def _f(i: int, cause: str | None, consequence: bool) -> Finding:
    return Finding(rule="AR101", severity=Severity.ERROR, message=f"m{i}", location=Location(path="a", line=i),
                   cause=cause if cause else None, consequence=bool(cause) and consequence)


@given(st.lists(st.tuples(st.sampled_from([None, "a", "b", "c"]), st.booleans()), max_size=30))
def test_grouping_shows_every_finding_exactly_once(spec):
    findings = [_f(i, c, k) for i, (c, k) in enumerate(spec)]
    shown = grouped(findings)
    flat = [f for lead, nested in shown for f in (lead, *nested)]
    assert sorted(f.message for f in flat) == sorted(f.message for f in findings)
    for lead, nested in shown:
        assert all(f.cause == lead.cause for f in nested)
        if nested and any(not f.consequence for f in (lead, *nested)):
            assert not lead.consequence  # a group is led by a finding that states the cause
        assert [f.consequence for f in nested] == sorted(f.consequence for f in nested)
    lines = [lead.location.line for lead, _ in shown]
    assert lines == sorted(lines)  # each group at its lead, in the findings' order
