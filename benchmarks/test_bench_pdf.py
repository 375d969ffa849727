"""The 25-page PDF on both readers against the stored baseline (``python -m pytest benchmarks``; not part of
the default test run). See ``benchmarks/pdf.py`` for what each number is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import PDF_25  # noqa: E402
from pdf import BASELINE, TOLERANCE, measure_reader  # noqa: E402


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_pdfium_loads_the_25_page_pdf_within_its_baseline(baseline):
    cpu = measure_reader("pdfium", check=False)["pdf_25_pdfium_load_cpu_s"]
    assert cpu <= baseline["pdf_25_pdfium_load_cpu_s"] * (1 + TOLERANCE), cpu


def test_pdfium_checks_the_25_page_pdf_within_its_baseline(baseline):
    cpu = measure_reader("pdfium")["pdf_25_pdfium_check_cpu_s"]
    assert cpu <= baseline["pdf_25_pdfium_check_cpu_s"] * (1 + TOLERANCE), cpu


def test_pdfplumber_within_its_baseline_and_slower_than_pdfium(baseline):
    plumber = measure_reader("pdfplumber", repeats=2, check=False)["pdf_25_pdfplumber_load_cpu_s"]
    assert plumber <= baseline["pdf_25_pdfplumber_load_cpu_s"] * (1 + TOLERANCE), plumber
    assert plumber > 3 * baseline["pdf_25_pdfium_load_cpu_s"], plumber


def test_load_with_pytest_benchmark(benchmark):
    """The same load, timed by pytest-benchmark for its report (wall time, for reading only)."""
    from budgetrules.engine.check import load_document
    from budgetrules.engine.plugins import get_registry

    registry = get_registry()
    document = benchmark.pedantic(load_document, args=(PDF_25, registry), rounds=3, warmup_rounds=1)
    assert len(document.tables) >= 9
