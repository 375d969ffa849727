"""The public API of budgetrules: what a plugin, a test of a plugin, or a program may import.

Everything here is re-exported from the module that defines it; import it from ``budgetrules.api`` and never
from those modules, whose names and places may change (a test walks the shipped plugins and fails when one
imports an internal module). ``from budgetrules import hookimpl`` keeps working.

Checking files from a program
-----------------------------
::

    import budgetrules

    findings = budgetrules.check_file("akto-housing-2021-budget.txt")
    for f in findings:
        print(f.rule, f.severity.label, f.location.line, f.message)

    budgetrules.check_file("report.pdf", ruleset="jiangsu-budget", select=["AR", "XT"])
    report = budgetrules.check_report("report.pdf")     # the FileReport: identity, ruleset used, findings

:func:`check_file` returns the :class:`Finding` list sorted by place — exactly the findings
``budgetrules check PATH`` reports, the ruleset chosen from the document's kind, year and region unless
``ruleset`` names one (a shipped name or a TOML path). A file that cannot be read raises :class:`InputError`;
an unknown ruleset or rule raises :class:`UsageError`. :func:`check_report` returns the :class:`FileReport`.

Hook markers
------------
``hookimpl``
    Marks a plugin's hook functions (``register_rules``, ``register_loaders``, ``register_renderers``, …; see
    :mod:`budgetrules.hookspecs`). A plugin is registered through the ``budgetrules`` entry-point group.

Rules
-----
``rule``
    The decorator that makes a function ``(doc, ctx) -> Iterable[Finding]`` a :class:`Rule` with an ID, a
    one-line Chinese summary, a family, a severity and parameters.
``Rule``
    A rule and its metadata, as registered.
``RuleFunc``
    The type of a rule's function (a :class:`typing.Protocol`): called as ``func(doc, ctx)``, it returns (or
    yields) the :class:`Finding` objects.
``RuleContext``
    What a running rule gets besides the document: its parameters (``ctx.params``), the previous year's
    document (``ctx.previous``) and the finding factory ``ctx.finding(message, at=…)``.
``Place``
    What ``at=`` accepts: a model object or a tuple of them (table, row, column key …).
``locate``
    Turn a place into a :class:`Location`.
``load_rules``
    The rules of a declarative rule file (``[[rule]]`` tables in TOML), for a plugin that ships rules as data.

Model
-----
The document graph a loader builds and a rule reads, all frozen attrs classes: ``Document`` (one disclosure),
``DocKind`` (预算/决算), ``Source`` (file, line, page where something was read), ``Section``, ``Paragraph``,
``TocEntry``, ``Table``, ``Row`` (with its ``ClassCode``: a classification code split into 类/款/项), ``Column``, ``Cell``
and ``Claim`` (a number the prose states, bound to a fact).
``Fact`` is one printed cell stating a named quantity.

The closed vocabularies of the model are :data:`typing.Literal` types, for annotations: ``Side`` (``income`` or
``expense``: the side of a two-sided table a row or column is on), ``Level`` (``类``, ``款``, ``项``),
``CodeSystem`` (``func``: 支出功能分类, ``econ``: 支出经济分类), ``Quantity`` (what a claim's number states:
``amount``, ``share``, ``change`` …) and ``Scope`` (the source of funds a quantity is taken in: ``all``,
``fiscal``, ``gpb``).

``quantities``
    The module of named quantities (``basic@gpb``, ``func:212``, ``sangong.total`` …):
    ``quantities.resolve(doc, name)`` lists the cells stating one, ``quantities.value(doc, name)`` is its one
    agreed value or None.
``subjects``
    The names a claim's ``subject`` takes and how they nest — the contract between a claims extractor and the
    rules that check claims: ``subjects.is_part(part, whole)``, ``subjects.complete(whole, parts)`` (the parts
    make up the whole), ``subjects.default_whole(subject)``, ``subjects.dimension(subject)``,
    ``subjects.PARTITIONS``, ``subjects.INHERENT_SCOPE``, ``subjects.NATURE``.

Amounts and comparison
----------------------
Money is :class:`~decimal.Decimal` with the precision it was printed with; comparisons are interval arithmetic,
so that rounding is never an error.

``Amount``, ``Percent``, ``Unit``, ``Interval``
    A printed amount (value, decimals, unit), a printed percentage, the unit (元, 万元 …), a closed interval.
``parse_amount``, ``plausible_digits``, ``sum_intervals``
    Read a printed amount; whether a printed number has plausible digits; the sum of intervals.
``check_sum``, ``check_equal``, ``check_ratio``, ``check_growth``
    A printed total against its items, two statements of one quantity, a stated share, a stated growth rate;
    they return ``SumCheck``, ``EqualCheck`` and ``RatioCheck``, whose ``consistent`` says whether the printed
    numbers can agree.
``fmt``
    A Decimal for a message: fixed decimals, no exponent.

Findings
--------
``Finding`` (one problem found by one rule), ``Location`` (where it points) and ``Severity``
(``INFO < WARNING < ERROR``).

Tables
------
``identify_table``
    The kind of table a title names (see :mod:`budgetrules.core.tablekinds`).
``TableKindId``
    The ids of the kinds of tables (``summary``, ``income``, ``gpb_basic``, ``sangong`` …), a
    :data:`typing.Literal` type: what ``Table.kind`` holds and ``Document.table(kind)`` takes.
``normalize_label``, ``column_key``, ``is_total_label``
    Fold a printed label for matching; the stable key of a printed column header; whether a label is a total line.
``MONEY_KINDS``
    The ids of the table kinds whose cells are money (every kind but the performance and unit-list tables).
``TEXT_KEYS``
    The column keys whose cells are text (codes, names, sequence numbers …), never amounts.

Prose and contents
------------------
``kind_in``
    预算 or 决算 as named in a title.
``has_narrative``
    Whether a document holds prose (a disclosure's 文字说明), not only tables.
``EMPTY_NOTE``
    The compiled pattern of a note saying a table is empty (本单位无…, 此表为空 …).
``toc_key``, ``similar``
    What a contents entry or heading is called, for comparison; how similar two such names are (0 to 1).

Catalogues
----------
``catalogues``
    The module of the government revenue and expenditure classification catalogues (功能分类, 经济分类) by year:
    ``catalogues.load(system, year)``, ``catalogues.years``, ``history``, ``changes``, ``level_of``,
    ``parent_code``, ``SYSTEM_NAMES``.
``Catalogue``, ``Entry``, ``CodeStatus``, ``normalize_name``
    One system in one year; one of its nodes; what a catalogue says about a code; a name folded for comparison.

Helpers for rules
-----------------
``per_document``
    A decorator: ``func(doc, *args)`` computed once per document (by identity) and hashable ``args``.
``parent_sum``
    The cause id “this parent row is not the sum of its children”, which groups the findings it explains.

Loaders
-------
``Loader``
    What the ``register_loaders`` hook returns: a name, the suffixes and sniffing it accepts, and ``load``.
``assemble``, ``TextLine``, ``GridBlock``, ``GridRow``, ``split_header``
    Build a Document from lines of prose and grids of table lines read in order; split a grid's header lines
    from its data lines.
``serialize``
    The module that writes and reads documents as JSON and XML (``DOC_NS``, ``from_xml`` …).
``check_zip``, ``office_kind``, ``ole_streams``
    Guards and sniffing for Office containers: reject a corrupt zip or a zip bomb; tell docx from xlsx; list the
    streams of an OLE (.doc/.xls) file.
``OLE_MAGIC``, ``MAX_MEMBERS``, ``MAX_PART``, ``MAX_RATIO``, ``MAX_UNCOMPRESSED``
    The OLE signature and the limits :func:`check_zip` enforces (members, bytes of one part, compression
    ratio, bytes in all).
``lazy_module``
    A module imported on first use, so that a heavy dependency does not slow every start.
``regex``
    ``regex.compile(pattern, flags)`` is :func:`re.compile`, except that in the ``budgetrules`` program the
    compiled pattern is kept between runs (:mod:`budgetrules.core.regex`); compile a plugin's module-level
    patterns with it.

Renderers
---------
``Renderer``, ``Options``, ``status``, ``Status``
    An output format (``register_renderers``); how output is shown; how a run ended.
``FileReport``
    The findings of one file, or the input error that kept it from being checked.
``grouped``
    Findings as (lead, nested) pairs: those a common cause explains nested under it.
``safe_report``, ``json_text``
    A report with every printed text escaped against terminal control characters; the same for JSON text.
``guidance``, ``Guidance``
    A rule's 说明, 整改建议 and 依据 (imported on first use).
``get_registry``, ``Registry``
    The registry of installed plugins and the rules, loaders and renderers they registered (imported on first
    use).

Errors
------
``InputError``
    A file cannot be read as a disclosure (raise it from a loader).
``UsageError``
    The command line or a configuration file (ruleset, catalogue, declarative rule file) is wrong.

Testing kit
-----------
For a plugin's tests (also importable from :mod:`budgetrules.testing`; imported on first use):

``run_rule``, ``example_document``, ``reference_text``, ``edit``
    Run one rule on a document in the text format; parse such a document; the reference sample; a copy of a
    text with one line changed.
``load_cases``, ``check_case``, ``CaseFailure``
    A rule's data-file cases (``tests/rules/<ID>.toml``), one of them run, the failure it raises.
``cli``
    The ``budgetrules`` command (a click group), to run with :class:`click.testing.CliRunner`.
"""

from __future__ import annotations

import importlib
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import attrs

from budgetrules import catalogues
from budgetrules.catalogues import Catalogue, CodeStatus, Entry, normalize_name
from budgetrules.core import quantities, regex, subjects
from budgetrules.core.amounts import Amount, Interval, Percent, Unit, parse_amount, plausible_digits, sum_intervals
from budgetrules.core.compare import (
    EqualCheck,
    RatioCheck,
    SumCheck,
    check_equal,
    check_growth,
    check_ratio,
    check_sum,
    fmt,
)
from budgetrules.core.errors import InputError, UsageError
from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.lazy import lazy_module
from budgetrules.core.memo import per_document
from budgetrules.core.model import (
    Cell,
    Claim,
    ClassCode,
    CodeSystem,
    Column,
    DocKind,
    Document,
    Level,
    Paragraph,
    Quantity,
    Row,
    Section,
    Side,
    Source,
    Table,
    TocEntry,
)
from budgetrules.core.quantities import Fact, Scope
from budgetrules.core.report import FileReport
from budgetrules.core.tablekinds import (
    MONEY_KINDS,
    TEXT_KEYS,
    TableKindId,
    column_key,
    identify_table,
    is_total_label,
    normalize_label,
)
from budgetrules.core.textsafe import json_text, safe_report
from budgetrules.engine.causes import grouped, parent_sum
from budgetrules.engine.declarative import load_rules
from budgetrules.engine.rendering import Options, Renderer, Status, status
from budgetrules.engine.rules import Place, Rule, RuleContext, RuleFunc, locate, rule
from budgetrules.hookspecs import hookimpl
from budgetrules.reading.assemble import GridBlock, TextLine, assemble
from budgetrules.reading.containers import (
    MAX_MEMBERS,
    MAX_PART,
    MAX_RATIO,
    MAX_UNCOMPRESSED,
    OLE_MAGIC,
    check_zip,
    office_kind,
    ole_streams,
)
from budgetrules.reading.contents import similar, toc_key
from budgetrules.reading.docsets import has_narrative
from budgetrules.reading.emptynotes import EMPTY_NOTE
from budgetrules.reading.identity import kind_in
from budgetrules.reading.loading import Loader
from budgetrules.reading.tablebuild import GridRow, split_header

if TYPE_CHECKING:
    from budgetrules.core import serialize
else:  # the document graph as XML or JSON: imported when a loader or renderer first uses it
    serialize = lazy_module("budgetrules.core.serialize")

__all__ = [
    # checking files from a program
    "check_file", "check_report",
    # hook markers
    "hookimpl",
    # rules
    "rule", "Rule", "RuleContext", "RuleFunc", "Place", "locate", "load_rules",
    # model
    "Document", "DocKind", "Source", "Section", "Paragraph", "TocEntry", "Table", "Row", "Column", "Cell", "Claim", "ClassCode",
    "Fact", "quantities", "Side", "Level", "CodeSystem", "Quantity", "Scope", "subjects",
    # amounts and comparison
    "Amount", "Percent", "Unit", "Interval", "parse_amount", "plausible_digits", "sum_intervals",
    "check_sum", "check_equal", "check_ratio", "check_growth", "SumCheck", "EqualCheck", "RatioCheck", "fmt",
    # findings
    "Finding", "Location", "Severity",
    # tables
    "identify_table", "TableKindId", "normalize_label", "column_key", "is_total_label", "MONEY_KINDS", "TEXT_KEYS",
    # prose and contents
    "kind_in", "has_narrative", "EMPTY_NOTE", "toc_key", "similar",
    # catalogues
    "catalogues", "Catalogue", "Entry", "CodeStatus", "normalize_name",
    # helpers for rules
    "per_document", "parent_sum",
    # loaders
    "Loader", "assemble", "TextLine", "GridBlock", "GridRow", "split_header", "serialize",
    "check_zip", "office_kind", "ole_streams", "OLE_MAGIC", "MAX_MEMBERS", "MAX_PART", "MAX_RATIO",
    "MAX_UNCOMPRESSED", "lazy_module", "regex",
    # renderers
    "Renderer", "Options", "status", "Status", "FileReport", "grouped", "safe_report", "json_text",
    "guidance", "Guidance", "get_registry", "Registry",
    # errors
    "InputError", "UsageError",
    # testing kit
    "run_rule", "example_document", "reference_text", "edit", "load_cases", "check_case", "CaseFailure", "cli",
]

#: Names imported on first use (module, attribute): the plugin registry, which loads every plugin; a rule's
#: guidance, which only some renderers need; the testing kit and command line, which only tests need.
_LAZY = {
    "guidance": ("budgetrules.engine.explain", "guidance"),
    "Guidance": ("budgetrules.engine.explain", "Guidance"),
    "get_registry": ("budgetrules.engine.plugins", "get_registry"),
    "Registry": ("budgetrules.engine.plugins", "Registry"),
    "run_rule": ("budgetrules.testing", "run_rule"),
    "example_document": ("budgetrules.testing", "example_document"),
    "reference_text": ("budgetrules.testing", "reference_text"),
    "edit": ("budgetrules.testing", "edit"),
    "load_cases": ("budgetrules.testing", "load_cases"),
    "check_case": ("budgetrules.testing", "check_case"),
    "CaseFailure": ("budgetrules.testing", "CaseFailure"),
    "cli": ("budgetrules.cli.main", "main"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def check_report(path: str | PathLike[str], ruleset: str | None = None, *, select: Iterable[str] = (),
                 ignore: Iterable[str] = (), year: int | None = None, kind: str | None = None,
                 department: str | None = None) -> FileReport:
    """Check the file at ``path`` and return its :class:`~budgetrules.core.report.FileReport` (with
    ``error`` set when it could not be read)."""
    from budgetrules.core.model import DocKind
    from budgetrules.engine import rulesets
    from budgetrules.engine.check import CheckConfig
    from budgetrules.engine.check import check_file as _check_file
    from budgetrules.engine.plugins import get_registry

    registry = get_registry()
    config = CheckConfig(select=tuple(select), ignore=tuple(ignore), year=year,
                         kind=DocKind(kind) if kind else None, department=department)
    if ruleset:
        config = attrs.evolve(config, ruleset=rulesets.resolve(ruleset, registry))
    else:
        config = attrs.evolve(config, ruleset_for=rulesets.default_for_factory(registry))
    return _check_file(Path(path), registry, config)


def check_file(path: str | PathLike[str], ruleset: str | None = None, **options: Any) -> list[Finding]:
    """The findings of the file at ``path``, as ``budgetrules check`` reports them (``options``: ``select``,
    ``ignore``, ``year``, ``kind``, ``department`` as the command's options). Raises
    :class:`~budgetrules.core.errors.InputError` when the file cannot be read."""
    report = check_report(path, ruleset, **options)
    if report.error:
        prefix = f"{path}: "
        raise InputError(str(path), report.error[len(prefix):] if report.error.startswith(prefix) else report.error)
    return list(report.findings)


