"""A testing kit for rule authors.

* :func:`example_document` turns a small document written in the text format into a Document. Cells may
  be separated by `` | `` instead of tabs, so that examples in docstrings stay readable.
* :func:`run_rule` loads such a text and runs one rule on it (claims extracted, as in a real check),
  returning that rule's findings. A line ``=== 上年文件 ===`` splits the text: what follows it is the
  department's disclosure of the year before, given to the rule as ``ctx.previous`` (``--previous``).
* :func:`load_cases` reads a rule's data-file test cases (``tests/rules/<RULE>.toml``)::

      [[case]]
      name = "类 row off by 95"
      expect = 1                 # how many findings of this rule
      codes = ["212"]            # optional: the row codes they point at
      document = '''
      …text format…
      '''
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .check import CheckConfig, check_document
from .findings import Finding
from .model import Document

__all__ = ["example_document", "run_rule", "load_cases", "PIPE", "PREVIOUS_MARK"]

#: In an example, the line that starts the previous year's document.
PREVIOUS_MARK = "=== 上年文件 ==="

PIPE = re.compile(r"[ \t]*\|[ \t]*")


def _tabs(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if "|" in line and "\t" not in line:
            line = PIPE.sub("\t", line)
            line = line.replace("∅", "")  # an explicit empty cell
        lines.append(line)
    return "\n".join(lines) + "\n"


def example_document(text: str, path: str = "example.txt") -> Document:
    """Parse a text-format document (``|`` or tab separated cells) without touching the disk."""
    from budgetrules_loaders.text import parse_text

    return parse_text(_tabs(text), path)


def run_rule(rule_id: str, text: str, registry: Any = None, path: str = "example.txt") -> list[Finding]:
    """Run one rule (by id) on a text-format document; returns only that rule's findings."""
    from .plugins import get_registry

    registry = registry or get_registry()
    if rule_id not in registry.rules:
        raise KeyError(f"no rule {rule_id}")
    current, _, before = text.partition(PREVIOUS_MARK)
    previous = example_document(before.lstrip("\n"), "previous.txt") if before.strip() else None
    config = CheckConfig(select=(rule_id,), previous=previous)
    report = check_document(example_document(current, path), registry, config)
    return [f for f in report.findings if f.rule == rule_id]


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The ``[[case]]`` tables of a rule's TOML case file."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return list(data.get("case", []))
