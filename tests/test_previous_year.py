"""``budgetrules check FILE --previous PREV``: rules compare with the department's disclosure of the year before."""

from __future__ import annotations

import json

from click.testing import CliRunner

from budgetrules.cli.main import main

SANGONG_ROW = "1.83\t0.00\t1.83\t0.00\t1.83\t0.00"


def _previous(akto_path, tmp_path, row: str):
    text = akto_path.read_text(encoding="utf-8").replace("2021", "2020")
    assert SANGONG_ROW in text
    path = tmp_path / "previous-2020.txt"
    path.write_text(text.replace(SANGONG_ROW, row), encoding="utf-8")
    return path


def _sg109(result):
    data = json.loads(result.stdout)
    return [f for f in data["files"][0]["findings"] if f["rule"] == "SG109"]


def test_unexplained_rise_against_last_year_is_reported(akto_path, tmp_path):
    previous = _previous(akto_path, tmp_path, "1.50\t0.00\t1.50\t0.00\t1.50\t0.00")
    result = CliRunner().invoke(main, ["check", str(akto_path), "--previous", str(previous), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = _sg109(result)
    # the text says the 三公 fell by 0.03 with a reason: the rise of 0.33 against last year's table is unexplained
    assert sorted(f["location"]["column"] for f in found) == sorted(["合计", "公务用车购置及运行费/公务用车运行费"])
    total = next(f for f in found if f["location"]["column"] == "合计")
    assert (total["expected"], total["actual"]) == ("1.50", "1.83")
    assert "增加 0.33 万元" in total["message"]
    assert total["related"][0]["path"] == str(previous)


def test_a_fall_against_last_year_is_not_reported(akto_path, tmp_path):
    previous = _previous(akto_path, tmp_path, "1.86\t0.00\t1.86\t0.00\t1.86\t0.00")
    result = CliRunner().invoke(main, ["check", str(akto_path), "--previous", str(previous), "--format", "json"])
    assert _sg109(result) == []


def test_without_previous_nothing_is_compared(akto_path):
    result = CliRunner().invoke(main, ["check", str(akto_path), "--format", "json"])
    assert _sg109(result) == []


def test_previous_needs_a_single_file(akto_path, tmp_path):
    previous = _previous(akto_path, tmp_path, SANGONG_ROW)
    other = tmp_path / "other.txt"
    other.write_text(akto_path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(akto_path), str(other), "--previous", str(previous)])
    assert result.exit_code == 2 and "--previous" in result.output


def test_unreadable_previous_is_an_input_error(akto_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(akto_path), "--previous", str(empty)])
    assert result.exit_code == 2 and "文件为空" in result.stderr
