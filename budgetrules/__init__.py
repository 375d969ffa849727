"""budgetrules: compliance checks for Chinese department budget and final-accounts disclosures.

The Python API (:mod:`budgetrules.api`): ``budgetrules.check_file(path, ruleset=None) -> list[Finding]`` and
``budgetrules.check_report(path, …) -> FileReport``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetrules.core.findings import Finding
    from budgetrules.core.report import FileReport
    from budgetrules.hookspecs import hookimpl

__version__ = "0.1.0"
__all__ = ["hookimpl", "__version__", "check_file", "check_report"]


def check_file(path: str | os.PathLike[str], ruleset: str | None = None, **options: Any) -> list[Finding]:
    """The findings of one file, as ``budgetrules check`` reports them: see :func:`budgetrules.api.check_file`."""
    from budgetrules.api import check_file as _check_file

    return _check_file(path, ruleset, **options)


def check_report(path: str | os.PathLike[str], ruleset: str | None = None, **options: Any) -> FileReport:
    """The report of one file: see :func:`budgetrules.api.check_report`."""
    from budgetrules.api import check_report as _check_report

    return _check_report(path, ruleset, **options)


def __getattr__(name: str) -> Any:
    # the hook marker (``from budgetrules import hookimpl``) is pluggy's: imported when a plugin first asks for
    # it, so that ``budgetrules --version`` and ``--help`` do not load pluggy
    if name == "hookimpl":
        from budgetrules.hookspecs import hookimpl

        globals()["hookimpl"] = hookimpl  # found directly from now on
        return hookimpl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
