"""The formats a colleague opens (csv, xlsx, html), the CI formats (concise, github, gitlab), the integrators'
contracts (the JSON Schema of the JSON output, SARIF 2.1.0 with format checking, JUnit), and control
characters from a document escaped in every format that prints text (issue 14, item 4)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from budgetrules.cli.main import main
from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.report import FileReport
from budgetrules.engine.check import check_paths
from budgetrules.engine.plugins import get_registry
from budgetrules.engine.rendering import Options

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = Path(__file__).resolve().parents[1] / "budgetrules" / "schema" / "findings.schema.json"
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x00\x08\u202e"
CLEAN = FileReport(path="clean.txt", ruleset="national-budget", year=2021, kind="预算", department="测试局")


def _finding(**changes) -> Finding:
    base = dict(
        rule="AR101", severity=Severity.ERROR,
        message="类 212 城乡社区支出 的金额 344.02 不等于其下各款之和 439.02",
        location=Location(path="a.txt", line=149, table="表二《部门（单位）收入总体情况表》", code="212",
                          row="城乡社区支出", column="总计"),
        expected="439.02", actual="344.02",
        related=(Location(path="a.txt", line=172, table="表三《部门（单位）支出总体情况表》", code="212"),),
        snippet="212\t\t\t城乡社区支出\t344.02",
    )
    base.update(changes)
    return Finding(**base)


FINDING = _finding()
REPORTS = [
    FileReport(path="a.txt", findings=(FINDING,), ruleset="xinjiang-county-budget", year=2021, kind="预算",
               department="某某局"),
    FileReport(path="b.txt", error="b.txt: 文件为空"),
    CLEAN,
]
#: Text from a hostile document in every field a renderer prints, and a file name with a newline in it.
EVIL_PATH = "evil\nforged.txt:1: AR101 错误 伪造的问题"
EVIL = FileReport(
    path=EVIL_PATH, ruleset="national-budget", department=f"某局{HOSTILE}",
    findings=(_finding(message=f"类 212 {HOSTILE} 不等于 =cmd|' /C calc'!A0",
                       location=Location(path=EVIL_PATH, line=3, table=f"表二{HOSTILE}", code="212",
                                         row=f"城乡{HOSTILE}", column="总计"),
                       related=(Location(path=EVIL_PATH, line=4, table=f"表三{HOSTILE}"),),
                       snippet=f"212\t城乡{HOSTILE}\t344.02", expected="=1+1"),),
)


def render(name: str, reports=REPORTS):
    """As the command line renders: the registered rules handed in the options."""
    registry = get_registry()
    return registry.renderers[name].render(reports, Options(rules=registry.rules.values()))


@pytest.fixture(scope="module")
def akto_reports(akto_path):
    return check_paths([akto_path])


# -- csv ---------------------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_one_row_a_finding(akto_reports):
    text = render("csv", akto_reports)
    assert text.startswith("\ufeff文件,页,行,规则,级别,问题")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(akto_reports[0].findings)
    ar101 = [r for r in rows[1:] if r[3] == "AR101"]
    assert ar101 and all(r[4] == "错误" for r in ar101)
    assert {r[10] for r in ar101} == {"439.02", "95.00"}
    assert (text.encode("utf-8")[:3]) == b"\xef\xbb\xbf"


def test_csv_unreadable_file_and_clean_file():
    rows = list(csv.reader(io.StringIO(render("csv").lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == ["a.txt", "b.txt"]
    assert rows[2][4] == "无法读取" and rows[2][5] == "b.txt: 文件为空"


def test_the_example_plugin_format_was_renamed():
    formats = get_registry().renderers
    assert formats["csv"].plugin == "render-csv" and formats["example-csv"].plugin == "example"


# -- xlsx --------------------------------------------------------------------------------------------------


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_summary_and_findings_sheets(akto_reports):
    data = render("xlsx", akto_reports)
    assert isinstance(data, bytes) and data[:2] == b"PK"
    wb = _workbook(data)
    assert wb.sheetnames == ["汇总", "问题"]
    summary, findings = wb["汇总"], wb["问题"]
    head = [c.value for c in summary[1]]
    assert head[:5] == ["文件", "部门", "年度", "类型", "规则集"]
    row = [c.value for c in summary[2]]
    report = akto_reports[0]
    assert row[1] == report.department and row[2] == 2021 and row[3] == "预算" and row[4] == report.ruleset
    assert row[5:8] == [report.counts()["error"], report.counts()["warning"], report.counts()["info"]]
    assert findings.freeze_panes == "A2" and summary.freeze_panes == "A2"
    assert findings.auto_filter.ref == f"A1:T{len(report.findings) + 1}"
    header = [c.value for c in findings[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(findings.iter_rows(min_row=2))
    assert len(rows) == len(report.findings)
    ar101 = next(r for r in rows if r[col["规则"]].value == "AR101")
    assert ar101[col["行"]].data_type == "n" and ar101[col["行"]].value == 149
    assert ar101[col["应为"]].data_type == "n" and ar101[col["实为"]].data_type == "n"
    assert ar101[col["级别"]].value == "错误"
    assert ar101[col["文件"]].hyperlink is not None


def test_xlsx_is_the_same_bytes_every_time_and_keeps_an_interrupted_mark():
    assert render("xlsx") == render("xlsx")
    wb = _workbook(render("xlsx"))
    states = [c.value for c in wb["汇总"]["I"]]
    assert states[1:4] == ["有问题", "无法读取：b.txt: 文件为空", "未发现问题"] and states[4] == "完整"


def test_xlsx_pdf_link_goes_to_the_page():
    report = FileReport(path="报告 2021.pdf", findings=(_finding(location=Location(path="报告 2021.pdf", page=3)),))
    cell = _workbook(render("xlsx", [report]))["问题"]["A2"]
    assert cell.hyperlink.target == "%E6%8A%A5%E5%91%8A%202021.pdf#page=3"


# -- concise, github, gitlab -------------------------------------------------------------------------------


def test_concise_is_one_line_a_finding(akto_reports):
    lines = render("concise", akto_reports).splitlines()
    assert len(lines) == len(akto_reports[0].findings)
    assert all(re.match(r"^\S+:\d+: [A-Z]{2}\d{3} (错误|警告|提示) ", line) for line in lines)


def test_github_annotations():
    lines = render("github").splitlines()
    assert lines[0].startswith("::error file=a.txt,line=149,title=AR101 类的金额等于其下各款之和::类 212")
    assert "%0A位置：表二" in lines[0]
    assert lines[1] == "::error file=b.txt,title=无法读取::b.txt: 文件为空"
    evil = render("github", [EVIL]).splitlines()
    assert len(evil) == 1 and "file=evil\\nforged.txt%3A1%3A AR101" in evil[0]


def test_sarif_and_github_describe_only_the_rules_they_are_handed():
    registry = get_registry()
    ar101 = registry.rules["AR101"]
    sarif, github = registry.renderers["sarif"], registry.renderers["github"]
    described = json.loads(sarif.render(REPORTS, Options(rules=(ar101,))))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in described] == ["AR101"]
    assert json.loads(sarif.render(REPORTS))["runs"][0]["tool"]["driver"]["rules"] == []
    assert "title=AR101::" in github.render(REPORTS)  # no summary handed, none printed
    assert "title=AR101 类的金额等于其下各款之和::" in github.render(REPORTS, Options(rules=(ar101,)))


def test_gitlab_code_quality():
    issues = json.loads(render("gitlab"))
    assert [i["check_name"] for i in issues] == ["AR101", "BR000"]
    assert issues[0]["severity"] == "major" and issues[0]["location"] == {"path": "a.txt", "lines": {"begin": 149}}
    assert issues[1]["severity"] == "blocker"
    assert len({i["fingerprint"] for i in issues}) == 2
    assert json.loads(render("gitlab", [CLEAN])) == []


# -- JSON Schema, SARIF, JUnit -----------------------------------------------------------------------------


def _validator(schema: dict):
    """A validator of the schema's draft that checks every format jsonschema knows (draft 4, SARIF's, has no
    ``uri-reference`` of its own; its schema uses it all the same)."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)  # jsonschema[format-nongpl] is installed
    return cls(schema, format_checker=checker)


def test_json_output_validates_against_the_published_schema(akto_reports):
    validator = _validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for reports in (REPORTS, akto_reports, [EVIL], []):
        validator.validate(json.loads(render("json", reports)))
    broken = json.loads(render("json"))
    broken["files"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_json_schema_is_installed_with_the_package():
    from importlib import resources

    assert resources.files("budgetrules.schema").joinpath("findings.schema.json").is_file()


@pytest.fixture(scope="module")
def sarif_validator():
    return _validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))


def test_sarif_validates_with_format_checking(sarif_validator, akto_reports):
    odd = FileReport(path="县级/报告 2021#1.txt", findings=(_finding(location=Location(path="县级/报告 2021#1.txt",
                                                                                        line=2)),))
    for reports in (REPORTS, akto_reports, [odd], [EVIL]):
        sarif_validator.validate(json.loads(render("sarif", reports)))
    data = json.loads(render("sarif", [odd]))
    uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E5%8E%BF%E7%BA%A7/%E6%8A%A5%E5%91%8A%202021%231.txt"
    absolute = FileReport(path="/srv/公开/a b.txt")
    assert json.loads(render("sarif", [absolute]))["runs"][0]["artifacts"][0]["location"]["uri"] == (
        "file:///srv/%E5%85%AC%E5%BC%80/a%20b.txt")


def test_a_plain_path_with_a_space_is_not_a_valid_uri_reference(sarif_validator):
    """The format checking is real: the unencoded path the old output wrote is refused."""
    data = json.loads(render("sarif"))
    data["runs"][0]["artifacts"][0]["location"]["uri"] = "报告 2021.txt"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(data)


def test_sarif_related_locations_rules_help_and_chinese_descriptions(akto_reports):
    run = json.loads(render("sarif", akto_reports))["runs"][0]
    xt = next(r for r in run["results"] if r["ruleId"] == "XT101")
    assert [rel["id"] for rel in xt["relatedLocations"]] == [1, 2]
    assert "表二" in xt["relatedLocations"][0]["message"]["text"]
    assert "](1)" in xt["message"]["text"] and "](2)" in xt["message"]["text"]
    assert xt["properties"]["budgetrules/consequence"] is True
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    ar101 = rules["AR101"]
    assert ar101["helpUri"].endswith("docs/rules.md#ar101")
    assert "整改建议" in ar101["help"]["text"] and "预算法" in ar101["help"]["text"]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert all(cjk.search(r["fullDescription"]["text"]) for r in rules.values())


def test_every_help_uri_has_its_heading_in_the_rules_reference():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in get_registry().rules:
        if not rule_id.startswith("EX"):
            assert f'<a id="{rule_id.lower()}"></a>' in doc, rule_id


def test_junit_counts_a_clean_document_as_a_passed_test():
    root = etree.fromstring(render("junit", [CLEAN]).encode("utf-8"))
    (suite,) = root.findall("testsuite")
    (case,) = suite.findall("testcase")
    assert case.get("name") == "check" and len(case) == 0
    assert root.get("tests") == "1" and root.get("failures") == "0" and root.get("errors") == "0"


# -- control characters (issue 14, item 4) -----------------------------------------------------------------

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202e]")


@pytest.mark.parametrize("name", ["text", "concise", "xml", "junit", "html", "csv", "github", "json", "jsonl",
                                  "sarif", "gitlab"])
def test_no_format_raises_or_passes_control_characters_through(name):
    out = render(name, [EVIL, CLEAN])
    if name == "csv":
        out = out.replace("\r\n", "\n")  # RFC 4180 line ends
    assert not _RAW.search(out), name
    if name in ("text", "concise"):
        assert not any(line.startswith("forged.txt") for line in out.splitlines())
        assert "\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize("name", ["json", "jsonl", "sarif", "gitlab"])
def test_json_formats_keep_the_document_s_text_exactly(name):
    out = render(name, [EVIL])
    assert "\\u202e" in out and "\u202e" not in out
    data = json.loads(out.splitlines()[0] if name == "jsonl" else out)
    assert any(HOSTILE in text for text in _strings(data))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_xml_with_control_characters_still_validates():
    from budgetrules_plugins.renderers.xml_format import schema

    schema().assertValid(etree.fromstring(render("xml", [EVIL]).encode("utf-8")))


def test_xlsx_with_control_characters_and_formulas():
    wb = _workbook(render("xlsx", [EVIL]))
    values = [c.value for row in wb["问题"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(_RAW.search(v) for v in values)
    assert not any(v.startswith("=") for v in values)
    assert "'=1+1" in values


def test_the_command_line_never_writes_a_document_s_escape_sequences(tmp_path, akto_path):
    text = akto_path.read_text(encoding="utf-8").replace("城乡社区支出", "城乡社区支出\x1b[2J\x1b]0;pwned\x07", 1)
    path = tmp_path / "a\nb.txt"
    path.write_text(text, encoding="utf-8")
    for fmt in ("text", "concise", "xml", "junit", "html"):
        result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", fmt])
        assert result.exit_code == 1, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, fmt
        if fmt in ("text", "concise"):
            assert all(not line.startswith("b.txt") for line in result.stdout.splitlines())
