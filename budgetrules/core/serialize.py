"""The object graph as JSON and as XML ("our own XML"), both ways.

``to_json(doc)`` / ``to_xml(doc)`` dump a :class:`~budgetrules.core.model.Document` (what ``budgetrules parse``
prints); ``from_json`` / ``from_xml`` read it back into an equal Document, so the XML is also an input format
(loader ``xml``). Amounts keep their printed decimals: ``{"value": "1117.5", "places": 1, "unit": "万元"}``.
The XML is valid against ``budgetrules/schema/document.xsd`` (namespace :data:`DOC_NS`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Iterator, cast

from budgetrules.core.amounts import Amount, Percent, Unit
from budgetrules.core.lazy import lazy_module
from budgetrules.core.model import (
    Cell,
    Claim,
    ClassCode,
    Column,
    Department,
    DocKind,
    Document,
    Paragraph,
    Row,
    RowRole,
    Section,
    Source,
    Table,
    TocEntry,
)

if TYPE_CHECKING:
    from lxml import etree
else:
    etree = lazy_module("lxml.etree")  # XML is read and written only on demand

__all__ = ["DOC_NS", "to_dict", "from_dict", "to_json", "from_json", "to_xml", "from_xml", "document_schema"]

DOC_NS = "urn:budgetrules:document:1"
FORMAT_VERSION = 1


# --------------------------------------------------------------------------------------------- dict
def _src(s: Source) -> dict[str, Any]:
    return {k: v for k, v in (("path", s.path), ("line", s.line), ("page", s.page), ("ref", s.ref)) if v is not None}


def _unsrc(d: dict[str, Any]) -> Source:
    return Source(d.get("path", ""), d.get("line"), d.get("page"), d.get("ref"))


def _amount(a: Amount) -> dict[str, Any]:
    return {"value": f"{a.value}", "places": a.places, "unit": a.unit.value}


def _unamount(d: dict[str, Any]) -> Amount:
    return Amount(Decimal(d["value"]), int(d["places"]), Unit(d["unit"]))


def _value(v: Amount | Percent | int) -> dict[str, Any]:
    if isinstance(v, Amount):
        return {"type": "amount", **_amount(v)}
    if isinstance(v, Percent):
        return {"type": "percent", "value": f"{v.value}", "places": v.places}
    return {"type": "count", "value": int(v)}


def _unvalue(d: dict[str, Any]) -> Amount | Percent | int:
    if d["type"] == "amount":
        return _unamount(d)
    if d["type"] == "percent":
        return Percent(Decimal(d["value"]), int(d["places"]))
    return int(d["value"])


def _code(c: ClassCode | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"system": c.system, "lei": c.lei, "kuan": c.kuan, "xiang": c.xiang, "level": c.level, "code": c.code}


def _uncode(d: dict[str, Any] | None) -> ClassCode | None:
    if d is None:
        return None
    return ClassCode(d["system"], d["lei"], d.get("kuan"), d.get("xiang"), level=d["level"])


def _row(r: Row) -> dict[str, Any]:
    return {
        "label": r.label,
        "role": r.role.value,
        "side": r.side,
        "code": _code(r.code),
        "source": _src(r.source),
        "cells": {k: {"text": c.text, "amount": _amount(c.amount) if c.amount else None, "source": _src(c.source)}
                  for k, c in r.cells.items()},
        "texts": dict(r.texts),
    }


def _unrow(d: dict[str, Any]) -> Row:
    return Row(
        label=d["label"],
        code=_uncode(d.get("code")),
        role=RowRole(d["role"]),
        cells={k: Cell(c["text"], _unamount(c["amount"]) if c.get("amount") else None, _unsrc(c["source"]))
               for k, c in d.get("cells", {}).items()},
        source=_unsrc(d["source"]),
        side=d.get("side"),
        texts=dict(d.get("texts", {})),
    )


def _table(t: Table) -> dict[str, Any]:
    return {
        "kind": t.kind,
        "number": t.number,
        "title": t.title,
        "name": t.name,
        "unit": t.unit.value,
        "compiler": t.compiler,
        "declared_empty": t.declared_empty,
        "notes": list(t.notes),
        "source": _src(t.source),
        "columns": [{"key": c.key, "label": c.label, "index": c.index, "side": c.side} for c in t.columns],
        "rows": [_row(r) for r in t.rows],
    }


def _untable(d: dict[str, Any]) -> Table:
    return Table(
        kind=d.get("kind"),
        title=d["title"],
        unit=Unit(d["unit"]),
        columns=tuple(Column(c["key"], c["label"], int(c["index"]), c.get("side")) for c in d["columns"]),
        rows=tuple(_unrow(r) for r in d["rows"]),
        source=_unsrc(d["source"]),
        number=d.get("number"),
        notes=tuple(d.get("notes", ())),
        declared_empty=bool(d.get("declared_empty")),
        compiler=d.get("compiler"),
    )


def _section(s: Section) -> dict[str, Any]:
    return {
        "number": s.number,
        "title": s.title,
        "level": s.level,
        "source": _src(s.source),
        "paragraphs": [
            {"text": p.text, "source": _src(p.source), "line_starts": [list(x) for x in p.line_starts]}
            for p in s.paragraphs
        ],
        "children": [_section(c) for c in s.children],
    }


def _unsection(d: dict[str, Any]) -> Section:
    return Section(
        number=d["number"],
        title=d["title"],
        level=int(d["level"]),
        source=_unsrc(d["source"]),
        paragraphs=tuple(
            Paragraph(p["text"], _unsrc(p["source"]), tuple((int(a), int(b)) for a, b in p.get("line_starts", ())))
            for p in d.get("paragraphs", ())
        ),
        children=tuple(_unsection(c) for c in d.get("children", ())),
    )


_CLAIM_FIELDS = ("quantity", "subject", "scope", "whole", "group", "label", "section", "reason", "against", "reading")


def _claim(c: Claim) -> dict[str, Any]:
    d = {f: getattr(c, f) for f in _CLAIM_FIELDS}
    d.update(value=_value(c.value), text=c.text, source=_src(c.source), bound=c.subject is not None)
    return d


def _unclaim(d: dict[str, Any]) -> Claim:
    return Claim(
        quantity=d["quantity"],
        value=_unvalue(d["value"]),
        text=d["text"],
        source=_unsrc(d["source"]),
        subject=d.get("subject"),
        scope=d.get("scope"),
        whole=d.get("whole"),
        group=d.get("group"),
        label=d.get("label"),
        section=d.get("section"),
        reason=d.get("reason"),
        against=d.get("against"),
        reading=d.get("reading"),
    )


def to_dict(doc: Document) -> dict[str, Any]:
    """The document as plain JSON-able data."""
    return {
        "format": "budgetrules-document",
        "version": FORMAT_VERSION,
        "path": doc.path,
        "kind": doc.kind.value if doc.kind else None,
        "year": doc.year,
        "title": doc.title,
        "loader": doc.loader,
        "department": {"name": doc.department.name},
        "toc": [{"number": e.number, "title": e.title, "level": e.level, "source": _src(e.source)} for e in doc.toc],
        "sections": [_section(s) for s in doc.sections],
        "tables": [_table(t) for t in doc.tables],
        "claims": [_claim(c) for c in doc.claims],
        "lines": list(doc.lines),
    }


def from_dict(d: dict[str, Any]) -> Document:
    dept = d.get("department", {})
    return Document(
        path=d["path"],
        kind=DocKind(d["kind"]) if d.get("kind") else None,
        year=d.get("year"),
        title=d.get("title", ""),
        department=Department(dept.get("name")),  # "facts" of older files: read by the claims instead
        sections=tuple(_unsection(s) for s in d.get("sections", ())),
        tables=tuple(_untable(t) for t in d.get("tables", ())),
        toc=tuple(TocEntry(e["number"], e["title"], int(e["level"]), _unsrc(e["source"])) for e in d.get("toc", ())),
        claims=tuple(_unclaim(c) for c in d.get("claims", ())),
        lines=tuple(d.get("lines", ())),
        loader=d.get("loader"),
    )


def to_json(doc: Document) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2) + "\n"


def from_json(text: str) -> Document:
    return from_dict(json.loads(text))


# ---------------------------------------------------------------------------------------------- XML
def _q(tag: str) -> str:
    return f"{{{DOC_NS}}}{tag}"


def _set(el: etree._Element, **attrs: Any) -> etree._Element:
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        el.set(k.replace("_", "-"), str(v))
    return el


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: Any) -> etree._Element:
    el = etree.SubElement(parent, _q(tag))
    _set(el, **attrs)
    if text is not None:
        el.text = text
    return el


def _src_attrs(s: dict[str, Any]) -> dict[str, Any]:
    # every object of one document comes from the document's own file: the path is on the root only
    return {"line": s.get("line"), "page": s.get("page"), "ref": s.get("ref")}


def _section_xml(parent: etree._Element, s: dict[str, Any]) -> None:
    el = _sub(parent, "section", number=s["number"], title=s["title"], level=s["level"], **_src_attrs(s["source"]))
    for p in s["paragraphs"]:
        pe = _sub(el, "paragraph", **_src_attrs(p["source"]))
        _sub(pe, "text", p["text"])
        for offset, line in p["line_starts"]:
            _sub(pe, "line-start", offset=offset, line=line)
    for c in s["children"]:
        _section_xml(el, c)


def _value_xml(parent: etree._Element, v: dict[str, Any]) -> None:
    _sub(parent, "value", type=v["type"], value=v["value"], places=v.get("places"), unit=v.get("unit"))


def to_xml(doc: Document) -> str:
    """The document as XML valid against ``document.xsd``."""
    d = to_dict(doc)
    root = etree.Element(_q("document"), nsmap={None: DOC_NS})
    _set(root, version=FORMAT_VERSION, path=d["path"], kind=d["kind"], year=d["year"], loader=d["loader"])
    _sub(root, "title", d["title"])
    _sub(root, "department", name=d["department"]["name"])
    toc = _sub(root, "toc")
    for e in d["toc"]:
        _sub(toc, "entry", number=e["number"], title=e["title"], level=e["level"], **_src_attrs(e["source"]))
    for s in d["sections"]:
        _section_xml(root, s)
    for t in d["tables"]:
        te = _sub(root, "table", kind=t["kind"], number=t["number"], title=t["title"], unit=t["unit"],
                  compiler=t["compiler"], declared_empty=t["declared_empty"], **_src_attrs(t["source"]))
        for note in t["notes"]:
            _sub(te, "note", note)
        for c in t["columns"]:
            _sub(te, "column", key=c["key"], label=c["label"], index=c["index"], side=c["side"])
        for r in t["rows"]:
            code = r["code"] or {}
            re_ = _sub(te, "row", label=r["label"], role=r["role"], side=r["side"], system=code.get("system"),
                       lei=code.get("lei"), kuan=code.get("kuan"), xiang=code.get("xiang"), level=code.get("level"),
                       **_src_attrs(r["source"]))
            for key, cell in r["cells"].items():
                amount = cell["amount"] or {}
                _sub(re_, "cell", key=key, printed=cell["text"], value=amount.get("value"), places=amount.get("places"),
                     unit=amount.get("unit"), **_src_attrs(cell["source"]))
            for key, text in r["texts"].items():
                _sub(re_, "text", text, key=key)
    for c in d["claims"]:
        ce = _sub(root, "claim", quantity=c["quantity"], subject=c["subject"], scope=c["scope"], whole=c["whole"],
                  group=c["group"], label=c["label"], section=c["section"], reason=c["reason"], against=c["against"],
                  reading=c["reading"], bound=c["bound"], **_src_attrs(c["source"]))
        _value_xml(ce, c["value"])
        _sub(ce, "text", c["text"])
    lines = _sub(root, "lines")
    for line in d["lines"]:
        _sub(lines, "l", line)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")


def _a(el: etree._Element, name: str, conv: Callable[[str], Any] = str) -> Any:
    v = el.get(name)
    return None if v is None else conv(v)


def _int(el: etree._Element, name: str) -> int:
    """A required integer attribute (the schema requires it; a missing one fails as ``int(None)`` does)."""
    return int(cast(str, el.get(name)))


def _xsrc(el: etree._Element) -> dict[str, Any]:
    d = {"path": el.getroottree().getroot().get("path", ""), "line": _a(el, "line", int), "page": _a(el, "page", int), "ref": el.get("ref")}
    return {k: v for k, v in d.items() if v is not None}


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    return el.iterchildren(_q(tag))


def _xsection(el: etree._Element) -> dict[str, Any]:
    return {
        "number": el.get("number", ""),
        "title": el.get("title", ""),
        "level": _int(el, "level"),
        "source": _xsrc(el),
        "paragraphs": [
            {
                "text": next(_children(p, "text")).text or "",
                "source": _xsrc(p),
                "line_starts": [[_int(x, "offset"), _int(x, "line")] for x in _children(p, "line-start")],
            }
            for p in _children(el, "paragraph")
        ],
        "children": [_xsection(c) for c in _children(el, "section")],
    }


#: The largest value each numeric attribute may take: a schema-valid but absurd value (``places="999999999"``,
#: ``year`` 10²³) is refused when the file is read, not left to make a rule fail.
_LIMITS = {"places": 12, "line": 10**9, "page": 10**9, "offset": 10**9, "index": 10**4, "level": 100,
           "group": 10**9, "version": 10**3}
_YEARS = (1900, 2999)
#: Digits an amount may print before and after its point (the largest budget in 元 has 14).
_DIGITS = (18, 12)


def _check_bounds(root: etree._Element) -> None:
    """Raise :class:`ValueError` naming the first numeric attribute whose value no disclosure could hold."""
    for el in root.iter(etree.Element):  # elements only: comments and processing instructions hold no numbers
        attrib = el.attrib
        for name, limit in _LIMITS.items():
            raw = (attrib.get(name) or "").strip()
            if not raw.lstrip("+-").isdecimal():
                continue  # absent, or not a number: the schema reports it
            if len(raw) <= 20 and abs(int(raw)) <= limit:
                continue
            shown = raw if len(raw) <= 20 else raw[:20] + "…"
            raise ValueError(f"第 {el.sourceline} 行 {etree.QName(el).localname} 的 {name}=\"{shown}\" 超出合理范围（上限 {limit}）")
        year = attrib.get("year")
        if year is not None and year.strip().lstrip("+-").isdecimal():
            if len(year.strip()) > 6 or not _YEARS[0] <= int(year) <= _YEARS[1]:
                raise ValueError(f"第 {el.sourceline} 行 {etree.QName(el).localname} 的 year=\"{year[:20]}\" 不是合理的年度"
                                 f"（{_YEARS[0]}–{_YEARS[1]}）")
        if etree.QName(el).localname == "fact":
            raw = attrib.get("value", "")
            if raw.strip().lstrip("+-").isdecimal() and (len(raw) > 10 or abs(int(raw)) > 10**9):
                raise ValueError(f"第 {el.sourceline} 行 fact 的 value=\"{raw[:20]}\" 超出合理范围（上限 {10**9}）")
        value = attrib.get("value")
        if value is not None and etree.QName(el).localname in ("cell", "value"):
            whole, _, fraction = value.strip().lstrip("-").partition(".")
            if len(whole) > _DIGITS[0] or len(fraction) > _DIGITS[1]:
                raise ValueError(f"第 {el.sourceline} 行 {etree.QName(el).localname} 的数值有 {len(whole)} 位整数、"
                                 f"{len(fraction)} 位小数，超出合理范围（上限 {_DIGITS[0]} 位整数、{_DIGITS[1]} 位小数）")


def from_xml(data: bytes | str, path: str | None = None) -> Document:
    """Read a document written by :func:`to_xml` (validated against the schema first).

    ``path`` is the file actually read: every place in the document then names it, whatever the ``path``
    attribute inside the XML says (a report must never name a file that was not checked). A DOCTYPE (and so
    any entity, internal or external) is refused, and so are numbers no disclosure could print (:class:`ValueError`).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype:
        raise ValueError("含有 DOCTYPE 声明（budgetrules 的文档 XML 不使用 DTD 或实体，出于安全原因拒绝读取）")
    _check_bounds(root)
    document_schema().assertValid(root)
    if path is not None:
        root.set("path", path)
    dept_el = next(_children(root, "department"))
    d: dict[str, Any] = {
        "path": root.get("path"),
        "kind": root.get("kind"),
        "year": _a(root, "year", int),
        "loader": root.get("loader"),
        "title": next(_children(root, "title")).text or "",
        "department": {"name": dept_el.get("name")},  # <fact> of older files: ignored
        "toc": [
            {"number": e.get("number", ""), "title": e.get("title", ""), "level": _int(e, "level"), "source": _xsrc(e)}
            for toc in _children(root, "toc") for e in _children(toc, "entry")
        ],
        "sections": [_xsection(s) for s in _children(root, "section")],
        "tables": [],
        "claims": [],
        "lines": [l.text or "" for ls in _children(root, "lines") for l in _children(ls, "l")],
    }
    for te in _children(root, "table"):
        rows = []
        for re_ in _children(te, "row"):
            code = None
            if re_.get("system"):
                code = {"system": re_.get("system"), "lei": re_.get("lei"), "kuan": re_.get("kuan"),
                        "xiang": re_.get("xiang"), "level": re_.get("level")}
            cells = {}
            for ce in _children(re_, "cell"):
                amount = None
                if ce.get("value") is not None:
                    amount = {"value": ce.get("value"), "places": ce.get("places"), "unit": ce.get("unit")}
                cells[ce.get("key")] = {"text": ce.get("printed", ""), "amount": amount, "source": _xsrc(ce)}
            rows.append({
                "label": re_.get("label", ""), "role": re_.get("role"), "side": re_.get("side"), "code": code,
                "source": _xsrc(re_), "cells": cells,
                "texts": {t.get("key"): t.text or "" for t in _children(re_, "text")},
            })
        d["tables"].append({
            "kind": te.get("kind"), "number": te.get("number"), "title": te.get("title"), "unit": te.get("unit"),
            "compiler": te.get("compiler"), "declared_empty": te.get("declared-empty") == "true",
            "notes": [n.text or "" for n in _children(te, "note")], "source": _xsrc(te),
            "columns": [{"key": c.get("key"), "label": c.get("label", ""), "index": _int(c, "index"),
                         "side": c.get("side")} for c in _children(te, "column")],
            "rows": rows,
        })
    for ce in _children(root, "claim"):
        ve = next(_children(ce, "value"))
        d["claims"].append({
            "quantity": ce.get("quantity"), "subject": ce.get("subject"), "scope": ce.get("scope"),
            "whole": ce.get("whole"), "group": _a(ce, "group", int), "label": ce.get("label"),
            "section": ce.get("section"), "reason": ce.get("reason"), "against": ce.get("against"),
            "reading": ce.get("reading"), "text": next(_children(ce, "text")).text or "", "source": _xsrc(ce),
            "value": {"type": ve.get("type"), "value": ve.get("value"), "places": ve.get("places"),
                      "unit": ve.get("unit")},
        })
    return from_dict(d)


def document_schema() -> etree.XMLSchema:
    """The XSD of the document XML, shipped in ``budgetrules/schema/document.xsd``."""
    with resources.files("budgetrules.schema").joinpath("document.xsd").open("rb") as fh:
        return etree.XMLSchema(etree.parse(fh))
