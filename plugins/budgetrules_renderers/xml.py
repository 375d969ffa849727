"""XML output, built with lxml and valid against the shipped ``budgetrules/schema/findings.xsd``
(namespace :data:`NS`).

One ``file`` element per disclosure (``path``: the file, or the narrative file of a document set) with the
identity used (``kind``, ``year``, ``level``, ``department`` attributes when established) and one ``part``
element per file read for it (``path``, ``role`` = whole | narrative | tables, and that file's own identity);
each finding's ``location/@path`` is the file it is about. ``summary/@documents`` and ``@sets`` count
disclosures and document sets.
"""

from __future__ import annotations

from importlib import resources
from typing import Sequence

from lxml import etree

from budgetrules import hookimpl
from budgetrules.findings import Location
from budgetrules.rendering import Renderer
from budgetrules.report import FileReport

from . import totals

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


def render(reports: Sequence[FileReport]) -> str:
    root = etree.Element(_q("findings"), nsmap={None: NS})
    root.set("version", str(VERSION))
    for report in reports:
        fe = etree.SubElement(root, _q("file"))
        fe.set("path", report.path)
        if report.ruleset:
            fe.set("ruleset", report.ruleset)
        for name in ("kind", "year", "level", "department"):
            value = getattr(report, name)
            if value is not None:
                fe.set(name, str(value))
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
            etree.SubElement(el, _q("message")).text = f.message
            _location(el, "location", f.location)
            if f.expected is not None:
                etree.SubElement(el, _q("expected")).text = f.expected
            if f.actual is not None:
                etree.SubElement(el, _q("actual")).text = f.actual
            for rel in f.related:
                _location(el, "related", rel)
    t = totals(reports)
    summary = etree.SubElement(root, _q("summary"))
    for attr, key in (("files", "files"), ("documents", "documents"), ("sets", "sets"), ("unreadable", "unreadable"),
                      ("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        summary.set(attr, str(t[key]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def schema() -> etree.XMLSchema:
    """The published XSD of this output."""
    with resources.files("budgetrules.schema").joinpath("findings.xsd").open("rb") as fh:
        return etree.XMLSchema(etree.parse(fh))


@hookimpl
def register_renderers(register):
    register(Renderer(name="xml", description="XML（lxml 生成，符合 findings.xsd）", render=render))
