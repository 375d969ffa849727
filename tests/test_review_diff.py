"""``budgetrules diff OLD NEW`` (a resubmission against what was submitted) and ``check --previous`` for a folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetrules.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "akto-housing-2021-budget.txt"
ROW_212 = "212\t\t\t城乡社区支出\t344.02\t344.02"
ROW_212_FIXED = "212\t\t\t城乡社区支出\t439.02\t439.02"
SANGONG_ROW = "1.83\t0.00\t1.83\t0.00\t1.83\t0.00"
RISE = "1.50\t0.00\t1.50\t0.00\t1.50\t0.00"


def _text(department: str | None = None, year: int = 2021) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    if department:
        text = re.sub(r"住房和城乡\s*建设局", department, text)
    return text.replace("2021", str(year)) if year != 2021 else text


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_of_two_files_lists_fixed_open_new_and_changed_figures(workdir):
    old = _write(workdir / "akto.txt", _text())
    new = _write(workdir / "akto-修订版.txt", "修订稿\n\n" + _text().replace(ROW_212, ROW_212_FIXED, 1))
    result = _run("diff", old, new, "--format", "json")
    assert result.exit_code == 1  # the resubmission has findings the first did not have
    (pair,) = json.loads(result.stdout)["pairs"]
    assert pair["warning"] is None
    assert (len(pair["fixed"]), len(pair["open"]), len(pair["added"])) == (6, 22, 2)
    assert {f["rule"] for f in pair["fixed"]} == {"AR101", "AR103", "XT101"}
    assert {f["rule"] for f in pair["added"]} == {"XT101"}
    # the still-open findings point at the resubmission's lines (two lines were inserted above)
    assert all(f["location"]["path"] == str(new) for f in pair["open"])
    assert sorted((c["column"], c["old"], c["new"]) for c in pair["figures"]) == [
        ("一般公共预算拨款", "344.02万元", "439.02万元"), ("总计", "344.02万元", "439.02万元")]
    assert {c["row"] for c in pair["figures"]} == {"212 城乡社区支出"}
    assert {c["location"]["line"] for c in pair["figures"]} == {151}


def test_diff_text_reads_like_a_review_note(workdir):
    old = _write(workdir / "akto.txt", _text())
    new = _write(workdir / "akto-2.txt", _text().replace(ROW_212, ROW_212_FIXED, 1))
    out = _run("diff", old, new).stdout
    assert "已改正 6 个问题：" in out and "仍存在 22 个问题：" in out and "新出现 2 个问题：" in out
    assert "表二《部门（单位）收入总体情况表》 行 212 城乡社区支出 列 总计：344.02万元 → 439.02万元" in out
    assert out.rstrip().endswith("比较了 1 对文件：已改正 6 个，仍存在 22 个，新出现 2 个问题；改变的数字 2 处。")


def test_an_unchanged_resubmission_has_nothing_new(workdir):
    old = _write(workdir / "a.txt", _text())
    new = _write(workdir / "b.txt", _text())
    result = _run("diff", old, new, "--format", "json")
    assert result.exit_code == 0
    (pair,) = json.loads(result.stdout)["pairs"]
    assert (len(pair["fixed"]), len(pair["added"]), pair["figures"]) == (0, 0, [])


def test_diff_of_folders_pairs_by_department_and_year_not_by_name(workdir):
    _write(workdir / "一轮" / "住建.txt", _text())
    _write(workdir / "一轮" / "水利.txt", _text("水利局"))
    _write(workdir / "二轮" / "water-resubmitted.txt", _text("水利局").replace(ROW_212, ROW_212_FIXED, 1))
    _write(workdir / "二轮" / "housing.txt", _text())
    _write(workdir / "二轮" / "交通.txt", _text("交通运输局"))
    data = json.loads(_run("diff", workdir / "一轮", workdir / "二轮", "--format", "json").stdout)
    pairs = {(Path(p["old"]["path"]).name, Path(p["new"]["path"]).name): p for p in data["pairs"]}
    assert set(pairs) == {("住建.txt", "housing.txt"), ("水利.txt", "water-resubmitted.txt")}
    assert len(pairs[("住建.txt", "housing.txt")]["added"]) == 0
    assert len(pairs[("水利.txt", "water-resubmitted.txt")]["fixed"]) == 6
    assert [Path(r["path"]).name for r in data["only_new"]] == ["交通.txt"] and data["only_old"] == []


def test_diff_warns_when_two_files_are_not_one_disclosure(workdir):
    old = _write(workdir / "a.txt", _text())
    new = _write(workdir / "b.txt", _text("水利局"))
    (pair,) = json.loads(_run("diff", old, new, "--format", "json").stdout)["pairs"]
    assert "不像是同一份公开" in pair["warning"]


def test_diff_needs_two_files_or_two_folders(workdir):
    old = _write(workdir / "a.txt", _text())
    result = _run("diff", old, workdir)
    assert result.exit_code == 2


# -- check --previous with folders -----------------------------------------------------------------------


def _sg109(file: dict) -> list[dict]:
    return [f for f in file["findings"] if f["rule"] == "SG109"]


def test_previous_folder_pairs_by_department_and_year(workdir):
    _write(workdir / "2021" / "住建.txt", _text())
    _write(workdir / "2021" / "水利.txt", _text("水利局"))
    # last year's: the housing bureau's (its 三公 rose since), another department's, and the water bureau's of
    # a later year (not last year's: not used)
    _write(workdir / "2020" / "x.txt", _text(year=2020).replace(SANGONG_ROW, RISE))
    _write(workdir / "2020" / "y.txt", _text("交通运输局", year=2020))
    _write(workdir / "2020" / "z.txt", _text("水利局", year=2022).replace(SANGONG_ROW, RISE))
    result = _run("check", workdir / "2021", "--previous", workdir / "2020", "--format", "json")
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    found = _sg109(files["住建.txt"])
    assert found and found[0]["related"][0]["path"].endswith("x.txt")
    assert _sg109(files["水利.txt"]) == []
    assert "水利.txt：提示：--previous 目录中没有" in result.stderr and "2020年" in result.stderr


@pytest.mark.parametrize("department, year, words", [
    ("水利局", 2020, "不是"),
    (None, 2022, "不早于本文件的 2021 年"),
])
def test_previous_file_of_another_department_or_a_later_year_warns(workdir, department, year, words):
    current = _write(workdir / "akto.txt", _text())
    previous = _write(workdir / "prev.txt", _text(department, year=year).replace(SANGONG_ROW, RISE))
    result = _run("check", current, "--previous", previous, "--format", "json")
    assert "警告：--previous" in result.stderr and words in result.stderr
    assert _sg109(json.loads(result.stdout)["files"][0]) == []


def test_previous_file_of_last_year_does_not_warn(workdir):
    current = _write(workdir / "akto.txt", _text())
    previous = _write(workdir / "prev.txt", _text(year=2020))
    result = _run("check", current, "--previous", previous, "--format", "json")
    assert "--previous" not in result.stderr


def test_previous_file_with_several_files_checked_is_refused(workdir):
    a = _write(workdir / "a.txt", _text())
    b = _write(workdir / "b.txt", _text("水利局"))
    previous = _write(workdir / "prev.txt", _text(year=2020))
    result = _run("check", a, b, "--previous", previous)
    assert result.exit_code == 2 and "目录" in result.output


def test_previous_year_statements_are_checked_against_last_years_tables(workdir):
    """The text says 基本支出 rose by 49.26 万元 over last year's budget: true when last year's 表三 printed
    331.24, not when it printed this year's 380.5 (NC110, a warning)."""
    current = _write(workdir / "akto.txt", _text())
    same = _write(workdir / "prev-same.txt", _text(year=2020))
    result = _run("check", current, "--previous", same, "--format", "json", "--select", "NC110")
    found = json.loads(result.stdout)["files"][0]["findings"]
    basic = [f for f in found if "“基本支出”" in f["message"] and "49.26" in f["message"]]
    assert basic and all(f["severity"] == "warning" for f in found)
    assert "380.5" in basic[0]["message"] and basic[0]["related"][-1]["path"] == str(same)
    assert _run("check", current, "--format", "json", "--select", "NC110").stdout.count('"NC110"') == 0
