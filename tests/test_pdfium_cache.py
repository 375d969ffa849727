"""The PDFium reader derives what a text object's characters need (box extents, uprightness, the glyph widths
to use) once per distinct matrix, font size and font of a page (``pdfium._object_info``'s ``kinds``): the
characters read with that cache are exactly those read deriving it for every text object anew."""

from __future__ import annotations

import ctypes
import pickle
from pathlib import Path

import pytest

from budgetrules_plugins.loaders import pdfium

DATA = Path(__file__).parent / "data"
PDFS = sorted(DATA.glob("*.pdf"))


def _uncached(f, tp, k, obj, g, descents, m, kinds, widths):
    """``_object_info`` with a cache of kinds that is empty at every call (every text object derived anew)."""
    return _ORIGINAL(f, tp, k, obj, g, descents, m, {}, widths)


_ORIGINAL = pdfium._object_info


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_characters_read_with_the_cache_are_those_read_without(path, monkeypatch):
    data = path.read_bytes()
    cached = pickle.dumps(list(pdfium.read_pages(path.name, data)))
    monkeypatch.setattr(pdfium, "_object_info", _uncached)
    uncached = pickle.dumps(list(pdfium.read_pages(path.name, data)))
    assert cached == uncached


def test_a_matrix_is_known_by_its_bits_so_a_negative_zero_is_another_matrix():
    # what the cache key takes of an FS_MATRIX: a float key would take -0.0 for 0.0
    c = pdfium._lib()
    plus, minus = c.FS_MATRIX(1.0, 0.0, 0.0, 1.0, 5.0, 6.0), c.FS_MATRIX(1.0, -0.0, 0.0, 1.0, 7.0, 8.0)
    assert (plus.a, plus.b, plus.c, plus.d) == (minus.a, minus.b, minus.c, minus.d)
    assert bytes(plus)[:16] != bytes(minus)[:16]
    assert bytes(plus)[:16] == bytes(c.FS_MATRIX(1.0, 0.0, 0.0, 1.0, 9.0, 9.0))[:16]  # e, f are not in it
    assert ctypes.sizeof(c.FS_MATRIX) == 24  # six floats: a, b, c, d are its first 16 bytes
