"""The testing kit for rule authors: installed with budgetrules, used by its own tests and by any plugin's.

* :func:`example_document` turns a small document written in the text format into a Document. Cells may
  be separated by `` | `` instead of tabs and ``∅`` is an empty cell, so that examples in docstrings stay
  readable.
* :func:`run_rule` loads such a text and runs one rule on it (claims extracted, as in a real check),
  returning that rule's findings — with the rule's parameters set (``params=``) and/or under a ruleset
  (``ruleset=``: its parameters, severities and own rules). A line ``=== 上年文件 ===`` splits the text: what
  follows it is the department's disclosure of the year before, given to the rule as ``ctx.previous``.
* :func:`reference_text` is the project's reference sample (阿克陶县住房和城乡建设局 2021 年部门预算公开, a real
  disclosure with real mistakes); :func:`edit` makes a modified copy of a text, failing loudly when the
  line to change is not there exactly once.
* :func:`load_cases` reads a rule's data-file cases (``<RULE>.toml``, or ``.yaml``/``.yml`` with PyYAML)::

      [[case]]
      name = "类 row off by 95"
      expect = 1                 # how many findings of this rule
      codes = ["212"]            # optional: the row codes they point at
      severities = ["error"]     # optional: their severities
      messages = ["439.02"]      # optional: words some finding's message contains
      params = { max = 0.03 }    # optional: the rule's parameters for this case
      ruleset = "national-budget"  # optional: a ruleset name, or a .toml path relative to the case file
      document = '''
      …text format…
      '''

  :func:`check_case` runs one case and raises :class:`CaseFailure` when it does not hold.

The pytest plugin (:mod:`budgetrules.testing.pytest_plugin`, registered through the ``pytest11`` entry point,
so that installing budgetrules is enough) collects every case file under the test paths — with the docstring
examples and metadata of the rule it is named after — and provides the fixtures ``reference_text`` and
``make_document``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping

import attrs

from budgetrules.core import regex
from budgetrules.core.findings import Finding
from budgetrules.core.model import Document
from budgetrules.engine.check import CheckConfig, check_document

__all__ = [
    "example_document",
    "run_rule",
    "load_cases",
    "check_case",
    "check_examples",
    "check_metadata",
    "CaseFailure",
    "reference_text",
    "edit",
    "PIPE",
    "PREVIOUS_MARK",
]

#: In an example, the line that starts the previous year's document.
PREVIOUS_MARK = "=== 上年文件 ==="

PIPE = regex.compile(r"[ \t]*\|[ \t]*")


class CaseFailure(AssertionError):
    """A case, example or metadata check that does not hold; the message says what and shows the findings."""


def _tabs(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if "|" in line and "\t" not in line:
            line = PIPE.sub("\t", line)
            line = line.replace("∅", "")  # an explicit empty cell
        lines.append(line)
    return "\n".join(lines) + "\n"


def example_document(text: str, path: str = "example.txt", registry: Any = None) -> Document:
    """Parse a text-format document (``|`` or tab separated cells) without touching the disk.

    The text is read by the ``parse`` of the loader named ``text`` in ``registry`` (the installed plugins by
    default): the kit depends on the registered loaders, not on a loader plugin.
    """
    parse: Callable[[str, str], Document] | None = _registry(registry).loader("text").parse
    if parse is None:
        raise TypeError("the loader named 'text' gives no parse(text, path): it cannot read an example from memory")
    return parse(_tabs(text), path)


def _registry(registry: Any) -> Any:
    if registry is None:
        from budgetrules.engine.plugins import get_registry

        return get_registry()
    return registry


def _ruleset(ruleset: Any, registry: Any) -> Any:
    from budgetrules.engine import rulesets

    if ruleset is None or isinstance(ruleset, rulesets.Ruleset):
        return ruleset
    return rulesets.resolve(str(ruleset), registry)


def run_rule(
    rule_id: str,
    text: str,
    registry: Any = None,
    path: str = "example.txt",
    *,
    params: Mapping[str, Any] | None = None,
    ruleset: Any = None,
) -> list[Finding]:
    """Run one rule (by id) on a text-format document; returns only that rule's findings.

    ``params`` sets some of the rule's parameters (checked and converted as a ruleset's ``[rules.X]`` are:
    an unknown name or a value of the wrong type raises :class:`~budgetrules.core.errors.UsageError`).
    ``ruleset`` — a name, a ``.toml`` path or a loaded :class:`~budgetrules.engine.rulesets.Ruleset` — runs the rule
    as that ruleset would (its parameters, then ``params``; its severities); the rule may be one the ruleset
    declares itself. A ruleset that does not run the rule raises ``ValueError`` instead of returning nothing.
    """
    from budgetrules.engine import rulesets

    registry = _registry(registry)
    rs = _ruleset(ruleset, registry)
    known = {**registry.rules, **{r.id: r for r in (rs.rules if rs is not None else ())}}
    rule = known.get(rule_id)
    if rule is None:
        raise KeyError(f"no rule {rule_id}" + (f" (registered, or declared by ruleset {rs.name})" if rs else ""))
    if rs is not None and not rulesets.runs(rs, rule):
        raise ValueError(f"ruleset {rs.name} does not run {rule_id} (its select, ignore or severity turn it off, "
                         f"or the rule is not for {rs.kind} documents)")
    if params:
        own = rulesets.coerce_params(rule, params, where="run_rule(params=…)")
        base = rs or rulesets.Ruleset(name="run_rule", path="")
        merged = {**base.params, rule_id: {**base.params.get(rule_id, {}), **own}}
        rs = attrs.evolve(base, params=merged)
    current, _, before = text.partition(PREVIOUS_MARK)
    previous = example_document(before.lstrip("\n"), "previous.txt", registry) if before.strip() else None
    config = CheckConfig(select=(rule_id,), previous=previous, ruleset=rs)
    report = check_document(example_document(current, path, registry), registry, config)
    return [f for f in report.findings if f.rule == rule_id]


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The ``case`` entries of a rule's case file: ``[[case]]`` tables in TOML, a ``case:`` list in YAML."""
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:  # pragma: no cover - PyYAML is in the test extra
            raise CaseFailure(f"{path}: YAML case files need PyYAML (pip install pyyaml)") from None
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    else:
        with path.open("rb") as fh:
            data = tomllib.load(fh, parse_float=Decimal)
    if not isinstance(data, dict):
        raise CaseFailure(f"{path}: expected a table with a `case` list")
    cases = data.get("case", [])
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
        raise CaseFailure(f"{path}: `case` must be a list of tables")
    return list(cases)


_CASE_KEYS = {"name", "expect", "codes", "severities", "messages", "params", "ruleset", "document"}


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule} {f.severity.value} {f.message}" for f in findings) or "  (no finding)"


def check_case(rule_id: str, case: Mapping[str, Any], registry: Any = None, base: Path | None = None) -> list[Finding]:
    """Run one case of ``rule_id``'s case file and check what it states (see the module docstring).

    ``base`` is the case file's folder, against which a ``ruleset`` path is read. Returns the findings.
    """
    unknown = set(case) - _CASE_KEYS
    if unknown:
        raise CaseFailure(f"unknown key(s) {', '.join(sorted(unknown))}; a case has {', '.join(sorted(_CASE_KEYS))}")
    if "document" not in case or "expect" not in case:
        raise CaseFailure("a case needs `document` and `expect`")
    ruleset = case.get("ruleset")
    if isinstance(ruleset, str) and ruleset.endswith(".toml") and base is not None and not Path(ruleset).is_absolute():
        ruleset = str(base / ruleset)
    findings = run_rule(rule_id, case["document"], registry, params=case.get("params"), ruleset=ruleset)
    if len(findings) != case["expect"]:
        raise CaseFailure(f"{rule_id}: expected {case['expect']} finding(s), got {len(findings)}:\n{_show(findings)}")
    if "codes" in case and sorted(f.location.code or "" for f in findings) != sorted(case["codes"]):
        got = sorted(f.location.code or "" for f in findings)
        raise CaseFailure(f"{rule_id}: expected codes {sorted(case['codes'])}, got {got}:\n{_show(findings)}")
    if "severities" in case and sorted(f.severity.value for f in findings) != sorted(case["severities"]):
        got = sorted(f.severity.value for f in findings)
        raise CaseFailure(f"{rule_id}: expected severities {sorted(case['severities'])}, got {got}:\n{_show(findings)}")
    for needle in case.get("messages", ()):
        if not any(needle in f.message for f in findings):
            raise CaseFailure(f"{rule_id}: no finding's message contains {needle!r}:\n{_show(findings)}")
    return findings


def check_metadata(rule: Any) -> None:
    """A rule's metadata meets the project's standard: a one-line summary, a docstring, at least one failing
    and one passing example."""
    if not rule.summary or "\n" in rule.summary:
        raise CaseFailure(f"{rule.id}: the summary must be one line")
    if not rule.doc:
        raise CaseFailure(f"{rule.id} has no docstring")
    examples = rule.examples()
    if not examples["failing"]:
        raise CaseFailure(f"{rule.id} has no 'Failing example::'")
    if not examples["passing"]:
        raise CaseFailure(f"{rule.id} has no 'Passing example::'")


def check_examples(rule_id: str, kind: str, index: int, registry: Any = None) -> None:
    """The ``index``-th ``kind`` (``failing``/``passing``) docstring example of a rule: a failing one gives at
    least one finding of the rule (each stating a number when it has an expected value), a passing one none."""
    registry = _registry(registry)
    text = registry.rules[rule_id].examples()[kind][index]
    findings = run_rule(rule_id, text, registry)
    if kind == "failing":
        if not findings:
            raise CaseFailure(f"{rule_id}: the failing example produced no finding")
        for f in findings:
            if f.expected is not None and not any(ch.isdigit() for ch in f.message):
                raise CaseFailure(f"{rule_id}: a numeric finding's message states no number: {f.message}")
    elif findings:
        raise CaseFailure(f"{rule_id}: the passing example produced:\n{_show(findings)}")


def reference_text() -> str:
    """The reference sample: 阿克陶县住房和城乡建设局 2021 年部门预算公开 as extracted text (tab-separated cells).

    It holds real mistakes — the budgetrules rules find 24 errors on it — and is the usual base for "fires on a
    modified copy, silent on the original" tests of a new rule.
    """
    return importlib.resources.files(__package__).joinpath("data", "reference-budget.txt").read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced by ``new``; ``ValueError`` unless ``old`` occurs
    exactly once (so that a test never silently edits nothing)."""
    count = text.count(old)
    if count != 1:
        raise ValueError(f"{old!r} occurs {count} times in the text, not once")
    return text.replace(old, new)
