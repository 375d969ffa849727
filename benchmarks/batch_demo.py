"""Run ``budgetrules check`` on N copies of the reference sample and measure what the issue asks to show:
when output appears, peak memory (RSS) of the process and of its whole process tree, CPU time, wall time.

    python benchmarks/batch_demo.py --copies 5000 --workdir /tmp/demo -- -j 2 --format json

makes ``/tmp/demo/in`` (N copies of ``examples/akto-housing-2021-budget.txt``, made once), runs
``budgetrules check /tmp/demo/in -o /tmp/demo/<label>.out ARGS…`` and prints one JSON line: ``seconds``,
``cpu_seconds`` (user + system of the tree), ``peak_rss_mb`` (the largest process), ``peak_tree_rss_mb``
(all processes of the run together), ``first_output_s`` (when the output file first grew), ``docs_per_s``,
``exit``. RSS is sampled every 0.2 s with psutil; ``/usr/bin/time -v`` reports the same peak for the
largest process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "akto-housing-2021-budget.txt"


def make_copies(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    have = len(list(folder.glob("*.txt")))
    for i in range(have, n):
        shutil.copyfile(SAMPLE, folder / f"d{i:05}.txt")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--workdir", default="/tmp/budgetrules-demo")
    ap.add_argument("--label", default="run")
    ap.add_argument("--interrupt-after", type=float, default=None, help="send SIGINT after this many seconds")
    ap.add_argument("args", nargs="*")
    opts = ap.parse_args()
    work = Path(opts.workdir)
    folder = work / "in"
    make_copies(folder, opts.copies)
    out = work / f"{opts.label}.out"
    if out.exists():
        out.unlink()
    command = [sys.executable, "-m", "budgetrules", "check", str(folder), "-o", str(out), *opts.args]
    started = time.monotonic()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = peak_tree = 0
    first_output = None
    growth = []
    cpu: dict[int, float] = {}
    interrupted = False
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
            except psutil.Error:
                continue
            peak = max(peak, rss)
            total += rss
        peak_tree = max(peak_tree, total)
        now = time.monotonic() - started
        size = out.stat().st_size if out.exists() else 0
        if size and first_output is None:
            first_output = now
        if not growth or now - growth[-1][0] >= 5:
            growth.append((round(now, 1), size))
        if opts.interrupt_after is not None and not interrupted and now >= opts.interrupt_after:
            proc.send_signal(2)
            interrupted = True
        time.sleep(0.2)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    seconds = time.monotonic() - started
    print(json.dumps({
        "label": opts.label,
        "copies": opts.copies,
        "args": opts.args,
        "exit": proc.returncode,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(sum(cpu.values()), 1),
        "peak_rss_mb": round(peak / 2**20, 1),
        "peak_tree_rss_mb": round(peak_tree / 2**20, 1),
        "first_output_s": None if first_output is None else round(first_output, 1),
        "docs_per_s": round(opts.copies / seconds, 2),
        "output_bytes": out.stat().st_size if out.exists() else 0,
        "output_growth": growth[:6] + growth[-2:] if len(growth) > 8 else growth,
        "traceback": "Traceback" in stderr,
        "stderr_tail": stderr[-300:],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
