"""XML output, built with lxml and valid against the shipped ``budgetrules/schema/findings.xsd``
(namespace :data:`NS`).

One ``file`` element per disclosure (``path``: the file, or the narrative file of a document set) with the
identity used (``kind``, ``year``, ``level``, ``department`` attributes when established) and one ``part``
element per file read for it (``path``, ``role`` = whole | narrative | tables, and that file's own identity);
each finding's ``location/@path`` is the file it is about; ``finding/@cause`` and ``@consequence`` place
it in a group of findings with one root cause (:mod:`budgetrules.engine.causes`). Control characters from a
document, which XML 1.0 cannot carry, are written as visible escapes (``\\x1b``; :mod:`budgetrules.core.textsafe`). ``file/@errors``, ``@warnings`` and ``@infos``
count its findings by severity. ``summary/@documents`` and ``@sets`` count disclosures and document sets;
``summary/@complete="false"`` marks a run that was interrupted.

The document is written as the files are checked: the declaration and the root's start tag first, each
``file`` element as soon as that file is done, ``summary`` and the end tag last — the same bytes as the
whole tree pretty-printed at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Location, Renderer, lazy_module, safe_report, status

from . import Totals

if TYPE_CHECKING:
    from lxml import etree
else:
    etree = lazy_module("lxml.etree")  # XML is read and written only on demand

NS = "urn:budgetrules:findings:1"
VERSION = 1


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _location(parent: etree._Element, tag: str, loc: Location) -> None:
    el = etree.SubElement(parent, _q(tag))
    for name in ("path", "line", "page", "table", "code", "row", "column", "section", "ref"):
        value = getattr(loc, name)
        if value is not None:
            el.set(name, str(value))


def file_element(report: FileReport) -> etree._Element:
    """The ``file`` element of one disclosure (text from the document with its control characters escaped:
    XML 1.0 cannot carry them)."""
    report = safe_report(report)
    fe = etree.Element(_q("file"), nsmap={None: NS})
    fe.set("path", report.path)
    if report.ruleset:
        fe.set("ruleset", report.ruleset)
    for name in ("kind", "year", "level", "department"):
        value = getattr(report, name)
        if value is not None:
            fe.set(name, str(value))
    counts = report.counts()
    for attr, key in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        fe.set(attr, str(counts[key]))
    for part in report.parts:
        pe = etree.SubElement(fe, _q("part"))
        pe.set("path", part.path)
        pe.set("role", part.role)
        for name in ("kind", "year", "department"):
            value = getattr(part, name)
            if value is not None:
                pe.set(name, str(value))
    if report.error:
        etree.SubElement(fe, _q("error")).text = report.error
    for f in report.findings:
        el = etree.SubElement(fe, _q("finding"))
        el.set("rule", f.rule)
        el.set("severity", f.severity.value)
        el.set("fingerprint", f.fingerprint)
        if f.cause is not None:
            el.set("cause", f.cause)
            el.set("consequence", "true" if f.consequence else "false")
        etree.SubElement(el, _q("message")).text = f.message
        _location(el, "location", f.location)
        if f.expected is not None:
            etree.SubElement(el, _q("expected")).text = f.expected
        if f.actual is not None:
            etree.SubElement(el, _q("actual")).text = f.actual
        for rel in f.related:
            _location(el, "related", rel)
    return fe


def _inside_root(element: etree._Element) -> str:
    """``element`` pretty-printed as a child of the root: the lines between the root's start and end tags."""
    root = etree.Element(_q("findings"), nsmap={None: NS})
    root.append(element)
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return text[text.index("\n") + 1: text.rindex("</")]


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    yield f"<?xml version='1.0' encoding='UTF-8'?>\n<findings xmlns=\"{NS}\" version=\"{VERSION}\">\n"
    t = Totals()
    for report in reports:
        t.add(report)
        yield _inside_root(file_element(report))
    summary = etree.Element(_q("summary"), nsmap={None: NS})
    for attr, key in (("files", "files"), ("documents", "documents"), ("sets", "sets"), ("unreadable", "unreadable"),
                      ("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        summary.set(attr, str(t[key]))
    if not status(reports).complete:
        summary.set("complete", "false")
    yield _inside_root(summary) + "</findings>\n"


def schema() -> etree.XMLSchema:
    """The published XSD of this output."""
    from importlib import resources  # only when the schema is asked for

    with resources.files("budgetrules.schema").joinpath("findings.xsd").open("rb") as fh:
        return etree.XMLSchema(etree.parse(fh))


@hookimpl
def register_renderers(register):
    register(Renderer(name="xml", description="XML（lxml 生成，符合 findings.xsd）", stream=stream, suffix=".xml"))
