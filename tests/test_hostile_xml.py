"""Hostile graph XML (issue 14, items 6 and 8): the tool's own format is input like any other. Findings name
the file checked, never the ``path`` written inside; absurd but schema-valid numbers are refused when read;
UTF-16 is read as XML; a DOCTYPE gets a plain message. Each case is bounded in CPU time and memory.
"""

from __future__ import annotations

import re

import pytest
from hostile_kit import assert_cheap, bounded, check_outcome, load_outcome


@pytest.fixture(scope="module")
def graph_xml(akto) -> str:
    from budgetrules.core import serialize

    text = serialize.to_xml(akto)
    return text if isinstance(text, str) else text.decode("utf-8")


def _body(xml: str) -> str:
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)


def test_findings_name_the_file_checked_not_the_path_inside(graph_xml, tmp_path):
    from pathlib import Path

    from budgetrules.engine.check import check_paths
    from budgetrules.engine.plugins import get_registry

    forged = re.sub(r'path="[^"]*"', 'path="/etc/passwd"', graph_xml, count=1)
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_text(forged, encoding="utf-8")
    second.write_text(forged, encoding="utf-8")

    def case():
        reports = check_paths([str(tmp_path)], get_registry())
        return [(r.path, r.error, sorted({f.location.path for f in r.findings})) for r in reports]

    cost = bounded(case)
    assert cost.error is None, cost.error
    assert [path for path, _, _ in cost.result] == [str(first), str(second)]
    for path, error, places in cost.result:
        assert error is None
        assert places == [path] and "/etc/passwd" not in places
    assert Path(first).exists()


def _with_fact(xml: str, value: str) -> str:
    """``xml`` with a staffing fact under <department>, as budgetrules 0.1.0 wrote them."""
    return re.sub(r"(<department[^>]*?)/>", r'\1><fact name="编制数" value="' + value + r'" line="87"/></department>',
                  xml, count=1)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda x: x.replace('places="2"', 'places="999999999"', 1), "places"),
        (lambda x: re.sub(r'value="344\.02"', 'value="' + "9" * 200_000 + '"', x, count=1), "位整数"),
        (lambda x: x.replace('year="2021"', 'year="100000000000000000000000"', 1), "年度"),
        (lambda x: x.replace('year="2021"', 'year="-7"', 1), "年度"),
        (lambda x: re.sub(r'line="(\d+)"', 'line="' + "9" * 40 + '"', x, count=1), "line"),
        (lambda x: re.sub(r'index="(\d+)"', 'index="99999999"', x, count=1), "index"),
        (lambda x: _with_fact(x, "9" * 30), "fact"),  # the <fact> of a 0.1.0 graph, ignored but still bounded
    ],
)
def test_absurd_schema_valid_numbers_are_refused_at_reading(graph_xml, tmp_path, change, words):
    path = tmp_path / "absurd.xml"
    changed = change(graph_xml)
    assert changed != graph_xml
    path.write_text(changed, encoding="utf-8")
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert cost.result is not None and words in cost.result
    assert_cheap(cost, cpu=3.0, mem_mb=200)


def test_an_older_graph_s_department_facts_are_accepted_and_ignored(graph_xml, tmp_path):
    """Graphs written by 0.1.0 list the staffing facts under <department>; they are claims now."""
    path = tmp_path / "older.xml"
    older = _with_fact(graph_xml, "10")
    assert older != graph_xml
    path.write_text(older, encoding="utf-8")
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert cost.result is None, cost.result


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_graph_xml_is_read_as_xml(graph_xml, tmp_path, akto_path, codec):
    path = tmp_path / "u16.xml"
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + _body(graph_xml)
    data = text.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + text).encode(codec)  # the byte-order mark written explicitly
    path.write_bytes(data)
    cost = bounded(check_outcome, str(path))
    assert cost.error is None, cost.error
    error, findings = cost.result
    _, expected = bounded(check_outcome, str(akto_path)).result
    assert error is None and sorted(findings) == sorted(expected)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd">',
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ],
)
def test_a_doctype_is_refused_with_a_plain_message(graph_xml, tmp_path, doctype):
    path = tmp_path / "xxe.xml"
    body = _body(graph_xml).replace("<title>", "<title>&x;", 1) if "ENTITY x" in doctype else _body(graph_xml)
    path.write_text('<?xml version="1.0"?>\n' + doctype + "\n" + body, encoding="utf-8")
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert "DOCTYPE" in cost.result and "Internal error" not in cost.result
    assert "root:" not in cost.result
    assert_cheap(cost, cpu=2.0, mem_mb=100)


def test_comments_and_processing_instructions_are_read_past(graph_xml, tmp_path):
    path = tmp_path / "commented.xml"
    path.write_text(graph_xml.replace("<title>", "<!-- 注释 --><?pi x?><title>", 1), encoding="utf-8")
    assert bounded(load_outcome, str(path)).result is None
