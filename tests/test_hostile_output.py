"""Hostile and faulty surroundings of a run: where the output goes, what the inputs really are, how the run
ends (issue 14, items 1, 2 and 7).

Every case is built here, in a temporary folder: an output that is an input (by name, symbolic link or hard
link), a missing or read-only output folder, a full disk, a FIFO in a checked folder, symbolic links to a
device and out of the tree, a file that says it is empty and is not, an unreadable file named with others, an
internal error, SIGTERM and the death of the parent of ``-j`` workers. Cases that could hang run in a
subprocess or thread with a time limit, and the command-line runs measure the CPU time and peak memory of
the child process (:func:`_run`), so a regression shows as a failure, not as a stuck test run.

A full disk and a folder that cannot be written are simulated (the tests may run as root, who may write
anywhere, and no small file system can be mounted): the system call fails as it would, with ENOSPC or EACCES.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import GOOD  # noqa: E402  (tests/ is on sys.path: rootdir conftest) — a small consistent budget

from budgetrules.cli import outfile as output
from budgetrules.cli.main import main
from budgetrules.core.errors import InputError
from budgetrules.reading import files

#: CPU seconds a whole command-line run may take here (starting Python and loading the plugins is most of it).
CPU_LIMIT = 30.0
#: Peak resident memory of one run, in MB.
MEMORY_LIMIT_MB = 600


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _one_line(text: str) -> bool:
    return len([line for line in text.splitlines() if line.strip()]) == 1 and "Traceback" not in text


def _run(args, *, timeout: float = 120.0, env=None):
    """Run ``budgetrules ARGS`` as a program: (exit code, stdout, stderr, CPU seconds, peak MB) of the child
    (and of the workers it waited for). The child is killed after ``timeout`` seconds, so a hang fails the
    test instead of stopping the run."""
    import tempfile

    full_env = {**os.environ, "BUDGETRULES_NO_CACHE": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "budgetrules", *map(str, args)], stdout=out, stderr=err,
                                env=full_env)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return (proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                cpu, usage.ru_maxrss / 1024)


def _measured(args, **kwargs):
    """:func:`_run`, asserting that the run's CPU time and peak memory stay bounded; (code, stdout, stderr)."""
    code, out, err, cpu, peak = _run(args, **kwargs)
    assert cpu < CPU_LIMIT, f"{cpu:.1f} s CPU: {args}"
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB: {args}"
    return code, out, err


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


# -- 1. the output file ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["same name", "another spelling", "symbolic link", "hard link"])
def test_check_refuses_an_output_that_is_an_input(runner, good, tmp_path, how, monkeypatch):
    before = good.read_bytes()
    if how == "same name":
        target = good
    elif how == "another spelling":
        (tmp_path / "sub").mkdir()
        target = tmp_path / "sub" / ".." / "good.txt"
    elif how == "symbolic link":
        target = tmp_path / "link.txt"
        target.symlink_to(good)
    else:
        target = tmp_path / "hard.json"
        os.link(good, target)
    result = runner.invoke(main, ["check", str(good), "-o", str(target)])
    assert result.exit_code == 2
    assert _one_line(result.stderr) and "输出文件就是输入文件" in result.stderr
    assert good.read_bytes() == before and _leftovers(tmp_path) == []


def test_an_output_inside_a_checked_folder_may_be_new_but_never_one_of_its_inputs(runner, good, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path), "-o", str(tmp_path / "report.txt")])
    assert result.exit_code == 0, result.output
    assert "检查了 1 个文件" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    again = runner.invoke(main, ["check", str(tmp_path), "-o", str(tmp_path / "report.txt")])
    assert again.exit_code == 2 and "输出文件就是输入文件" in again.stderr  # the report is now an input


def test_parse_and_survey_refuse_an_output_that_is_an_input(runner, good):
    before = good.read_bytes()
    for command in (["parse", str(good), "-o", str(good)], ["survey", str(good.parent), "-o", str(good)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 2 and _one_line(result.stderr) and "输出文件就是输入文件" in result.stderr
    assert good.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "parse", "survey"])
def test_a_missing_output_folder_is_one_line_exit_2(runner, good, tmp_path, command):
    target = tmp_path / "no" / "such" / "out.json"
    args = [command, str(good if command != "survey" else good.parent), "-o", str(target)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert _one_line(result.stderr) and "目录不存在" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_read_only_output_folder_is_one_line_and_the_previous_report_stays(runner, good, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    previous = folder / "out.json"
    previous.write_text('{"old": true}', encoding="utf-8")
    folder.chmod(0o555)
    real_mkstemp = tempfile.mkstemp  # budgetrules.cli.outfile imports tempfile when it writes a file

    def mkstemp(*args, dir=None, **kwargs):  # what a non-root user gets in a read-only folder
        if Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    if os.geteuid() == 0:  # root may write in a read-only folder: make the system call fail as it would
        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    try:
        result = runner.invoke(main, ["check", str(good), "--format", "json", "-o", str(previous)])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert _one_line(result.stderr) and "权限" in result.stderr
    assert previous.read_text(encoding="utf-8") == '{"old": true}' and _leftovers(folder) == []


def test_a_read_only_output_file_is_refused(runner, good, tmp_path):
    previous = tmp_path / "out.txt"
    previous.write_text("old", encoding="utf-8")
    previous.chmod(0o444)
    result = runner.invoke(main, ["check", str(good), "-o", str(previous)])
    if os.geteuid() != 0:
        assert result.exit_code == 2 and "只读" in result.stderr and previous.read_text(encoding="utf-8") == "old"
    else:  # root may write anything: the report replaces it, keeping its permissions
        assert result.exit_code == 0 and stat.S_IMODE(previous.stat().st_mode) == 0o444


class _FullDisk:
    """A file object whose writes fail with ENOSPC after ``allowed`` bytes, as on a full disk."""

    def __init__(self, real, allowed: int):
        self.real, self.allowed = real, allowed

    def write(self, data):
        if self.allowed < len(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        self.allowed -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


@pytest.mark.parametrize("fmt,allowed", [("json", 0), ("json", 40), ("text", 10)])
def test_a_full_disk_is_one_line_exit_2_and_the_previous_report_stays(runner, good, tmp_path, monkeypatch,
                                                                        fmt, allowed):
    second = tmp_path / "second.txt"
    second.write_text(GOOD.replace("测试局", "另一局"), encoding="utf-8")
    previous = tmp_path / "out.txt"
    previous.write_text("the previous report\n", encoding="utf-8")
    real_fdopen = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k), allowed))
    result = runner.invoke(main, ["check", str(good), str(second), "--format", fmt, "-o", str(previous)])
    assert result.exit_code == 2, result.output
    assert _one_line(result.stderr) and "磁盘空间不足" in result.stderr
    assert previous.read_text(encoding="utf-8") == "the previous report\n" and _leftovers(tmp_path) == []


def test_a_full_disk_found_only_when_syncing_is_the_same(runner, good, tmp_path, monkeypatch):
    previous = tmp_path / "out.txt"
    previous.write_text("old\n", encoding="utf-8")

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", fsync)
    result = runner.invoke(main, ["parse", str(good), "-o", str(previous)])
    assert result.exit_code == 2 and _one_line(result.stderr) and "磁盘空间不足" in result.stderr
    assert previous.read_text(encoding="utf-8") == "old\n" and _leftovers(tmp_path) == []


def test_the_output_replaces_the_previous_file_keeping_its_permissions_and_links(runner, good, tmp_path):
    real = tmp_path / "reports" / "out.txt"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.txt"
    link.symlink_to(real)
    result = runner.invoke(main, ["check", str(good), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "检查了 1 个文件" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    assert runner.invoke(main, ["check", str(good), "-o", str(fresh)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_an_output_that_is_a_device_is_written_to_not_replaced(runner, good):
    result = runner.invoke(main, ["check", str(good), "-o", os.devnull])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_the_report_appears_only_when_the_run_ends(good, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    with output.open_output(target, inputs=[good]) as write:
        write("new part\n")
        (growing,) = _leftovers(tmp_path)
        assert growing.read_text(encoding="utf-8") == "new part\n"  # flushed as it comes
        assert target.read_text(encoding="utf-8") == "old\n"
    assert target.read_text(encoding="utf-8") == "new part\n" and _leftovers(tmp_path) == []
    with pytest.raises(RuntimeError):
        with output.open_output(target) as write:
            write("half")
            raise RuntimeError("the run failed")
    assert target.read_text(encoding="utf-8") == "new part\n" and _leftovers(tmp_path) == []


# -- 2. what is read ---------------------------------------------------------------------------------------


@pytest.fixture
def hostile_tree(tmp_path, good):
    """A checked folder holding one good file and, with known endings: a FIFO, a link to /dev/zero, a link to
    a file outside the folder, a link to a folder outside it, and a link to a file inside it."""
    tree = tmp_path / "tree"
    outside = tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (tree / "good.txt").write_text(GOOD, encoding="utf-8")
    (outside / "secret.txt").write_text(GOOD.replace("测试局", "外部局"), encoding="utf-8")
    (outside / "deep.txt").write_text(GOOD.replace("测试局", "更深局"), encoding="utf-8")
    os.mkfifo(tree / "pipe.txt")
    (tree / "zero.txt").symlink_to("/dev/zero")
    (tree / "escape.txt").symlink_to(outside / "secret.txt")
    (tree / "elsewhere").symlink_to(outside, target_is_directory=True)
    (tree / "alias.txt").symlink_to(tree / "good.txt")
    return tree


def test_a_walk_reads_only_regular_files_inside_the_tree(hostile_tree):
    found = files.walk([hostile_tree], (".txt",))
    assert [p.name for p in found.files] == ["alias.txt", "good.txt"]
    why = {p.name: text for p, text in found.refused.items()}
    assert set(why) == {"pipe.txt", "zero.txt", "escape.txt", "elsewhere"}
    assert "FIFO" in why["pipe.txt"] and "之外" in why["escape.txt"] and "之外" in why["elsewhere"]


def test_a_hostile_folder_is_checked_without_hanging_and_everything_refused_is_reported(hostile_tree):
    code, out, err = _measured(["check", hostile_tree, "--format", "json"], timeout=120)
    assert code == 2, err
    data = json.loads(out)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert set(by_name) == {"alias.txt", "good.txt", "pipe.txt", "zero.txt", "escape.txt", "elsewhere"}
    assert by_name["good.txt"]["error"] is None and by_name["alias.txt"]["error"] is None
    for name in ("pipe.txt", "zero.txt", "escape.txt", "elsewhere"):
        assert by_name[name]["error"] and not by_name[name]["findings"], name
    assert "外部局" not in out and "更深局" not in out and "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_devices_and_fifos_named_on_the_command_line_are_refused_unopened(tmp_path, good, jobs):
    fifo = tmp_path / "named.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    code, out, err = _measured(["check", good, fifo, zero, "/dev/zero", "-j", jobs, "--format", "json"],
                               timeout=120)
    assert code == 2, err
    errors = {f["path"]: f["error"] for f in json.loads(out)["files"]}
    assert errors[str(good)] is None
    assert "命名管道" in errors[str(fifo)] and "字符设备" in errors[str(zero)] and "字符设备" in errors["/dev/zero"]


def _in_thread(fn, *args, wall: float = 10.0):
    """``fn(*args)`` in a daemon thread: its result or exception, failing the test if it blocks."""
    box = {}

    def run():
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(wall)
    assert not thread.is_alive(), f"{fn.__name__} blocked"
    return box.get("result"), box.get("error")


def test_a_fifo_swapped_in_after_the_look_is_not_blocked_on(tmp_path, monkeypatch):
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    real_stat = os.stat
    monkeypatch.setattr(files.os, "stat", lambda p, *a, **k: regular if Path(p) == fifo else real_stat(p, *a, **k))
    _, error = _in_thread(files.read_regular, fifo, 1 << 20)
    assert isinstance(error, InputError) and "命名管道" in str(error)


def test_reads_are_bounded_even_when_the_size_says_zero(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    real_stat, real_fstat = os.stat, os.fstat

    def zero(result):
        values = list(result)
        values[stat.ST_SIZE] = 0
        return os.stat_result(values)

    monkeypatch.setattr(files.os, "stat", lambda p, *a, **k: zero(real_stat(p, *a, **k)))
    monkeypatch.setattr(files.os, "fstat", lambda fd: zero(real_fstat(fd)))
    with pytest.raises(InputError, match="文件过大"):
        files.read_regular(big, 1000)
    assert files.read_regular(big, 5000) == b"x" * 5000
    monkeypatch.undo()
    status = files.read_regular("/proc/self/status", 1 << 20)  # a real file that says it holds 0 bytes
    assert os.stat("/proc/self/status").st_size == 0 and b"Pid:" in status


def test_a_folder_that_cannot_be_listed_is_reported_not_silently_empty(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    found = files.walk([tmp_path], (".txt",))
    assert [p.name for p in found.files] == ["good.txt"]
    assert "没有读取权限" in found.refused[locked]


def test_an_unreadable_file_named_with_others_is_reported_and_the_others_checked(runner, good, tmp_path,
                                                                                   monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real_access, real_open = os.access, os.open

    # what a user without read permission sees (the tests may run as root, who may read anything)
    def access(path, mode, *a, **k):
        return False if Path(path) == locked and mode & os.R_OK else real_access(path, mode, *a, **k)

    def open_(path, flags, *a, **k):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(files.os, "open", open_)
    result = runner.invoke(main, ["check", str(good), str(locked), "--format", "json"])
    assert result.exit_code == 2, result.output
    errors = {Path(f["path"]).name: f["error"] for f in json.loads(result.stdout)["files"]}
    assert errors["good.txt"] is None and "没有读取权限" in errors["locked.txt"]


# -- 7. exit codes, signals, workers -----------------------------------------------------------------------


def test_an_internal_error_exits_3_with_one_line_and_the_traceback_saved(tmp_path, good):
    crash = ("import sys, budgetrules.core.serialize as s\n"
             "def boom(*a, **k):\n    raise ZeroDivisionError('a bug')\n"
             "s.to_json = boom\n"
             "from budgetrules.cli.entry import main\n"
             f"sys.argv = ['budgetrules', 'parse', {str(good)!r}]\n"
             "main()\n")
    env = {**os.environ, "BUDGETRULES_NO_CACHE": "1", "TMPDIR": str(tmp_path)}
    env.pop("BUDGETRULES_DEBUG", None)
    proc = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert _one_line(proc.stderr) and "ZeroDivisionError: a bug" in proc.stderr
    (saved,) = tmp_path.glob("budgetrules-crash-*.txt")
    assert str(saved) in proc.stderr and "Traceback" in saved.read_text(encoding="utf-8")
    shown = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=120,
                           env={**env, "BUDGETRULES_DEBUG": "1"})
    assert shown.returncode == 3 and "Traceback" in shown.stderr and "boom" in shown.stderr


def test_exit_codes_are_distinct(tmp_path, good):
    bad = tmp_path / "bad.txt"
    bad.write_text(GOOD.replace("208\t05\t行政事业单位养老支出\t36.48", "208\t05\t行政事业单位养老支出\t30.00"),
                   encoding="utf-8")
    assert _run(["check", good])[0] == 0
    assert _run(["check", bad])[0] == 1
    assert _run(["check", tmp_path / "missing.txt"])[0] == 2
    assert _run(["check", good, "--format", "nonesuch"])[0] == 2


def _workers(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _gone(process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


#: A ``budgetrules`` run whose workers take 10 minutes over each file named ``slow*`` (the rest are checked
#: as usual): what a file that hangs a worker looks like from outside.
_HANGING = """
import sys, time
import budgetrules.engine.batch as batch

checked = batch.run_task

def run_task(task, config, registry=None, **kwargs):
    if "slow" in getattr(getattr(task, "input", None), "path", ""):
        time.sleep(600)
    return checked(task, config, registry, **kwargs)

batch.run_task = run_task
from budgetrules.cli.entry import main
sys.argv = ["budgetrules", *sys.argv[1:]]
main()
"""


@pytest.fixture
def hanging_batch(tmp_path, akto_path):
    """Start a ``-j 2`` run over four whole disclosures and two files that hang (``start(*options)``: the run
    and its two workers); whatever is left of it is killed after the test."""
    started = []

    def start(*args):
        proc, workers = _hanging_batch(tmp_path, akto_path, *args)
        started.append((proc, workers))
        return proc, workers

    yield start
    for proc, workers in started:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        _all_gone(workers, wall=0)


def _hanging_batch(tmp_path, akto_path, *args) -> tuple[subprocess.Popen, list]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a0", "a1", "a2", "a3", "slow0", "slow1"):
        (folder / f"{name}.txt").write_bytes(akto_path.read_bytes())
    proc = subprocess.Popen([sys.executable, "-c", _HANGING, "check", str(folder), "-j", "2", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "BUDGETRULES_NO_CACHE": "1"})
    workers = _wait_for_workers(proc, 2)
    return proc, workers


def _all_gone(workers, wall: float = 10.0) -> bool:
    """Whether every worker ended within ``wall`` seconds (those that did not are killed, so that a failing
    test leaves no process behind)."""
    deadline = time.monotonic() + wall
    while time.monotonic() < deadline and not all(_gone(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if not _gone(w)]
    for w in left:
        w.kill()
    return not left


def _wait_for_workers(proc, count: int, wall: float = 120.0) -> list:
    deadline = time.monotonic() + wall
    while time.monotonic() < deadline:
        found = _workers(proc.pid)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    pytest.fail("the workers did not start")


def test_sigterm_ends_the_batch_cleanly_and_leaves_no_worker(tmp_path, hanging_batch):
    out = tmp_path / "out.json"
    proc, workers = hanging_batch("--format", "json", "-o", out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("a3.txt" in p.read_text(encoding="utf-8")
                                                  for p in _leftovers(tmp_path)):
        time.sleep(0.1)  # the four good files are written; the workers hang on the other two
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Traceback" not in err.decode() and "SIGTERM" in err.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["complete"] is False and len(data["files"]) == 4
    assert _all_gone(workers)


def test_workers_end_when_their_parent_is_killed(tmp_path, hanging_batch):
    proc, workers = hanging_batch("-q", "-o", tmp_path / "out.txt")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("a3.txt" in p.read_text(encoding="utf-8")
                                                  for p in _leftovers(tmp_path)):
        time.sleep(0.1)  # the four good files are written: both workers are in their ten-minute file
    time.sleep(0.5)
    proc.kill()
    proc.communicate(timeout=30)
    assert _all_gone(workers)


def test_jobs_are_capped_at_the_cores_available(runner, good, tmp_path, monkeypatch):
    import pebble

    from budgetrules.engine import batch

    for i in range(4):
        (tmp_path / f"g{i}.txt").write_text(GOOD.replace("测试局", f"测试{i}局"), encoding="utf-8")
    started = []
    real_pool = pebble.ProcessPool

    def pool(*args, max_workers, **kwargs):
        started.append(max_workers)
        return real_pool(*args, max_workers=max_workers, **kwargs)

    monkeypatch.setattr(pebble, "ProcessPool", pool)
    monkeypatch.setattr(batch, "available_cores", lambda: 2)  # the command line asks the batch module
    result = runner.invoke(main, ["check", str(tmp_path), "-j", "64"])
    assert result.exit_code == 0, result.output
    assert "-j 64 超过可用的处理器核心数，按 2 个进程运行" in result.stderr
    assert started == [2]


def test_the_cores_available_are_those_this_process_may_run_on():
    from budgetrules.engine.batch import available_cores

    assert available_cores() == len(os.sched_getaffinity(0))
