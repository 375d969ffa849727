"""The Python API: check a disclosure from a program, with the same automatic choices as the command line.

::

    import budgetrules

    findings = budgetrules.check_file("akto-housing-2021-budget.txt")
    for f in findings:
        print(f.rule, f.severity.label, f.location.line, f.message)

    budgetrules.check_file("report.pdf", ruleset="jiangsu-budget", select=["AR", "XT"])
    report = budgetrules.check_report("report.pdf")     # the FileReport: identity, ruleset used, findings

:func:`check_file` returns the :class:`~budgetrules.findings.Finding` list sorted by place — exactly the findings
``budgetrules check PATH`` reports, the ruleset chosen from the document's kind, year and region unless
``ruleset`` names one (a shipped name or a TOML path). A file that cannot be read raises
:class:`~budgetrules.errors.InputError`; an unknown ruleset or rule raises
:class:`~budgetrules.errors.UsageError`.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Iterable

import attrs

from .errors import InputError
from .findings import Finding
from .report import FileReport

__all__ = ["check_file", "check_report"]


def check_report(path: str | PathLike, ruleset: str | None = None, *, select: Iterable[str] = (),
                 ignore: Iterable[str] = (), year: int | None = None, kind: str | None = None,
                 department: str | None = None) -> FileReport:
    """Check the file at ``path`` and return its :class:`~budgetrules.report.FileReport` (with
    ``error`` set when it could not be read)."""
    from . import rulesets
    from .check import CheckConfig
    from .check import check_file as _check_file
    from .model import DocKind
    from .plugins import get_registry

    registry = get_registry()
    config = CheckConfig(select=tuple(select), ignore=tuple(ignore), year=year,
                         kind=DocKind(kind) if kind else None, department=department)
    if ruleset:
        config = attrs.evolve(config, ruleset=rulesets.resolve(ruleset, registry))
    else:
        config = attrs.evolve(config, ruleset_for=rulesets.default_for_factory(registry))
    return _check_file(Path(path), registry, config)


def check_file(path: str | PathLike, ruleset: str | None = None, **options) -> list[Finding]:
    """The findings of the file at ``path``, as ``budgetrules check`` reports them (``options``: ``select``,
    ``ignore``, ``year``, ``kind``, ``department`` as the command's options). Raises
    :class:`~budgetrules.errors.InputError` when the file cannot be read."""
    report = check_report(path, ruleset, **options)
    if report.error:
        prefix = f"{path}: "
        raise InputError(str(path), report.error[len(prefix):] if report.error.startswith(prefix) else report.error)
    return list(report.findings)


