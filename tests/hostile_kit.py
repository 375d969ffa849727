"""Run one hostile case in a forked child and measure what it cost: CPU seconds and peak memory.

:func:`bounded` forks, runs ``fn(*args)`` in the child and returns its result (or the exception it raised)
with the child's CPU time (user + system, from :func:`resource.getrusage`) and its peak resident memory above
what it inherited (``VmHWM`` after the peak was reset through ``/proc/self/clear_refs``, less ``VmRSS`` at the
start). Measuring in a child keeps one case's cost apart from the test process and from the other cases, and
a case that runs away is killed at ``wall`` seconds instead of hanging the test run. CPU time, not wall time,
is what is bounded, so a loaded machine does not make the cases flaky.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import time
from typing import Any, Callable

import attrs

__all__ = ["Cost", "bounded", "assert_cheap", "deflated", "raw_zip", "check_outcome", "load_outcome"]


@attrs.frozen
class Cost:
    """What one case cost: its result (or the exception it raised), CPU seconds and peak memory in MB."""

    result: Any
    error: BaseException | None
    cpu: float
    mem_mb: float

    def __str__(self) -> str:
        return f"{self.cpu:.2f} s CPU, {self.mem_mb:.0f} MB"


def _status(field: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(fn: Callable, args: tuple, write_fd: int) -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # reset the peak RSS (VmHWM) to the current RSS
    except OSError:
        pass
    rss0 = _status("VmRSS")
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    error = None
    result = None
    try:
        result = fn(*args)
    except BaseException as exc:  # noqa: BLE001 - the parent judges it
        error = exc
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    peak = _status("VmHWM") or usage1.ru_maxrss * 1024
    payload = (result, error, cpu, max(0, peak - rss0) / 2**20)
    try:
        data = pickle.dumps(payload)
    except Exception as exc:  # noqa: BLE001
        data = pickle.dumps((None, RuntimeError(f"unpicklable result: {exc!r}; {error!r}"), cpu, payload[3]))
    with os.fdopen(write_fd, "wb") as out:
        out.write(data)


def bounded(fn: Callable, *args: Any, wall: float = 120.0) -> Cost:
    """Run ``fn(*args)`` in a forked child; its result, CPU time and peak memory (killed after ``wall`` s)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        code = 0
        try:
            _child(fn, args, write_fd)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.close(write_fd)
    chunks = []
    deadline = time.monotonic() + wall
    os.set_blocking(read_fd, False)
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            try:
                chunk = pipe.read()
            except BlockingIOError:
                chunk = None
            if chunk:
                chunks.append(chunk)
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                rest = pipe.read()
                if rest:
                    chunks.append(rest)
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError(f"case still running after {wall} s: killed")
            time.sleep(0.01)
    data = b"".join(chunks)
    if not data:
        raise AssertionError("the case's process died without a result")
    result, error, cpu, mem = pickle.loads(data)
    return Cost(result, error, cpu, mem)


def assert_cheap(cost: Cost, cpu: float, mem_mb: float) -> None:
    """Fail when the case cost more than ``cpu`` CPU seconds or ``mem_mb`` MB of peak memory."""
    assert cost.cpu <= cpu, f"took {cost} (bound {cpu} s CPU)"
    assert cost.mem_mb <= mem_mb, f"took {cost} (bound {mem_mb} MB)"


# --- hostile containers -----------------------------------------------------------------------------------


def deflated(chunk: bytes, repeat: int) -> tuple[bytes, int, int]:
    """``chunk * repeat`` deflated (raw, as in a zip), its CRC-32 and its length, without holding it whole."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = 0
    out = []
    for _ in range(repeat):
        out.append(packer.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    out.append(packer.flush())
    return b"".join(out), crc, len(chunk) * repeat


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written byte by byte from ``(name, deflated data, crc, declared size, method)`` entries, so that a
    member can declare a size other than what it inflates to."""
    import struct

    local, central = b"", b""
    for name, data, crc, size, method in members:
        raw = name.encode()
        offset = len(local)
        fields = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(data), size)
        local += b"PK\x03\x04" + fields + struct.pack("<HH", len(raw), 0) + raw + data
        central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields
                    + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0, 0, offset) + raw)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(local), 0)
    return local + central + end


# --- what a case comes to ---------------------------------------------------------------------------------


def check_outcome(path: str) -> tuple[str | None, list[tuple[str, str]]]:
    """Check one file as the command does: its one-line error (None when it was read) and its findings as
    ``(rule, severity)`` pairs — what a test asserts on, and small enough to come back from a child."""
    from pathlib import Path

    from budgetrules.engine.check import check_file
    from budgetrules.engine.plugins import get_registry

    report = check_file(Path(path), get_registry())
    return report.error, [(f.rule, f.severity.value) for f in report.findings]


def load_outcome(path: str) -> str | None:
    """Load one file: None when it was read, else its one-line error (any other exception propagates)."""
    from pathlib import Path

    from budgetrules.core.errors import InputError
    from budgetrules.engine.check import load_document
    from budgetrules.engine.plugins import get_registry

    try:
        load_document(Path(path), get_registry())
    except InputError as exc:
        assert "\n" not in str(exc), str(exc)
        return str(exc)
    return None
