"""PDFium is not thread-safe: the reader takes turns (``pdfium.PDFIUM_LOCK``), so threads reading PDFs at once
read exactly what one thread reads alone."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from budgetrules.api import InputError
from budgetrules_plugins.loaders import pdfium

PDF = Path(__file__).parent / "data" / "putuo-finance-2024-final-accounts.pdf"


def _pages(data: bytes, pages: list[int]) -> bytes:
    return pickle.dumps(list(pdfium.read_pages(PDF.name, data, pages)))


def test_threads_reading_pdfs_at_once_read_what_one_thread_reads():
    data = PDF.read_bytes()
    pages = [0, 3, 7, 12]
    alone = _pages(data, pages)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: _pages(data, pages), range(8)))
    assert together == [alone] * 8


def test_the_lock_is_free_after_a_read_and_after_a_refused_file():
    list(pdfium.read_pages(PDF.name, PDF.read_bytes(), [0]))
    assert not pdfium.PDFIUM_LOCK.locked()
    with pytest.raises(InputError):
        list(pdfium.read_pages("broken.pdf", b"%PDF-1.4 not a pdf", [0]))
    assert not pdfium.PDFIUM_LOCK.locked()
