"""The batch engine: output streams in input order, is the same bytes whatever the jobs, the order of the
arguments or the cache; a file that hangs or crashes is reported alone; Ctrl-C leaves valid output and exit
code 130; an unchanged file is served from the cache."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from lxml import etree
from test_docsets import write_narrative, write_tables  # noqa: E402  (tests/ is on sys.path: rootdir conftest)

from budgetrules.cli.main import main
from budgetrules.core.report import FileReport
from budgetrules.engine import batch as batch_mod
from budgetrules.engine.batch import Batch, FileTask, Interrupt
from budgetrules.engine.check import CheckConfig, check_paths
from budgetrules.engine.plugins import get_registry
from budgetrules.engine.rendering import Renderer
from budgetrules.reading import docsets

GOOD = """{name} {year} 年部门预算公开

一、部门概况
本局负责全县社会保障和就业工作。

表三：
部门（单位）支出总体情况表
单位：万元
功能分类科目编码\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款
208\t\t社会保障和就业支出\t36.48\t36.48\t
208\t05\t行政事业单位养老支出\t{amount}\t36.48\t
\t\t合计\t36.48\t36.48\t
"""


def good(path: Path, amount: str = "36.48", year: int = 2021, name: str = "社保局") -> Path:
    """A small whole disclosure: clean, or with an AR101 error when ``amount`` is not 36.48."""
    path.write_text(GOOD.format(amount=amount, year=year, name=name), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """Whole disclosures (clean and with an error), files that cannot be read, and a disclosure published
    as two files — whose narrative sorts before some whole files and whose tables sort after them."""
    root = tmp_path / "batch"
    root.mkdir()
    for i in range(6):
        good(root / f"c{i}.txt", amount="36.48" if i % 2 else "30.00")
    (root / "b-empty.txt").write_bytes(b"")
    (root / "d-notable.txt").write_text("这是一段没有任何表格的文字。\n", encoding="utf-8")
    write_narrative(root / "a-narrative.pdf")
    write_tables(root / "z-tables.txt")
    return root


def render(reports, fmt="json"):
    return get_registry().renderers[fmt].render(reports)


def test_reports_are_in_path_order_and_the_pair_is_one_report(folder):
    reports = list(Batch([folder], timeout=None))
    assert [Path(r.path).name for r in reports] == [
        "a-narrative.pdf", "b-empty.txt", "c0.txt", "c1.txt", "c2.txt", "c3.txt", "c4.txt", "c5.txt", "d-notable.txt"]
    assert [Path(p.path).name for p in reports[0].parts] == ["a-narrative.pdf", "z-tables.txt"]
    assert reports[1].error_kind == "input" and reports[2].findings and not reports[3].findings
    assert all(r.document is None for r in reports)


def test_same_reports_as_check_paths(folder):
    assert render(list(Batch([folder], timeout=None))) == render(check_paths([folder]))


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_report_is_yielded_before_the_batch_is_done(tmp_path, jobs):
    for i in range(40):
        good(tmp_path / f"f{i:02}.txt")
    batch = Batch([tmp_path], jobs=jobs, timeout=None)
    first = next(iter(batch))
    assert first.path.endswith("f00.txt")
    assert batch.done < batch.total  # the first report came out while most files were still to be checked
    rest = list(batch)
    assert len(rest) == 39 and batch.complete and not batch.interrupted and batch.done == 40


def test_renderers_write_each_file_before_asking_for_the_next(folder):
    """The streaming protocol: a renderer yields a report's part before it pulls the next report."""
    reports = check_paths([folder])
    for name, renderer in get_registry().renderers.items():
        if name in ("junit", "xlsx") or not renderer.streams:
            continue  # its totals come first / a workbook / a plugin's whole-output format: written at the end
        pulled = []

        def source():
            for r in reports:
                pulled.append(r)
                yield r

        chunks = renderer.stream(source())
        seen = []
        for chunk in chunks:
            seen.append(len(pulled))
        # a chunk was produced after each report was pulled and before the next one was (the formats that
        # write only findings have nothing to write for a clean report; SARIF lists unreadable files at its end)
        sparse = {"sarif", "csv", "concise", "github", "gitlab"}
        expected = {k for k, r in enumerate(reports, start=1)
                    if name not in sparse or r.findings or (r.error and name != "sarif")}
        assert expected <= set(seen), (name, seen)


def test_a_whole_output_renderer_from_a_plugin_still_works_and_says_it_does_not_stream():
    whole = Renderer(name="count", description="d", render=lambda reports: f"{len(reports)}\n")
    assert not whole.streams and whole.render(iter([FileReport(path="a"), FileReport(path="b")])) == "2\n"
    assert attrs.evolve(whole, plugin="p").render([]) == "0\n"
    with pytest.raises(TypeError):
        Renderer(name="none", description="d")


def test_output_is_the_same_bytes_whatever_jobs_order_and_cache(folder, tmp_path, monkeypatch):
    runner = CliRunner()
    cache = tmp_path / "cache"
    monkeypatch.delenv("BUDGETRULES_NO_CACHE")
    files = sorted(str(p) for p in folder.iterdir())
    outputs = {}
    for name, args in {
        "j1-nocache": [str(folder), "--no-cache"],
        "j2-cold": [str(folder), "-j", "2", "--cache-dir", str(cache)],
        "j1-warm": [*reversed(files), "--cache-dir", str(cache)],
        "j2-warm": [str(folder), "-j", "2", "--cache-dir", str(cache)],
    }.items():
        for fmt in ("text", "json", "xml", "sarif", "junit", "jsonl"):
            result = runner.invoke(main, ["check", *args, "--format", fmt, "-q"])
            assert result.exit_code == 2, result.output  # b-empty.txt and d-notable.txt cannot be read
            outputs.setdefault(fmt, {})[name] = result.stdout
    for fmt, by_run in outputs.items():
        assert len(set(by_run.values())) == 1, fmt


def test_per_file_summary_fields(folder):
    reports = check_paths([folder])
    data = json.loads(render(reports))
    first = data["files"][0]
    assert (first["kind"], first["year"], first["department"]) == ("预算", 2021, "测试局")
    assert first["counts"] == reports[0].counts() and first["counts"]["error"] > 0
    assert data["complete"] is True
    root = etree.fromstring(render(reports, "xml").encode("utf-8"))
    ns = {"f": "urn:budgetrules:findings:1"}
    fe = root.find("f:file", ns)
    assert fe.get("errors") == str(first["counts"]["error"]) and fe.get("department") == "测试局"
    text = render(reports, "text").splitlines()
    heads = [line for line in text if line.startswith("# ")]
    assert heads[0].endswith(f"预算 2021 测试局，{first['counts']['error']} 个错误，{first['counts']['warning']} 个警告，0 个提示")
    assert len(heads) == sum(1 for r in reports if not r.error)


# -- documents are dropped; reports waiting for an earlier one spill to disk ----------------------------------


def test_halves_are_described_not_kept(folder):
    config = CheckConfig()
    half = batch_mod.run_task(FileTask(batch_mod.Input(str(folder / "z-tables.txt"))), config)
    assert isinstance(half, docsets.Half) and half.role is docsets.Role.TABLES
    assert (half.identity.year, half.identity.department) == (2021, "测试局")
    report = batch_mod.run_task(FileTask(batch_mod.Input(str(folder / "c0.txt"))), config)
    assert isinstance(report, FileReport) and report.document is None


def test_reports_behind_a_waiting_half_spill_to_disk(folder, monkeypatch):
    """a-narrative.pdf waits for every first pass; the reports done meanwhile are kept on disk past the
    in-memory limit, and come back intact."""
    monkeypatch.setattr(batch_mod, "BACKLOG_IN_MEMORY", 2)
    spilled = []
    real_put = batch_mod._Backlog.put

    def put(self, index, value):
        real_put(self, index, value)
        spilled.append(len(self.spilled))

    monkeypatch.setattr(batch_mod._Backlog, "put", put)
    reports = list(Batch([folder], timeout=None))
    assert max(spilled) >= 3
    assert render(reports) == render(check_paths([folder]))


# -- a file that hangs or crashes -----------------------------------------------------------------------


def _misbehaving(real):
    def run_task(task, config, registry=None, **kw):
        path = task.input.path if isinstance(task, FileTask) else task.group.path
        if "hang" in Path(path).name:
            time.sleep(60)
        if "crash" in Path(path).name:
            os._exit(7)
        return real(task, config, registry, **kw)

    return run_task


def test_a_file_that_hangs_or_crashes_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    for name in ("a.txt", "crash.txt", "hang.txt", "z.txt"):
        good(tmp_path / name)
    monkeypatch.setattr(batch_mod, "run_task", _misbehaving(batch_mod.run_task))
    started = time.monotonic()
    reports = list(Batch([tmp_path], jobs=2, timeout=5))
    assert time.monotonic() - started < 30
    by_name = {Path(r.path).name: r for r in reports}
    assert by_name["hang.txt"].error_kind == "timeout" and "超时" in by_name["hang.txt"].error
    assert by_name["crash.txt"].error_kind == "crash" and "退出码 7" in by_name["crash.txt"].error
    assert by_name["a.txt"].error is None and by_name["z.txt"].error is None


def test_a_hang_in_process_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    for name in ("a.txt", "hang.txt", "z.txt"):
        good(tmp_path / name)
    monkeypatch.setattr(batch_mod, "run_task", _misbehaving(batch_mod.run_task))
    reports = list(Batch([tmp_path], jobs=1, timeout=3))
    assert [r.error_kind for r in reports] == [None, "timeout", None]


def test_failures_are_never_cached(tmp_path, monkeypatch):
    from budgetrules.engine.cache import ResultCache

    good(tmp_path / "hang.txt")
    good(tmp_path / "ok.txt")
    cache = ResultCache(tmp_path / "cache")
    monkeypatch.setattr(batch_mod, "run_task", _misbehaving(batch_mod.run_task))
    list(Batch([tmp_path / "hang.txt", tmp_path / "ok.txt"], timeout=3, cache=cache))
    assert len(cache) == 1


# -- interrupting --------------------------------------------------------------------------------------


def test_an_interrupt_request_stops_the_batch_after_the_reports_done(tmp_path):
    for i in range(10):
        good(tmp_path / f"f{i}.txt")
    interrupt = Interrupt()
    batch = Batch([tmp_path], timeout=None, interrupt=interrupt)
    chunks = []
    for chunk in get_registry().renderers["json"].stream(batch):
        chunks.append(chunk)
        if len(chunks) == 3:
            interrupt.requested = True
    data = json.loads("".join(chunks))
    assert data["complete"] is False and len(data["files"]) == 3 and batch.interrupted and not batch.complete


@pytest.mark.parametrize("jobs,fmt", [("1", "json"), ("2", "xml")])
def test_sigint_exits_130_with_valid_output_and_no_traceback(tmp_path, akto_path, jobs, fmt):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        shutil.copy(akto_path, folder / f"d{i:02}.txt")
    out = tmp_path / f"out.{fmt}"
    env = {**os.environ, "BUDGETRULES_NO_CACHE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "budgetrules", "check", str(folder), "-j", jobs, "--format", fmt,
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def growing() -> str:  # -o grows as a temporary file beside it, renamed when the run ends
        for part in tmp_path.glob(f".{out.name}.*.tmp"):
            try:
                return part.read_text(encoding="utf-8")
            except FileNotFoundError:
                pass
        return ""

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and growing().count("d0") < 2:
        time.sleep(0.1)
    assert not out.exists()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in stderr and "已中断".encode() in stderr
    assert not list(tmp_path.glob(".*.tmp"))
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["complete"] is False and 1 <= len(data["files"]) < 30
    else:
        from budgetrules_plugins.renderers.xml_format import schema

        root = etree.fromstring(text.encode("utf-8"))
        schema().assertValid(root)
        summary = root.find("{urn:budgetrules:findings:1}summary")
        assert summary.get("complete") == "false" and 1 <= int(summary.get("files")) < 30


# -- the progress bar -------------------------------------------------------------------------------------


class _Terminal:
    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch):
    from budgetrules.cli.main import _Progress

    for i in range(3):
        good(tmp_path / f"f{i}.txt")
    (tmp_path / "bad.txt").write_bytes(b"")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    for quiet in (False, True):
        progress = _Progress(quiet)
        batch = Batch([tmp_path], timeout=None, on_progress=progress.update)
        with progress.bar(batch.total):
            list(batch)
    assert terminal.text.count("4/4") >= 1 and "个文件" in terminal.text and "失败 1" in terminal.text
    shown = terminal.text
    monkeypatch.setattr(terminal, "isatty", lambda: False)
    progress = _Progress(False)
    with progress.bar(4):
        progress.update("x", Batch([tmp_path], timeout=None))
    assert terminal.text == shown


# -- the result cache ------------------------------------------------------------------------------------


def test_an_unchanged_file_is_served_from_the_cache(tmp_path, monkeypatch):
    from budgetrules.engine.cache import ResultCache

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        good(folder / f"f{i}.txt", amount="30.00")
    cache = ResultCache(tmp_path / "cache")
    cold = list(Batch([folder], cache=cache, timeout=None))

    def refuse(*a, **k):
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(batch_mod, "load_document", refuse)
    warm = Batch([folder], cache=cache, timeout=None)
    assert list(warm) == cold and warm.cached == 3
    monkeypatch.undo()
    good(folder / "f1.txt", amount="36.48")  # changed: checked again
    again = Batch([folder], cache=cache, timeout=None)
    reports = list(again)
    assert again.cached == 2 and not reports[1].findings and reports[0] == cold[0]
    other = Batch([folder], config=CheckConfig(ignore=("AR",)), cache=cache, timeout=None)  # other options
    list(other)
    assert other.cached == 0


def test_the_pair_is_cached_too(folder, tmp_path):
    from budgetrules.engine.cache import ResultCache

    cache = ResultCache(tmp_path / "cache")
    cold = list(Batch([folder], cache=cache, timeout=None))
    warm = Batch([folder], cache=cache, timeout=None)
    assert list(warm) == cold and warm.cached == warm.total + 1  # every first pass, and the unit of the pair


def test_environment_key_follows_plugins_and_versions(registry, monkeypatch, tmp_path):
    from budgetrules.engine.cache import environment_key

    key = environment_key(registry)
    assert environment_key(registry) == key
    monkeypatch.setitem(registry.versions, "arithmetic", "9.9.9")
    assert environment_key(registry) != key
    monkeypatch.undo()
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    (tmp_path / "catalogues").mkdir()
    (tmp_path / "catalogues" / "func-2021.csv").write_text("code,name\n", encoding="utf-8")
    assert environment_key(registry) != key


def test_the_cache_is_bounded(tmp_path):
    from budgetrules.engine.cache import ResultCache

    cache = ResultCache(tmp_path / "cache", size_limit=256 * 1024)
    for i in range(200):
        cache.set(f"k{i}", os.urandom(16 * 1024))
    assert cache.volume() < 2 * 256 * 1024
    assert cache.get("k199") is not None and cache.get("k0") is None


def test_a_broken_cache_is_a_miss_never_an_error(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / "cache.db").write_bytes(b"this is not a database" * 100)
    path = good(tmp_path / "f.txt")
    monkeypatch.delenv("BUDGETRULES_NO_CACHE")
    result = CliRunner().invoke(main, ["check", str(path), "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0, result.output
    assert "检查了 1 个文件：0 个错误" in result.stdout


def test_concurrent_runs_share_the_cache(tmp_path, akto_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        shutil.copy(akto_path, folder / f"d{i}.txt")
    env = {**os.environ, "BUDGETRULES_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("BUDGETRULES_NO_CACHE", None)
    command = [sys.executable, "-m", "budgetrules", "check", str(folder), "--format", "json", "-q"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], outputs[0][1]
    third = subprocess.run(command, capture_output=True, env=env, timeout=300)
    assert outputs[0][0] == outputs[1][0] == third.stdout
    assert json.loads(third.stdout)["summary"]["files"] == 6
