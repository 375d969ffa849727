"""``explain`` in Chinese with 整改建议 and the legal basis, ``explain AR`` listing a family, and the Python API
``budgetrules.check_file`` giving what the command line gives."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import budgetrules
from budgetrules.cli.main import main
from budgetrules.core.errors import InputError, UsageError
from budgetrules.engine.check import DIAGNOSTICS
from budgetrules.engine.explain import guidance, guidance_for
from budgetrules.engine.plugins import get_registry


def explain(*args):
    return CliRunner().invoke(main, ["explain", *args])


def test_explain_in_chinese_with_advice_and_basis():
    result = explain("AR101")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("AR101：类的金额等于其下各款之和\n默认级别：错误")
    assert "说明：表中每个“类”行的金额应等于其下各“款”" in out
    assert "整改建议：核对该类下各款的金额" in out
    assert "《中华人民共和国预算法》第十四条" in out and "财预〔2016〕143号" in out
    assert "Failing example" in out


def test_every_shipped_rule_has_advice_and_a_legal_basis():
    missing = [r.id for r in get_registry().rules.values() if r.package == "budgetrules"
               and not ((g := guidance(r)).description and g.advice and g.basis)]
    assert missing == []


def test_diagnostics_are_explained_too():
    result = explain("br010")
    assert result.exit_code == 0 and "整改建议：用 --kind 预算 或 --kind 决算 指定文件类型" in result.output
    assert all(guidance_for(code, text, "", "budgetrules").advice for code, text in DIAGNOSTICS.items())


def test_explain_a_family():
    result = explain("AR")
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert [l.split()[0] for l in lines[:-1]] == [f"AR10{i}" for i in range(1, 8)]
    assert lines[0].startswith("AR101  错误  类的金额等于其下各款之和")
    assert lines[-1].startswith("共 7 条")
    by_name = explain("sangong").output.splitlines()
    assert [l.split()[0] for l in by_name[:-1]] == [f"SG10{i}" for i in range(1, 10)]
    assert explain("QQ").exit_code == 2


def test_docstring_sections_take_precedence():
    doc = "Checks something.\n\n整改建议\n    先核对，再更正。\n\n依据\n    甲法第一条\n    乙规定第二条\n"
    g = guidance_for("ZZ101", "摘要", doc, "budgetrules_plugins.arithmetic")
    assert g.advice == "先核对，再更正。" and g.basis == ("甲法第一条", "乙规定第二条")
    assert g.description is None and "整改建议：先核对" in g.help_text()
    inline = guidance_for("ZZ102", "摘要", "依据：某省培训费管理办法第十条")
    assert inline.basis == ("某省培训费管理办法第十条",)


def test_check_file_gives_what_the_command_line_gives(akto_path):
    findings = budgetrules.check_file(akto_path)
    cli = json.loads(CliRunner().invoke(main, ["check", str(akto_path), "--format", "json"]).output)
    assert [(f.rule, f.location.line, f.message) for f in findings] == [
        (f["rule"], f["location"]["line"], f["message"]) for f in cli["files"][0]["findings"]]
    report = budgetrules.check_report(akto_path)
    assert report.ruleset == cli["files"][0]["ruleset"] == "xinjiang-county-budget"


def test_check_file_with_a_ruleset_and_options(akto_path):
    national = budgetrules.check_file(str(akto_path), ruleset="national-budget", select=["AR"])
    assert national and {f.rule[:2] for f in national} == {"AR"}
    assert budgetrules.check_report(akto_path, ruleset="national-budget").ruleset == "national-budget"
    with pytest.raises(UsageError):
        budgetrules.check_file(akto_path, ruleset="no-such-ruleset")


def test_check_file_raises_on_an_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError):
        budgetrules.check_file(empty)
