"""The benchmarks, compared with the stored baseline (``benchmarks/baseline.json``).

    python benchmarks/run.py             # measure, compare, exit 1 on a regression
    python benchmarks/run.py --update    # measure and store as the new baseline
    python benchmarks/run.py --only cold [--update]   # just the cold check (stored alone with --update)

Measured in CPU seconds of the processes involved (user + system, the minimum of a few repeats), never wall
time, so that other work on the machine does not count:

* ``cold_check_cpu_s`` — ``budgetrules check examples/akto-housing-2021-budget.txt`` in a fresh process
  (start-up, plugin loading, one check, text output), after one run not counted (which writes the bytecode
  caches and the store of derived data, :mod:`budgetrules.core.derived`, as any
  earlier run on the machine would have); ``cold_check_no_derived_cpu_s`` is the same with that store off
  (``BUDGETRULES_NO_DERIVED=1``), for information;
* ``text_steady_cpu_s_per_doc`` — one text disclosure in a running batch (``-j 1``, JSON output, the CLI's own
  ruleset choice), after a warm-up round of 20 documents: 200 copies of the reference sample timed inside the
  process; ``text_steady_docs_per_cpu_s`` is its inverse (on 2 cores, twice that per second);
* ``batch_200_cpu_s_per_doc`` — a 200-document batch at ``-j 1`` (200 copies of the reference sample),
  CPU seconds per document; ``batch_200_docs_per_cpu_s`` is its inverse;
* ``pdf_25_cpu_s`` — the 25-page PDF ``tests/data/putuo-finance-2024-final-accounts.pdf`` (the published file with its fonts reduced to the glyphs it prints: the same document);
* ``growth_kb_per_doc_j1``/``_j2`` — memory growth per document of a 300-document batch (the parent
  process; at ``-j 2`` also its largest worker), which must stay ~0 (under :data:`GROWTH_LIMIT_KB`).

A time more than :data:`TOLERANCE` above its baseline is a regression.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import PDF_25, SAMPLE, check_command, child_cpu, cold_cpu, copies, memory_growth, steady_cpu_per_doc  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "baseline.json"
TOLERANCE = 0.15
GROWTH_LIMIT_KB = 10.0
TIMES = ("cold_check_cpu_s", "text_steady_cpu_s_per_doc", "batch_200_cpu_s_per_doc", "pdf_25_cpu_s")


def measure_cold(repeats: int = 3) -> dict:
    return {
        "cold_check_cpu_s": cold_cpu(check_command(str(SAMPLE)), repeats),
        "cold_check_no_derived_cpu_s": cold_cpu(check_command(str(SAMPLE)), repeats,
                                                env={"BUDGETRULES_NO_DERIVED": "1"}),
    }


def measure(work: Path, repeats: int = 3) -> dict:
    results = measure_cold(repeats)
    folder = copies(work / "200", 200)
    steady = min(steady_cpu_per_doc(copies(work / "20", 20), folder) for _ in range(max(1, repeats - 1)))
    results["text_steady_cpu_s_per_doc"] = steady
    results["text_steady_docs_per_cpu_s"] = 1 / steady
    per_doc = min(child_cpu(check_command(str(folder), "--format", "json")) for _ in range(max(1, repeats - 1))) / 200
    results["batch_200_cpu_s_per_doc"] = per_doc
    results["batch_200_docs_per_cpu_s"] = 1 / per_doc
    results["pdf_25_cpu_s"] = min(child_cpu(check_command(str(PDF_25))) for _ in range(max(1, repeats - 1)))
    folder = copies(work / "300", 300)
    for jobs in (1, 2):
        growth = memory_growth(folder, jobs)
        results[f"growth_kb_per_doc_j{jobs}"] = growth["growth_kb_per_doc"]
        results[f"peak_rss_mb_j{jobs}"] = growth["peak_rss_mb"]
        if jobs > 1:
            results["worker_growth_kb_per_doc_j2"] = growth["worker_growth_kb_per_doc"]
            results["peak_worker_rss_mb_j2"] = growth["peak_worker_rss_mb"]
    return {k: round(v, 4) for k, v in results.items()}


def compare(results: dict, baseline: dict) -> list[str]:
    problems = []
    for key in TIMES:
        if key in baseline and key in results and results[key] > baseline[key] * (1 + TOLERANCE):
            problems.append(f"{key}: {results[key]} > {baseline[key]} × {1 + TOLERANCE}")
    for key in ("growth_kb_per_doc_j1", "growth_kb_per_doc_j2", "worker_growth_kb_per_doc_j2"):
        if key in results and results[key] > GROWTH_LIMIT_KB:
            problems.append(f"{key}: {results[key]} KB per document > {GROWTH_LIMIT_KB}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="store the measurements as the new baseline")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", choices=["cold"], help="measure only this (with --update, store only it)")
    opts = ap.parse_args()
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    if opts.only == "cold":
        results = {k: round(v, 4) for k, v in measure_cold(opts.repeats).items()}
    else:
        with tempfile.TemporaryDirectory(prefix="budgetrules-bench-") as tmp:
            results = measure(Path(tmp), opts.repeats)
    print(json.dumps(results, indent=2))
    if opts.update:
        stored = {**baseline, **results} if opts.only else results
        BASELINE.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
        print(f"baseline written to {BASELINE}")
        return 0
    problems = compare(results, baseline)
    for p in problems:
        print("REGRESSION", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
