"""Shared fixtures: the real samples in ../shared/samples (present in CI), and the plugin registry."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"
AKTO = SAMPLES / "akto-housing-2021-budget.txt"
PUTUO = SAMPLES / "putuo-finance-2024-final-accounts.pdf"
EXAMPLES = REPO / "examples"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample not present: {path}")
    return path


@pytest.fixture(scope="session")
def akto_path() -> Path:
    """The reference input (read from ../shared; the copy in examples/ is used when shared/ is absent)."""
    if AKTO.exists():
        return AKTO
    return _require(EXAMPLES / AKTO.name)


@pytest.fixture(scope="session")
def putuo_path() -> Path:
    return _require(PUTUO)


@pytest.fixture(scope="session")
def registry():
    from budgetrules.plugins import get_registry

    return get_registry()


@pytest.fixture(scope="session")
def akto(akto_path, registry):
    """The reference sample loaded into the object graph (no claims)."""
    from budgetrules.check import load_document

    return load_document(akto_path, registry)


@pytest.fixture(params=["pdfium", "pdfplumber"])
def pdf_reader(request, monkeypatch) -> str:
    """Each PDF reader in turn (``BUDGETRULES_PDF_READER``): a test using it runs once per reader."""
    monkeypatch.setenv("BUDGETRULES_PDF_READER", request.param)
    return request.param
