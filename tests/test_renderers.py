"""Renderers: the XML validates against the shipped XSD; the JSON has the shape integrations rely on."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.report import FileReport
from budgetrules.engine.plugins import get_registry

FINDING = Finding(
    rule="AR101",
    severity=Severity.ERROR,
    message="类 212 城乡社区支出 的金额 344.02 不等于其下各款之和 439.02",
    location=Location(path="a.txt", line=149, table="表二《部门（单位）收入总体情况表》", code="212", row="城乡社区支出",
                      column="总计"),
    expected="439.02",
    actual="344.02",
    related=(Location(path="a.txt", line=150, table="表二", code="21201"),),
    snippet="212\t\t\t城乡社区支出\t344.02",
)
REPORTS = [
    FileReport(path="a.txt", findings=(FINDING,), ruleset="xinjiang-county-budget"),
    FileReport(path="b.txt", error="b.txt: 文件为空"),
]


def render(name: str) -> str:
    return get_registry().renderers[name].render(REPORTS)


def test_xml_valid_against_shipped_xsd(akto_path):
    from budgetrules.engine.check import check_paths
    from budgetrules_plugins.renderers.xml_format import schema

    xsd = schema()
    xsd.assertValid(etree.fromstring(render("xml").encode("utf-8")))
    real = get_registry().renderers["xml"].render(check_paths([akto_path]))
    xsd.assertValid(etree.fromstring(real.encode("utf-8")))


def test_json_shape():
    data = json.loads(render("json"))
    assert data["version"] == 1
    a, b = data["files"]
    assert a["path"] == "a.txt" and a["error"] is None and a["ruleset"] == "xinjiang-county-budget"
    (f,) = a["findings"]
    assert {"rule", "severity", "message", "location", "expected", "actual", "fingerprint"} <= set(f)
    assert {"path", "line", "table", "code", "column"} <= set(f["location"])
    assert f["location"]["line"] == 149 and f["expected"] == "439.02"
    assert b["error"] == "b.txt: 文件为空" and b["findings"] == []
    assert data["summary"] == {"files": 2, "documents": 2, "sets": 0, "unreadable": 1, "error": 1, "warning": 0,
                               "info": 0}


def test_text_is_compiler_style():
    lines = render("text").splitlines()
    assert lines[0] == "# a.txt：类型? 年度? 部门?，规则集 xinjiang-county-budget，1 个错误，0 个警告，0 个提示"
    assert lines[1].startswith("a.txt:149: AR101 错误 类 212")
    assert "149 | 212" in lines[2]
    assert any("应为 439.02，实为 344.02" in l for l in lines)
    assert "b.txt: 文件为空" in lines
    assert lines[-1].startswith("检查了 2 个文件")


def test_sarif_conventions():
    data = json.loads(render("sarif"))
    run = data["runs"][0]
    assert data["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    (result,) = run["results"]
    assert result["partialFingerprints"]["budgetrules/v1"] == FINDING.fingerprint
    kinds = {l["kind"] for l in result["locations"][0]["logicalLocations"]}
    assert {"table", "row", "column"} <= kinds


def test_junit_suites_and_cases():
    root = etree.fromstring(render("junit").encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.txt", "b.txt"]
    assert suites[0].get("failures") == "1" and suites[1].get("errors") == "1"


def test_fingerprint_ignores_line_numbers():
    import attrs

    moved = attrs.evolve(FINDING, location=attrs.evolve(FINDING.location, line=999))
    assert moved.fingerprint == FINDING.fingerprint
    other_row = attrs.evolve(FINDING, location=attrs.evolve(FINDING.location, code="211"))
    assert other_row.fingerprint != FINDING.fingerprint


@pytest.mark.parametrize("name", ["text", "json", "xml", "sarif", "junit"])
def test_renderers_are_deterministic(name):
    assert render(name) == render(name)
