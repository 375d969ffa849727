"""The streaming renderers write, piece by piece, exactly the document a whole-output serializer would: JSON
as ``json.dumps(indent=2)`` of the whole, XML and JUnit as the whole tree pretty-printed, and every piece
valid when closed early (an interrupted run)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.report import FileReport, Part
from budgetrules.engine.plugins import get_registry
from budgetrules_plugins.renderers.xml_format import schema

text = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=12)
locations = st.builds(Location, path=st.sampled_from(["a.txt", "目录/b.pdf"]), line=st.none() | st.integers(1, 999),
                      page=st.none() | st.integers(1, 99), table=st.none() | text, code=st.none() | text,
                      column=st.none() | text)
findings = st.builds(Finding, rule=st.sampled_from(["AR101", "NC103", "BR020"]), severity=st.sampled_from(list(Severity)),
                     message=text.filter(bool), location=locations, expected=st.none() | st.just("1.00"),
                     related=st.lists(locations, max_size=2).map(tuple), key=st.none() | text)
parts = st.builds(Part, path=st.sampled_from(["a.txt", "b.txt"]), role=st.sampled_from(["whole", "narrative", "tables"]),
                  year=st.none() | st.integers(2015, 2026))
reports = st.one_of(
    st.builds(FileReport, path=st.sampled_from(["a.txt", "目录/b.pdf"]), findings=st.lists(findings, max_size=4).map(tuple),
              ruleset=st.none() | st.just("national-budget"), year=st.none() | st.integers(2015, 2026),
              kind=st.none() | st.sampled_from(["预算", "决算"]), department=st.none() | text,
              parts=st.lists(parts, max_size=2).map(tuple)),
    st.builds(FileReport, path=st.just("bad.txt"), error=st.just("bad.txt: 文件为空"), error_kind=st.just("input")),
)


class Interrupted(list):
    """Reports of a run stopped early, as a Batch ends after Ctrl-C."""

    complete = False
    total = 99


def render(name, batch):
    return get_registry().renderers[name].render(batch)


@settings(max_examples=60, deadline=None)
@given(st.lists(reports, max_size=5), st.booleans())
def test_streamed_json_is_the_whole_document(batch, interrupted):
    batch = Interrupted(batch) if interrupted else batch
    out = render("json", batch)
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert data["complete"] is (not interrupted) and len(data["files"]) == len(batch)
    lines = render("jsonl", batch).splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["file"] * len(batch) + ["summary"]
    assert json.loads(lines[-1])["complete"] is (not interrupted)
    sarif = json.loads(render("sarif", batch))
    assert len(sarif["runs"][0]["results"]) == sum(len(r.findings) for r in batch)
    assert (not interrupted) or sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


@settings(max_examples=60, deadline=None)
@given(st.lists(reports, max_size=5), st.booleans())
def test_streamed_xml_is_the_whole_tree_and_valid(batch, interrupted):
    batch = Interrupted(batch) if interrupted else batch
    for name in ("xml", "junit"):
        out = render(name, batch)
        root = etree.fromstring(out.encode("utf-8"))
        assert out == etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
    root = etree.fromstring(render("xml", batch).encode("utf-8"))
    schema().assertValid(root)
    summary = root.find("{urn:budgetrules:findings:1}summary")
    assert summary.get("complete") == ("false" if interrupted else None)


@settings(max_examples=30, deadline=None)
@given(st.lists(reports, max_size=5))
def test_text_has_one_summary_line_per_disclosure(batch):
    out = render("text", batch).splitlines()
    assert sum(1 for line in out if line.startswith("# ")) == sum(1 for r in batch if not r.error)
    assert out[-1].startswith("检查了 ")
