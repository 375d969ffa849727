"""Check files: load each with the first loader that accepts it, add narrative claims, run the rules.

One file's bad input or one plugin's crash never stops the others: a file that cannot be read gives a
:class:`~budgetrules.report.FileReport` with ``error`` set; a claim extractor or rule that raises gives a
finding ``BR002``/``BR003`` and the remaining rules still run. Reports come back sorted by path and findings
sorted by place, so output is the same bytes whatever the order of arguments or the number of jobs.
"""

from __future__ import annotations

import concurrent.futures
import fnmatch
import os
import pickle
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import attrs

from .errors import InputError
from .findings import Finding, Location, Severity
from .loading import HEAD_BYTES
from .model import Document
from .plugins import Registry, get_registry
from .report import FileReport
from .rules import Rule, RuleContext

__all__ = [
    "CheckConfig",
    "DIAGNOSTICS",
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "expand_paths",
    "load_document",
    "add_claims",
    "run_rules",
    "check_file",
    "check_paths",
]

#: Files larger than this are refused as input errors (a disclosure is a few MB at most).
MAX_FILE_BYTES = 200 * 1024 * 1024

#: The file name endings picked up when a directory is checked (files named explicitly are always tried).
SUFFIXES = (".txt", ".pdf", ".docx", ".doc", ".xlsx", ".xls", ".xml")

#: Findings the core itself emits about plugins (not rules: they cannot be selected away).
DIAGNOSTICS: Mapping[str, str] = {
    "BR001": "插件无法导入或注册：该插件的规则、加载器或输出格式未运行，检查结果不完整。",
    "BR002": "规则运行时出错：该规则对本文件的检查未完成，其余规则照常运行。",
    "BR003": "叙述数值提取插件运行时出错：部分文字中的数值未被提取和核对。",
}


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p) or fnmatch.fnmatch(rule_id, p) for p in patterns)


@attrs.frozen
class CheckConfig:
    """What to run: rule selection (ids, prefixes or globs), parameters and severities per rule.

    ``ruleset`` is any object with ``name``, ``enabled(rule) -> bool``, ``params_for(rule) -> dict`` and
    ``severity_for(rule) -> Severity | None`` (see :mod:`budgetrules.rulesets`); None runs every rule with
    its defaults. ``ruleset_for`` picks a ruleset per document when ``ruleset`` is None. ``previous`` is the
    prior-year disclosure rules may compare with (``budgetrules check --previous``).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ruleset: Any = None
    ruleset_for: Any = attrs.field(default=None, eq=False)
    #: The same department's disclosure of the year before (``--previous``), given to rules as ``ctx.previous``.
    previous: Document | None = attrs.field(default=None, eq=False)

    def selected(self, rule: Rule) -> bool:
        if self.select and not _matches(rule.id, self.select):
            return False
        return not _matches(rule.id, self.ignore)


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, plus every file with a known ending under each directory named, sorted, unique."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for f in files:
                    if not f.startswith(".") and f.lower().endswith(SUFFIXES):
                        found.add(Path(root) / f)
        else:
            found.add(p)
    return sorted(found, key=lambda x: str(x))


def load_document(path: Path, registry: Registry | None = None) -> Document:
    """Read ``path`` with the first loader that accepts it; raises :class:`InputError` on bad input."""
    registry = registry or get_registry()
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "文件不存在") from None
    except IsADirectoryError:
        raise InputError(name, "是目录而不是文件") from None
    except PermissionError:
        raise InputError(name, "没有读取权限") from None
    except OSError as exc:
        raise InputError(name, f"无法读取：{exc.strerror or exc}") from None
    head = data[:HEAD_BYTES]
    for loader in registry.loaders:
        try:
            accepted = loader.accepts(head, path)
        except Exception:
            accepted = False
        if not accepted:
            continue
        try:
            return loader.load(path, data)
        except InputError:
            raise
        except RecursionError:
            raise InputError(name, f"结构过深，无法读取（{loader.name} 加载器）") from None
        except MemoryError:
            raise InputError(name, f"内容过大，无法读取（{loader.name} 加载器）") from None
        except Exception as exc:
            raise InputError(name, f"无法读取（{loader.name} 加载器出错：{type(exc).__name__}: {exc}）") from None
    raise InputError(name, "无法识别的文件格式（没有加载器接受该文件）")


def _diagnostic(doc_path: str, code: str, message: str) -> Finding:
    return Finding(rule=code, severity=Severity.ERROR, message=message, location=Location(path=doc_path), key=message)


def add_claims(document: Document, registry: Registry) -> tuple[Document, list[Finding]]:
    """Run every ``extract_claims`` implementation and add the claims to the document."""
    claims = list(document.claims)
    problems: list[Finding] = []
    for plugin, extract in registry.claim_extractors():
        try:
            claims.extend(extract(document=document) or ())
        except Exception as exc:
            problems.append(
                _diagnostic(document.path, "BR003", f"插件 {plugin} 提取叙述数值时出错：{type(exc).__name__}: {exc}")
            )
    return attrs.evolve(document, claims=tuple(claims)), problems


def run_rules(
    document: Document, rules: Iterable[Rule], ruleset: Any = None, previous: Document | None = None
) -> list[Finding]:
    """Run ``rules`` on ``document``; a rule that raises yields one ``BR002`` finding instead."""
    findings: list[Finding] = []
    kind = document.kind.value if document.kind else None
    for rule in rules:
        if rule.kinds and kind not in rule.kinds:
            continue
        params = dict(rule.params)
        severity = None
        if ruleset is not None:
            params.update(ruleset.params_for(rule))
            severity = ruleset.severity_for(rule)
        ctx = RuleContext(rule=rule, document=document, params=params, severity=severity,
                          ruleset=getattr(ruleset, "name", None), previous=previous)
        try:
            findings.extend(rule(document, ctx) or ())
        except Exception as exc:
            findings.append(
                _diagnostic(document.path, "BR002", f"规则 {rule.id}（插件 {rule.plugin}）运行出错：{type(exc).__name__}: {exc}")
            )
    return findings


def _unique_sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    seen: dict[tuple, Finding] = {}
    for f in findings:
        seen.setdefault((f.rule, f.location, f.message, f.key), f)
    return tuple(sorted(seen.values(), key=Finding.sort_key))


def check_document(document: Document, registry: Registry, config: CheckConfig = CheckConfig()) -> FileReport:
    """Check an already loaded document."""
    ruleset = config.ruleset
    if ruleset is None and config.ruleset_for is not None:
        ruleset = config.ruleset_for(document)
    document, problems = add_claims(document, registry)
    rules = [r for r in registry.rules.values() if config.selected(r)]
    if ruleset is not None:
        rules = [r for r in rules if ruleset.enabled(r)]
    findings = run_rules(document, rules, ruleset, config.previous)
    findings += problems
    findings += [_diagnostic(document.path, "BR001", e.describe()) for e in registry.errors]
    return FileReport(
        path=document.path,
        findings=_unique_sorted(findings),
        document=document,
        ruleset=getattr(ruleset, "name", None),
    )


def check_file(path: Path, registry: Registry | None = None, config: CheckConfig = CheckConfig()) -> FileReport:
    """Load and check one file; input errors become the report's ``error``."""
    registry = registry or get_registry()
    try:
        document = load_document(path, registry)
    except InputError as exc:
        return FileReport(path=str(path), error=str(exc))
    return check_document(document, registry, config)


def _check_in_worker(args: tuple[str, CheckConfig]) -> FileReport:
    path, config = args
    report = check_file(Path(path), get_registry(), config)
    return attrs.evolve(report, document=None)


def _can_send(ruleset_for: Any) -> bool:
    """A per-document ruleset chooser can go to worker processes when there is none or it pickles."""
    if ruleset_for is None:
        return True
    try:
        pickle.dumps(ruleset_for)
    except Exception:
        return False
    return True


def check_paths(
    paths: Sequence[str | Path],
    registry: Registry | None = None,
    config: CheckConfig = CheckConfig(),
    jobs: int = 1,
) -> list[FileReport]:
    """Check every file under ``paths``; reports sorted by path whatever ``jobs`` is."""
    files = expand_paths(paths)
    if jobs > 1 and len(files) > 1 and _can_send(config.ruleset_for):
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            reports = list(pool.map(_check_in_worker, [(str(f), config) for f in files]))
    else:
        registry = registry or get_registry()
        reports = [check_file(f, registry, config) for f in files]
    return sorted(reports, key=lambda r: r.path)
