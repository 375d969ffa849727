"""Speed and memory targets (run with ``python -m pytest benchmarks``; not part of the default test run).

Targets on the CI machine (2 cores): loading and checking the reference disclosure well under the peer's
~6 s per document — under 1 s per document including rule evaluation — and a batch of 50 documents in
under a minute; peak memory for one text document under 100 MB.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from budgetrules.engine.check import check_file, load_document
from budgetrules.engine.plugins import get_registry

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "akto-housing-2021-budget.txt"


@pytest.fixture(scope="module")
def registry():
    return get_registry()


def test_load_reference(benchmark, registry):
    doc = benchmark(load_document, SAMPLE, registry)
    assert len(doc.tables) >= 9
    assert benchmark.stats.stats.mean < 0.5


def test_check_reference(benchmark, registry):
    report = benchmark(check_file, SAMPLE, registry)
    assert report.error is None
    assert benchmark.stats.stats.mean < 1.0


def test_memory_one_document(registry):
    tracemalloc.start()
    check_file(SAMPLE, registry)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100 * 1024 * 1024
