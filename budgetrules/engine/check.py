"""Check files: load each with the first loader that accepts it, group the files of one disclosure, add
narrative claims, run the rules.

One file's bad input or one plugin's crash never stops the others: a file that cannot be read — or that is not
a 预算/决算 disclosure at all — gives a :class:`~budgetrules.core.report.FileReport` with ``error`` set; a claim
extractor or rule that raises gives a finding ``BR002``/``BR003`` and the remaining rules still run; an amount
cell that prints no readable number (``NaN``, ``1e309``, ``3.44E+2``, ``#VALUE!``) gives ``BR004``, so that a
table whose cells could not be read never passes as consistent.

Before the rules run, each document's identity (year, kind, department; :mod:`budgetrules.reading.identity`) is
settled — the command line may set it (:class:`CheckConfig` ``year``/``kind``/``department``) — and the files
of a batch are grouped into disclosures (:mod:`budgetrules.reading.docsets`): a narrative and a tables file of the
same department, year and kind are checked as one, as are the files of each explicit ``sets`` entry. What
could not be settled or grouped is reported by the core diagnostics ``BR010``–``BR014`` and ``BR020``/``BR021``.

Reports come back sorted by path and findings sorted by place, so output is the same bytes whatever the order
of arguments or the number of jobs. Batches are run by :mod:`budgetrules.engine.batch`, which streams the reports.
"""

from __future__ import annotations

import collections
import fnmatch
import os
import pickle
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import attrs

from budgetrules.core.amounts import is_unreadable_number
from budgetrules.core.errors import InputError
from budgetrules.core.findings import Finding, Location, Severity, scope_of
from budgetrules.core.model import DocKind, Document
from budgetrules.core.report import FileReport, Part
from budgetrules.core.tablekinds import TEXT_KEYS
from budgetrules.engine.plugins import Registry, get_registry
from budgetrules.engine.rules import Rule, RuleContext
from budgetrules.reading import docsets, files
from budgetrules.reading import identity as ident
from budgetrules.reading.loading import HEAD_BYTES

__all__ = [
    "CheckConfig",
    "DIAGNOSTICS",
    "DIAGNOSTIC_SEVERITY",
    "MAX_FILE_BYTES",
    "LIMIT_VARIABLES",
    "max_file_bytes",
    "SUFFIXES",
    "expand_paths",
    "read_input",
    "load_document",
    "add_claims",
    "run_rules",
    "check_file",
    "check_unit",
    "check_paths",
    "prepare",
]

#: Files larger than this are refused as input errors (a disclosure is a few MB at most); the limit in force
#: is :func:`max_file_bytes`.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: The environment variables holding the per-file limits (set by ``check --max-file-mb/--max-pages/
#: --max-page-seconds``, so that worker processes see them too); part of the result cache's key.
LIMIT_VARIABLES = ("BUDGETRULES_MAX_FILE_MB", "BUDGETRULES_PDF_MAX_PAGES", "BUDGETRULES_PDF_MAX_PAGE_CONTENT",
                   "BUDGETRULES_PDF_PAGE_SECONDS")


def max_file_bytes() -> int:
    """The largest file read: ``BUDGETRULES_MAX_FILE_MB`` megabytes when that is a positive number, else
    :data:`MAX_FILE_BYTES`."""
    try:
        mb = float(os.environ.get("BUDGETRULES_MAX_FILE_MB", ""))
    except ValueError:
        return MAX_FILE_BYTES
    return int(mb * 1024 * 1024) if mb > 0 else MAX_FILE_BYTES

#: The file name endings picked up when a directory is checked (files named explicitly are always tried).
SUFFIXES = (".txt", ".pdf", ".docx", ".doc", ".xlsx", ".xls", ".xml")

#: Findings the core itself emits — about plugins (BR001–BR003), about what a document is (BR010–BR014,
#: :mod:`budgetrules.reading.identity`) and about which files make one disclosure (BR020/BR021,
#: :mod:`budgetrules.reading.docsets`). They are not rules: ``--select`` does not turn them off; ``--ignore`` does.
DIAGNOSTICS: Mapping[str, str] = {
    "BR001": "插件无法导入或注册：该插件的规则、加载器或输出格式未运行，检查结果不完整。",
    "BR002": "规则运行时出错：该规则对本文件的检查未完成，其余规则照常运行。",
    "BR003": "叙述数值提取插件运行时出错：部分文字中的数值未被提取和核对。",
    "BR004": "表格金额栏中的数值无法读取（NaN、Infinity、科学计数法、表格软件的错误值等）：该单元格未参与核对，相关检查不完整。",
    **{code: text for code, (_, text) in ident.DIAGNOSTICS.items()},
    **{code: text for code, (_, text) in docsets.DIAGNOSTICS.items()},
}

#: The severity of each core diagnostic.
DIAGNOSTIC_SEVERITY: Mapping[str, Severity] = {
    "BR001": Severity.ERROR,
    "BR002": Severity.ERROR,
    "BR003": Severity.ERROR,
    "BR004": Severity.ERROR,
    **{code: severity for code, (severity, _) in ident.DIAGNOSTICS.items()},
    **{code: severity for code, (severity, _) in docsets.DIAGNOSTICS.items()},
}


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p) or fnmatch.fnmatch(rule_id, p) for p in patterns)


@attrs.frozen
class CheckConfig:
    """What to run: rule selection (ids, prefixes or globs), parameters and severities per rule.

    ``ruleset`` is any object with ``name``, ``enabled(rule) -> bool``, ``params_for(rule) -> dict`` and
    ``severity_for(rule) -> Severity | None`` (see :mod:`budgetrules.engine.rulesets`); None runs every rule with
    its defaults. ``ruleset_for`` picks a ruleset per document when ``ruleset`` is None. ``previous`` is the
    prior-year disclosure rules may compare with (``budgetrules check --previous``). ``year``, ``kind`` and
    ``department`` set the identity of every document checked (``--year``/``--kind``/``--department``), over
    what the documents say. ``sets`` lists files to be checked together as one disclosure (``--set A B``).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ruleset: Any = None
    ruleset_for: Any = attrs.field(default=None, eq=False)
    #: The same department's disclosure of the year before (``--previous``), given to rules as ``ctx.previous``.
    previous: Document | None = attrs.field(default=None, eq=False)
    #: Picks the previous-year disclosure of each document (``--previous DIR``, :mod:`budgetrules.engine.previous`).
    previous_for: Any = attrs.field(default=None, eq=False)
    year: int | None = None
    kind: DocKind | None = None
    department: str | None = None
    sets: tuple[tuple[str, ...], ...] = ()

    def selected(self, rule: Rule) -> bool:
        if self.select and not _matches(rule.id, self.select):
            return False
        return not _matches(rule.id, self.ignore)

    def reports(self, code: str) -> bool:
        """A core diagnostic is reported unless ``--ignore`` names it."""
        return not _matches(code, self.ignore)


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, plus every file with a known ending under each directory named, sorted, unique — and the
    paths a walk found but will not read (:func:`budgetrules.reading.files.walk`: a FIFO or device, a symbolic link
    out of the folder, a sub-folder that cannot be listed), which :func:`read_input` or the batch refuse."""
    return files.walk(paths, SUFFIXES).all


def read_input(path: Path, source: Path | None = None) -> bytes:
    """The bytes of ``path`` (read from ``source`` when given: the same file under another name, as a batch
    worker on another machine sees it); raises :class:`InputError` naming ``path``. Only a regular file is
    opened, and at most :func:`max_file_bytes` bytes are read (:func:`budgetrules.reading.files.read_regular`)."""
    return files.read_regular(source or path, max_file_bytes(), name=str(path))


def load_document(path: Path, registry: Registry | None = None, data: bytes | None = None) -> Document:
    """Read ``path`` with the first loader that accepts it; raises :class:`InputError` on bad input.

    ``data`` is the file's content when it was already read (:func:`read_input`); the loaders are then given
    it instead of reading ``path`` (they may still look at ``path`` itself to tell a format apart).
    """
    registry = registry or get_registry()
    name = str(path)
    if data is None:
        data = read_input(path)
    elif len(data) > max_file_bytes():
        raise InputError(name, f"文件过大（{len(data)} 字节，上限 {max_file_bytes()} 字节）")
    head = data[:HEAD_BYTES]
    for loader in registry.loaders:
        try:
            accepted = loader.accepts(head, path)
        except Exception:
            accepted = False
        if not accepted:
            continue
        try:
            document = loader.load(path, data)
        except InputError:
            raise
        except RecursionError:
            raise InputError(name, f"结构过深，无法读取（{loader.name} 加载器）") from None
        except MemoryError:
            raise InputError(name, f"内容过大，无法读取（{loader.name} 加载器）") from None
        except Exception as exc:
            raise InputError(name, f"无法读取（{loader.name} 加载器出错：{type(exc).__name__}: {exc}）") from None
        if not ident.is_disclosure(document):
            raise InputError(
                name,
                "不是部门预算/决算公开文件：未找到任何可识别的预决算表格，标题、封面、编制部门行和表格标题也都没有说明是预算"
                "或决算（若确是公开文件，请检查文字层是否完整）" + _disguise(path, document),
            )
        return document
    raise InputError(name, "无法识别的文件格式（没有加载器接受该文件）")


_OFFICE_SUFFIXES = (".xls", ".xlsx", ".doc", ".docx", ".pdf")


def _disguise(path: Path, document: Document) -> str:
    """A note when the file's name promises another format than the one it was read as (a TSV saved as .xls)."""
    suffix = path.suffix.lower()
    if document.loader == "text" and suffix in _OFFICE_SUFFIXES:
        return f"；该文件扩展名为 {suffix}，内容却是纯文本（制表符分隔），不是该格式的文件"
    return ""


def prepare(document: Document, config: "CheckConfig") -> Document:
    """``document`` with the identity set on the command line (``config.year``/``kind``/``department``)."""
    if config.year is None and config.kind is None and config.department is None:
        return document
    identity = ident.override(ident.of_document(document), year=config.year, kind=config.kind,
                              department=config.department, path=document.path)
    return ident.apply(document, identity)


def _diagnostic(doc_path: str, code: str, message: str) -> Finding:
    return Finding(rule=code, severity=DIAGNOSTIC_SEVERITY[code], message=message, location=Location(path=doc_path),
                   key=message)


def unreadable_amounts(document: Document) -> list[Finding]:
    """``BR004`` for each cell of an amount column that prints something number-like that is no amount
    (:func:`budgetrules.core.amounts.is_unreadable_number`)."""
    out = []
    for table in document.tables:
        for row in table.rows:
            for key, raw in row.texts.items():
                if key in TEXT_KEYS or not is_unreadable_number(raw):
                    continue
                column = table.column(key, row.side) or table.column(key)
                where = f"“{column.label}”列" if column is not None else ""
                name = f"“{row.label}”行" if row.label else ""
                shown = raw if len(raw) <= 40 else f"{raw[:40]}…（共 {len(raw)} 个字符）"
                message = (f"{table.name}{name}{where}所印金额“{shown}”无法读取为数值（不是按位印出的金额），"
                           "该单元格未参与合计与比较的核对，相关检查不完整")
                out.append(Finding(rule="BR004", severity=DIAGNOSTIC_SEVERITY["BR004"], message=message,
                                   location=Location(path=row.source.path or document.path, line=row.source.line,
                                                     page=row.source.page), key=message))
    return out


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
    seen: dict[tuple[Any, ...], Finding] = {}
    for f in findings:
        seen.setdefault((f.rule, f.location, f.message, f.key), f)
    return tuple(sorted(seen.values(), key=Finding.sort_key))


def _with_snippets(findings: Iterable[Finding], lines: Mapping[str, Sequence[str]], path: str) -> list[Finding]:
    """Findings about another file of a set get their source line from that file."""
    out = []
    for f in findings:
        loc = f.location
        if loc.path != path and loc.path in lines:
            own = lines[loc.path]
            text = own[loc.line - 1] if loc.line is not None and 1 <= loc.line <= len(own) else None
            f = attrs.evolve(f, snippet=text)
        out.append(f)
    return out


def _with_scope(findings: Iterable[Finding], document: Document, identity: ident.Identity) -> list[Finding]:
    """Findings told which disclosure they are about (``scope``) and the kind of the table they point at, so
    that their fingerprints do not depend on the file's name or the table's number."""
    kinds: dict[str, set[str | None]] = collections.defaultdict(set)
    for table in document.tables:
        kinds[table.name].add(table.kind)
    scope = scope_of(identity.department, identity.year, identity.kind.value if identity.kind else None)
    out = []
    for f in findings:
        loc = f.location
        if loc.table_kind is None and loc.table and len(kinds.get(loc.table, ())) == 1:
            (kind,) = kinds[loc.table]
            if kind:
                loc = attrs.evolve(loc, table_kind=kind)
        out.append(attrs.evolve(f, location=loc, scope=scope))
    return out


def check_document(
    document: Document,
    registry: Registry,
    config: CheckConfig = CheckConfig(),
    *,
    parts: Sequence[tuple[Document, str]] = (),
    notes: Sequence[Finding] = (),
) -> FileReport:
    """Check an already loaded document (for a set: the merged document, with ``parts`` the files read for it
    and their roles, and ``notes`` the findings of the grouping)."""
    ruleset = config.ruleset
    if ruleset is None and config.ruleset_for is not None:
        ruleset = config.ruleset_for(document)
    document, problems = add_claims(document, registry)
    # the registered rules, and the ruleset's own declarative rules (``[[rule]]`` in a ruleset file)
    rules = [r for r in (*registry.rules.values(), *getattr(ruleset, "rules", ())) if config.selected(r)]
    if ruleset is not None:
        rules = [r for r in rules if ruleset.enabled(r)]
    previous = config.previous
    if previous is None and config.previous_for is not None:
        previous = config.previous_for(document)
    findings = run_rules(document, rules, ruleset, previous)
    findings += problems
    findings += [f for f in unreadable_amounts(document) if config.reports(f.rule)]
    findings += [_diagnostic(document.path, "BR001", e.describe()) for e in registry.errors]
    identity = ident.of_document(document)
    findings += [f for f in (*ident.findings(identity, document.path), *notes) if config.reports(f.rule)]
    parts = parts or ((document, docsets.role_of(document).value),)
    lines = {d.path: d.lines for d, _ in parts}
    findings = _with_snippets(findings, lines, document.path)
    findings = _with_scope(findings, document, identity)
    return FileReport(
        path=document.path,
        findings=_unique_sorted(findings),
        document=document,
        ruleset=getattr(ruleset, "name", None),
        year=identity.year,
        kind=identity.kind.value if identity.kind else None,
        level=identity.level,
        department=identity.department,
        parts=tuple(_part(d, role) for d, role in parts),
    )


def _part(document: Document, role: str) -> Part:
    i = ident.of_document(document)
    return Part(document.path, role, i.year, i.kind.value if i.kind else None, i.department)


def check_unit(unit: docsets.Unit, registry: Registry, config: CheckConfig = CheckConfig()) -> FileReport:
    """Check one disclosure as grouped by :func:`budgetrules.reading.docsets.plan`."""
    return check_document(unit.document, registry, config,
                          parts=[(d, role.value) for d, role in unit.members], notes=unit.notes)


def _load(path: Path, registry: Registry, config: CheckConfig) -> Document | FileReport:
    try:
        return prepare(load_document(path, registry), config)
    except InputError as exc:
        return FileReport(path=str(path), error=str(exc), error_kind="input")


def check_file(path: Path, registry: Registry | None = None, config: CheckConfig = CheckConfig()) -> FileReport:
    """Load and check one file on its own; input errors become the report's ``error``."""
    registry = registry or get_registry()
    loaded = _load(path, registry, config)
    if isinstance(loaded, FileReport):
        return loaded
    (unit,) = docsets.plan([loaded], batch=False)
    return check_unit(unit, registry, config)


def _in_sets(config: CheckConfig) -> set[str]:
    return {os.path.realpath(p) for paths in config.sets for p in paths}


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
    """Check every file under ``paths`` (and every file of ``config.sets``), the files of one disclosure
    together; reports sorted by path whatever ``jobs`` is. With ``jobs == 1`` every report keeps its
    document. A batch that should not be held in memory at once is a :class:`budgetrules.engine.batch.Batch`."""
    from budgetrules.engine.batch import Batch

    return list(Batch(paths, registry, config, jobs=jobs, keep_documents=jobs <= 1, timeout=None))
