"""The object graph survives JSON and XML round trips exactly; the XML validates against its XSD."""

from __future__ import annotations

from lxml import etree

from budgetrules.core import serialize


def test_json_roundtrip(akto):
    assert serialize.from_json(serialize.to_json(akto)) == akto


def test_xml_roundtrip_and_schema(akto):
    text = serialize.to_xml(akto)
    serialize.document_schema().assertValid(etree.fromstring(text.encode("utf-8")))
    assert serialize.from_xml(text) == akto


def test_amounts_keep_printed_decimals(akto):
    data = serialize.to_dict(akto)
    t1 = next(t for t in data["tables"] if t["number"] == "表一")
    total = next(r for r in t1["rows"] if r["role"] == "total" and r["side"] == "income")
    assert total["cells"]["total"]["amount"] == {"value": "1117.5", "places": 1, "unit": "万元"}


def test_xml_loader_rejects_invalid(tmp_path):
    import pytest

    from budgetrules.core.errors import InputError
    from budgetrules.engine.check import load_document

    bad = tmp_path / "bad.xml"
    bad.write_text(f'<document xmlns="{serialize.DOC_NS}" version="1"/>', encoding="utf-8")
    with pytest.raises(InputError, match="架构"):
        load_document(bad)
