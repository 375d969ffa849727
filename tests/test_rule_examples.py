"""One shared runner for every rule: the docstring examples and the data-file cases in tests/rules/.

Every registered rule must document at least one failing and one passing example (shown by
``budgetrules explain``); the failing example must produce a finding of that rule and the passing one none.
Each ``tests/rules/<RULE>.toml`` case states how many findings of the rule a document produces (``expect``) and,
optionally, their ``codes``, ``severities`` and words each of some finding's message contains (``messages``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetrules.plugins import get_registry
from budgetrules.testing import load_cases, run_rule

REGISTRY = get_registry()
RULES = sorted(REGISTRY.rules)
CASES_DIR = Path(__file__).parent / "rules"


def test_plugins_load_without_errors():
    assert [e.describe() for e in REGISTRY.errors] == []


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_metadata(rule_id):
    rule = REGISTRY.rules[rule_id]
    assert rule.summary and "\n" not in rule.summary
    assert rule.doc, f"{rule_id} has no docstring"
    examples = rule.examples()
    assert examples["failing"], f"{rule_id} has no 'Failing example::'"
    assert examples["passing"], f"{rule_id} has no 'Passing example::'"


@pytest.mark.parametrize("rule_id", RULES)
def test_failing_examples_fail(rule_id):
    for text in REGISTRY.rules[rule_id].examples()["failing"]:
        findings = run_rule(rule_id, text, REGISTRY)
        assert findings, f"{rule_id}: the failing example produced no finding"
        for f in findings:
            assert f.message and any(ch.isdigit() for ch in f.message) or f.expected is None


@pytest.mark.parametrize("rule_id", RULES)
def test_passing_examples_pass(rule_id):
    for text in REGISTRY.rules[rule_id].examples()["passing"]:
        findings = run_rule(rule_id, text, REGISTRY)
        assert findings == [], f"{rule_id}: the passing example produced {[f.message for f in findings]}"


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        for i, case in enumerate(load_cases(path)):
            yield pytest.param(path.stem, case, id=f"{path.stem}-{case.get('name', i)}")


@pytest.mark.parametrize("rule_id,case", list(_cases()))
def test_case_files(rule_id, case):
    assert rule_id in REGISTRY.rules, f"tests/rules/{rule_id}.toml names no registered rule"
    findings = run_rule(rule_id, case["document"], REGISTRY)
    assert len(findings) == case["expect"], [f.message for f in findings]
    if "codes" in case:
        assert sorted(f.location.code or "" for f in findings) == sorted(case["codes"])
    if "severities" in case:
        assert sorted(f.severity.value for f in findings) == sorted(case["severities"]), [f.message for f in findings]
    for needle in case.get("messages", ()):
        assert any(needle in f.message for f in findings), (needle, [f.message for f in findings])
