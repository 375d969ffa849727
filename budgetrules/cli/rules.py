"""``budgetrules rules``, ``explain`` and ``quantities``: what the rules are, where they come from, which
rulesets run them, and the quantities declarative rules can name.

Attached to the main command by the lazy command table :data:`budgetrules.cli.main._OPTIONAL_COMMANDS`::

    budgetrules rules                         # every rule: id, severity, package, summary, the rulesets running it
    budgetrules rules --ruleset my.toml       # the rules one ruleset runs (its own [[rule]] rules included)
    budgetrules explain EX101                 # a rule's reference page with its examples
    budgetrules quantities                    # the quantity vocabulary (budgetrules.core.quantities)
    budgetrules quantities FILE               # every quantity FILE's tables state, with its value and where
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import click

from budgetrules.cli.main import _registry
from budgetrules.core import quantities as q
from budgetrules.core.errors import InputError, UsageError
from budgetrules.engine import rulesets as _rulesets
from budgetrules.engine.check import DIAGNOSTIC_SEVERITY, DIAGNOSTICS, add_claims, load_document
from budgetrules.engine.rules import Rule

if TYPE_CHECKING:
    from budgetrules.engine.explain import Guidance
    from budgetrules.engine.plugins import Registry

__all__ = ["rules", "explain", "quantities", "source_of", "ruleset_rules"]


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def source_of(rule: Rule) -> str:
    """Where a rule comes from: its package, or the ruleset that declares it."""
    if rule.plugin and rule.plugin.startswith("ruleset:"):
        return f"规则集 {rule.plugin[len('ruleset:'):]}"
    return rule.package or rule.plugin or "?"


def _loaded(registry: Registry) -> tuple[list[_rulesets.Ruleset], list[str]]:
    found: list[_rulesets.Ruleset] = []
    errors: list[str] = []
    for _, ruleset, error in _rulesets.available(registry):
        if ruleset is None:
            assert error is not None  # available() gives the error of a ruleset it could not load
            errors.append(error)
        else:
            found.append(ruleset)
    return found, errors


def ruleset_rules(candidates: Iterable[_rulesets.Ruleset]) -> list[Rule]:
    """The declarative rules of ``candidates``, each once (as declared by the ruleset that declares it)."""
    out: dict[str, Rule] = {}
    for rs in candidates:
        for rule in rs.rules:
            out.setdefault(rule.id, rule)
    return [out[k] for k in sorted(out)]


def _who(names: list[str], everyone: list[str]) -> str:
    if not everyone:
        return ""
    if len(names) == len(everyone):
        return "全部规则集"
    if not names:
        return "无规则集运行"
    if len(names) <= len(everyone) - len(names) or len(everyone) - len(names) > 4:
        return "、".join(names)
    return "除 " + "、".join(n for n in everyone if n not in names) + " 外的规则集"


def _resolve(name: str, registry: Registry) -> _rulesets.Ruleset:
    try:
        return _rulesets.resolve(name, registry)
    except UsageError as exc:
        raise click.UsageError(str(exc))


@click.command("rules")
@click.option("--ruleset", "ruleset_name", default=None,
              help="只列出此规则集（名称或 .toml 路径）运行的规则，含其自带的 [[rule]] 规则。")
def rules(ruleset_name: str | None) -> None:
    """List every rule: id, default severity, the package it comes from, its summary, and 〔the rulesets that run
    it〕 (the shipped ones and those plugins register)."""
    registry = _registry()
    if ruleset_name:
        candidates: list[_rulesets.Ruleset]
        errors: list[str]
        candidates, errors = [_resolve(ruleset_name, registry)], []
    else:
        candidates, errors = _loaded(registry)
    everyone = [rs.name for rs in candidates]
    listed = [*registry.rules.values(), *ruleset_rules(candidates)]
    rows = []
    for rule in sorted(listed, key=lambda r: r.id):
        who = _rulesets.running(rule, candidates)
        if ruleset_name and not who:
            continue
        rows.append((rule.id, rule.severity.value, source_of(rule), rule.summary, _who(who, everyone)))
    if not ruleset_name:
        for code, text in DIAGNOSTICS.items():
            rows.append((code, DIAGNOSTIC_SEVERITY[code].value, "budgetrules", f"{text.split('：')[0]}（内部诊断）", ""))
    widths = [max([_width(r[i]) for r in rows] + [5]) for i in range(3)]
    for row in rows:
        line = "  ".join(_pad(c, widths[i]) for i, c in enumerate(row[:3])) + "  " + row[3]
        click.echo(line + (f"  〔{row[4]}〕" if row[4] else ""))
    for error in errors:
        click.echo(error, err=True)


@click.command()
@click.argument("rule_id")
@click.option("--ruleset", "ruleset_name", default=None,
              help="在此规则集（名称或 .toml 路径）自带的规则中也查找 RULE_ID。")
def explain(rule_id: str, ruleset_name: str | None) -> None:
    """Explain RULE_ID in Chinese: what it checks (说明), how to correct what it finds (整改建议), the legal
    basis (依据), then its reference documentation with failing and passing examples.

    A prefix or a family name (AR, CL1, arithmetic) lists the rules it names, one a line.
    """
    from budgetrules.engine.explain import diagnostic_guidance, guidance

    registry = _registry()
    wanted = rule_id
    rule_id = rule_id.upper()
    if rule_id in DIAGNOSTICS and rule_id not in registry.rules:
        g = diagnostic_guidance(rule_id, DIAGNOSTICS[rule_id])
        click.echo(f"{rule_id}：{DIAGNOSTICS[rule_id]}")
        click.echo(f"默认级别：{DIAGNOSTIC_SEVERITY[rule_id].label}    类别：核心诊断")
        _echo_guidance(g)
        return
    if ruleset_name:
        candidates, _ = [_resolve(ruleset_name, registry)], []
    else:
        candidates, _ = _loaded(registry)
    every = {**{r.id: r for r in ruleset_rules(candidates)}, **registry.rules}
    rule = every.get(rule_id)
    if rule is None:
        family = [r for r in every.values() if r.id.startswith(rule_id) or r.family == wanted.lower()]
        diagnostics = [code for code in DIAGNOSTICS if code.startswith(rule_id)]
        if not family and not diagnostics:
            raise click.UsageError(f"未知的规则 {wanted!r}（见 `budgetrules rules`）")
        _echo_family(sorted(family, key=lambda r: r.id), diagnostics, candidates)
        return
    g = guidance(rule)
    click.echo(f"{rule.id}：{rule.summary}")
    click.echo(f"默认级别：{rule.severity.label}    类别：{rule.family}    来源：{source_of(rule)}（插件 {rule.plugin}）")
    who = _rulesets.running(rule, candidates)
    click.echo(f"规则集：{_who(who, [rs.name for rs in candidates]) or '—'}")
    if rule.kinds:
        click.echo(f"适用：{'、'.join(rule.kinds)}")
    if rule.params:
        click.echo("参数：" + ", ".join(f"{k}={v!r}" for k, v in sorted(rule.params.items())))
    _echo_guidance(g)
    click.echo("")
    click.echo("规则文档（含不合格与合格示例）：")
    click.echo("")
    click.echo(rule.doc)


def _echo_guidance(g: Guidance) -> None:
    click.echo("")
    click.echo(f"说明：{g.description or g.summary}")
    click.echo(f"整改建议：{g.advice or '（规则未提供）'}")
    if g.basis:
        click.echo("依据：")
        for b in g.basis:
            click.echo(f"  - {b}")
    else:
        click.echo("依据：（规则未提供）")


def _echo_family(rules: list[Rule], diagnostics: list[str], candidates: Sequence[_rulesets.Ruleset]) -> None:
    """One line a rule: id, severity, summary, the rulesets running it."""
    names = [rs.name for rs in candidates]
    width = max([_width(r.summary) for r in rules] + [0])
    for r in rules:
        who = _who(_rulesets.running(r, candidates), names)
        click.echo(f"{r.id}  {r.severity.label}  {_pad(r.summary, width)}" + (f"  〔{who}〕" if who else ""))
    for code in diagnostics:
        click.echo(f"{code}  {DIAGNOSTIC_SEVERITY[code].label}  {DIAGNOSTICS[code]}（核心诊断）")
    click.echo(f"共 {len(rules) + len(diagnostics)} 条；`budgetrules explain 规则编号` 查看说明、整改建议与依据。")


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
def quantities(file: Path | None) -> None:
    """List the quantity names declarative rules use (the claims' vocabulary); with FILE, every quantity its
    tables state, with the value and where (several statements that disagree are marked 不一致)."""
    if file is None:
        rows = [(t.name, t.meaning, t.tables) for t in q.VOCABULARY]
        width = max(_width(r[0]) for r in rows)
        click.echo("数量名称（可加 @all、@fiscal、@gpb 指定口径；不加时依次尝试）：")
        for name, meaning, tables in rows:
            click.echo(f"  {_pad(name, width)}  {meaning}（{tables}）")
        click.echo("只见于文字说明的名称（用于 present 的 claim、ratio 的所述占比）：")
        for term in q.CLAIM_ONLY:
            click.echo(f"  {_pad(term.name, width)}  {term.meaning}")
        return
    registry = _registry()
    try:
        document = load_document(file, registry)
    except InputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    document, _ = add_claims(document, registry)
    for name, facts in q.stated_names(document, registry):
        agreed = q.value(document, name, registry) is not None
        value = facts[0].amount.value
        mark = "" if agreed else "  （各表不一致）"
        click.echo(f"{name}  {value}{mark}")
        for fact in facts:
            click.echo(f"    {fact.describe()}")
