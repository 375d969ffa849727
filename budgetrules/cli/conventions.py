"""The output conventions of ``budgetrules check`` that people know from ruff, flake8 and pytest.

* ``--exit-zero`` — exit 0 even when there are findings (a file that could not be read, a usage error and an
  interrupted run keep their own codes);
* ``--statistics`` — instead of the findings, how many each rule reported (text; a JSON list with
  ``--format json``);
* ``-q`` — the findings and nothing else (no progress bar, no summary lines); with ``--format concise``, one
  line a finding;
* ``--show-source/--no-show-source`` — each finding's source line and context lines under it, or not;
* ``--color auto|always|never`` — ANSI colours; ``auto`` (the default) only when standard output is a
  terminal, ``NO_COLOR`` is not set (https://no-color.org) and ``TERM`` is not ``dumb``;
* ``--exclude PATTERN`` — leave out files whose path, name or a folder's name matches the glob (repeatable,
  comma-separated);
* ``-`` as a path — read the disclosure from standard input (any format the loaders recognise by content);
  ``--stdin-filename`` names it in the output.

Kept apart from :mod:`budgetrules.cli.main` so that the check command only wires them in.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections import Counter
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TypeVar

import click

if TYPE_CHECKING:  # imported where used: ``budgetrules --version`` or ``--help`` needs none of them
    from budgetrules.core.findings import Finding, Location, Severity
    from budgetrules.core.report import FileReport

__all__ = ["output_options", "want_color", "excluded", "apply_exclude", "Stdin", "renamed", "Renamed",
           "statistics_stream", "STDIN"]

#: The path that stands for standard input.
STDIN = "-"
F = TypeVar("F", bound=Callable[..., Any])

#: Standard input is read up to this size (the limit of a file checked).
STDIN_LIMIT = 200 * 1024 * 1024


def output_options(f: F) -> F:
    """The options of this module, for the ``check`` command."""
    options = [
        click.option("--exit-zero", is_flag=True, help="即使有问题也以退出码 0 结束（无法读取的文件、用法错误仍为 2）。"),
        click.option("--statistics", is_flag=True, help="只列出每条规则发现的问题数（文本；--format json 时为 JSON）。"),
        click.option("--show-source/--no-show-source", default=True, show_default=True,
                     help="在每个问题下显示源行、位置和应为/实为。"),
        click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
                     show_default=True, help="彩色输出；auto 只在终端上且未设置 NO_COLOR 时使用。"),
        click.option("--exclude", multiple=True, metavar="PATTERN",
                     help="不检查路径、文件名或目录名与此通配符相符的文件（可多次使用或用逗号分隔）。"),
        click.option("--stdin-filename", default=None, metavar="NAME",
                     help="从标准输入（路径 -）读取时，输出中使用的文件名。"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def want_color(choice: str, output: str | None, stream: Any = None) -> bool:
    """Whether to colour: ``always``/``never`` as said; ``auto`` only when writing to a terminal without
    ``NO_COLOR`` (any non-empty value) and with a ``TERM`` other than ``dumb``."""
    if choice != "auto":
        return choice == "always"
    if output or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


# -- exclude ---------------------------------------------------------------------------------------------


def split_patterns(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def excluded(path: str | Path, patterns: Sequence[str]) -> bool:
    """Whether ``path`` matches one of ``patterns``: the whole path (as given, with ``/``), its file name, or
    the name of a folder on it (``--exclude 草稿`` leaves out a folder 草稿 anywhere)."""
    posix = PurePath(path).as_posix()
    names = PurePath(path).parts
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(posix, pattern) or fnmatch.fnmatchcase(posix, "*/" + pattern):
            return True
        if any(fnmatch.fnmatchcase(name, pattern) for name in names):
            return True
    return False


def apply_exclude(paths: Sequence[Path], patterns: Sequence[str]) -> list[Path]:
    """The files to check under ``paths`` (folders searched as ``check`` does) less those :func:`excluded`."""
    from budgetrules.engine.check import expand_paths

    return [p for p in expand_paths([p for p in paths if p.exists()]) if not excluded(p, patterns)]


# -- standard input --------------------------------------------------------------------------------------


class Stdin:
    """Standard input saved to a private temporary file so that it is checked like any file (its format
    recognised by content); :attr:`name` is what the output calls it (``-`` or ``--stdin-filename``)."""

    def __init__(self, name: str | None = None, stream: Any = None):
        import tempfile

        self.name = name or STDIN
        self._dir = tempfile.mkdtemp(prefix="budgetrules-stdin-")
        suffix = PurePath(name).suffix if name else ""
        self.path = Path(self._dir) / f"stdin{suffix}"
        source: Any = stream if stream is not None else getattr(sys.stdin, "buffer", sys.stdin)
        data: bytes = source.read(STDIN_LIMIT + 1)
        if len(data) > STDIN_LIMIT:
            self.close()
            raise click.UsageError(f"标准输入超过 {STDIN_LIMIT // (1024 * 1024)} MB，无法检查")
        self.path.write_bytes(data)

    def close(self) -> None:
        import shutil

        shutil.rmtree(self._dir, ignore_errors=True)


def _rename_location(loc: Location, old: str, new: str) -> Location:
    import attrs  # the renaming functions run on standard input's reports only

    return attrs.evolve(loc, path=new) if loc.path == old else loc


def _rename_finding(f: Finding, old: str, new: str) -> Finding:
    import attrs

    return attrs.evolve(f, location=_rename_location(f.location, old, new),
                        related=tuple(_rename_location(r, old, new) for r in f.related),
                        message=f.message.replace(old, new))


def renamed(report: FileReport, old: str, new: str) -> FileReport:
    """``report`` with the file ``old`` called ``new`` everywhere it is named."""
    import attrs

    if old not in report.paths:
        return report
    return attrs.evolve(
        report,
        path=new if report.path == old else report.path,
        findings=tuple(_rename_finding(f, old, new) for f in report.findings),
        parts=tuple(attrs.evolve(p, path=new) if p.path == old else p for p in report.parts),
        error=report.error.replace(old, new) if report.error else report.error,
    )


class Renamed:
    """The reports of a batch with one file renamed (standard input's temporary file → ``-``); everything
    else (``complete``, ``total``, counts …) is the batch's."""

    def __init__(self, batch: Any, old: str, new: str):
        self._batch, self._old, self._new = batch, old, new

    def __iter__(self) -> Iterator[FileReport]:
        for report in self._batch:
            yield renamed(report, self._old, self._new)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._batch, name)


# -- statistics ------------------------------------------------------------------------------------------


def _statistics(reports: Iterable[FileReport]) -> tuple[list[tuple[str, int, Severity]], int, int]:
    counts: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    files = unreadable = 0
    for report in reports:
        files += len(report.paths)
        unreadable += 1 if report.error else 0
        for f in report.findings:
            counts[f.rule] += 1
            severity[f.rule] = max(severity.get(f.rule, f.severity), f.severity)
    rows = sorted(((rule, n, severity[rule]) for rule, n in counts.items()), key=lambda r: (-r[1], r[0]))
    return rows, files, unreadable


def _summaries() -> dict[str, str]:
    from budgetrules.engine.check import DIAGNOSTICS
    from budgetrules.engine.plugins import get_registry

    return {**DIAGNOSTICS, **{r.id: r.summary for r in get_registry().rules.values()}}


def statistics_stream(reports: Iterable[FileReport], fmt: str = "text") -> Iterator[str]:
    """How many findings each rule reported over ``reports``, most first: ``  6  AR101  错误  summary`` lines
    and a total line, or with ``fmt="json"`` a list of ``{"rule", "count", "severity", "summary"}``."""
    rows, files, unreadable = _statistics(reports)
    summaries = _summaries()
    if fmt == "json":
        import json

        data = [{"rule": r, "count": n, "severity": s.value, "summary": summaries.get(r)} for r, n, s in rows]
        yield json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return
    width = max((len(str(n)) for _, n, _ in rows), default=1)
    lines = [f"{n:>{width}}  {r:<6} {s.label}  {summaries.get(r, '')}".rstrip() for r, n, s in rows]
    total = sum(n for _, n, _ in rows)
    tail = f"检查了 {files} 个文件：共 {total} 个问题"
    if unreadable:
        tail += f"；{unreadable} 个文件无法读取"
    yield "\n".join([*lines, tail + "。"]) + "\n"
