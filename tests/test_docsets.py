"""Document sets: the narrative and the tables of one disclosure published as two files, checked as one.

The files are built with the repository's writers: the narrative as a PDF (``writers.write_pdf``; a narrative
without tables is a valid input), the tables in the text format (``textwriter``) or as a workbook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from budgetrules.cli.main import main
from budgetrules.engine.check import CheckConfig, check_paths
from budgetrules.reading import docsets
from budgetrules.testing import example_document
from budgetrules.testing.textwriter import write_document

pytest.importorskip("reportlab")
from budgetrules.testing.writers import write_pdf, write_xlsx  # noqa: E402

NARRATIVE = """测试局2021年部门预算公开
第一部分 部门概况
一、主要职能
负责全县住房和城乡建设管理。
二、机构设置及人员情况
本局下设 3 个科室，编制数 10 人。
第二部分 部门预算表
部门预算公开表另行发布。
第三部分 部门预算情况说明
一、收支总体情况说明
2021年收入总计12.00万元，支出总计12.00万元。
二、其他重要事项的情况说明
（一）机关运行经费情况
机关运行经费财政拨款预算 7.60 万元。
（二）政府采购情况
政府采购预算 0 万元。
（三）国有资产占用情况
截至 2020 年底，本单位共有车辆 2 辆。
第四部分 名词解释
机关运行经费：指各部门的公用经费。
"""

TABLES = """表一
2021年部门收支总体情况表
编制部门：测试局 | 单位：万元
收入 | ∅ | 支出 | ∅
项目 | 预算数 | 功能分类 | 预算数
一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00
收入总计 | 10.00 | 支出总计 | 10.00
表三
2021年部门支出总体情况表
编制部门：测试局 | 单位：万元
功能分类科目编码 | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
201 | 一般公共服务支出 | 10.00 | 9.00 | ∅
20101 | 人大事务 | 10.00 | 9.00 | ∅
∅ | 合计 | 10.00 | 9.00 | ∅
"""


@pytest.fixture
def runner():
    return CliRunner()


def write_narrative(path: Path, text: str = NARRATIVE) -> Path:
    write_pdf(example_document(text, path.name), path)
    return path


def write_tables(path: Path, text: str = TABLES) -> Path:
    path.write_text(write_document(example_document(text, path.name)), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path):
    """A narrative (PDF) and its tables (text) in one folder, as a department publishes them."""
    folder = tmp_path / "bureau"
    folder.mkdir()
    return write_narrative(folder / "narrative.pdf"), write_tables(folder / "tables.txt")


def run(runner, *args):
    return runner.invoke(main, ["check", *map(str, args)])


def by_rule(findings):
    out = {}
    for f in findings:
        out.setdefault(f["rule"], []).append(f)
    return out


def test_a_folder_holding_both_halves_is_checked_as_one_disclosure(runner, pair):
    narrative, tables = pair
    result = run(runner, narrative.parent, "--format", "json")
    data = json.loads(result.stdout)
    (report,) = data["files"]
    assert report["path"] == str(narrative)
    assert [(p["path"], p["role"]) for p in report["parts"]] == [(str(narrative), "narrative"), (str(tables), "tables")]
    assert (report["kind"], report["year"], report["department"]) == ("预算", 2021, "测试局")
    assert data["summary"]["files"] == 2 and data["summary"]["documents"] == 1 and data["summary"]["sets"] == 1
    found = by_rule(report["findings"])
    # the text's totals (12.00) are checked against the tables of the other file (10.00)
    assert {f["location"]["path"] for f in found["NC101"]} == {str(narrative)}
    assert all("10.00" in f["message"] and "12.00" in f["message"] for f in found["NC101"])
    # a defect of a table points at the tables file
    assert {f["location"]["path"] for f in found["AR104"]} == {str(tables)}
    assert "BR020" not in found and "BR010" not in found and "BR011" not in found
    assert result.exit_code == 1


def test_every_finding_shows_the_line_of_its_own_file(runner, pair):
    narrative, tables = pair
    text = run(runner, narrative.parent).stdout
    table_lines = tables.read_text(encoding="utf-8").splitlines()
    head = text.splitlines()[0]
    assert head.startswith(f"# {narrative} + {tables}：同一套公开（文字说明 + 公开表格），预算 2021 测试局，规则集 national-budget，")
    ar = re.search(rf"^{re.escape(str(tables))}:(\d+): AR104 .*\n\s+\d+ \| (.*)$", text, re.M)
    assert ar and ar.group(2) == table_lines[int(ar.group(1)) - 1].rstrip()
    nc = re.search(rf"^{re.escape(str(narrative))}:p\d+:(\d+): NC101 .*\n\s+\d+ \| (.*)$", text, re.M)
    assert nc and "收入总计12.00万元" in nc.group(2)
    assert "检查了 2 个文件（其中 2 个文件合为 1 套公开一并检查）" in text


def test_a_narrative_alone_says_once_that_its_tables_were_not_provided(runner, pair):
    narrative, _ = pair
    result = run(runner, narrative, "--format", "json")
    (report,) = json.loads(result.stdout)["files"]
    found = by_rule(report["findings"])
    assert list(found) == ["BR020"]  # no "table missing" per required table, no contents entry per table
    (note,) = found["BR020"]
    assert note["severity"] == "warning" and "没有公开表格" in note["message"] and "--set" in note["message"]
    assert [p["role"] for p in report["parts"]] == ["narrative"]
    assert result.exit_code == 0
    assert run(runner, narrative, "--fail-on", "warning").exit_code == 1


def test_a_file_of_tables_alone_is_not_a_silent_pass(runner, pair):
    _, tables = pair
    result = run(runner, tables, "--format", "json")
    (report,) = json.loads(result.stdout)["files"]
    found = by_rule(report["findings"])
    assert "没有文字说明" in found["BR020"][0]["message"]
    assert "MC102" not in found and "MC103" not in found  # the explanation parts are not reported one by one
    assert (report["kind"], report["year"], report["department"]) == ("预算", 2021, "测试局")


def test_set_pairs_files_that_cannot_be_paired_by_what_they_say(runner, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    narrative = write_narrative(tmp_path / "a" / "text.pdf")
    # the tables print no year anywhere: the batch cannot pair them, --set can
    tables = write_tables(tmp_path / "b" / "tables.txt", TABLES.replace("2021年", ""))
    separate = json.loads(run(runner, tmp_path, "--format", "json").stdout)
    assert [len(f["parts"]) for f in separate["files"]] == [1, 1]
    rules = {f["path"]: {x["rule"] for x in f["findings"]} for f in separate["files"]}
    assert "BR011" in rules[str(tables)] and "BR020" in rules[str(tables)] and "BR020" in rules[str(narrative)]
    together = json.loads(run(runner, "--set", narrative, tables, "--format", "json").stdout)
    (report,) = together["files"]
    assert [p["role"] for p in report["parts"]] == ["narrative", "tables"]
    assert report["parts"][1]["year"] is None and report["year"] == 2021  # the set's year: the narrative's
    assert not {"BR011", "BR020", "BR021"} & {f["rule"] for f in report["findings"]}


def test_set_given_in_any_order_puts_the_narrative_first(runner, pair):
    narrative, tables = pair
    data = json.loads(run(runner, "--set", tables, narrative, "--format", "json").stdout)
    (report,) = data["files"]
    assert report["path"] == str(narrative) and report["parts"][1]["path"] == str(tables)


def test_two_candidates_tie_and_nothing_is_paired(runner, pair):
    narrative, tables = pair
    twin = write_tables(narrative.parent / "tables-copy.txt")
    data = json.loads(run(runner, narrative.parent, "--format", "json").stdout)
    assert len(data["files"]) == 3 and data["summary"]["sets"] == 0
    for report in data["files"]:
        found = by_rule(report["findings"])
        (tie,) = found["BR021"]
        assert str(twin) in tie["message"] and str(tables) in tie["message"] and "--set" in tie["message"]
        assert "BR020" in found


def test_files_that_disagree_about_the_year_say_so_when_set_together(runner, pair):
    narrative, _ = pair
    other = write_tables(narrative.parent.parent / "old.txt", TABLES.replace("2021年", "2020年"))
    data = json.loads(run(runner, "--set", narrative, other, "--format", "json").stdout)
    (report,) = data["files"]
    assert report["year"] is None
    (conflict,) = by_rule(report["findings"])["BR013"]
    assert "2020" in conflict["message"] and "2021" in conflict["message"] and conflict["severity"] == "error"


def test_two_narratives_are_not_merged(runner, pair, tmp_path):
    narrative, _ = pair
    second = write_narrative(tmp_path / "second.pdf")
    data = json.loads(run(runner, "--set", narrative, second, "--format", "json").stdout)
    assert len(data["files"]) == 2
    assert all("BR021" in {f["rule"] for f in r["findings"]} for r in data["files"])


def test_a_file_that_is_not_a_disclosure_is_refused(runner, tmp_path):
    path = tmp_path / "letter.pdf"
    write_pdf(example_document("A letter about the weather.\nNothing else.\n"), path)
    result = run(runner, path)
    assert result.exit_code == 2
    assert "不是部门预算/决算公开文件" in result.stderr


def test_kind_year_and_department_can_be_set_on_the_command_line(runner, tmp_path):
    path = write_tables(tmp_path / "t.txt", "表一\n部门收支总体情况表\n项目 | 金额\n合计 | 10.00\n")
    plain = json.loads(run(runner, path, "--format", "json").stdout)["files"][0]
    assert {"BR010", "BR011", "BR012"} <= {f["rule"] for f in plain["findings"]}
    assert run(runner, path).exit_code == 1  # BR010 is an error: rules for one kind did not run
    result = run(runner, path, "--kind", "预算", "--year", "2021", "--department", "测试局", "--format", "json")
    report = json.loads(result.stdout)["files"][0]
    assert (report["kind"], report["year"], report["department"]) == ("预算", 2021, "测试局")
    assert not {"BR010", "BR011", "BR012"} & {f["rule"] for f in report["findings"]}
    assert report["ruleset"] == "national-budget"


def test_an_option_against_the_document_is_reported(runner, pair):
    _, tables = pair
    report = json.loads(run(runner, tables, "--year", "2020", "--format", "json").stdout)["files"][0]
    assert report["year"] == 2020
    (note,) = by_rule(report["findings"])["BR014"]
    assert "命令行 --year 2020" in note["message"] and "2021" in note["message"]


def test_diagnostics_can_be_ignored_but_not_deselected(runner, pair):
    narrative, _ = pair
    assert "BR020" in run(runner, narrative, "--select", "AR").stdout
    assert "BR020" not in run(runner, narrative, "--ignore", "BR020").stdout


def test_check_needs_a_path_or_a_set(runner):
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2 and "--set" in result.output


def test_xml_of_a_set_is_valid_and_names_its_parts(runner, pair):
    from budgetrules_plugins.renderers.xml_format import NS, schema

    narrative, tables = pair
    out = run(runner, narrative.parent, "--format", "xml").stdout
    root = etree.fromstring(out.encode("utf-8"))
    schema().assertValid(root)
    (file_el,) = root.findall(f"{{{NS}}}file")
    assert file_el.get("year") == "2021" and file_el.get("kind") == "预算" and file_el.get("department") == "测试局"
    assert [(p.get("path"), p.get("role")) for p in file_el.findall(f"{{{NS}}}part")] == [
        (str(narrative), "narrative"), (str(tables), "tables")]
    paths = {el.get("path") for el in root.iter(f"{{{NS}}}location")}
    assert paths == {str(narrative), str(tables)}
    assert root.find(f"{{{NS}}}summary").get("sets") == "1"


def test_sarif_and_junit_of_a_set(runner, pair):
    narrative, tables = pair
    sarif = json.loads(run(runner, narrative.parent, "--format", "sarif").stdout)
    run_ = sarif["runs"][0]
    artifacts = {a["location"]["uri"]: a["properties"] for a in run_["artifacts"]}
    assert artifacts == {  # absolute paths are file: URIs
        narrative.as_uri(): {"budgetrules/document": str(narrative), "budgetrules/role": "narrative"},
        tables.as_uri(): {"budgetrules/document": str(narrative), "budgetrules/role": "tables"},
    }
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert uris == {narrative.as_uri(), tables.as_uri()}
    assert {r["properties"]["budgetrules/document"] for r in run_["results"]} == {str(narrative)}
    junit = etree.fromstring(run(runner, narrative.parent, "--format", "junit").stdout.encode("utf-8"))
    (suite,) = junit.findall("testsuite")
    props = [(p.get("name"), p.get("value")) for p in suite.find("properties")]
    assert ("file", f"narrative:{narrative}") in props and ("file", f"tables:{tables}") in props
    assert ("year", "2021") in props
    assert any(str(tables) in (f.text or "") for f in suite.iter("failure"))


def test_parallel_checking_gives_the_same_bytes(runner, pair, tmp_path):
    narrative, _ = pair
    write_tables(tmp_path / "bureau" / "whole.txt", "测试局 2021 年部门预算公开\n一、主要职能\n负责住房管理。\n" + TABLES)
    one = run(runner, tmp_path, "--format", "json").stdout
    two = run(runner, tmp_path, "--format", "json", "--jobs", "2").stdout
    assert one == two and json.loads(one)["summary"]["sets"] == 1


def test_tables_published_as_a_workbook_pair_too(runner, tmp_path):
    narrative = write_narrative(tmp_path / "text.pdf")
    write_xlsx(example_document(TABLES, "t.txt"), tmp_path / "tables.xlsx")
    data = json.loads(run(runner, tmp_path, "--format", "json").stdout)
    (report,) = data["files"]
    assert report["path"] == str(narrative) and [p["role"] for p in report["parts"]] == ["narrative", "tables"]


def test_survey_shows_the_set_and_every_file_s_identity(runner, pair):
    narrative, tables = pair
    result = runner.invoke(main, ["survey", str(narrative.parent)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("narrative.pdf + tables.txt  预算 2021 测试局")
    assert lines[1] == "  文件：文字说明 narrative.pdf（预算 2021 测试局）；公开表格 tables.txt（预算 2021 测试局）"
    assert any(l.startswith("共 2 个文件，1 份公开（其中 1 份由多个文件合成）") for l in lines)


def test_plan_keeps_whole_disclosures_apart(pair):
    from budgetrules.engine.check import load_document

    narrative, tables = pair
    whole = example_document("测试局 2021 年部门预算公开\n一、主要职能\n负责住房管理。\n" + TABLES, "whole.txt")
    docs = [load_document(narrative), load_document(tables), whole]
    assert [docsets.role_of(d) for d in docs] == [docsets.Role.NARRATIVE, docsets.Role.TABLES, docsets.Role.WHOLE]
    units = docsets.plan(docs)
    assert sorted(len(u.members) for u in units) == [1, 2]
    merged = next(u.document for u in units if u.is_set)
    assert merged.path == str(narrative) and len(merged.tables) == 2
    assert {t.source.path for t in merged.tables} == {str(tables)}
    report = check_paths([narrative.parent], config=CheckConfig(select=("AR",)))[0]
    assert report.is_set and report.paths == (str(narrative), str(tables))


def test_the_corpus_kit_keeps_one_expected_file_per_file_of_a_set(pair):
    from budgetrules.testing.corpusdiff import observed

    narrative, tables = pair
    (report,) = check_paths([narrative.parent])
    text, grid = observed(report, "n", str(narrative)), observed(report, "t", str(tables))
    assert {f.rule for f in text.findings} >= {"NC101"} and "AR104" not in {f.rule for f in text.findings}
    assert {f.rule for f in grid.findings} >= {"AR104"} and "NC101" not in {f.rule for f in grid.findings}
    assert text.tables == () and len(grid.tables) == 2
    assert (grid.kind, grid.year, grid.department) == ("预算", 2021, "测试局")
