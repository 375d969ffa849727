"""Shared fixtures: the real samples in ../shared/samples (present in CI), and the plugin registry."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

# Hypothesis profiles. "dev" (the default) keeps its example database in the user's cache directory, never in
# the checkout (nor does Hypothesis's own cache); "ci" (HYPOTHESIS_PROFILE=ci, set by .ci/run) keeps none and
# is derandomised, so that a CI run is repeatable and leaves nothing behind.
HYPOTHESIS_HOME = os.path.join(platformdirs.user_cache_dir("budgetrules"), "hypothesis")
set_hypothesis_home_dir(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY", HYPOTHESIS_HOME))  # its caches too
settings.register_profile(
    "ci", database=None, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, database=DirectoryBasedExampleDatabase(
    os.path.join(HYPOTHESIS_HOME, "examples")))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO = Path(__file__).resolve().parents[1]
PUTUO = REPO / "tests" / "data" / "putuo-finance-2024-final-accounts.pdf"
PUTUO_ORIGINAL = REPO.parent / "shared" / "samples" / PUTUO.name  # the published file, 3.6 MB
SAMPLES = REPO.parent / "shared" / "samples"
AKTO = SAMPLES / "akto-housing-2021-budget.txt"
EXAMPLES = REPO / "examples"
#: A small real PDF disclosure kept in the repository (江苏省人大常委会办公厅 2019 年部门预算公开表; source in
#: tests/data/README.md), so that the PDF path is tested without ../shared.
REAL_PDF = REPO / "tests" / "data" / "js-npc-office-2019-budget-tables.pdf"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample not present: {path}")
    return path


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch):
    """The command line caches results in the user's cache directory; tests never read or write it (the
    cache's own tests point it at a temporary directory)."""
    monkeypatch.setenv("BUDGETRULES_NO_CACHE", "1")
    monkeypatch.delenv("BUDGETRULES_CACHE_DIR", raising=False)


@pytest.fixture(scope="session")
def _derived_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("derived")


@pytest.fixture(autouse=True)
def _own_derived_store(monkeypatch, _derived_dir):
    """The store of derived data (parsed catalogues and rulesets, the plugin index, compiled patterns) lives in
    the user's cache directory; the tests use one of their own, shared by the session (so that the store is
    exercised, and nothing a test writes — catalogues in temporary folders — reaches the user's)."""
    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(_derived_dir))
    monkeypatch.delenv("BUDGETRULES_NO_DERIVED", raising=False)


@pytest.fixture(scope="session")
def akto_path() -> Path:
    """The reference input (read from ../shared; the copy in examples/ is used when shared/ is absent)."""
    if AKTO.exists():
        return AKTO
    return _require(EXAMPLES / AKTO.name)


@pytest.fixture(scope="session")
def putuo_path() -> Path:
    """The 25-page 决算 sample (上海市普陀区财政局 2024 年度部门决算): the copy in tests/data, whose embedded fonts
    are reduced to the glyphs it prints (``scripts/make_pdf_fixture.py``); it reads as the same object graph as
    the original in ../shared/samples (``tests/test_pdf_fixture.py``)."""
    return PUTUO


@pytest.fixture(scope="session")
def real_pdf_path() -> Path:
    """A real PDF disclosure in the repository (tests/data/), present wherever the tests run."""
    assert REAL_PDF.exists(), REAL_PDF
    return REAL_PDF


@pytest.fixture(scope="session")
def registry():
    from budgetrules.engine.plugins import get_registry

    return get_registry()


@pytest.fixture(scope="session")
def akto(akto_path, registry):
    """The reference sample loaded into the object graph (no claims)."""
    from budgetrules.engine.check import load_document

    return load_document(akto_path, registry)


@pytest.fixture(params=["pdfium", "pdfplumber"])
def pdf_reader(request, monkeypatch) -> str:
    """Each PDF reader in turn (``BUDGETRULES_PDF_READER``): a test using it runs once per reader."""
    monkeypatch.setenv("BUDGETRULES_PDF_READER", request.param)
    return request.param
