"""``budgetrules rulesets``: list the rulesets (shipped and registered by plugins), or show one in full.

Attached to the main command by the lazy command table :data:`budgetrules.cli.main._OPTIONAL_COMMANDS`::

    budgetrules rulesets                      # name, kind, years, region, extends, description
    budgetrules rulesets xinjiang-county-budget   # everything one ruleset sets, its chain merged
    budgetrules rulesets path/to/my.toml

Exit codes as the main command: 0 done, 2 a ruleset that cannot be loaded (named with the file and key).
"""

from __future__ import annotations

import sys

import click

from budgetrules.cli.main import _registry
from budgetrules.core.errors import UsageError
from budgetrules.engine import rulesets as _rulesets
from budgetrules.engine.plugins import Registry

__all__ = ["rulesets"]


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


@click.command("rulesets")
@click.argument("name", required=False)
def rulesets(name: str | None) -> None:
    """列出规则集（名称、类型、年度、地区、继承、说明）；给出 NAME（名称或 .toml 路径）时显示其全部设置。"""
    registry = _registry()
    if name:
        try:
            ruleset = _rulesets.resolve(name, registry)
        except UsageError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        _show(ruleset, registry)
        return
    rows = [("名称", "类型", "年度", "地区", "继承", "说明")]
    errors: list[str | None] = []
    for found, listed, error in _rulesets.available(registry):
        if listed is None:
            errors.append(error)
            rows.append((found.name, "?", "?", "?", "?", "（无法加载，见下）"))
            continue
        auto = "（自动）" if listed.auto else ""
        rows.append((
            listed.name,
            listed.kind or "不限",
            listed.years_text,
            listed.region or "",
            listed.extends or "",
            listed.description + auto,
        ))
    widths = [max(_width(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        click.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(row[:5])) + "  " + row[5])
    for error in errors:
        click.echo(error, err=True)
    if errors:
        sys.exit(2)


def _show(ruleset: _rulesets.Ruleset, registry: Registry) -> None:
    click.echo(f"名称: {ruleset.name}")
    click.echo(f"文件: {ruleset.path}")
    click.echo(f"说明: {ruleset.description}")
    click.echo(f"类型: {ruleset.kind or '不限'}    年度: {ruleset.years_text}    地区: {ruleset.region or ''}")
    if len(ruleset.chain) > 1:
        click.echo("继承: " + " → ".join(ruleset.chain))
    click.echo(f"自动选用: {'是' if ruleset.auto else '否'}" + (f"（匹配：{'；'.join(ruleset.match)}）" if ruleset.match else ""))
    if ruleset.basis:
        click.echo("依据:")
        for b in ruleset.basis:
            click.echo(f"  - {b}")
    click.echo("选用规则: " + (", ".join(ruleset.select) if ruleset.select is not None else "全部"))
    if ruleset.ignore:
        click.echo("排除规则: " + ", ".join(ruleset.ignore))
    if ruleset.rules:
        click.echo("自带规则: " + "；".join(f"{r.id} {r.summary}" for r in ruleset.rules))
    enabled = [r.id for r in (*registry.rules.values(), *ruleset.rules) if _rulesets.runs(ruleset, r)]
    click.echo(f"实际运行: {len(enabled)} 条规则" + (f"（{', '.join(enabled)}）" if enabled else ""))
    if ruleset.severities:
        click.echo("级别调整: " + ", ".join(f"{k}={v}" for k, v in sorted(ruleset.severities.items())))
    for rule_id, params in sorted(ruleset.params.items()):
        click.echo(f"[rules.{rule_id}]")
        for key, value in params.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                click.echo(f"  {key}:")
                for item in value:
                    click.echo("    - " + ", ".join(f"{k}={v}" for k, v in item.items()))
            else:
                click.echo(f"  {key} = {value}")
