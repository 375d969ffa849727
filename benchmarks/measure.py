"""Measurements shared by ``benchmarks/run.py`` and the benchmark tests: CPU time of a command (never wall
time: the machine is shared), CPU time per text document in a running batch, and memory growth per document
of a batch.

Commands run with Python's compiled-bytecode caches allowed (``PYTHONDONTWRITEBYTECODE`` removed from their
environment), after one warm-up run: a cold check is a fresh process, not a fresh install."""

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
#: the 25-page 决算 kept in the repository (its fonts reduced to the glyphs it prints; tests/data/README.md)
PDF_25 = REPO / "tests" / "data" / "putuo-finance-2024-final-accounts.pdf"


def copies(folder: Path, n: int) -> Path:
    """``folder`` holding ``n`` copies of the reference sample."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        target = folder / f"d{i:05}.txt"
        if not target.exists():
            shutil.copyfile(SAMPLE, target)
    return folder


def child_cpu(command: list[str], env: dict[str, str] | None = None) -> float:
    """User + system CPU seconds of ``command`` and its children (it must exit 0 or 1); ``env``: variables
    added to its environment."""
    env = {**_environment(), **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "BUDGETRULES_NO_CACHE": "1"}


def cold_cpu(command: list[str], repeats: int = 3, env: dict[str, str] | None = None) -> float:
    """The least CPU time of ``repeats`` runs of ``command``, after one run not counted (which also writes the
    bytecode caches and the store of derived data)."""
    child_cpu(command, env)
    return min(child_cpu(command, env) for _ in range(repeats))


_STEADY = r"""
import json, sys, time
from budgetrules.engine.batch import Batch
from budgetrules.cli.main import _with_ruleset
from budgetrules.engine.check import CheckConfig
from budgetrules.engine.plugins import get_registry
from budgetrules_plugins.renderers.json_format import stream

warm, timed = sys.argv[1], sys.argv[2]
registry = get_registry()
config = _with_ruleset(CheckConfig(), None, registry)  # the command line's own ruleset choice

def run(folder):
    size = 0
    for chunk in stream(Batch([folder], registry, config, jobs=1, timeout=None)):
        size += len(chunk)  # rendered as the command line does, written nowhere
    return size

run(warm)
start = time.process_time()
run(timed)
print(json.dumps({"cpu_s": time.process_time() - start}))
"""


def steady_cpu_per_doc(warm: Path, timed: Path) -> float:
    """CPU seconds per document of a batch at ``-j 1`` once running: the files of ``warm`` are checked first
    (imports, catalogues, compiled patterns), then those of ``timed`` are timed in the same process, JSON
    rendered as the command line renders it."""
    out = subprocess.run([sys.executable, "-c", _STEADY, str(warm), str(timed)], capture_output=True, check=True,
                         env=_environment())
    n = sum(1 for p in timed.iterdir() if p.is_file())
    return json.loads(out.stdout)["cpu_s"] / n


def check_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "budgetrules", "check", "-q", "--no-cache", *args]


_GROWTH = r"""
import json, sys
import psutil
from budgetrules.engine.batch import Batch
from budgetrules.cli.main import _with_ruleset
from budgetrules.engine.check import CheckConfig
from budgetrules.engine.plugins import get_registry
from budgetrules_plugins.renderers.json_format import stream

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
                         env=_environment())
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
