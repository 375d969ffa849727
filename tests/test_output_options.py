"""Output conventions of ``check`` known from ruff, flake8 and pytest: --exit-zero, --statistics, -q,
--show-source/--no-show-source, colour (never with NO_COLOR or off a terminal), --exclude, reading standard
input, and severity words in Chinese."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from budgetrules.cli.conventions import excluded, want_color
from budgetrules.cli.main import main

ESC = "\x1b["


@pytest.fixture(scope="module")
def text(akto_path) -> str:
    return akto_path.read_text(encoding="utf-8")


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, ["check", *map(str, args)], input=input, env=env)


def test_severity_words_are_chinese(akto_path):
    out = run(akto_path).output
    assert re.search(r":149: AR101 错误 ", out) and re.search(r": AR107 警告 ", out)
    assert " error " not in out and " warning " not in out


def test_exit_zero_keeps_the_output_and_exits_0(akto_path):
    plain, zero = run(akto_path), run(akto_path, "--exit-zero")
    assert plain.exit_code == 1 and zero.exit_code == 0 and zero.output == plain.output


def test_exit_zero_does_not_hide_an_unreadable_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run(tmp_path / "empty.txt", "--exit-zero").exit_code == 2


def test_statistics_counts_per_rule(akto_path):
    result = run(akto_path, "--statistics")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.match(r"^6  AR101  错误  类的金额等于其下各款之和$", lines[0])
    assert lines[-1] == "检查了 1 个文件：共 28 个问题。"
    data = json.loads(run(akto_path, "--statistics", "--format", "json").output)
    assert {"rule": "XT101", "count": 2, "severity": "error", "summary": "同一功能分类科目在各表中的同一口径金额应一致"} in data
    assert sum(d["count"] for d in data) == 28
    assert run(akto_path, "--statistics", "--format", "sarif").exit_code == 2


def test_quiet_prints_the_findings_only(akto_path):
    out = run(akto_path, "-q").output.splitlines()
    assert not any(line.startswith(("# ", "检查了")) for line in out)
    assert any(": AR101 错误 " in line for line in out)


def test_no_show_source_and_concise(akto_path):
    full = run(akto_path).output.splitlines()
    short = run(akto_path, "--no-show-source").output.splitlines()
    assert any("149 | 212" in line for line in full) and not any(" | " in line for line in short)
    assert not any("= 位置：" in line for line in short)
    concise = run(akto_path, "--format", "concise").output.splitlines()
    assert len(concise) == 28 and all(": " in line and not line.startswith(" ") for line in concise)


def test_colour_only_when_asked_or_on_a_terminal(akto_path):
    assert ESC not in run(akto_path).output  # not a terminal
    coloured = run(akto_path, "--color", "always").output
    assert f"{ESC}1;31m错误{ESC}0m" in coloured and f"{ESC}35mAR101{ESC}0m" in coloured
    assert ESC not in run(akto_path, "--color", "never").output


class _Tty:
    def isatty(self):
        return True


def test_auto_colour_follows_the_terminal_and_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert want_color("auto", None, _Tty()) is True
    assert want_color("auto", "out.txt", _Tty()) is False  # -o: a file, not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert want_color("auto", None, _Tty()) is False
    assert want_color("always", None, _Tty()) is True
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert want_color("auto", None, _Tty()) is False


def test_exclude(tmp_path, text):
    for rel in ("县级/a.txt", "县级/草稿/b.txt", "c.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    def files(*args):
        out = run(tmp_path, "-q", "--format", "json", *args).output
        return sorted(f["path"].replace(str(tmp_path) + "/", "") for f in json.loads(out)["files"])
    assert files() == ["c.txt", "县级/a.txt", "县级/草稿/b.txt"]
    assert files("--exclude", "草稿") == ["c.txt", "县级/a.txt"]
    assert files("--exclude", "c.txt,*/草稿/*") == ["县级/a.txt"]
    assert files("--exclude", "县级") == ["c.txt"]
    assert excluded("a/b/c.pdf", ["*.pdf"]) and not excluded("a/b/c.pdf", ["b.pdf"])


def test_standard_input(text, akto_path):
    from_file = run(akto_path, "--format", "json").output
    result = run("-", "--format", "json", input=text.encode("utf-8"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    (entry,) = data["files"]
    assert entry["path"] == "-" and all(f["location"]["path"] == "-" for f in entry["findings"])
    assert entry["counts"] == json.loads(from_file)["files"][0]["counts"]
    named = run("-", "--stdin-filename", "县级/akto.txt", "-q", "--no-show-source", input=text.encode("utf-8"))
    assert named.output.splitlines()[0].startswith("县级/akto.txt:")


def test_standard_input_that_is_not_a_disclosure():
    result = run("-", input=b"hello\n")
    assert result.exit_code == 2 and "-:" in result.output
