"""The rule API: a rule is a small function that reads a :class:`~budgetrules.core.model.Document` and yields
:class:`~budgetrules.core.findings.Finding` objects, plus metadata.

Write one with the :func:`rule` decorator::

    from budgetrules.engine.rules import rule

    @rule("AR101", "类的金额等于其下各款之和", family="arithmetic")
    def class_equals_sum_of_kuan(doc, ctx):
        '''Reference-page docstring: what is checked, why, and examples.

        Failing example::

            <a small document in the text format>

        Passing example::

            <the same, consistent>
        '''
        for table in doc.tables:
            ...
            yield ctx.finding(f"…{a}…{b}", at=(table, row, "total"), expected=a, actual=b)

and register it from a plugin with the ``register_rules`` hook (see :mod:`budgetrules.hookspecs`).

The docstring's ``Failing example::`` and ``Passing example::`` blocks are documents in the text format;
``budgetrules explain`` prints them and the test suite runs every rule on them.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Protocol, Union

import attrs

from budgetrules.core import regex
from budgetrules.core.amounts import Amount, Percent
from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.model import Cell, Claim, Document, Paragraph, Row, Section, Source, Table

__all__ = ["Rule", "RuleContext", "RuleFunc", "rule", "Place", "locate"]


class RuleFunc(Protocol):
    """What a rule's function is: called with the document and the :class:`RuleContext`, it returns (usually
    yields) the findings; :func:`rule` turns one into a :class:`Rule`. Its docstring is the rule's reference
    page, with the ``Failing example::`` and ``Passing example::`` blocks."""

    def __call__(self, doc: Document, ctx: RuleContext, /) -> Iterable[Finding]: ...


_ID_RE = regex.compile(r"^[A-Z]{2,4}\d{3}$")


@attrs.frozen
class Rule:
    """A registered rule and its metadata.

    ``id`` is stable forever (``AR101``); ``summary`` is one line in Chinese; ``severity`` is the default
    (a ruleset may override it); ``family`` groups rules for listing; ``params`` are the defaults of the
    parameters a ruleset may set; ``kinds`` limits the rule to 预算 and/or 决算 documents (empty: both).
    ``plugin`` and ``package`` are set when the rule is registered: the plugin (entry-point name) that
    registered it and the package (distribution) that plugin comes from; for a rule declared in a ruleset
    file, ``plugin`` is ``ruleset:<name>`` and ``package`` None.
    """

    id: str = attrs.field()
    summary: str
    func: RuleFunc = attrs.field(eq=False, repr=False)
    severity: Severity = Severity.ERROR
    family: str = "misc"
    params: Mapping[str, Any] = attrs.field(factory=dict)
    kinds: tuple[str, ...] = ()
    plugin: str | None = attrs.field(default=None, eq=False)
    package: str | None = attrs.field(default=None, eq=False)

    @id.validator
    def _check_id(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not _ID_RE.match(value):
            raise ValueError(f"rule id {value!r} must look like AR101 (2-4 capitals, 3 digits)")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def examples(self) -> dict[str, list[str]]:
        """The ``Failing example::`` / ``Passing example::`` blocks of the docstring, by kind."""
        return parse_examples(self.doc)

    def __call__(self, doc: Document, ctx: "RuleContext") -> Iterable[Finding]:
        return self.func(doc, ctx)


def rule(
    id: str,
    summary: str,
    *,
    severity: str | Severity = Severity.ERROR,
    family: str = "misc",
    params: Mapping[str, Any] | None = None,
    kinds: Iterable[str] = (),
) -> Callable[[RuleFunc], Rule]:
    """Decorator turning a function ``(doc, ctx) -> Iterable[Finding]`` into a :class:`Rule`."""

    def wrap(func: RuleFunc) -> Rule:
        return Rule(
            id=id,
            summary=summary,
            func=func,
            severity=Severity(severity) if isinstance(severity, str) else severity,
            family=family,
            params=dict(params or {}),
            kinds=tuple(kinds),
            plugin=func.__module__,
        )

    return wrap


_EXAMPLE_RE = regex.compile(r"^(Failing|Passing) example(?: \(([^)]*)\))?::\s*$", re.MULTILINE)


def parse_examples(doc: str) -> dict[str, list[str]]:
    """Extract indented literal blocks following ``Failing example::`` / ``Passing example::``."""
    found: dict[str, list[str]] = {"failing": [], "passing": []}
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        m = _EXAMPLE_RE.match(lines[i].strip())
        if not m:
            i += 1
            continue
        kind = m.group(1).lower()
        i += 1
        block: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
            block.append(lines[i])
            i += 1
        text = textwrap.dedent("\n".join(block)).strip("\n")
        if text:
            found[kind].append(text + "\n")
    return found


#: A place a finding can point at (see :func:`locate`): a table, a (table, row), a (table, row, column key),
#: a claim, a (section, paragraph), a section, a source, a :class:`Location` made by hand, or None (the
#: document as a whole).
Place = Union[
    Location,
    Table,
    tuple[Table],
    tuple[Table, Row | None],
    tuple[Table, Row | None, str | None],
    Claim,
    Section,
    tuple[Section],
    tuple[Section, Paragraph | None],
    Source,
    None,
]


def _fmt(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Amount):
        return str(value.value)
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def locate(doc: Document, at: Place) -> Location:
    """Turn a model object (or tuple of them) into a :class:`Location`."""
    if isinstance(at, Location):
        return at
    if isinstance(at, Table):
        return _loc(doc, at.source, table=at.name)
    if isinstance(at, tuple) and at and isinstance(at[0], Table):
        table: Table = at[0]
        row: Row | None = at[1] if len(at) > 1 else None
        key: str | None = at[2] if len(at) > 2 else None
        if row is None:
            return _loc(doc, table.source, table=table.name)
        column = table.column(key, row.side) if key else None
        cell: Cell | None = row.cells.get(key) if key else None
        source = cell.source if cell is not None else row.source
        return _loc(
            doc,
            source,
            table=table.name,
            code=row.code.display if row.code else None,
            row=row.label or None,
            column=column.label if column else None,
        )
    if isinstance(at, Claim):
        return _loc(doc, at.source, section=at.section)
    if isinstance(at, tuple) and at and isinstance(at[0], Section):
        section: Section = at[0]
        paragraph: Paragraph | None = at[1] if len(at) > 1 else None
        source = paragraph.source if paragraph is not None else section.source
        return _loc(doc, source, section=section.heading)
    if isinstance(at, Section):
        return _loc(doc, at.source, section=at.heading)
    if isinstance(at, Source):
        return _loc(doc, at)
    if at is None:
        return Location(path=doc.path)
    raise TypeError(f"cannot locate {type(at).__name__}")


def _loc(doc: Document, source: Source, **logical: str | None) -> Location:
    # a related place may lie in another document (the previous year's): its source names that file
    return Location(path=source.path or doc.path, line=source.line, page=source.page, ref=source.ref, **logical)


@attrs.define
class RuleContext:
    """What a running rule gets besides the document: its parameters and a finding factory.

    ``params`` are the rule's defaults updated by the ruleset; ``severity`` is the effective severity;
    ``ruleset`` is the name of the ruleset in force (or None); ``previous`` is the same department's
    disclosure of the year before when one was given (``budgetrules check --previous FILE``), else None.
    """

    rule: Rule
    document: Document
    params: Mapping[str, Any] = attrs.field(factory=dict)
    severity: Severity | None = None
    ruleset: str | None = None
    previous: Document | None = None

    def finding(
        self,
        message: str,
        *,
        at: Place = None,
        expected: Any = None,
        actual: Any = None,
        related: Iterable[Place] = (),
        key: str | None = None,
        severity: Severity | str | None = None,
        cause: str | None = None,
        consequence: bool = False,
    ) -> Finding:
        """Build a finding of this rule. ``at`` and ``related`` accept model objects (see :func:`locate`);
        ``cause`` and ``consequence`` place it in a group of findings with one root cause
        (:mod:`budgetrules.engine.causes`)."""
        if isinstance(severity, str):
            severity = Severity(severity)
        location = locate(self.document, at)
        return Finding(
            rule=self.rule.id,
            severity=severity or self.severity or self.rule.severity,
            message=message,
            location=location,
            expected=_fmt(expected),
            actual=_fmt(actual),
            related=tuple(locate(self.document, r) for r in related),
            key=key,
            snippet=self.document.source_line(location.line),
            cause=cause,
            consequence=consequence,
        )
