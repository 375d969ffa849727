"""The core's rules are tested by the testing kit, as any plugin's are: one case file per rule.

``tests/rules/<RULE>.toml`` is collected by the kit's pytest plugin (:mod:`budgetrules.testing.pytest_plugin`):
for each file, the rule's metadata, its docstring examples (``Failing example::`` gives a finding of the rule,
``Passing example::`` none) and every ``[[case]]`` (how many findings, their ``codes``, ``severities``, words of
their ``messages``, with ``params`` or under a ``ruleset``). Only the core's own rules (the ``budgetrules``
package) are required here: an installed third-party plugin is tested by its own suite.
"""

from __future__ import annotations

from pathlib import Path

from budgetrules.core.ruleids import CORE_PACKAGE
from budgetrules.engine.plugins import get_registry

REGISTRY = get_registry()
CORE_RULES = sorted(r.id for r in REGISTRY.rules.values() if r.package == CORE_PACKAGE)
CASES_DIR = Path(__file__).parent / "rules"


def test_plugins_load_without_errors():
    assert [e.describe() for e in REGISTRY.errors] == []


def test_every_core_rule_has_a_case_file():
    """The case file is what makes the kit collect the rule's examples, so every rule has one."""
    assert len(CORE_RULES) > 40
    have = {p.stem for p in CASES_DIR.glob("*.toml")}
    assert [r for r in CORE_RULES if r not in have] == []


def test_every_case_file_is_a_core_rule():
    assert sorted(p.stem for p in CASES_DIR.glob("*.toml") if p.stem not in CORE_RULES) == []
