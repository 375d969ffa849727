"""The ``budgetrules`` command line.

Exit codes (as ruff and sqlfluff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage error, or a file that could not be read or is not a 预算/决算 disclosure at all (the other files are
still checked and reported).
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import click

from . import __version__
from .check import DIAGNOSTICS, CheckConfig, check_paths, load_document
from .errors import InputError, UsageError
from .findings import Severity
from .model import DocKind
from .plugins import get_registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetrules")
def main() -> None:
    """Check 部门预算/决算公开 disclosures for consistency and compliance."""


def _ruleset_options(f):
    try:
        from . import rulesets  # noqa: F401  (present once rulesets are installed)
    except ImportError:
        return f
    return click.option(
        "--ruleset",
        "ruleset_name",
        default=None,
        help="规则集名称或 TOML 文件路径；缺省时按文件类型与年度自动选择。",
    )(f)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行检查的进程数。")
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="同一部门上一年度的公开文件，用于与上年比较（只能检查单个文件时使用）。",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    nargs=2,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="TEXT TABLES",
    help="把两个文件（文字说明、公开表格）作为同一套公开一并检查；可多次使用。同一批中的分册文件也会按部门、年度和类型自动配对。",
)
@click.option("--year", type=click.IntRange(1990, 2100), default=None, help="文件的年度（文件中无法确定或有误时指定）。")
@click.option("--kind", type=click.Choice(["预算", "决算"]), default=None, help="文件是预算还是决算（文件中无法确定或有误时指定）。")
@click.option("--department", default=None, help="编制部门名称（文件中无法确定或有误时指定）。")
@_ruleset_options
def check(paths, fmt, output, select, ignore, fail_on, jobs, previous=None, sets=(), year=None, kind=None,
          department=None, ruleset_name=None):
    """Check PATH... (files or directories, searched recursively).

    The narrative and the tables of one disclosure published as two files are checked as one: automatically
    when they are in the same batch and their department, year and kind agree, or with --set TEXT TABLES.
    """
    if not paths and not sets:
        raise click.UsageError("请给出要检查的文件或目录（或 --set 文字说明文件 表格文件）")
    registry = get_registry()
    renderer = registry.renderers.get(fmt)
    if renderer is None:
        raise click.UsageError(f"未知的输出格式 {fmt!r}；可用：{', '.join(sorted(registry.renderers))}")
    for a, b in sets:
        if a == b:
            raise click.UsageError(f"--set 的两个文件相同：{a}")
    config = CheckConfig(
        select=_split(select),
        ignore=_split(ignore),
        year=year,
        kind=DocKind(kind) if kind else None,
        department=department.strip() if department and department.strip() else None,
        sets=tuple((str(a), str(b)) for a, b in sets),
    )
    if previous is not None:
        from .check import expand_paths

        if len(expand_paths([p for p in (*paths, *(p for s in sets for p in s)) if p.exists()])) > 1 + len(sets):
            raise click.UsageError("--previous 只能与单个待检查文件一起使用")
        try:
            config = attrs.evolve(config, previous=load_document(previous, registry))
        except InputError as exc:
            click.echo(f"{exc}（--previous）", err=True)
            sys.exit(EXIT_ERROR)
    try:
        config = _with_ruleset(config, ruleset_name, registry)
    except UsageError as exc:
        raise click.UsageError(str(exc))
    _check_selection(config, registry)
    named = (*paths, *(p for s in sets for p in s))
    for p in named:
        if not p.exists():
            click.echo(f"{p}: 文件不存在", err=True)
    config = attrs.evolve(config, sets=tuple(s for s in config.sets if all(Path(p).exists() for p in s)))
    lone = [b for s in sets if not all(p.exists() for p in s) for b in s if b.exists()]
    reports = check_paths([p for p in (*paths, *lone) if p.exists()], registry, config, jobs=jobs)
    _write(renderer.render(reports), output)
    for report in reports:
        if report.error:
            click.echo(report.error, err=True)
    missing = any(not p.exists() for p in named)
    if missing or any(r.error for r in reports):
        sys.exit(EXIT_ERROR)
    level = Severity(fail_on)
    if any(f.severity >= level for r in reports for f in r.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _with_ruleset(config: CheckConfig, name: str | None, registry) -> CheckConfig:
    try:
        from . import rulesets
    except ImportError:
        return config

    if name:
        return attrs.evolve(config, ruleset=rulesets.resolve(name, registry))
    return attrs.evolve(config, ruleset_for=rulesets.default_for_factory(registry))


def _check_selection(config: CheckConfig, registry) -> None:
    """``--select``/``--ignore`` of a rule that does not exist, and ``--select`` of rules that no ruleset in
    force runs (``--ruleset``, or any the automatic choice may pick), are usage errors, never an empty result."""
    from . import rulesets

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
def parse(file, fmt, output, no_claims):
    """Load FILE and dump its object graph (tables, sections, claims and what each claim is bound to)."""
    from . import serialize
    from .check import add_claims

    registry = get_registry()
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
    _write(text, output)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--tables", "show_tables", is_flag=True, help="逐表列出：表号、标题、类型、单位、行数和列。")
@click.option("--findings", "show_findings", is_flag=True, help="逐条列出发现的问题。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而不是标准输出。")
@_ruleset_options
def survey(paths, show_tables, show_findings, output, ruleset_name=None):
    """Report how every document under PATH... was read: tables by kind and unit, claims, findings by rule."""
    from .survey import survey_lines

    registry = get_registry()
    try:
        config = _with_ruleset(CheckConfig(), ruleset_name, registry)
    except UsageError as exc:
        raise click.UsageError(str(exc))
    reports = check_paths(list(paths), registry, config, jobs=1)
    root = str(paths[0]) if len(paths) == 1 and paths[0].is_dir() else ""
    lines = survey_lines(reports, root=root, tables=show_tables, findings=show_findings)
    _write("".join(line + "\n" for line in lines), output)


@main.command()
def plugins():
    """List the loaded plugins, what each provides, and any that failed."""
    registry = get_registry()
    for info in registry.plugins():
        click.echo(f"{info.name:<14} {info.module:<34} {', '.join(info.hooks)}")
    click.echo("")
    click.echo("loaders:   " + ", ".join(f"{l.name} ({l.plugin})" for l in registry.loaders))
    click.echo("formats:   " + ", ".join(f"{n} ({r.plugin})" for n, r in sorted(registry.renderers.items())))
    click.echo(f"rules:     {len(registry.rules)}")
    for error in registry.errors:
        click.echo(f"FAILED:    {error.describe()}", err=True)


def _attach_optional_commands() -> None:
    """Commands that live in their own modules (``rules``, ``explain``, ``quantities``, ``codes``, ``rulesets``)."""
    import importlib

    for module_name, attr in (("budgetrules.cli_rules", "rules"), ("budgetrules.cli_rules", "explain"),
                              ("budgetrules.cli_rules", "quantities"), ("budgetrules.cli_codes", "codes"),
                              ("budgetrules.cli_rulesets", "rulesets")):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        main.add_command(getattr(module, attr))


_attach_optional_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
