"""The PDFium reader derives what a text object's characters need (box extents, uprightness, the glyph widths
to use) once per distinct matrix, font size and font of a page (``pdfium._object_info``'s ``kinds``): the
characters read with that cache are exactly those read deriving it for every text object anew. A page's text
is refused (read character by character) exactly when the walk over its characters refused it."""

from __future__ import annotations

import ctypes
import pickle
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _walked_text(units: bytes, n: int) -> str | None:
    """What ``pdfium._bmp_text`` did before: decoded letting surrogates pass, then every character checked."""
    text = units.decode("utf-16-le", errors="surrogatepass")
    if len(text) != n or any("\ud800" <= ch <= "\udfff" for ch in text if ch >= "\ud800"):
        return None
    return text


_UNIT = st.sampled_from([0x0, 0x20, 0x41, 0x4E2D, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF])


@settings(max_examples=500, deadline=None)
@given(st.lists(_UNIT, max_size=8))
def test_a_pages_text_is_refused_exactly_when_a_surrogate_is_in_it(units):
    raw = struct.pack(f"<{len(units)}H", *units)
    assert pdfium._bmp_text(raw, len(units)) == _walked_text(raw, len(units))
