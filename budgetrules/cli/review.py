"""The review workflow on the command line: team settings, accepted findings, last year's disclosures, and the
``accept`` and ``diff`` commands.

``budgetrules check`` asks :class:`Review` for what the settings and ``--baseline``/``--previous`` change:
the configuration (per-path rulesets, ignored rules, extra rule families, last year's documents), the files
(excluded paths), and the stream of reports (accepted findings and per-file ignores left out, warnings about
a ``--ruleset`` or a ``--previous`` that does not fit a document), and what is said at the end (accepted
findings hidden, stale ones).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence, overload

import attrs
import click

from budgetrules.cli import settings as st
from budgetrules.core.errors import InputError, UsageError
from budgetrules.core.report import FileReport
from budgetrules.engine import baseline as bl

if TYPE_CHECKING:
    from budgetrules.core.findings import Severity
    from budgetrules.core.model import Document
    from budgetrules.engine.check import CheckConfig
    from budgetrules.engine.plugins import Registry
    from budgetrules.engine.previous import PreviousIndex
    from budgetrules.engine.rulesets import Ruleset

__all__ = ["settings_defaults", "Review", "accept", "diff"]


def settings_defaults(ctx: click.Context, no_settings: bool = False) -> None:
    """Read the team settings (from the current folder upward) into ``ctx.obj`` and make them the defaults
    of the commands' options (``ctx.default_map``)."""
    try:
        settings = st.Settings() if no_settings else st.find()
    except UsageError as exc:
        raise click.UsageError(str(exc))
    ctx.obj = settings
    defaults = settings.default_map()
    if ctx.default_map:
        for command, values in ctx.default_map.items():
            defaults.setdefault(command, {}).update(values)
    ctx.default_map = defaults


def current_settings() -> st.Settings:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, st.Settings):
            return ctx.obj
        ctx = ctx.parent
    return st.Settings()


def _from_settings(name: str) -> bool:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    source = ctx.get_parameter_source(name)
    return source is click.core.ParameterSource.DEFAULT_MAP


@overload
def extend_ruleset(ruleset: Ruleset, patterns: Sequence[str]) -> Ruleset: ...
@overload
def extend_ruleset(ruleset: Ruleset | None, patterns: Sequence[str]) -> Ruleset | None: ...
def extend_ruleset(ruleset: Ruleset | None, patterns: Sequence[str]) -> Ruleset | None:
    """``ruleset`` also running the rules ``patterns`` names (the settings' ``extend-select``): added to its
    ``select`` when it has one (a ruleset without ``select`` already runs every rule)."""
    if not patterns or ruleset is None or ruleset.select is None:
        return ruleset
    return attrs.evolve(ruleset, select=(*ruleset.select, *patterns))


class Review:
    """What the team settings, ``--baseline`` and ``--previous`` add to one ``check`` run."""

    def __init__(self, settings: st.Settings | None = None, baseline_path: Path | None = None):
        self.settings = settings if settings is not None else current_settings()
        self.baseline: bl.Baseline | None = None
        self.filter: bl.Filter | None = None
        self.ruleset: Ruleset | None = None
        self.previous_index: PreviousIndex | None = None
        self.previous_doc: Document | None = None
        if baseline_path is not None:
            if _from_settings("baseline") and not Path(baseline_path).exists():
                return  # the team's review file is made by the first `budgetrules accept`
            try:
                self.baseline = bl.load(Path(baseline_path))
            except UsageError as exc:
                raise click.UsageError(str(exc))

    # -- configuration --------------------------------------------------------------------------------
    def configure(self, config: CheckConfig, ruleset_name: str | None, registry: Registry) -> CheckConfig:
        """``config`` with the settings' ignored rules, the ruleset (``--ruleset``, the settings' per-path
        rulesets, or the automatic choice) and the settings' extra rule families."""
        from budgetrules.cli.main import _with_ruleset
        from budgetrules.engine import rulesets

        s = self.settings
        if s.ignore:
            config = attrs.evolve(config, ignore=(*config.ignore, *s.ignore))
        try:
            config = _with_ruleset(config, ruleset_name, registry)
            extra = s.extend_select
            if config.ruleset is not None:
                self.ruleset = config.ruleset
                config = attrs.evolve(config, ruleset=extend_ruleset(config.ruleset, extra))
            elif config.ruleset_for is not None:
                chooser = config.ruleset_for
                if extra and isinstance(chooser, rulesets.DefaultChooser):
                    chooser = rulesets.DefaultChooser(tuple(extend_ruleset(r, extra) for r in chooser.candidates))
                if s.rulesets:
                    names = {name for _, name in s.rulesets}
                    by_name = {n: extend_ruleset(rulesets.resolve(self._ruleset_ref(n), registry), extra)
                               for n in sorted(names)}
                    chooser = st.PathRulesets(s, by_name, chooser)
                config = attrs.evolve(config, ruleset_for=chooser)
        except UsageError as exc:
            raise click.UsageError(str(exc))
        return config

    def _ruleset_ref(self, name: str) -> str:
        """A ruleset named in the settings: a name, or a path relative to the settings file."""
        if name.endswith(".toml"):
            return str(self.settings.root / name)
        return name

    def paths(self, paths: Iterable[Path]) -> list[Path]:
        """The files to check: ``paths`` with the files found in folders that the settings exclude left out
        (a file named on the command line is always checked)."""
        if not self.settings.exclude:
            return list(paths)
        from budgetrules.engine.check import expand_paths

        out: list[Path] = []
        for p in paths:
            if Path(p).is_dir():
                out.extend(f for f in expand_paths([p]) if not self.settings.excluded(f))
            else:
                out.append(p)
        return out

    # -- last year's disclosures ----------------------------------------------------------------------
    def with_previous(self, config: CheckConfig, previous: Path | None, checked: Sequence[Path], registry: Registry,
                      allowed: int = 1) -> CheckConfig:
        """``config`` with last year's disclosure(s): a file (for a single file checked), or a folder whose
        files are paired with the files checked by department, kind and year."""
        if previous is None:
            return config
        from budgetrules.engine import previous as prev
        from budgetrules.engine.check import expand_paths, load_document

        if previous.is_dir():
            try:
                self.previous_index = prev.index(expand_paths([previous]), registry)
            except UsageError as exc:
                raise click.UsageError(str(exc))
            for problem in self.previous_index.problems:
                click.echo(f"{problem}（--previous）", err=True)
            return attrs.evolve(config, previous_for=self.previous_index)
        if len(expand_paths([p for p in checked if Path(p).exists()])) > allowed:
            raise click.UsageError("--previous 给出单个文件时只能与单个待检查文件一起使用；"
                                   "检查多个文件时请给出上年公开文件所在的目录")
        try:
            self.previous_doc = load_document(previous, registry)
        except InputError as exc:
            click.echo(f"{exc}（--previous）", err=True)
            sys.exit(2)
        return attrs.evolve(config, previous_for=prev.Given(self.previous_doc))

    # -- the stream of reports ------------------------------------------------------------------------
    def stream(self, reports: Iterable[FileReport], config: CheckConfig) -> bl.Filter:
        """The reports to render: accepted findings and per-file ignores left out."""
        ignored = self.settings.ignored_rules if self.settings.per_file_ignores else None

        def on_report(report: FileReport) -> None:
            for warning in self.warnings(report):
                click.echo(warning, err=True)

        self.filter = bl.Filter(reports, self.baseline, ignored, on_report=on_report)
        return self.filter

    def warnings(self, report: FileReport) -> list[str]:
        """What does not fit ``report``: the ``--ruleset`` named for another kind of document, last year's
        disclosure of another department, kind or a later year."""
        out: list[str] = []
        if report.error is not None:
            return out
        rs = self.ruleset
        if rs is not None and getattr(rs, "kind", None) and report.kind and rs.kind != report.kind:
            out.append(f"{report.path}：警告：规则集 {rs.name} 用于{rs.kind}公开，而本文件是{report.kind}公开；"
                       f"其必备内容、参数和级别是为{rs.kind}设定的（去掉 --ruleset 则自动选择）")
        if self.previous_doc is not None:
            from budgetrules.engine import previous as prev  # only with --previous: a check does not load it

            problem = prev.mismatch(report, self.previous_doc)
            if problem:
                out.append(f"{report.path}：警告：--previous {self.previous_doc.path} {problem}，与上年比较的规则不会运行")
        if self.previous_index is not None and self.previous_index.find_for(report) is None:
            out.append(f"{report.path}：提示：--previous 目录中没有{report.department or '该部门'}"
                       f"{report.year - 1 if report.year else '上一年度'}年的{report.kind or ''}公开文件，未与上年比较")
        return out

    def finish(self, quiet: bool = False) -> None:
        """Say how many findings were accepted, and list the stale accepted findings."""
        f = self.filter
        if f is None or self.baseline is None:
            return
        if f.accepted and not quiet:
            click.echo(f"{self.baseline.path}：{f.accepted} 个已接受的问题未显示。", err=True)
        stale = f.stale() if f.complete else []
        if stale:
            click.echo(f"{self.baseline.path}：{len(stale)} 个已接受的问题不再出现（可删除，或用 budgetrules accept --prune）：",
                       err=True)
            for e in stale:
                click.echo(f"  {e.describe()}", err=True)

    def at_least(self, level: Severity) -> bool:
        assert self.filter is not None, "stream() first"
        return self.filter.at_least(level)


# ------------------------------------------------------------------------------------------------------
# budgetrules accept


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--baseline", "-b", type=click.Path(dir_okay=False, path_type=Path), default="review.toml",
              show_default=True, help="已接受问题文件（TOML；不存在时创建）。团队设置的 baseline 为缺省值。")
@click.option("--reason", default="", help="接受的理由（写入每条新接受的问题）。")
@click.option("--reviewer", default="", help="审核人姓名（写入每条新接受的问题）。")
@click.option("--select", multiple=True, help="只接受这些规则的问题（编号、前缀或通配符，可用逗号分隔）。")
@click.option("--ignore", multiple=True, help="不接受这些规则的问题。")
@click.option("--prune", is_flag=True, help="同时删除不再出现的已接受问题（只涉及本次检查的文件）。")
@click.option("--ruleset", "ruleset_name", default=None, help="规则集名称或 TOML 文件路径；缺省时与 check 相同。")
def accept(paths: tuple[Path, ...], baseline: Path, reason: str, reviewer: str, select: tuple[str, ...],
           ignore: tuple[str, ...], prune: bool, ruleset_name: str | None) -> None:
    """Accept the current findings of PATH...: write them into the review file (--baseline), each with room
    for the reason and the reviewer's name, so that `check --baseline` no longer reports them.

    What the review file already holds (reasons, names, comments) is kept; findings already accepted are not
    added again. A finding is matched by its fingerprint — department, year, kind, rule, table, row code,
    column and numbers — never by the file's name or line.
    """
    from budgetrules.cli.main import _registry, _split
    from budgetrules.engine.batch import Batch
    from budgetrules.engine.check import CheckConfig, _matches

    registry = _registry()
    review = Review()
    config = review.configure(CheckConfig(), ruleset_name, registry)
    chosen, dropped = _split(select), _split(ignore)
    existing = bl.load(baseline) if baseline.exists() else bl.Baseline(str(baseline))
    review.baseline = existing
    stream = review.stream(Batch(review.paths(paths), registry, config, timeout=None), config)
    entries, failed = [], 0
    for report in stream:
        if report.error:
            click.echo(report.error, err=True)
            failed += 1
            continue
        for f in report.findings:
            if chosen and not _matches(f.rule, chosen) or _matches(f.rule, dropped):
                continue
            entries.append(bl.entry_of(f, report, reason=reason, reviewer=reviewer))
    stale = stream.stale()
    try:
        added, removed = bl.write(baseline, entries, drop=[e.fingerprint for e in stale] if prune else ())
    except UsageError as exc:
        raise click.UsageError(str(exc))
    message = f"{baseline}：新接受 {added} 个问题"
    if stream.accepted:
        message += f"，{stream.accepted} 个此前已接受"
    if removed:
        message += f"，删除 {removed} 个不再出现的问题"
    click.echo(message + "。")
    if stale and not prune:
        click.echo(f"{len(stale)} 个已接受的问题不再出现（--prune 删除）：", err=True)
        for e in stale:
            click.echo(f"  {e.describe()}", err=True)
    if failed:
        sys.exit(2)


# ------------------------------------------------------------------------------------------------------
# budgetrules diff


@click.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而不是标准输出。")
@click.option("--ruleset", "ruleset_name", default=None, help="规则集名称或 TOML 文件路径；缺省时自动选择。")
@click.option("--figures/--no-figures", default=True, show_default=True, help="列出表格中改变了的数字。")
def diff(old: Path, new: Path, fmt: str, output: str | None, ruleset_name: str | None, figures: bool) -> None:
    """Compare a resubmission with what was submitted before: OLD and NEW are two files, or two folders whose
    disclosures are paired by department, year and kind (never by file name).

    For each pair: the findings fixed (in OLD, not in NEW), still open (in both), new (only in NEW), and the
    table figures that changed. Exit code 1 when NEW has findings that OLD did not have.
    """
    from budgetrules.cli.main import _registry, _write
    from budgetrules.engine import diffing
    from budgetrules.engine.check import CheckConfig, check_paths

    if old.is_dir() != new.is_dir():
        raise click.UsageError("OLD 和 NEW 应同为文件或同为目录")
    registry = _registry()
    review = Review()
    config = review.configure(CheckConfig(), ruleset_name, registry)
    reports = {}
    for side, path in (("old", old), ("new", new)):
        reports[side] = list(review.stream(check_paths(review.paths([path]), registry, config), config))
        for r in reports[side]:
            if r.error:
                click.echo(r.error, err=True)
    result = diffing.compare(reports["old"], reports["new"], figures=figures)
    text = diffing.to_json(result) if fmt == "json" else diffing.to_text(result)
    _write(text, output)
    if any(r.error for side in reports.values() for r in side):
        sys.exit(2)
    sys.exit(1 if any(p.added for p in result.pairs) or result.only_new else 0)
