"""Batch memory and speed against the stored baseline (``python -m pytest benchmarks``; not part of the
default test run). See ``benchmarks/run.py`` for what each number is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import PDF_25, SAMPLE, check_command, child_cpu, cold_cpu, copies, memory_growth, steady_cpu_per_doc  # noqa: E402
from run import BASELINE, GROWTH_LIMIT_KB, TOLERANCE  # noqa: E402


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_stays_flat_per_document(tmp_path, jobs):
    """A few hundred documents: the process (and at -j 2 its workers) does not grow with their number."""
    growth = memory_growth(copies(tmp_path, 300), jobs)
    assert growth["documents"] == 300
    assert growth["growth_kb_per_doc"] < GROWTH_LIMIT_KB, growth
    assert growth["worker_growth_kb_per_doc"] < GROWTH_LIMIT_KB, growth
    assert growth["peak_rss_mb"] < 150 and growth["peak_worker_rss_mb"] < 150, growth


def test_cold_single_check(baseline):
    cpu = cold_cpu(check_command(str(SAMPLE)))
    assert cpu <= baseline["cold_check_cpu_s"] * (1 + TOLERANCE), cpu


def test_text_steady_state(tmp_path, baseline):
    """One text disclosure in a running batch, after a warm-up round."""
    per_doc = steady_cpu_per_doc(copies(tmp_path / "warm", 20), copies(tmp_path / "timed", 100))
    assert per_doc <= baseline["text_steady_cpu_s_per_doc"] * (1 + TOLERANCE), per_doc


def test_batch_of_200(tmp_path, baseline):
    folder = copies(tmp_path, 200)
    per_doc = min(child_cpu(check_command(str(folder), "--format", "json")) for _ in range(2)) / 200
    assert per_doc <= baseline["batch_200_cpu_s_per_doc"] * (1 + TOLERANCE), per_doc


def test_pdf_of_25_pages(baseline):
    cpu = min(child_cpu(check_command(str(PDF_25))) for _ in range(2))
    assert cpu <= baseline["pdf_25_cpu_s"] * (1 + TOLERANCE), cpu
