"""The layout's fast paths give exactly what the plain computations give (property tests): edge merging
what pdfplumber's ``merge_edges`` gives, the columns a cell covers in a ruled table what measuring every
column gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import merge_edges as plumber_merge_edges

from budgetrules_plugins.loaders.pdflayout import _covered, _covered_sorted, _edge, merge_edges

#: positions on a coarse grid with small offsets, so that edges snap, share lines and overlap
_POSITION = st.builds(lambda k, d: k * 4.0 + d, st.integers(0, 12), st.sampled_from([0.0, 0.1, 0.25, 1.3, 2.9, 3.1]))


@st.composite
def _edges(draw) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        at, a, b = draw(_POSITION), draw(_POSITION), draw(_POSITION)
        lo, hi = min(a, b), max(a, b)
        out.append(_edge(lo, at, hi, at, "h") if draw(st.booleans()) else _edge(at, lo, at, hi, "v"))
    return out


@settings(max_examples=300, deadline=None)
@given(_edges(), st.sampled_from([0.0, 1.0, 3.0]), st.sampled_from([0.0, 3.0]))
def test_merge_edges_is_pdfplumbers(edges, snap, join):
    expected = plumber_merge_edges([dict(e) for e in edges], snap, snap, join, join)
    got = merge_edges([dict(e) for e in edges], snap, join)
    assert [list(e.items()) for e in got] == [list(e.items()) for e in expected]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_POSITION, min_size=2, max_size=12, unique=True).map(sorted),
    _POSITION,
    st.floats(0.0, 20.0),
)
def test_covered_sorted_is_covered(bounds, x0, width):
    x1 = x0 + width
    assert _covered_sorted(x0, x1, bounds) == _covered(x0, x1, bounds)
