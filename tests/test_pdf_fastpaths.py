"""The layout's fast paths give exactly what the plain computations give (property tests): edge merging
what pdfplumber's ``merge_edges`` gives, the columns a cell covers in a ruled table what measuring every
column gives, characters grouped into lines what comparing each with every recent line gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import merge_edges as plumber_merge_edges

from budgetrules_plugins.loaders.pdflayout import _bands, _covered, _covered_sorted, _edge, merge_edges

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


def _plain_bands(chars: list[dict], indexes: list[int]) -> list[list[int]]:
    """:func:`_bands` without its shortcut: every character compared with each of the six most recent
    lines."""
    order = sorted((round(chars[i]["top"], 1), chars[i]["x0"], pos, i) for pos, i in enumerate(indexes))
    bands: list[tuple[float, float, float, list[int]]] = []
    for _, _, _, i in order:
        top, bottom = chars[i]["top"], chars[i]["bottom"]
        height = max(bottom - top, 0.1)
        best, best_overlap = None, 0.0
        for band in reversed(bands[-6:]):
            band_top, band_bottom, band_height, _ = band
            overlap = min(band_bottom, bottom) - max(band_top, top)
            if overlap >= 0.5 * min(height, band_height) and overlap > best_overlap:
                best, best_overlap = band, overlap
        if best is None:
            bands.append((top, bottom, bottom - top, [i]))
        else:
            best[3].append(i)
    return [sorted(members, key=lambda i: chars[i]["x0"]) for _, _, _, members in bands]


#: a character's top on a coarse grid (lines that share it, overlap, or touch), its height (zero too)
_CHAR = st.builds(
    lambda top, height, x0: {"text": "字", "x0": x0, "x1": x0 + 1.0, "top": top, "bottom": top + height},
    st.builds(lambda k, d: k * 3.0 + d, st.integers(0, 8), st.sampled_from([0.0, 0.04, 0.5, 1.5, 2.9])),
    st.sampled_from([0.0, 0.05, 1.0, 2.0, 3.0, 4.5, 9.0]),
    st.sampled_from([0.0, 1.0, 2.0, 2.0, 5.0]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHAR, max_size=40), st.randoms(use_true_random=False))
def test_bands_is_the_plain_walk(chars, random):
    _assert_bands_is_the_plain_walk(chars, random)


def _assert_bands_is_the_plain_walk(chars, random):
    """``_bands`` groups the characters as the plain walk does, given them in a shuffled order."""
    indexes = list(range(len(chars)))
    random.shuffle(indexes)
    assert _bands(chars, indexes) == _plain_bands(chars, indexes)


#: characters of one line sharing their box from top to bottom, at positions that repeat (ties in x0)
_LINE = st.builds(
    lambda top, height, x0s: [
        {"text": "字", "x0": x0, "x1": x0 + 1.0, "top": top, "bottom": top + height} for x0 in x0s
    ],
    st.sampled_from([0.0, 3.04, 100.5]),
    st.sampled_from([0.0, 0.05, 1.0, 9.0]),
    st.lists(st.sampled_from([0.0, -0.0, 1.0, 2.0, 2.0, 5.0, 7.5]), min_size=1, max_size=30),
)


@settings(max_examples=400, deadline=None)
@given(_LINE, st.one_of(st.none(), _CHAR), st.randoms(use_true_random=False))
def test_bands_of_characters_sharing_a_box_is_the_plain_walk(chars, other, random):
    # the shortcut for a line whose characters share one box, and (with another character) the general way
    if other is not None:
        chars = [*chars, other]
    _assert_bands_is_the_plain_walk(chars, random)
    assert _bands(chars, range(len(chars))) == _plain_bands(chars, list(range(len(chars))))


#: tops that round to the same tenth without being equal, signed zeros, ties in x0
_CLOSE_CHAR = st.builds(
    lambda top, height, x0: {"text": "字", "x0": x0, "x1": x0 + 1.0, "top": top, "bottom": top + height},
    st.sampled_from([-0.0, 0.0, 0.04, -0.04, 2.96, 3.0, 3.04, 3.06, 6.01]),
    st.sampled_from([0.0, 0.05, 1.0, 3.0]),
    st.sampled_from([-0.0, 0.0, 1.0, 1.0, 2.5]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CLOSE_CHAR, max_size=40), st.randoms(use_true_random=False))
def test_bands_ordered_by_rounded_top_then_x0_is_the_plain_walk(chars, random):
    # the characters ordered by rounded top, then x0, then the order given (groups sorted as floats)
    _assert_bands_is_the_plain_walk(chars, random)
