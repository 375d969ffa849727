"""Team settings: budgetrules.toml or [tool.budgetrules] in pyproject.toml, found from the current folder upward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetrules.cli import settings as st
from budgetrules.cli.main import main
from budgetrules.core.errors import UsageError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "akto-housing-2021-budget.txt"
TOTAL_FINDINGS = 28


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _copy(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _files(result) -> list[dict]:
    return json.loads(result.stdout)["files"]


@pytest.fixture
def team(tmp_path, monkeypatch):
    """A review team's folder: 县级/a/akto.txt, 草稿/akto.txt, and a sub-folder to run from."""
    _copy(tmp_path / "县级" / "a" / "akto.txt")
    _copy(tmp_path / "草稿" / "akto.txt")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def test_settings_are_found_from_a_subfolder_and_set_format_and_fail_level(team):
    (team / "budgetrules.toml").write_text('format = "json"\nfail-on = "warning"\n', encoding="utf-8")
    result = _run("check", "../县级/a/akto.txt", "--select", "AR107")
    assert result.exit_code == 1  # AR107 is a warning: fails at fail-on = warning
    assert [f["rule"] for f in _files(result)[0]["findings"]] == ["AR107", "AR107"]
    # the command line wins
    text = _run("check", "../县级/a/akto.txt", "--select", "AR107", "--format", "text", "--fail-on", "error")
    assert text.exit_code == 0 and text.stdout.startswith("# ../县级/a/akto.txt")


def test_pyproject_tool_table_is_read_and_a_pyproject_without_it_is_passed_over(team):
    (team / "pyproject.toml").write_text('[tool.budgetrules]\nformat = "json"\n', encoding="utf-8")
    (team / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert st.find().path == str(team / "pyproject.toml")
    result = _run("check", "../县级/a/akto.txt")
    assert len(_files(result)[0]["findings"]) == TOTAL_FINDINGS
    assert _run("--no-settings", "check", "../县级/a/akto.txt").stdout.startswith("#")


def test_excluded_paths_are_not_walked_but_a_named_file_is_checked(team):
    (team / "budgetrules.toml").write_text('format = "json"\nexclude = ["草稿/**"]\n', encoding="utf-8")
    walked = _run("check", "..")
    assert [f["path"] for f in _files(walked)] == ["../县级/a/akto.txt"]
    named = _run("check", "../草稿/akto.txt")
    assert [f["path"] for f in _files(named)] == ["../草稿/akto.txt"]


def test_per_path_rulesets_and_per_file_ignores(team):
    (team / "budgetrules.toml").write_text(
        'format = "json"\nignore = ["MC107"]\n[rulesets]\n"县级/**" = "national-budget"\n'
        '[per-file-ignores]\n"县级/**" = ["CL"]\n', encoding="utf-8")
    files = {f["path"]: f for f in _files(_run("check", ".."))}
    county, draft = files["../县级/a/akto.txt"], files["../草稿/akto.txt"]
    assert county["ruleset"] == "national-budget" and draft["ruleset"] == "xinjiang-county-budget"
    county_rules = {f["rule"] for f in county["findings"]}
    draft_rules = {f["rule"] for f in draft["findings"]}
    assert not any(r.startswith("CL") for r in county_rules) and {"CL101", "CL102"} <= draft_rules
    assert "MC107" not in county_rules | draft_rules


def test_extend_select_turns_on_a_plugin_family_a_team_ruleset_leaves_out(team):
    (team / "ours.toml").write_text('extends = "national-budget"\nkind = "预算"\nselect = ["AR"]\n', encoding="utf-8")
    (team / "budgetrules.toml").write_text('format = "json"\n[rulesets]\n"县级/**" = "ours.toml"\n', encoding="utf-8")
    rules = {f["rule"][:2] for f in _files(_run("check", "../县级/a/akto.txt"))[0]["findings"]}
    assert rules == {"AR"}
    # selecting a rule the ruleset does not run is an error, not an empty result
    refused = _run("check", "../县级/a/akto.txt", "--ruleset", "../ours.toml", "--select", "EX202")
    assert refused.exit_code == 2 and "EX202" in refused.output
    (team / "budgetrules.toml").write_text('format = "json"\nextend-select = ["EX"]\n[rulesets]\n"县级/**" = "ours.toml"\n',
                                          encoding="utf-8")
    accepted = _run("check", "../县级/a/akto.txt", "--ruleset", "../ours.toml", "--select", "EX202")
    assert accepted.exit_code in (0, 1), accepted.output


def test_baseline_setting_is_used_when_the_file_exists(team):
    (team / "budgetrules.toml").write_text('format = "json"\nbaseline = "review.toml"\n', encoding="utf-8")
    # no review file yet: checked as usual
    assert len(_files(_run("check", "../县级/a/akto.txt"))[0]["findings"]) == TOTAL_FINDINGS
    made = _run("accept", "../县级/a/akto.txt")  # writes the settings' review file
    assert made.exit_code == 0 and (team / "review.toml").exists()
    result = _run("check", "../县级/a/akto.txt")
    assert result.exit_code == 0 and _files(result)[0]["findings"] == []


@pytest.mark.parametrize("text, word", [
    ('formt = "json"', "formt"),
    ('fail-on = "sometimes"', "fail-on"),
    ('exclude = 3', "exclude"),
    ('[rulesets]\n"县级/**" = 1', "rulesets"),
    ('format = ', "TOML"),
])
def test_a_bad_setting_is_a_usage_error_naming_the_file_and_key(team, text, word):
    (team / "budgetrules.toml").write_text(text + "\n", encoding="utf-8")
    result = _run("check", "../县级/a/akto.txt")
    assert result.exit_code == 2
    assert "budgetrules.toml" in result.output and word in result.output


def test_ruleset_of_another_kind_warns(team):
    result = _run("check", "../县级/a/akto.txt", "--ruleset", "national-final")
    assert "规则集 national-final 用于决算公开，而本文件是预算公开" in result.stderr
    quiet = _run("check", "../县级/a/akto.txt", "--ruleset", "national-budget")
    assert "警告：规则集" not in quiet.stderr


def test_select_of_a_rule_that_nothing_runs_is_an_error(team):
    result = _run("check", "../县级/a/akto.txt", "--ruleset", "national-budget", "--select", "NC108")
    assert result.exit_code == 2 and "NC108" in result.output  # NC108 is for 决算 only


def test_settings_model(tmp_path):
    path = tmp_path / "budgetrules.toml"
    path.write_text('exclude = ["草稿/**", "*.bak.txt"]\n[per-file-ignores]\n"2019/**" = "NC1"\n'
                    '[rulesets]\n"县级/**" = "a"\n"**/x.txt" = "b"\n', encoding="utf-8")
    s = st.load(path)
    assert s.excluded(tmp_path / "草稿" / "y.txt") and s.excluded(tmp_path / "z" / "a.bak.txt")
    assert not s.excluded(tmp_path / "正式" / "y.txt") and not s.excluded("/elsewhere/草稿/y.txt")
    assert s.ruleset_for_path(tmp_path / "县级" / "x.txt") == "a"  # the first match wins
    assert s.ruleset_for_path(tmp_path / "市级" / "x.txt") == "b"
    assert s.ignored_rules(tmp_path / "2019" / "d" / "f.pdf") == ("NC1",)
    with pytest.raises(UsageError):
        st.from_mapping({"per-file-ignores": {"a/**": [1]}}, path)
