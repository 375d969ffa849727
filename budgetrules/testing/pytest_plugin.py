"""The budgetrules pytest plugin: a rule's case file is its test, with its docstring examples.

Installed with budgetrules (entry point ``pytest11``), so a plugin package needs no test code of its own to
test its rules: put one case file per rule under its test paths, named after the rule —
``tests/rules/EX101.toml`` (or ``.yaml``/``.yml``) — and ``pytest`` collects, for each:

* ``EX101.toml::metadata`` — a one-line summary, a docstring, a failing and a passing example;
* ``EX101.toml::failing example 1`` … — each docstring example: a failing one gives a finding of the rule,
  a passing one none;
* ``EX101.toml::<case name>`` — each ``[[case]]`` (see :mod:`budgetrules.testing`).

A file whose stem is not a rule ID, or that has no ``case`` list, is left alone. A case file naming no
registered rule fails. Rules come from the installed plugins (:func:`budgetrules.engine.plugins.get_registry`), so
install the package under test (``pip install -e .``) before running pytest.

Fixtures: ``reference_text`` (the reference sample's text, :func:`budgetrules.testing.reference_text`) and
``make_document`` (:func:`budgetrules.testing.example_document`: text format → Document).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import pytest

from budgetrules.core.ruleids import ID_PATTERN
from budgetrules.testing import CaseFailure, check_case, check_examples, check_metadata, example_document, load_cases

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle

    from budgetrules.core.model import Document
    from budgetrules.engine.plugins import Registry

_SUFFIXES = (".toml", ".yaml", ".yml")


def _is_case_file(path: Path) -> bool:
    if path.suffix not in _SUFFIXES or not ID_PATTERN.match(path.stem):
        return False
    if path.suffix == ".toml":
        try:
            with path.open("rb") as fh:
                return "case" in tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            return True  # collected, so that the error shows as a failing item
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(line.startswith("case:") for line in text.splitlines())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> RuleCaseFile | None:
    if _is_case_file(file_path):
        return RuleCaseFile.from_parent(parent, path=file_path)
    return None


def _registry() -> Registry:
    from budgetrules.engine.plugins import get_registry

    return get_registry()


class RuleCaseFile(pytest.File):
    """A rule's case file: its metadata, its docstring examples and its cases."""

    def collect(self) -> Iterator[RuleItem]:
        rule_id = self.path.stem
        registry = _registry()
        rule = registry.rules.get(rule_id)
        if rule is None:
            yield RuleItem.from_parent(self, name="registered", check=_unregistered, args=(rule_id, self.path))
            return
        yield RuleItem.from_parent(self, name="metadata", check=check_metadata, args=(rule,))
        for kind, blocks in rule.examples().items():
            for i in range(len(blocks)):
                yield RuleItem.from_parent(self, name=f"{kind} example {i + 1}", check=check_examples,
                                           args=(rule_id, kind, i, registry))
        try:
            cases = load_cases(self.path)
        except (CaseFailure, tomllib.TOMLDecodeError, ValueError) as exc:
            yield RuleItem.from_parent(self, name="cases", check=_raise, args=(f"{self.path}: {exc}",))
            return
        names: dict[str, int] = {}
        for i, case in enumerate(cases):
            name = str(case.get("name", f"case {i + 1}"))
            names[name] = names.get(name, 0) + 1
            if names[name] > 1:
                name = f"{name} ({names[name]})"
            yield RuleItem.from_parent(self, name=name, check=check_case,
                                       args=(rule_id, case, registry, self.path.parent))


def _unregistered(rule_id: str, path: Path) -> None:
    raise CaseFailure(f"{path.name} names no registered rule {rule_id} (is the plugin installed?)")


def _raise(message: str) -> None:
    raise CaseFailure(message)


class RuleItem(pytest.Item):
    """One check of a rule: a call of ``check(*args)`` that raises :class:`CaseFailure` when it fails."""

    def __init__(self, *, check: Callable[..., None], args: tuple[Any, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._check = check
        self._args = args

    def runtest(self) -> None:
        self._check(*self._args)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, CaseFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, self.name


@pytest.fixture
def reference_text() -> str:
    """The reference sample's text (阿克陶县住房和城乡建设局 2021 年部门预算公开), to modify with
    :func:`budgetrules.testing.edit`."""
    from budgetrules.testing import reference_text as read

    return read()


@pytest.fixture
def make_document() -> Callable[..., Document]:
    """:func:`budgetrules.testing.example_document`: ``make_document(text, path="example.txt") -> Document``."""
    return example_document
