"""The command line, through click's runner: every command, format and exit code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from lxml import etree

from budgetrules.cli.main import main

GOOD = """测试局 2021 年部门预算公开

表三：
部门（单位）支出总体情况表
单位：万元
功能分类科目编码\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款
208\t\t社会保障和就业支出\t36.48\t36.48\t
208\t05\t行政事业单位养老支出\t36.48\t36.48\t
\t\t合计\t36.48\t36.48\t
"""


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "empty.txt").write_bytes(b"")
    (sub / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (sub / "notable.txt").write_text("这是一段没有任何表格的文字。\n第二行。\n", encoding="utf-8")
    (sub / "undecodable.txt").write_bytes(b"\xff\xfe\xfd\xff" * 10 + b"\x81")
    (tmp_path / "ignored.md").write_text("# not a disclosure\n", encoding="utf-8")
    return tmp_path


def test_check_clean_file_exits_0(runner, tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "检查了 1 个文件：0 个错误" in result.output


def test_bad_inputs_do_not_stop_the_batch(runner, folder):
    result = runner.invoke(main, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert set(by_name) == {"good.txt", "empty.txt", "binary.txt", "notable.txt", "undecodable.txt"}
    assert by_name["good.txt"]["error"] is None
    problems = {name: f["error"] for name, f in by_name.items() if f["error"]}
    assert "文件为空" in problems["empty.txt"]
    assert "二进制" in problems["binary.txt"]
    assert "未找到任何可识别的预决算表格" in problems["notable.txt"]
    assert "无法解码" in problems["undecodable.txt"]
    for name, message in problems.items():
        assert message.startswith(str(folder)) and name in message and "\n" not in message
        assert message in result.stderr


def test_missing_path_is_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "文件不存在" in result.stderr


def test_a_folder_with_nothing_to_check_is_exit_2_not_clean(runner, tmp_path):
    """An empty folder, or one holding no file of a readable kind, checks nothing: that is never a clean
    result (exit 0), but an input error naming the folder."""
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.csv").write_text("a,b\n", encoding="utf-8")
    for folder in (empty, other):
        result = runner.invoke(main, ["check", str(folder)])
        assert result.exit_code == 2
        assert f"{folder}: 没有找到可检查的文件" in result.stderr
        assert "检查了 0 个文件" in result.stdout


def test_unknown_format_and_rule_are_usage_errors(runner, tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    assert runner.invoke(main, ["check", str(path), "--format", "yaml"]).exit_code == 2
    assert runner.invoke(main, ["check", str(path), "--select", "ZZ999"]).exit_code == 2
    assert runner.invoke(main, ["explain", "ZZ999"]).exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "xml", "sarif", "junit"])
def test_every_format_renders_the_reference_sample(runner, akto_path, fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(main, ["check", str(akto_path), "--format", fmt, "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt in ("xml", "junit"):
        etree.fromstring(text.encode("utf-8"))


def test_fail_on_levels(runner, akto_path):
    from budgetrules.engine.plugins import get_registry

    findings = runner.invoke(main, ["check", str(akto_path), "--format", "json"])
    data = json.loads(findings.stdout)
    severities = {f["severity"] for f in data["files"][0]["findings"]}
    for level, rank in (("error", 2), ("warning", 1), ("info", 0)):
        result = runner.invoke(main, ["check", str(akto_path), "--fail-on", level])
        expect = 1 if any({"error": 2, "warning": 1, "info": 0}[s] >= rank for s in severities) else 0
        assert result.exit_code == expect
    assert get_registry().rules, "no rules registered"


def test_select_and_ignore(runner, akto_path):
    from budgetrules.engine.plugins import get_registry

    rule_ids = sorted(get_registry().rules)
    first = rule_ids[0]
    result = runner.invoke(main, ["check", str(akto_path), "--format", "json", "--select", first])
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert rules <= {first}
    result = runner.invoke(main, ["check", str(akto_path), "--format", "json", "--ignore", first])
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert first not in rules


def test_output_is_deterministic_whatever_the_order_and_jobs(runner, folder, akto_path):
    args = [str(akto_path), str(folder)]
    one = runner.invoke(main, ["check", *args, "--format", "json"]).stdout
    two = runner.invoke(main, ["check", *reversed(args), "--format", "json"]).stdout
    assert one == two
    par = subprocess.run(
        [sys.executable, "-m", "budgetrules", "check", *args, "--format", "json", "--jobs", "2"],
        capture_output=True, text=True,
    )
    assert par.stdout == one


def test_python_dash_m_is_the_same_command(akto_path):
    a = subprocess.run([sys.executable, "-m", "budgetrules", "check", str(akto_path), "--format", "json"],
                       capture_output=True, text=True)
    b = subprocess.run(["budgetrules", "check", str(akto_path), "--format", "json"], capture_output=True, text=True)
    assert a.returncode == b.returncode and a.returncode in (0, 1)
    assert a.stdout == b.stdout
    assert subprocess.run([sys.executable, "-m", "budgetrules", "--help"], capture_output=True).returncode == 0


def test_rules_and_explain(runner):
    from budgetrules.engine.plugins import get_registry

    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0
    for rule in get_registry().rules.values():
        assert f"{rule.id}" in listing.output and rule.summary in listing.output
        explained = runner.invoke(main, ["explain", rule.id.lower()])
        assert explained.exit_code == 0
        assert rule.summary in explained.output
        assert "Failing example" in explained.output and "Passing example" in explained.output


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_parse_dumps_the_graph(runner, akto_path, fmt, tmp_path):
    from budgetrules.core import serialize

    result = runner.invoke(main, ["parse", str(akto_path), "--format", fmt])
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [t["number"] for t in data["tables"] if t["number"]][:2] == ["表一", "表二"]
        assert "claims" in data
    else:
        root = etree.fromstring(result.stdout.encode("utf-8"))
        serialize.document_schema().assertValid(root)
        # our own XML is an input format: the dump checks like the original
        dump = tmp_path / "dump.xml"
        dump.write_text(result.stdout, encoding="utf-8")
        again = runner.invoke(main, ["check", str(dump), "--format", "json", "--select", "AR"])
        original = runner.invoke(main, ["check", str(akto_path), "--format", "json", "--select", "AR"])
        strip = lambda out: [(f["rule"], f["message"]) for f in json.loads(out)["files"][0]["findings"]]
        assert strip(again.stdout) == strip(original.stdout)


def test_parse_bad_input_is_exit_2(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["parse", str(empty)])
    assert result.exit_code == 2 and "文件为空" in result.stderr


def test_plugins_listing(runner):
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0
    for name in ("loader-text", "loader-xml", "render-text", "render-json", "render-xml", "arithmetic"):
        assert name in result.output
    assert "rules:" in result.output


LIMITS = ("BUDGETRULES_MAX_FILE_MB", "BUDGETRULES_PDF_MAX_PAGES", "BUDGETRULES_PDF_PAGE_SECONDS")


@pytest.fixture
def limits_restored(monkeypatch):
    """The limit options set environment variables for the worker processes; restore them after the test."""
    for name in LIMITS:
        monkeypatch.setenv(name, "")


def test_the_file_size_limit_is_an_option(runner, akto_path, limits_restored):
    kb = akto_path.stat().st_size / 1024
    small = runner.invoke(main, ["check", str(akto_path), "--max-file-mb", f"{kb / 2 / 1024:.4f}"])
    assert small.exit_code == 2 and "文件过大" in small.stderr
    assert runner.invoke(main, ["check", str(akto_path), "--max-file-mb", "1"]).exit_code == 1


def test_the_page_limit_is_an_option(runner, tmp_path, limits_restored):
    pytest.importorskip("reportlab")
    from pdfdraw import text, write

    pdf = write(tmp_path / "three.pdf", [[text(72, 72, f"第 {n} 页")] for n in (1, 2, 3)])
    refused = runner.invoke(main, ["check", str(pdf), "--max-pages", "2"])
    assert refused.exit_code == 2 and f"{pdf}: PDF 共 3 页，超过上限 2 页" in refused.stderr
    read = runner.invoke(main, ["check", str(pdf), "--max-pages", "3"])
    assert "超过上限" not in read.stderr and "没有文字层" in read.stderr  # read, then found to have no text


def test_the_limits_are_part_of_the_result_cache_key(monkeypatch, limits_restored):
    from budgetrules.engine.cache import options_key
    from budgetrules.engine.check import CheckConfig

    before = options_key(CheckConfig())
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGES", "20")
    assert options_key(CheckConfig()) != before
