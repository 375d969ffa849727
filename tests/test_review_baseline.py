"""Accepted findings: ``budgetrules accept`` writes the review file, ``check --baseline`` leaves its findings out,
fingerprints follow what a finding is about (not the file name or line), stale entries are listed."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetrules.cli.main import main
from budgetrules.core.findings import Finding, Location, Severity, scope_of
from budgetrules.engine import baseline as bl

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "akto-housing-2021-budget.txt"
DEPARTMENT = "阿克陶县住房和城乡建设局"
#: 表二's 类 212 row, which leaves out its 款 21299 (95.00): fixing it fixes the AR101/AR103 of 表二
ROW_212 = "212\t\t\t城乡社区支出\t344.02\t344.02"
ROW_212_FIXED = "212\t\t\t城乡社区支出\t439.02\t439.02"
TOTAL_FINDINGS = 28


def _text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _findings(result) -> list[dict]:
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def accepted(workdir):
    """The example, every finding of it accepted into review.toml."""
    submitted = _write(workdir / "akto.txt", _text())
    result = _run("accept", submitted, "--baseline", "review.toml", "--reason", "电话核实", "--reviewer", "王芳")
    assert result.exit_code == 0, result.output
    return submitted, workdir / "review.toml"


def test_accept_writes_every_finding_with_room_for_reason_and_reviewer(accepted):
    _, review = accepted
    data = tomllib.loads(review.read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["accepted"]
    assert len(entries) == TOTAL_FINDINGS
    assert {e["reason"] for e in entries} == {"电话核实"} and {e["reviewer"] for e in entries} == {"王芳"}
    first = entries[0]
    assert first["year"] == 2021 and first["kind"] == "预算" and DEPARTMENT in first["department"]
    assert first["place"] and first["message"] and len(first["fingerprint"]) == 16
    # the comment explains the file to the reviewer
    assert review.read_text(encoding="utf-8").startswith("# budgetrules 已接受的问题")


def test_check_with_baseline_reports_only_what_was_not_accepted(accepted):
    submitted, review = accepted
    result = _run("check", submitted, "--baseline", review, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _findings(result) == []
    assert f"{TOTAL_FINDINGS} 个已接受的问题未显示" in result.stderr


def test_a_renamed_resubmission_with_lines_inserted_above_keeps_its_accepted_findings(accepted, workdir):
    _, review = accepted
    resubmitted = _write(workdir / "修订" / "akto-修订版.txt", "修订说明：根据审核意见修改\n\n\n" + _text())
    plain = _run("check", resubmitted, "--format", "json")
    assert len(_findings(plain)) == TOTAL_FINDINGS
    result = _run("check", resubmitted, "--baseline", review, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _findings(result) == []


def test_a_corrected_resubmission_shows_new_findings_and_lists_stale_ones(accepted, workdir):
    _, review = accepted
    assert ROW_212 in _text()
    resubmitted = _write(workdir / "akto-2.txt", _text().replace(ROW_212, ROW_212_FIXED, 1))
    result = _run("check", resubmitted, "--baseline", review, "--format", "json")
    assert result.exit_code == 1
    found = _findings(result)
    # 表二 now agrees with 表一/表四 but no longer with 表三/表五: new cross-table findings, not accepted ones
    assert {f["rule"] for f in found} == {"XT101"}
    assert {f["location"]["line"] for f in found} == {172, 231}
    # the accepted findings of 表二's row 212 and 合计 row (and 表一/表四's disagreement with it) are stale
    assert "6 个已接受的问题不再出现" in result.stderr
    assert "AR101" in result.stderr and "XT101" in result.stderr


def test_two_departments_whose_files_share_a_name_do_not_share_fingerprints(accepted, workdir):
    _, review = accepted
    other = _write(workdir / "水利" / "akto.txt", re.sub(r"住房和城乡\s*建设局", "水利局", _text()))
    result = _run("check", other, "--baseline", review, "--format", "json")
    assert json.loads(result.stdout)["files"][0]["department"].endswith("阿克陶县水利局")
    assert len(_findings(result)) == TOTAL_FINDINGS
    assert "不再出现" not in result.stderr  # the accepted findings are another department's: not stale here


def test_another_year_does_not_share_fingerprints(accepted, workdir):
    _, review = accepted
    other = _write(workdir / "akto-2022.txt", _text().replace("2021", "2022"))
    result = _run("check", other, "--baseline", review, "--format", "json")
    assert len(_findings(result)) == TOTAL_FINDINGS


def test_accept_keeps_what_the_reviewer_wrote_and_adds_only_new_findings(accepted, workdir):
    submitted, review = accepted
    text = review.read_text(encoding="utf-8")
    text = text.replace('reason = "电话核实"', 'reason = "21299 单列，经电话核实" # 见 3 月 2 日记录', 1)
    review.write_text(text, encoding="utf-8")
    resubmitted = _write(workdir / "akto-2.txt", _text().replace(ROW_212, ROW_212_FIXED, 1))
    result = _run("accept", resubmitted, "--baseline", review, "--reviewer", "李明")
    assert result.exit_code == 0, result.output
    assert "新接受 2 个问题" in result.stdout and "22 个此前已接受" in result.stdout
    after = review.read_text(encoding="utf-8")
    assert after.startswith(text)  # everything that was there is kept, byte for byte
    entries = tomllib.loads(after)["accepted"]
    assert len(entries) == TOTAL_FINDINGS + 2
    assert [e["reviewer"] for e in entries[-2:]] == ["李明", "李明"]
    # --prune drops the six that no longer occur
    pruned = _run("accept", resubmitted, "--baseline", review, "--prune")
    assert "删除 6 个不再出现的问题" in pruned.stdout
    assert len(tomllib.loads(review.read_text(encoding="utf-8"))["accepted"]) == TOTAL_FINDINGS - 6 + 2
    assert _findings(_run("check", resubmitted, "--baseline", review, "--format", "json")) == []


def test_accept_writes_the_same_bytes_for_the_same_findings(workdir):
    submitted = _write(workdir / "akto.txt", _text())
    _run("accept", submitted, "--baseline", "a.toml")
    _run("accept", submitted, "--baseline", "b.toml")
    assert (workdir / "a.toml").read_bytes() == (workdir / "b.toml").read_bytes()


def test_accept_select_accepts_only_those_rules(workdir):
    submitted = _write(workdir / "akto.txt", _text())
    _run("accept", submitted, "--baseline", "review.toml", "--select", "CL")
    entries = tomllib.loads((workdir / "review.toml").read_text(encoding="utf-8"))["accepted"]
    assert entries and {e["rule"][:2] for e in entries} == {"CL"}
    result = _run("check", submitted, "--baseline", "review.toml", "--format", "json")
    assert not any(f["rule"].startswith("CL") for f in _findings(result))
    assert len(_findings(result)) == TOTAL_FINDINGS - len(entries)


def test_baseline_filters_the_stream_of_a_parallel_batch(accepted, workdir):
    _, review = accepted
    _write(workdir / "batch" / "a.txt", _text())
    _write(workdir / "batch" / "b.txt", "\n" + _text())
    result = _run("check", workdir / "batch", "--baseline", review, "--format", "json", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert [len(f["findings"]) for f in json.loads(result.stdout)["files"]] == [0, 0]


def test_a_missing_or_broken_review_file_is_a_usage_error(workdir):
    submitted = _write(workdir / "akto.txt", _text())
    missing = _run("check", submitted, "--baseline", "nothere.toml")
    assert missing.exit_code == 2 and "不存在" in missing.output
    _write(workdir / "bad.toml", "[[accepted]]\nrule = 'AR101'\n")
    broken = _run("check", submitted, "--baseline", "bad.toml")
    assert broken.exit_code == 2 and "fingerprint" in broken.output


# -- the fingerprint itself ------------------------------------------------------------------------------

LOC = Location(path="a/akto.txt", line=149, table="表二《部门（单位）收入总体情况表》", code="212", row="城乡社区支出",
               column="总计", table_kind="income_summary")
SCOPE = scope_of("克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局", 2021, "预算")
F = Finding("AR101", Severity.ERROR, "…", LOC, expected="439.02", actual="344.02", scope=SCOPE)


def test_fingerprint_ignores_file_name_line_table_number_and_message():
    import attrs

    moved = attrs.evolve(F, location=attrs.evolve(LOC, path="b/修订版.pdf", line=3, page=2,
                                                  table="表三《部门（单位）收入总体情况表》"), message="其他措辞")
    assert moved.fingerprint == F.fingerprint


@pytest.mark.parametrize("change", [
    {"rule": "AR103"},
    {"expected": "439.03"},
    {"actual": "344.00"},
    {"scope": scope_of("阿克陶县水利局", 2021, "预算")},
    {"scope": scope_of("克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局", 2022, "预算")},
    {"scope": scope_of("克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局", 2021, "决算")},
])
def test_fingerprint_changes_with_what_the_finding_is_about(change):
    import attrs

    assert attrs.evolve(F, **change).fingerprint != F.fingerprint


@pytest.mark.parametrize("change", [{"code": "211"}, {"column": "一般公共预算拨款"}, {"table_kind": "expense_summary"}])
def test_fingerprint_changes_with_the_place(change):
    import attrs

    assert attrs.evolve(F, location=attrs.evolve(LOC, **change)).fingerprint != F.fingerprint


def test_without_a_department_the_file_name_stands_in():
    import attrs

    unknown = attrs.evolve(F, scope=scope_of(None, 2021, "预算"))
    renamed = attrs.evolve(unknown, location=attrs.evolve(LOC, path="b/other.txt"))
    assert unknown.fingerprint != renamed.fingerprint != F.fingerprint


def test_review_file_round_trip(tmp_path):
    from budgetrules.core.report import FileReport

    report = FileReport(path="a.txt", findings=(F,), department="阿克陶县住房和城乡建设局", year=2021, kind="预算")
    path = tmp_path / "review.toml"
    assert bl.write(path, [bl.entry_of(F, report, reason="核实")]) == (1, 0)
    loaded = bl.load(path)
    assert [e.fingerprint for e in loaded.entries] == [F.fingerprint]
    assert loaded.entries[0].reason == "核实" and loaded.entries[0].covers(report)
    assert bl.write(path, [bl.entry_of(F, report)]) == (0, 0)
