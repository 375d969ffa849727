"""JUnit XML for CI dashboards: a testsuite per document, a testcase per finding (failure for errors and
warnings, a skipped-free ``system-out`` note for infos), an error testcase for an unreadable file, and one
passing testcase ``check`` for a document without findings (so that a clean document counts as a passed test).
Control characters from a document are written as visible escapes (:mod:`budgetrules.core.textsafe`).

A document set (narrative and tables published as two files, checked as one) is one testsuite named by its
narrative file, with a ``<properties>`` entry ``file`` per file of the set (value ``role:path``) and the
identity used (``kind``, ``year``, ``department``); each failure's text names the file it is about.

JUnit puts the totals on the root element, so nothing can be written before the last file is done: the suites
are kept in a :class:`~budgetrules_plugins.renderers.Spool` (a temporary file past 1 MB) meanwhile, not in memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Renderer, Severity, lazy_module, safe_report

from . import Spool

if TYPE_CHECKING:
    from lxml import etree
else:
    etree = lazy_module("lxml.etree")  # XML is read and written only on demand


def suite_element(report: FileReport) -> tuple[etree._Element, int, int, int]:
    """The ``testsuite`` of one disclosure, with its tests, failures and errors."""
    report = safe_report(report)
    suite = etree.Element("testsuite", name=report.path)
    if report.is_set:
        props = etree.SubElement(suite, "properties")
        for part in report.parts:
            etree.SubElement(props, "property", name="file", value=f"{part.role}:{part.path}")
        for name in ("kind", "year", "department"):
            if getattr(report, name) is not None:
                etree.SubElement(props, "property", name=name, value=str(getattr(report, name)))
    tests = failures = errors = 0
    if report.error:
        case = etree.SubElement(suite, "testcase", classname=report.path, name="load")
        etree.SubElement(case, "error", message=report.error, type="InputError")
        tests, errors = 1, 1
    for f in report.findings:
        tests += 1
        name = f"{f.rule} {f.location.describe() or f.location.path}".strip()
        case = etree.SubElement(suite, "testcase", classname=f"{report.path}.{f.rule}", name=name)
        if f.severity >= Severity.WARNING:
            failures += 1
            el = etree.SubElement(case, "failure", message=f.message, type=f.severity.value)
            el.text = f"{f.location.path}:{f.location.line or ''} {f.message}"
        else:
            etree.SubElement(case, "system-out").text = f.message
    if not report.error and not report.findings:
        etree.SubElement(suite, "testcase", classname=report.path, name="check")  # a clean document passes
        tests = 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite, tests, failures, errors


def _inside_root(element: etree._Element) -> str:
    root = etree.Element("testsuites")
    root.append(element)
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return text[text.index("\n") + 1: text.rindex("</")]


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    spool = Spool()
    total_tests = total_failures = total_errors = 0
    for report in reports:
        suite, tests, failures, errors = suite_element(report)
        spool.write(_inside_root(suite))
        total_tests += tests
        total_failures += failures
        total_errors += errors
    root = etree.Element("testsuites", name="budgetrules")
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    if spool.empty:
        yield etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
        return
    start = etree.tostring(root, encoding="unicode")[:-2] + ">"  # <testsuites …/> → <testsuites …>
    yield f"<?xml version='1.0' encoding='UTF-8'?>\n{start}\n"
    yield from spool.drain()
    yield "</testsuites>\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="junit", description="JUnit XML（CI 看板）", stream=stream, suffix=".xml"))
