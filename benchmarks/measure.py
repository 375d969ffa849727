"""Measurements shared by ``benchmarks/run.py`` and the benchmark tests: CPU time of a command (never wall
time: the machine is shared), and memory growth per document of a batch."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "akto-housing-2021-budget.txt"
PDF_25 = REPO.parent / "shared" / "samples" / "putuo-finance-2024-final-accounts.pdf"


def copies(folder: Path, n: int) -> Path:
    """``folder`` holding ``n`` copies of the reference sample."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        target = folder / f"d{i:05}.txt"
        if not target.exists():
            shutil.copyfile(SAMPLE, target)
    return folder


def child_cpu(command: list[str]) -> float:
    """User + system CPU seconds of ``command`` and its children (it must exit 0 or 1)."""
    env = {**os.environ, "BUDGETRULES_NO_CACHE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def check_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "budgetrules", "check", "-q", "--no-cache", *args]


_GROWTH = r"""
import json, sys
import psutil
from budgetrules.batch import Batch
from budgetrules.cli import _with_ruleset
from budgetrules.check import CheckConfig
from budgetrules.plugins import get_registry
from budgetrules_renderers.json import stream

folder, jobs = sys.argv[1], int(sys.argv[2])
me = psutil.Process()
registry = get_registry()
config = _with_ruleset(CheckConfig(), None, registry)
samples = []

def observe(report, batch):
    workers = 0
    for child in me.children(recursive=True):
        try:
            workers = max(workers, child.memory_info().rss)
        except psutil.Error:
            pass
    samples.append((me.memory_info().rss, workers))

batch = Batch([folder], registry, config, jobs=jobs, timeout=None, on_report=observe)
size = 0
for chunk in stream(batch):
    size += len(chunk)  # rendered as the command line does, written nowhere
print(json.dumps({"samples": samples, "output_chars": size}))
"""


def _slope(values: list[float]) -> float:
    n = len(values)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den if den else 0.0


def memory_growth(folder: Path, jobs: int) -> dict:
    """Check every file of ``folder`` in a fresh process, rendering JSON, and sample the RSS of that process
    (and of its largest worker) after each report. Returns the peaks and the growth per document over the
    second half of the run (least squares), in KB — ~0 when nothing is kept per document."""
    out = subprocess.run([sys.executable, "-c", _GROWTH, str(folder), str(jobs)], capture_output=True, check=True,
                         env={**os.environ, "BUDGETRULES_NO_CACHE": "1"})
    samples = json.loads(out.stdout)["samples"]
    half = samples[len(samples) // 2:]
    parent = [s[0] for s in half]
    worker = [s[1] for s in half]
    return {
        "documents": len(samples),
        "peak_rss_mb": round(max(s[0] for s in samples) / 2**20, 1),
        "peak_worker_rss_mb": round(max(s[1] for s in samples) / 2**20, 1),
        "growth_kb_per_doc": round(_slope(parent) / 1024, 2),
        "worker_growth_kb_per_doc": round(_slope(worker) / 1024, 2),
    }
