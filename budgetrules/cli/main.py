"""The ``budgetrules`` command line.

Exit codes (as ruff and sqlfluff; all of them in :mod:`budgetrules.cli.exits`): 0 nothing at or above the fail
level, 1 findings at or above it, 2 a usage error, an output that cannot be written, or a file that could not
be read or is not a 预算/决算 disclosure at all (the other files are still checked and reported), 3 an internal
error, 130 the run was interrupted (Ctrl-C; what was checked before is written and the output is closed
properly), 143 it was ended by SIGTERM (the same). Output files are written by :mod:`budgetrules.cli.outfile`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

import click

from budgetrules import __version__
from budgetrules.cli import exits
from budgetrules.cli.conventions import output_options
from budgetrules.cli.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK  # noqa: F401  (EXIT_INTERRUPTED: API)

if TYPE_CHECKING:  # imported where used, so that ``--version``, ``--help`` and other commands do not load them
    from budgetrules.core.report import FileReport
    from budgetrules.engine.batch import Batch, Interrupt
    from budgetrules.engine.check import CheckConfig
    from budgetrules.engine.plugins import Registry

#: The time limit of one file (seconds): :data:`budgetrules.engine.batch.DEFAULT_TIMEOUT`, written here so that
#: the option can show it without loading the batch machinery (a test checks that the two agree).
DEFAULT_TIMEOUT = 600.0

F = TypeVar("F", bound=Callable[..., Any])


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _precheck(output: str | None, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Before any work: an ``-o`` that would replace an input or cannot be written is a one-line error."""
    from budgetrules.cli.outfile import OutputError, precheck

    try:
        if output:
            precheck(output, inputs)
    except OutputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)


def _write(text: str, output: str | None, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """``text`` to ``output`` (written beside and renamed; never over one of ``inputs``) or standard output."""
    from budgetrules.cli.outfile import OutputError, write_file

    if output:
        try:
            write_file(output, text, inputs)
        except OutputError as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_ERROR)
    else:
        click.echo(text, nl=False)


#: Commands that live in their own modules: name → (module, attribute). They are imported when invoked or
#: listed (``--help``), not when ``check`` runs; a module that cannot be imported leaves its commands out.
_OPTIONAL_COMMANDS = {
    "rules": ("budgetrules.cli.rules", "rules"),
    "explain": ("budgetrules.cli.rules", "explain"),
    "quantities": ("budgetrules.cli.rules", "quantities"),
    "codes": ("budgetrules.cli.codes", "codes"),
    "rulesets": ("budgetrules.cli.rulesets", "rulesets"),
    "accept": ("budgetrules.cli.review", "accept"),
    "diff": ("budgetrules.cli.review", "diff"),
}


def _optional_command(name: str) -> click.Command | None:
    import importlib

    module_name, attr = _OPTIONAL_COMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    command: click.Command = getattr(module, attr)
    return command


class _Main(click.Group):
    """The main group, whose optional commands (:data:`_OPTIONAL_COMMANDS`) are imported when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [n for n in _OPTIONAL_COMMANDS if n not in self.commands and _optional_command(n) is not None]
        return sorted({*self.commands, *lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in _OPTIONAL_COMMANDS:
            command = _optional_command(cmd_name)
            if command is not None:
                self.add_command(command, cmd_name)
        return command


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetrules")
@click.option("--no-settings", is_flag=True, help="不读取团队设置（budgetrules.toml 或 pyproject.toml 的 [tool.budgetrules]）。")
@click.option("--debug", is_flag=True, help="内部错误时直接显示完整的错误追踪（也可设 BUDGETRULES_DEBUG=1）。")
@click.pass_context
def main(ctx: click.Context, no_settings: bool = False, debug: bool = False) -> None:
    """Check 部门预算/决算公开 disclosures for consistency and compliance.

    Team settings are read from budgetrules.toml, or [tool.budgetrules] in pyproject.toml, in the current
    folder or the nearest parent (see docs/review-workflow.md).

    Exit codes: 0 clean, 1 findings, 2 input or usage error, 3 internal error, 130 interrupted (Ctrl-C),
    143 ended by SIGTERM.
    """
    from budgetrules.cli.review import settings_defaults

    if debug:
        exits.set_debug()
    settings_defaults(ctx, no_settings)


def _registry() -> Registry:
    """The plugin registry (:func:`budgetrules.engine.plugins.get_registry`); loading it is the end of the
    program's start-up (:func:`budgetrules.cli.entry.started`)."""
    from budgetrules.cli.entry import started
    from budgetrules.engine.plugins import get_registry

    registry = get_registry()
    started()
    return registry


def _ruleset_options(f: F) -> F:
    import importlib.util

    if importlib.util.find_spec("budgetrules.engine.rulesets") is None:  # present once rulesets are installed
        return f
    return click.option(
        "--ruleset",
        "ruleset_name",
        default=None,
        help="规则集名称或 TOML 文件路径；缺省时按文件类型与年度自动选择。",
    )(f)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", default="text", show_default=True, help="输出格式（见 `budgetrules plugins`）。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而不是标准输出。")
@click.option("--select", multiple=True, help="只运行这些规则（编号、前缀或通配符，可用逗号分隔）。")
@click.option("--ignore", multiple=True, help="不运行这些规则。")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="达到此级别的问题使退出码为 1。",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="并行检查的进程数（使用 Dask 时为本地集群的工作进程数）。")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="同一部门上一年度的公开文件（检查单个文件时），或上一年度公开文件所在的目录（按部门、年度和类型配对）。",
)
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="已接受问题文件（budgetrules accept 写入）：其中的问题不再报告，不再出现的列出。")
@click.option(
    "--set",
    "sets",
    multiple=True,
    nargs=2,
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    metavar="TEXT TABLES",
    help="把两个文件（文字说明、公开表格）作为同一套公开一并检查；可多次使用。同一批中的分册文件也会按部门、年度和类型自动配对。",
)
@click.option("--year", type=click.IntRange(1990, 2100), default=None, help="文件的年度（文件中无法确定或有误时指定）。")
@click.option("--kind", type=click.Choice(["预算", "决算"]), default=None, help="文件是预算还是决算（文件中无法确定或有误时指定）。")
@click.option("--department", default=None, help="编制部门名称（文件中无法确定或有误时指定）。")
@click.option("--quiet", "-q", is_flag=True, help="安静：不显示进度条和汇总行，只输出问题。")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="每个文件的检查时限（秒）；超时的文件报告为错误，其余文件照常检查。0 表示不限。")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=None, envvar="BUDGETRULES_MAX_FILE_MB",
              help="单个文件的大小上限（MB，缺省 200）；更大的文件报告为错误。")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, envvar="BUDGETRULES_PDF_MAX_PAGES",
              help="PDF 的页数上限（缺省 500）；页数更多的文件报告为错误。")
@click.option("--max-page-seconds", type=click.FloatRange(min=0, min_open=True), default=None,
              envvar="BUDGETRULES_PDF_PAGE_SECONDS", help="读取 PDF 一页的 CPU 时间上限（秒，缺省 5）。")
@click.option("--no-cache", is_flag=True, help="不使用也不更新结果缓存（未改变的文件默认不重新检查）。")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="结果缓存目录（缺省为用户缓存目录，见 BUDGETRULES_CACHE_DIR）。")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="在哪里检查：本机进程，或 Dask 集群（需 budgetrules[distributed]；无 --scheduler 时启动本地集群）。")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="已有 Dask 集群调度器的地址，如 tcp://10.0.0.5:8786（意味着 --executor dask）。")
@click.option("--send-files", is_flag=True,
              help="使用 Dask 时把文件内容随任务发送给工作节点（工作节点无法按路径读取共享目录时）。")
@output_options
@_ruleset_options
def check(paths: tuple[Path, ...], fmt: str, output: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          fail_on: str, jobs: int, previous: Path | None = None, sets: tuple[tuple[Path, Path], ...] = (),
          year: int | None = None, kind: str | None = None, department: str | None = None, quiet: bool = False,
          timeout: float = DEFAULT_TIMEOUT, no_cache: bool = False, cache_dir: Path | None = None,
          executor: str = "local", scheduler: str | None = None, send_files: bool = False,
          ruleset_name: str | None = None, baseline: Path | None = None, exit_zero: bool = False,
          statistics: bool = False, show_source: bool = True, color: str = "auto", exclude: tuple[str, ...] = (),
          stdin_filename: str | None = None, max_file_mb: float | None = None, max_pages: int | None = None,
          max_page_seconds: float | None = None) -> None:
    """Check PATH... (files or directories, searched recursively).

    The narrative and the tables of one disclosure published as two files are checked as one: automatically
    when they are in the same batch and their department, year and kind agree, or with --set TEXT TABLES.

    Each file's findings are written as soon as it is checked, in the order of the paths; a progress bar
    shows on a terminal (not with -q). Results are cached: a file that has not changed is not checked again
    (--no-cache). Ctrl-C stops the run: what was checked is written, the output is closed, exit code 130.

    A path - reads the disclosure from standard input. --exit-zero, --statistics, -q, --show-source,
    --color and --exclude work as in ruff and flake8 (see docs/output-formats.md).
    """
    import attrs

    from budgetrules.cli.conventions import (
        STDIN,
        Renamed,
        Stdin,
        apply_exclude,
        split_patterns,
        statistics_stream,
        want_color,
    )
    from budgetrules.cli.outfile import OutputError, open_output
    from budgetrules.core.errors import UsageError
    from budgetrules.core.findings import Severity
    from budgetrules.core.model import DocKind
    from budgetrules.engine import cache as result_cache
    from budgetrules.engine.batch import Batch, Interrupt, available_cores
    from budgetrules.engine.check import SUFFIXES, CheckConfig
    from budgetrules.engine.rendering import Options

    if not paths and not sets:
        raise click.UsageError("请给出要检查的文件或目录（或 --set 文字说明文件 表格文件）")
    registry = _registry()
    renderer = registry.renderers.get(fmt)
    if renderer is None:
        raise click.UsageError(f"未知的输出格式 {fmt!r}；可用：{', '.join(sorted(registry.renderers))}")
    if statistics and fmt not in ("text", "json"):
        raise click.UsageError("--statistics 只用于 --format text 或 json")
    if renderer.binary and not output and not statistics and sys.stdout.isatty():
        raise click.UsageError(f"--format {fmt} 是二进制格式，不能写到终端：请用 -o 文件名{renderer.suffix or ''}")
    stdin = None
    if any(str(p) == STDIN for p in paths):
        stdin = Stdin(stdin_filename)
        click.get_current_context().call_on_close(stdin.close)
        paths = tuple(stdin.path if str(p) == STDIN else p for p in paths)
    for a, b in sets:
        if a == b:
            raise click.UsageError(f"--set 的两个文件相同：{a}")
    if send_files and executor != "dask" and not scheduler:
        raise click.UsageError("--send-files 只用于 Dask 集群（--executor dask 或 --scheduler）")
    config = CheckConfig(
        select=_split(select),
        ignore=_split(ignore),
        year=year,
        kind=DocKind(kind) if kind else None,
        department=department.strip() if department and department.strip() else None,
        sets=tuple((str(a), str(b)) for a, b in sets),
    )
    _set_limits(max_file_mb, max_pages, max_page_seconds)
    from budgetrules.cli.review import Review

    review = Review(baseline_path=baseline)
    config = review.with_previous(config, previous, (*paths, *(p for s in sets for p in s)), registry, 1 + len(sets))
    config = review.configure(config, ruleset_name, registry)
    _check_selection(config, registry)
    named = (*paths, *(p for s in sets for p in s))
    for p in named:
        if not p.exists():
            click.echo(f"{p}: 文件不存在", err=True)
    config = attrs.evolve(config, sets=tuple(s for s in config.sets if all(Path(p).exists() for p in s)))
    lone = [b for s in sets if not all(p.exists() for p in s) for b in s if b.exists()]

    cache = None
    if not no_cache and (cache_dir is not None or result_cache.enabled_by_default()):
        cache = result_cache.open_cache(cache_dir)
        if cache is None:
            click.echo(f"结果缓存无法打开（{cache_dir or result_cache.default_directory()}），本次不使用缓存", err=True)
    interrupt = Interrupt()
    progress = _Progress(quiet)
    if jobs > 1 and not scheduler and jobs > available_cores():
        click.echo(f"-j {jobs} 超过可用的处理器核心数，按 {available_cores()} 个进程运行", err=True)
        jobs = available_cores()
    todo = review.paths([p for p in (*paths, *lone) if p.exists()])
    patterns = split_patterns(exclude)
    if patterns:
        todo = apply_exclude(todo, patterns)
    batch = Batch(todo, registry, config, jobs=jobs, timeout=timeout or None,
                  executor=executor, scheduler=scheduler, send_files=send_files, cache=cache, interrupt=interrupt,
                  on_progress=progress.update, on_report=lambda r, _: progress.write(r.error) if r.error else None)
    inputs = (*batch.files, *((previous,) if previous is not None and Path(previous).is_file() else ()))
    options = Options(show_source=show_source, color=want_color(color, output), quiet=quiet,
                      rules=tuple(registry.rules.values()))
    try:
        with _sigint(interrupt), open_output(output, renderer.binary and not statistics, inputs,
                                             color=options.color) as out:
            try:
                batch.start()
            except UsageError as exc:
                raise click.UsageError(str(exc))
            reports: Iterable[FileReport] = review.stream(batch, config)
            reports = Renamed(reports, str(stdin.path), stdin.name) if stdin is not None else reports
            chunks = statistics_stream(reports, fmt) if statistics else renderer.open(reports, options)
            with progress.bar(batch.total):
                for chunk in chunks:
                    out(chunk)
    except KeyboardInterrupt:  # a second Ctrl-C while a report was being written
        batch.stop()
        list(batch)
        if output:
            click.echo(f"{output}: 输出未完成，未写入（原有文件未改动）", err=True)
    except OutputError as exc:
        batch.close()
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)
    except BaseException:
        batch.close()
        raise
    finally:
        if cache is not None:
            cache.close()
    if batch.interrupted:
        verb = "已终止（SIGTERM）" if interrupt.signum == signal.SIGTERM else "已中断"
        click.echo(f"{verb}：检查了 {batch.done} 个文件（共 {batch.total} 个），输出到此为止。", err=True)
        sys.exit(exits.for_signal(interrupt.signum))
    missing = any(not p.exists() for p in named)
    if missing or batch.unreadable:
        sys.exit(EXIT_ERROR)
    if batch.total == 0:  # nothing was checked: never a clean result
        where = "、".join(str(p) for p in named if p.exists()) or "（未给出路径）"
        click.echo(f"{where}: 没有找到可检查的文件（{' '.join(SUFFIXES)}）", err=True)
        sys.exit(EXIT_ERROR)
    review.finish(quiet)
    if review.at_least(Severity(fail_on)) and not exit_zero:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _set_limits(max_file_mb: float | None, max_pages: int | None, max_page_seconds: float | None) -> None:
    """The per-file limits given on the command line, put where the loaders — in this process and in the
    worker processes it starts — read them (their environment variables; see ``docs/batch.md``)."""
    import os

    for name, value in (("BUDGETRULES_MAX_FILE_MB", max_file_mb), ("BUDGETRULES_PDF_MAX_PAGES", max_pages),
                        ("BUDGETRULES_PDF_PAGE_SECONDS", max_page_seconds)):
        if value is not None:
            os.environ[name] = str(value)


@contextlib.contextmanager
def _sigint(interrupt: Interrupt) -> Iterator[None]:
    """While a batch runs, Ctrl-C — or SIGTERM — asks it to stop at the next safe point (at once while it waits
    for a file), so that the workers are stopped and the output is closed properly; a second one stops at
    once. (A signal the caller set to be ignored stays ignored.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        again = interrupt.requested
        interrupt.requested = True
        interrupt.signum = interrupt.signum or signum
        if again or interrupt.armed:
            raise KeyboardInterrupt

    previous: dict[signal.Signals, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


class _Progress:
    """A progress bar on standard error (tqdm) for a batch of several files, when standard error is a
    terminal and not ``-q``: files done of total, the file just finished, files that failed, cache hits,
    rate and time left."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self._bar: Any = None  # a tqdm bar while one shows

    @contextlib.contextmanager
    def bar(self, total: int) -> Iterator[None]:
        stderr = sys.stderr
        if self.quiet or total < 2 or not (hasattr(stderr, "isatty") and stderr.isatty()):
            yield
            return
        import tqdm

        tqdm.tqdm.monitor_interval = 0
        self._bar = tqdm.tqdm(total=total, unit="个文件", file=stderr, dynamic_ncols=True, mininterval=0.25,
                              leave=True, desc="检查")
        try:
            yield
        finally:
            self._bar.close()
            self._bar = None

    def update(self, path: str, batch: Batch) -> None:
        if self._bar is None:
            return
        self._bar.update(batch.done - self._bar.n)
        name = Path(path).name
        if len(name) > 24:
            name = name[:11] + "…" + name[-12:]
        extra = f"，失败 {batch.failed}" if batch.failed else ""
        extra += f"，缓存 {batch.cached}" if batch.cached else ""
        self._bar.set_postfix_str(f"{name}{extra}", refresh=False)

    def write(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            click.echo(message, err=True)


def _with_ruleset(config: CheckConfig, name: str | None, registry: Registry) -> CheckConfig:
    import attrs

    try:
        from budgetrules.engine import rulesets
    except ImportError:
        return config

    if name:
        return attrs.evolve(config, ruleset=rulesets.resolve(name, registry))
    return attrs.evolve(config, ruleset_for=rulesets.default_for_factory(registry))


def _check_selection(config: CheckConfig, registry: Registry) -> None:
    """``--select``/``--ignore`` of a rule that does not exist, and ``--select`` of rules that no ruleset in
    force runs (``--ruleset``, or any the automatic choice may pick), are usage errors, never an empty result."""
    from budgetrules.engine import rulesets
    from budgetrules.engine.check import DIAGNOSTICS

    candidates = [config.ruleset] if config.ruleset is not None else list(
        getattr(config.ruleset_for, "candidates", ()))
    rules = {**{r.id: r for rs in candidates for r in rs.rules}, **registry.rules}.values()
    known = [r.id for r in rules] + list(DIAGNOSTICS)
    for pattern in config.ignore:
        if not any(r == pattern or r.startswith(pattern) for r in known) and not any(c in pattern for c in "*?["):
            raise click.UsageError(f"未知的规则 {pattern!r}（见 `budgetrules rules`）")
    select = [p for p in config.select if not any(rulesets._matches(d, [p]) for d in DIAGNOSTICS)]
    problems = rulesets.unselected(select, rules, candidates)
    if problems:
        raise click.UsageError("\n".join(problems.values()))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "xml"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None)
@click.option("--no-claims", is_flag=True, help="不提取叙述中的数值声明。")
def parse(file: Path, fmt: str, output: str | None, no_claims: bool) -> None:
    """Load FILE and dump its object graph (tables, sections, claims and what each claim is bound to)."""
    from budgetrules.core import serialize
    from budgetrules.core.errors import InputError
    from budgetrules.engine.check import add_claims, load_document
    _precheck(output, (file,))
    registry = _registry()
    try:
        document = load_document(file, registry)
    except InputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)
    if not no_claims:
        document, problems = add_claims(document, registry)
        for p in problems:
            click.echo(p.message, err=True)
    text = serialize.to_json(document) if fmt == "json" else serialize.to_xml(document)
    _write(text, output, (file,))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--tables", "show_tables", is_flag=True, help="逐表列出：表号、标题、类型、单位、行数和列。")
@click.option("--findings", "show_findings", is_flag=True, help="逐条列出发现的问题。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而不是标准输出。")
@_ruleset_options
def survey(paths: tuple[Path, ...], show_tables: bool, show_findings: bool, output: str | None,
           ruleset_name: str | None = None) -> None:
    """Report how every document under PATH... was read: tables by kind and unit, claims, findings by rule."""
    from budgetrules.cli.survey import survey_lines
    from budgetrules.core.errors import UsageError
    from budgetrules.engine.check import CheckConfig, check_paths, expand_paths
    _precheck(output, expand_paths(list(paths)))
    registry = _registry()
    try:
        config = _with_ruleset(CheckConfig(), ruleset_name, registry)
    except UsageError as exc:
        raise click.UsageError(str(exc))
    reports = check_paths(list(paths), registry, config, jobs=1)
    root = str(paths[0]) if len(paths) == 1 and paths[0].is_dir() else ""
    lines = survey_lines(reports, root=root, tables=show_tables, findings=show_findings)
    _write("".join(line + "\n" for line in lines), output, expand_paths(list(paths)))


@main.command()
def plugins() -> None:
    """List the loaded plugins, what each provides, and any that failed."""
    registry = _registry()
    infos = registry.plugins()
    name_width = max((len(i.name) for i in infos), default=0)
    module_width = max((len(i.module) for i in infos), default=0)
    for info in infos:
        click.echo(f"{info.name:<{name_width}}  {info.module:<{module_width}}  {', '.join(info.hooks)}")
    click.echo("")
    click.echo("loaders:   " + ", ".join(f"{l.name} ({l.plugin})" for l in registry.loaders))
    click.echo("formats:   " + ", ".join(f"{n} ({r.plugin})" for n, r in sorted(registry.renderers.items())))
    click.echo(f"rules:     {len(registry.rules)}")
    for error in registry.errors:
        click.echo(f"FAILED:    {error.describe()}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
