"""``budgetrules codes import`` and ``budgetrules codes show``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetrules import catalogues
from budgetrules.cli.main import main
from budgetrules.testing import run_rule


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Imports go to a fresh user directory, never the real one."""
    path = tmp_path / "home"
    monkeypatch.setenv("BUDGETRULES_HOME", str(path))
    catalogues.clear_cache()
    yield path
    catalogues.clear_cache()


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --------------------------------------------------------------------------------------- show


def test_codes_group_is_attached():
    result = run("codes", "--help")
    assert result.exit_code == 0
    assert "import" in result.output and "show" in result.output


def test_show_name_parents_and_years():
    result = run("codes", "show", "2080505", "--year", "2021")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2080505 机关事业单位基本养老保险缴费支出（项；2021 年支出功能分类科目")
    assert "上级：208 社会保障和就业支出 > 20805 行政事业单位养老支出" in lines
    first, last = catalogues.history("func", "2080505")[0][0], catalogues.history("func", "2080505")[-1][0]
    assert f"  {first}—{last} 年：机关事业单位基本养老保险缴费支出" in lines


def test_show_a_renamed_code_lists_each_name_with_its_years():
    result = run("codes", "show", "20805")
    assert result.exit_code == 0, result.output
    names = {}
    for y, e in catalogues.history("func", "20805"):
        names.setdefault(e.name, []).append(y)
    for name, years in names.items():
        assert f"  {min(years)}—{max(years)} 年：{name}" in result.output.splitlines()
    assert "更名：行政事业单位离退休 → 行政事业单位养老支出" in result.output


def test_show_a_removed_code_in_a_later_year():
    result = run("codes", "show", "30105", "--year", "2021")
    assert result.exit_code == 0, result.output
    assert "30105（款；2021 年部门预算支出经济分类科目）：该年目录中不存在。" in result.output
    assert "上级：301 工资福利支出" in result.output
    assert "  2017 年：伙食费" in result.output.splitlines()
    assert "2018 年取消：伙食费" in result.output


def test_show_detects_the_system_from_the_first_digit():
    assert "部门预算支出经济分类科目" in run("codes", "show", "30101").output
    assert "政府预算支出经济分类科目" in run("codes", "show", "50101").output
    # a code of the right length but of another system is in no list of the system asked for
    result = run("codes", "show", "30101", "--system", "econ-gov")
    assert result.exit_code == 1 and "不在任何年度的政府预算支出经济分类科目目录中" in result.output


def test_show_usage_errors_and_unknown_codes():
    bad = run("codes", "show", "99999")
    assert bad.exit_code == 2 and "--system" in bad.output
    bad = run("codes", "show", "20805051")
    assert bad.exit_code == 2 and "不是支出功能分类科目的编码" in bad.output
    nowhere = run("codes", "show", "2989898")
    assert nowhere.exit_code == 1 and "不在任何年度" in nowhere.output


# --------------------------------------------------------------------------------------- import

OFFICIAL_CSV = """2021年政府收支分类科目（支出功能分类科目）
科目编码,科目名称,说明
213,农林水支出,
21305,巩固脱贫衔接乡村振兴,
2130501,行政运行,
2130599,其他巩固脱贫衔接乡村振兴支出,
212,城乡社区支出,
21201,城乡社区管理事务,
2120101,行政运行,
"""


def test_import_csv_then_show_and_check_use_it(tmp_path, home):
    official = tmp_path / "2021年政府收支分类科目.csv"
    official.write_text(OFFICIAL_CSV, encoding="utf-8")
    shipped = catalogues.load("func", 2021)
    assert shipped.origin == "shipped"
    kept = {"213", "21305", "2130501", "2130599", "212", "21201", "2120101"}
    gone = sum(1 for e in shipped if e.code not in kept)
    added = sum(1 for c in kept if c not in shipped)
    result = run("codes", "import", str(official), "--year", "2021", "--system", "func")
    assert result.exit_code == 0, result.output
    target = home / "catalogues" / "func-2021.csv"
    assert target.is_file() and str(target) in result.output
    assert "已导入 2021 年支出功能分类科目：2 个类、2 个款、3 个项。" in result.output
    # compared with the shipped 2021 list, which the import now replaces
    assert f"与随程序发布的目录相比：新增 {added} 个编码，名称不同 0 个，官方目录中没有 {gone} 个。" in result.output
    assert "  官方没有  201  一般公共服务支出" in result.output.splitlines()
    assert "请确认它是完整的官方科目表" in result.output  # most of the list in force is missing from the file

    shown = run("codes", "show", "2130599", "--year", "2021")
    assert shown.exit_code == 0, shown.output
    assert "2130599 其他巩固脱贫衔接乡村振兴支出（项；2021 年支出功能分类科目，导入的官方目录）" in shown.output

    # the imported list is complete: a code missing from it is now certainly unknown
    doc = """测试局 2021 年部门预算公开
表二：部门（单位）收入总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
类 | 款 | 项 | ∅ | ∅
213 | 05 | 98 | 某某支出 | 1.00
∅ | ∅ | ∅ | 合计 | 1.00
"""
    [f] = run_rule("CL101", doc)
    assert f.severity.value == "error" and "导入的官方目录" in f.message


def test_import_xlsx_detects_the_economic_classification(tmp_path, home):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["部门预算支出经济分类科目"])
    ws.append(["科目编码", "科目名称"])
    for code, name in [(301, "工资福利支出"), (30101, "基本工资"), (302, "商品和服务支出"), (30201, "办公费")]:
        ws.append([code, name])
    path = tmp_path / "econ.xlsx"
    wb.save(path)
    result = run("codes", "import", str(path), "--year", "2022")
    assert result.exit_code == 0, result.output
    assert "已导入 2022 年部门预算支出经济分类科目：2 个类、2 个款。" in result.output
    assert (home / "catalogues" / "econ-dept-2022.csv").is_file()
    assert catalogues.load("econ-dept", 2022).origin == "user"
    assert catalogues.load("econ-dept", 2021).origin == "shipped"


def test_import_input_errors_exit_2(tmp_path):
    missing = run("codes", "import", str(tmp_path / "nope.xlsx"), "--year", "2021")
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    empty = tmp_path / "empty.csv"
    empty.write_text("说明\n这不是科目表\n", encoding="utf-8")
    result = run("codes", "import", str(empty), "--year", "2021")
    assert result.exit_code == 2 and "无法导入" in result.output
    no_year = run("codes", "import", str(empty))
    assert no_year.exit_code == 2


def test_import_reports_names_that_differ_from_the_list_in_force(tmp_path):
    shipped = catalogues.load("func", 2021)
    official = tmp_path / "official.csv"
    lines = ["科目编码,科目名称"] + [f"{e.code},{e.name}" for e in shipped if e.code != "234" and not e.code.startswith("234")]
    lines.append("234,抗疫特别国债还本支出")
    official.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("codes", "import", str(official), "--year", "2021")
    assert result.exit_code == 0, result.output
    assert "名称不同 1 个" in result.output
    assert "请确认它是完整的官方科目表" not in result.output
    assert "  名称不同  234  抗疫特别国债安排的支出 → 抗疫特别国债还本支出" in result.output.splitlines()
    # the imported name is now the one rules check against
    assert catalogues.load("func", 2021).name_of("234") == "抗疫特别国债还本支出"


def test_show_children():
    result = run("codes", "show", "301", "--year", "2021", "--children")
    assert result.exit_code == 0, result.output
    kids = catalogues.load("econ-dept", 2021).children("301")
    assert f"下级：目录列出 {len(kids)} 个（完整）" in result.output
    assert "  30109 职业年金缴费" in result.output.splitlines()
    assert "  30109 职业年金缴费" not in run("codes", "show", "301", "--year", "2021").output.splitlines()
