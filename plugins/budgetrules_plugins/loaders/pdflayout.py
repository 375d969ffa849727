"""Page layout on plain data: text lines and table grids from characters and ruling segments.

Nothing here knows a PDF library's page objects, so any reader (pdfplumber today, PDFium later) can feed it:

* a **character** is a mapping with ``text``, ``x0``, ``x1``, ``top``, ``bottom`` and ``size`` in top-down page
  coordinates, its box set on the baseline (a reader whose fonts report odd ascents and descents must
  place the box from the baseline first, see :func:`baseline_box`);
* a **ruling** is a visible horizontal or vertical segment, a mapping with ``x0``, ``x1``, ``top``,
  ``bottom`` and ``orientation`` (``"h"`` or ``"v"``): a drawn line, the side of a stroked rectangle, a thin
  filled rectangle. Invisible shapes (white fills, the cell backgrounds an Excel export paints) are not
  rulings: they must not reach this module.

What it does:

* :func:`text_lines` groups characters into printed lines by vertical overlap (robust to a digit set in a
  Latin font on a slightly lower baseline) and orders each line by position, never by the order the
  characters come in the content stream; each line keeps its **segments**, the runs of characters with no
  wide gap, which is what column alignment is read from.
* :func:`ruled_tables` finds the cells the rulings enclose (pdfplumber's own geometry functions, fed plain
  edges), closes a frame left open at a page break (vertical rules that run past the last horizontal one),
  and turns each group of cells into a :class:`Grid` of **logical columns**: a column boundary is kept only
  when some cell lies between it and the next alone, so a boundary that only the header (or only a
  border's double line) draws does not make an empty or half-filled phantom column, and a header cell
  spanning several columns gives its label to each of them. Full-width title rows inside a frame (a title,
  ``部门：… 单位：万元``) and note rows at its foot come back as text lines, not as table rows; a chart
  legend (words running across its "cells") is no table; two tables stacked on one border are cut apart.
* :func:`aligned_tables` reads tables printed without ruling lines from the alignment of their segments:
  rows whose amounts stand right-aligned in the same columns, with the header lines right above them.
  Prose (one segment per line) is never read as a table.
"""

from __future__ import annotations

import bisect
import operator
import statistics
from typing import Any, Iterable, Mapping, Sequence

import attrs

from budgetrules.api import regex

__all__ = [
    "Segment",
    "Line",
    "Grid",
    "RuledLayout",
    "baseline_box",
    "text_lines",
    "ruled_tables",
    "aligned_tables",
    "same_columns",
    "column_map",
]

Char = Mapping[str, Any]
Ruling = Mapping[str, Any]

#: A gap wider than this many font sizes splits a line into segments (table cells, ``部门：…`` / ``单位：…``).
SEGMENT_GAP = 1.5
#: A gap wider than this many font sizes is printed as a space inside a segment.
SPACE_GAP = 0.45
#: Snapping and intersection tolerance for rulings, in points (pdfplumber's defaults).
SNAP = 3.0
#: How much more a cell holding an amount weighs than another when a boundary of a phantom column goes.
AMOUNT_WEIGHT = 3

#: A cell of numbers: an amount, a count, a percentage, or a dash printed for nothing.
_NUMERIC = regex.compile(r"^[-+(（]?\d[\d,]*(\.\d+)?[)）]?\s*%?$|^[-—–－]$")
#: An amount as printed in a table: decimals or thousands separators.
_AMOUNT_TEXT = regex.compile(r"^[-+(（]?\d[\d,]*\.\d+[)）]?$|^[-+]?\d{1,3}(,\d{3})+$")
#: A segment that is running text, not a cell: sentence punctuation, or a unit that a number in prose takes.
_PROSE = regex.compile(r"[。；！？]|[，,]$|^(万元|元|亿元|个|%|％)")
#: A title block line printed inside a table's frame: a title, a table number, 单位：, 部门：, 编制单位：.
_TITLE_ROW = regex.compile(
    r"(单位|部门|编制|科室)\s*[（(]?[^：:]{0,8}[）)]?\s*[：:]|^表\s*[一二三四五六七八九十\d]|表\s*$|表\s*[（(][^）)]*[）)]\s*$|^公开\s*\d+\s*表"
)
#: A note line printed inside a table's frame, at its foot.
_NOTE_ROW = regex.compile(r"^(注|备注|说明|附注)\s*\d*\s*[：:]")


# --- characters and lines --------------------------------------------------------------------------------


def baseline_box(top: float, bottom: float, baseline: float, size: float) -> tuple[float, float]:
    """A character box placed on its baseline.

    Some fonts report an ascent and descent that put the box a whole line below (or above) the glyph: the
    digits and punctuation of a text layer then seem to stand on a line of their own. When less than half
    of the reported box is above the baseline, or more than a third of it below, the box is rebuilt from
    the baseline: four fifths above it, one fifth below.
    """
    height = bottom - top
    if height <= 0:
        height = size
    below = bottom - baseline
    if 0 <= below <= height / 3 and baseline - top >= height / 2:
        return top, bottom
    return baseline - 0.8 * height, baseline + 0.2 * height


@attrs.frozen
class Segment:
    """A run of characters on one line with no gap wider than :data:`SEGMENT_GAP` font sizes."""

    text: str
    x0: float
    x1: float


@attrs.frozen
class Line:
    """A printed line: its text (segments joined by a space), box, font size and segments."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    segments: tuple[Segment, ...] = ()


def _char_size(ch: Char) -> float:
    return float(ch.get("size") or (ch["bottom"] - ch["top"]) or 1.0)


def text_lines(chars: Iterable[Char]) -> list[Line]:
    """Group characters into lines by vertical overlap; each line is ordered left to right."""
    chars = [c for c in chars if c["text"].strip()]
    lines = [_line([chars[i] for i in members]) for members in _bands(chars, range(len(chars)))]
    lines.sort(key=lambda l: (l.top, l.x0))
    return _join_wrapped_segments(lines)


def _join_wrapped_segments(lines: list[Line]) -> list[Line]:
    """A field wrapped inside its box rejoins its line: ``部门：中共江苏省委员会办  单位：万元`` with ``公厅``
    set tight below the first field (less than a third of a line apart, starting where the field starts,
    ending before the next field) reads ``部门：中共江苏省委员会办公厅 单位：万元``."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.segments) >= 2
            and len(line.segments) == 1
            and abs(line.x0 - prev.segments[0].x0) <= 0.5 * line.size
            and line.x1 < prev.segments[1].x0
            and -0.2 * line.size <= line.top - prev.bottom <= 0.35 * line.size
        ):
            first = prev.segments[0]
            segments = (Segment(first.text + line.text, first.x0, max(first.x1, line.x1)), *prev.segments[1:])
            out[-1] = attrs.evolve(prev, text=" ".join(s.text for s in segments), segments=segments)
            continue
        out.append(line)
    return out


_FIRST = operator.itemgetter(0)


def _bands(chars: Sequence[Char], indexes: Iterable[int]) -> list[list[int]]:
    """The characters ``indexes`` of ``chars`` grouped in lines: a character joins the recent line it
    overlaps most, by at least half the smaller height."""
    if not isinstance(indexes, (list, range)):
        indexes = list(indexes)
    if len(indexes) == 1:
        return [[indexes[0]]]  # one character, one line
    if not indexes:
        return []
    # the characters share one box from top to bottom (a table cell's line, mostly): the first makes a line
    # and every other is held by it from top to bottom, so it is one line, ordered by x0 (ties in the order
    # given, as the sorts below keep them); a NaN x0 has no order, and goes the general way
    first = chars[indexes[0]]
    top, bottom = first["top"], first["bottom"]
    if bottom - top > 0.0:
        x0s = []
        for i in indexes:
            ch = chars[i]
            x0 = ch["x0"]
            if ch["top"] != top or ch["bottom"] != bottom or x0 != x0:
                break
            x0s.append(x0)
        else:
            return [[i for _, i in sorted(zip(x0s, indexes), key=_FIRST)]]
    # ordered by (top to a tenth of a point, x0), ties in the order given; ``round`` to a tenth is slow
    # (microseconds), and the characters of a line mostly share their top: each top is rounded once
    tenths: dict[float, float] = {}
    order = []
    x0_of: dict[int, float] = {}  # each character's x0, to sort a line's characters by (a key in C)
    for pos, i in enumerate(indexes):
        ch = chars[i]
        top = ch["top"]
        tenth = tenths.get(top)
        if tenth is None:
            tenth = tenths[top] = round(top, 1)
        x0 = x0_of[i] = ch["x0"]
        order.append((tenth, x0, pos, i, top, ch["bottom"]))
    order.sort()
    bands: list[tuple[float, float, float, list[int]]] = []  # (top, bottom, height, members)
    recent = bands
    for _, _, _, i, top, bottom in order:
        height = bottom - top
        if height < 0.1:
            height = 0.1
        if recent:
            # the latest line holds the character from top to bottom (most characters: a line's share their
            # box): it overlaps it by the character's whole height, which no other line can exceed, so the
            # walk below would choose it (on a tie the latest line is kept)
            band = recent[-1]
            band_top, band_bottom, band_height, members = band
            if band_top <= top and bottom <= band_bottom:
                overlap = bottom - top
                if overlap > 0.0 and overlap >= 0.5 * (height if height < band_height else band_height):
                    members.append(i)
                    continue
        best, best_overlap = None, 0.0
        for band in reversed(recent):  # the six most recent lines, the latest first
            band_top, band_bottom, band_height, _ = band
            overlap = (band_bottom if band_bottom < bottom else bottom) - (band_top if band_top > top else top)
            need = 0.5 * (height if height < band_height else band_height)
            if overlap >= need and overlap > best_overlap:
                best, best_overlap = band, overlap
        if best is None:
            bands.append((top, bottom, bottom - top, [i]))
            if len(bands) > 6:
                recent = bands[-6:]
        else:
            best[3].append(i)
    by_x0 = x0_of.__getitem__
    return [sorted(members, key=by_x0) if len(members) > 1 else members for _, _, _, members in bands]


def _median(values: Iterable[float]) -> float:
    """The median, as :func:`statistics.median` computes it (the mean of the middle two of an even count)."""
    data = sorted(values)
    n = len(data)
    if not n:
        raise statistics.StatisticsError("no median for empty data")
    half = n // 2
    return data[half] if n % 2 else (data[half - 1] + data[half]) / 2


_X0 = operator.itemgetter("x0")


def _line(members: list[Char]) -> Line:
    """A line from its characters, ordered left to right (by ``x0``, as :func:`_bands` gives them). A space
    character of the text layer is a space in the text (inside a table cell, ``01 行政运行``); otherwise a
    gap wider than :data:`SPACE_GAP` is."""
    ink = [c for c in members if c["text"].strip()] or members
    sizes = [float(c.get("size") or (c["bottom"] - c["top"]) or 1.0) for c in ink]  # _char_size
    if len(ink) == 1:  # the medians of one value (a one-character cell line)
        top, bottom, size = ink[0]["top"], ink[0]["bottom"], sizes[0]
    else:
        top = _median([c["top"] for c in ink])
        bottom = _median([c["bottom"] for c in ink])
        size = _median(sizes)
    segments: list[Segment] = []
    parts: list[str] = []
    start, prev, spaced = ink[0]["x0"], None, False
    segment_gap, space_gap = SEGMENT_GAP, SPACE_GAP
    prev_x1 = local = 0.0
    ink_sizes = iter(sizes)  # the characters printed below are those of ``ink``, in its order
    for ch in members:
        t = ch["text"]
        if not t.strip():
            spaced = prev is not None
            continue
        if prev is not None:
            gap = ch["x0"] - prev_x1
            if gap > segment_gap * local:
                segments.append(Segment("".join(parts).strip(), start, prev_x1))
                parts, start = [], ch["x0"]
            elif spaced or gap > space_gap * local:
                parts.append(" ")
        parts.append(t)
        prev, spaced = ch, False
        prev_x1 = ch["x1"]
        ch_size = next(ink_sizes)
        local = ch_size if ch_size < size else size  # the smaller of the line's size and this character's
    right = max([c["x1"] for c in ink])
    segments.append(Segment("".join(parts).strip(), start, right))
    return Line(
        " ".join([s.text for s in segments]),
        ink[0]["x0"],
        right,
        top,
        bottom,
        size,
        tuple(segments),
    )


def _cell_lines(chars: list[Char]) -> list[Line]:
    """The lines of a table cell, top to bottom (spaces of the text layer kept)."""
    lines = [_line([chars[i] for i in members]) for members in _bands(chars, range(len(chars)))]
    return sorted((l for l in lines if l.text), key=lambda l: (l.top, l.x0))


# --- ruled tables ----------------------------------------------------------------------------------------


@attrs.frozen
class Grid:
    """One table read from the page: cell texts by printed line and logical column.

    ``spans[r][c]`` is how many columns the cell starting at ``(r, c)`` covers: 1 when not merged, 0 for a
    slot covered by a merged neighbour on its left, -1 for a slot covered by the cell above (a vertical
    merge). ``columns`` holds the x of the column boundaries (one more than the columns), which is how a
    table continued on the next page is recognised. ``wrapped[r][c]`` is True when the text of the cell at
    ``(r, c)`` runs to its right edge on its last line: it may go on, in a row broken by a page break.
    ``ruled`` is False for a table read from text alignment (its boundaries lie between texts).
    """

    cells: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[int, ...], ...]
    x0: float
    top: float
    x1: float
    bottom: float
    columns: tuple[float, ...]
    wrapped: tuple[tuple[bool, ...], ...] = ()
    ruled: bool = True

    @property
    def ncols(self) -> int:
        return len(self.columns) - 1


@attrs.frozen
class RuledLayout:
    """The ruled tables of a page, the text lines cut from their frames, and the characters they hold."""

    grids: tuple[Grid, ...]
    lines: tuple[Line, ...]
    used: frozenset[int]


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _plain_edges(rulings: Iterable[Ruling]) -> list[dict[str, Any]]:
    edges = []
    for r in rulings:
        o = r.get("orientation")
        if o == "h":
            edges.append(_edge(r["x0"], r["top"], r["x1"], r["top"], "h"))
        elif o == "v":
            edges.append(_edge(r["x0"], r["top"], r["x0"], r["bottom"], "v"))
    return edges


def _merge(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edges snapped and joined (:func:`merge_edges`), without those shorter than :data:`SNAP`."""
    merged = merge_edges(edges, SNAP, SNAP)
    return [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= SNAP]


def merge_edges(edges: list[dict[str, Any]], snap: float, join: float) -> list[dict[str, Any]]:
    """pdfplumber's ``merge_edges(edges, snap, snap, join, join)`` on plain edges (mappings with ``x0``,
    ``x1``, ``top``, ``bottom``, ``width``, ``height`` and ``orientation``, nothing else moved): the same
    edges, in the same order, with the same floats — in one sort-based pass instead of rebuilding every
    edge through tuples of its items, which took a sixth of a page's layout.

    Snapping (none when ``snap`` is 0): the distinct positions (``x0`` of vertical edges, ``top`` of
    horizontal ones) in runs no more than ``snap`` apart step to step; each edge moves to its run's mean
    (summed in the order the edges come), by adding ``mean - position`` to both of its coordinates across
    the line. Joining: the edges of each line (horizontal ones first, by position), sorted along it, extend
    the previous one when they start within ``join`` of its end.
    """
    snapped = edges
    if snap > 0:
        vertical = [e for e in edges if e["orientation"] == "v"]
        horizontal = [e for e in edges if e["orientation"] == "h"]
        snapped = _snap(vertical, "x0", "x1", snap) + _snap(horizontal, "top", "bottom", snap)
    lines: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for e in snapped:
        key = ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])
        group = lines.get(key)
        if group is None:
            lines[key] = [e]
        else:
            group.append(e)
    out: list[dict[str, Any]] = []
    for key in sorted(lines):
        if key[0] == "h":
            low, high, length = "x0", "x1", "width"
        else:
            low, high, length = "top", "bottom", "height"
        group = lines[key]
        if len(group) > 1:
            group.sort(key=operator.itemgetter(low))
        last = group[0]
        out.append(last)
        for e in group[1:]:
            if e[low] <= last[high] + join:
                if e[high] > last[high]:
                    end = e[high]
                    extended = dict(last)
                    extended[high] = end
                    extended[length] = (
                        end - last["x0"] if length == "width" else last["height"] + (end - last["bottom"])
                    )
                    out[-1] = last = extended
            else:
                out.append(e)
                last = e
    return out


def _snap(edges: list[dict[str, Any]], at: str, other: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber's ``snap_objects(edges, at, tolerance)`` on plain edges: see :func:`merge_edges`."""
    if not edges:
        return []
    runs: dict[float, int] = {}
    count = 0
    last = None
    for value in sorted({e[at] for e in edges}):
        if last is None or value > last + tolerance:
            count += 1
        runs[value] = count - 1
        last = value
    clusters: list[list[dict[str, Any]]] = [[] for _ in range(count)]
    for e in edges:
        clusters[runs[e[at]]].append(e)
    out: list[dict[str, Any]] = []
    for cluster in clusters:
        mean = sum(e[at] for e in cluster) / len(cluster)
        for e in cluster:
            shift = mean - e[at]
            moved = dict(e)
            moved[at] = e[at] + shift
            moved[other] = e[other] + shift
            out.append(moved)
    return out


def _close_frames(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edges that close frames left open: at a page break a table's vertical rules run on past its last
    horizontal rule (and a table printed without side borders has horizontal rules with free ends).

    Free ends of two or more rules at one height (one x) are joined by a new horizontal (vertical) edge,
    which runs over the rules that end at that height too.
    """
    hs = [e for e in edges if e["orientation"] == "h"]
    vs = [e for e in edges if e["orientation"] == "v"]

    def touches_h(x: float, y: float) -> bool:
        return any(abs(h["top"] - y) <= SNAP and h["x0"] - SNAP <= x <= h["x1"] + SNAP for h in hs)

    def touches_v(x: float, y: float) -> bool:
        return any(abs(v["x0"] - x) <= SNAP and v["top"] - SNAP <= y <= v["bottom"] + SNAP for v in vs)

    added: list[dict[str, Any]] = []
    for ends, make in (
        ([(v["top"], v["x0"], not touches_h(v["x0"], v["top"])) for v in vs], "h"),
        ([(v["bottom"], v["x0"], not touches_h(v["x0"], v["bottom"])) for v in vs], "h"),
        ([(h["x0"], h["top"], not touches_v(h["x0"], h["top"])) for h in hs], "v"),
        ([(h["x1"], h["top"], not touches_v(h["x1"], h["top"])) for h in hs], "v"),
    ):
        for group in _groups(sorted(ends), SNAP):
            free = [p for p in group if p[2]]
            if len(free) < 2:
                continue
            # the closing edge runs over every rule ending there, the free ones and those already closed
            at = statistics.median(p for p, _, _ in free)
            lo, hi = min(q for _, q, _ in group), max(q for _, q, _ in group)
            if hi - lo < SNAP:
                continue
            added.append(_edge(lo, at, hi, at, "h") if make == "h" else _edge(at, lo, at, hi, "v"))
    return added


def _groups(points: list[tuple], tolerance: float) -> list[list[tuple]]:
    """Sorted tuples in runs whose first items differ by at most ``tolerance`` step to step."""
    groups: list[list[tuple]] = []
    for p in points:
        if groups and p[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _cluster(values: Iterable[float], tolerance: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def ruled_tables(rulings: Iterable[Ruling], chars: Sequence[Char]) -> RuledLayout:
    """The tables drawn with ruling lines on a page (see the module docstring)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections

    edges = _merge(_plain_edges(rulings))
    if not edges:
        return RuledLayout((), (), frozenset())
    closing = _close_frames(edges)
    if closing:
        edges = _merge(edges + closing)
    cells = _intersections_to_cells(edges_to_intersections(edges, SNAP, SNAP))
    grids: list[Grid] = []
    lines: list[Line] = []
    used: set[int] = set()
    centres = [((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2) for ch in chars]
    for table in cells_to_tables(cells):
        found, cut, taken = _table_grids(table, chars, centres)
        grids.extend(found)
        lines.extend(cut)
        used |= taken
    return RuledLayout(tuple(grids), tuple(lines), frozenset(used))


def _intersections_to_cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """The smallest cells the ruling intersections close, exactly as pdfplumber's
    ``intersections_to_cells`` finds them (same cells, same order), without rebuilding the sets of edges
    through each point for every pair of points it tries: for each point in order, the first point below
    it and the first to its right that an edge joins it to, whose corner point is joined to both."""
    points = sorted(intersections)
    # an edge is known by its coordinates (as pdfplumber compares them), numbered once per edge object
    numbers: dict[int, int] = {}
    by_box: dict[tuple[float, float, float, float], int] = {}

    def numbered(edges: list[dict[str, Any]]) -> set[int]:
        out = set()
        for e in edges:
            number = numbers.get(id(e))
            if number is None:
                number = numbers[id(e)] = by_box.setdefault((e["x0"], e["top"], e["x1"], e["bottom"]), len(by_box))
            out.add(number)
        return out

    vertical = {p: numbered(intersections[p]["v"]) for p in points}
    horizontal = {p: numbered(intersections[p]["h"]) for p in points}

    def connects(p1, p2) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    by_row: dict[float, list] = {}
    for p in points:  # in (x, top) order: each row's points left to right
        by_row.setdefault(p[1], []).append(p)
    row_index = {p: k for row in by_row.values() for k, p in enumerate(row)}
    cells = []
    n = len(points)
    for i, pt in enumerate(points):
        row = by_row[pt[1]]
        found = None
        j = i + 1
        while j < n and points[j][0] == pt[0]:  # the points below it, nearest first
            below_pt = points[j]
            j += 1
            if not connects(pt, below_pt):
                continue
            for k in range(row_index[pt] + 1, len(row)):  # the points to its right, nearest first
                right_pt = row[k]
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


@attrs.define
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    chars: list[int] = attrs.field(factory=list)
    text: str = ""
    full: bool = False
    r0: int = 0
    r1: int = 0
    c0: int = 0
    c1: int = 0


def _table_grids(
    boxes: list[tuple[float, float, float, float]], chars: Sequence[Char], centres: Sequence[tuple[float, float]]
) -> tuple[list[Grid], list[Line], set[int]]:
    """The grids of one group of connected cells, the text lines cut from their frames, and the
    characters they took (the rest is read as text). ``centres`` are the centres of the characters'
    boxes."""
    cells = [_Cell(*b) for b in boxes]
    xs = _cluster([c.x0 for c in cells] + [c.x1 for c in cells])
    ys = _cluster([c.top for c in cells] + [c.bottom for c in cells])
    if len(xs) < 2 or len(ys) < 2:
        return [], [], set()
    # every base slot → the cell covering it
    owner: dict[tuple[int, int], int] = {}
    for k, cell in enumerate(cells):
        cell.c0, cell.c1 = _index(xs, cell.x0), _index(xs, cell.x1)
        cell.r0, cell.r1 = _index(ys, cell.top), _index(ys, cell.bottom)
        for r in range(cell.r0, cell.r1):
            for c in range(cell.c0, cell.c1):
                owner.setdefault((r, c), k)
    x0, x1, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    used: set[int] = set()
    bisect_right = bisect.bisect_right
    for i, (cx, cy) in enumerate(centres):
        if not (x0 <= cx < x1 and top <= cy < bottom):
            continue
        owned = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if owned is None:
            continue
        cells[owned].chars.append(i)
        used.add(i)
    if not used:
        return [], [], set()
    size = _median([_char_size(chars[i]) for i in used])
    if not _settle_crossings(cells, chars, used, size):
        return [], [], set()  # text runs across the "cells": a chart legend or a drawing, not a table
    for cell in cells:
        if cell.chars:
            lines = _cell_lines([chars[i] for i in cell.chars])
            cell.text = "\n".join(l.text for l in lines)
            cell.full = bool(lines) and lines[-1].x1 >= cell.x1 - 1.5 * lines[-1].size
    grids: list[Grid] = []
    cut: list[Line] = []
    taken: set[int] = set()
    for part in _stacked_parts(cells):
        part_chars = {i for c in part for i in c.chars}
        if not any(c.text for c in part):
            taken |= part_chars
            continue
        bounds = _logical_columns(part, _cluster([c.x0 for c in part] + [c.x1 for c in part]), size)
        if len(bounds) < 3:
            continue  # one column: a framed box of text, not a table; its lines are read as text
        rows = _logical_rows(part, _cluster([c.top for c in part] + [c.bottom for c in part]), size)
        grid, lines = _assemble_grid(part, bounds, rows, size)
        taken |= part_chars
        cut.extend(lines)
        if grid is not None:
            grids.append(grid)
    return grids, cut, taken


def _stacked_parts(cells: list[_Cell]) -> list[list[_Cell]]:
    """Two tables printed one right under the other share a border and come as one group of cells. The
    group is cut where, after lines holding amounts, a line of column labels (two short texts or more, no
    amount) begins a part with amounts in half its lines or more and whose column boundaries are for the
    most part not those above it: the header of another table."""
    order = sorted(cells, key=lambda c: (c.r0, c.c0))
    parts: list[list[_Cell]] = []
    start = 0
    rows = sorted({c.r0 for c in order})
    amounts = {id(c) for c in order if _AMOUNT_TEXT.match(c.text.replace(" ", ""))}  # the cells holding an amount
    crossed = {r for c in order for r in range(c.r0 + 1, c.r1)}  # the row boundaries a cell runs across
    starting: dict[int, list[_Cell]] = {}
    for c in order:
        starting.setdefault(c.r0, []).append(c)
    for r in rows[1:]:
        if r in crossed:
            continue  # a cell runs across: no cut here
        if any(id(c) in amounts for c in starting[r]):
            continue
        above = [c for c in order if c.r1 <= r and c.r0 >= start]
        if not any(id(c) in amounts for c in above):
            continue
        below = [c for c in order if c.r0 >= r]
        head = [c for c in starting[r] if c.text]
        if len(head) < 2 or any(len(c.text) > 20 for c in head):
            continue  # not a line of column labels
        below_rows = {c.r0 for c in below if c.r0 > r}
        with_amounts = {c.r0 for c in below if c.r0 > r and id(c) in amounts}
        if not below_rows or 2 * len(with_amounts) < len(below_rows):
            continue  # few amounts under it: a form going on with other fields, not another table
        inner_above = _inner_edges(above)
        inner_below = _inner_edges(below)
        if not inner_below:
            continue
        shared = sum(1 for x in inner_below if any(abs(x - y) <= 1.5 for y in inner_above))
        if 2 * shared < len(inner_below):
            parts.append(above)
            start = r
    parts.append([c for c in order if c.r0 >= start])
    return parts


def _inner_edges(cells: list[_Cell]) -> list[float]:
    if not cells:
        return []
    lo, hi = min(c.x0 for c in cells), max(c.x1 for c in cells)
    return [x for x in _cluster([c.x0 for c in cells] + [c.x1 for c in cells]) if lo + 1.0 < x < hi - 1.0]


#: Characters of a printed number: numbers in neighbouring cells may touch across the rule between them.
_NUMBER_CHAR = regex.compile(r"^[\d,.%()（）\-+]$")


def _settle_crossings(cells: list[_Cell], chars: Sequence[Char], used: set[int], size: float) -> bool:
    """Words that run across a cell boundary (no gap where the boundary is drawn).

    Numbers are not words here: right-aligned amounts in neighbouring cells may touch across the rule.
    A word that overflows into an empty neighbour (an Excel export lets long text run on over empty cells)
    is moved back to the cell it starts in. When words run across boundaries between cells that hold text
    of their own in half the printed lines or more, the frame is no table (a chart legend, a drawing):
    False.
    """
    owner = {i: k for k, cell in enumerate(cells) for i in cell.chars if chars[i]["text"].strip()}
    tight = min(0.15 * size, 1.0)
    moves: dict[int, int] = {}
    crossed_lines = 0
    lines = _bands(chars, [i for i in used if chars[i]["text"].strip()])
    for members in lines:
        crossed = False
        run_owner = None
        for a, b in zip(members, members[1:]):
            gap = chars[b]["x0"] - chars[a]["x1"]
            if gap >= SPACE_GAP * size:
                run_owner = None
                continue
            ka = run_owner if run_owner is not None else owner[a]
            if owner[b] != ka and gap < tight and not (_NUMBER_CHAR.match(chars[a]["text"]) or _NUMBER_CHAR.match(chars[b]["text"])):
                moves[b] = ka
                run_owner = ka
                crossed = True
            elif owner[b] != ka:
                run_owner = None
        crossed_lines += crossed
    if not moves:
        return True
    by_cell: dict[int, set[int]] = {}
    for i, k in owner.items():
        by_cell.setdefault(k, set()).add(i)
    overflow_only = all(by_cell[owner[i]] <= set(moves) for i in moves)
    if not overflow_only and 2 * crossed_lines >= len(lines):
        return False
    if overflow_only:
        for i, k in moves.items():
            cells[owner[i]].chars.remove(i)
            cells[k].chars.append(i)
    return True


_bisect_left, _bisect_right = bisect.bisect_left, bisect.bisect_right


def _index(values: list[float], x: float) -> int:
    i = _bisect_left(values, x - 1.0)
    last = len(values) - 1
    return i if i < last else last  # min(i, last), without the call (it is called per cell and edge)


def _covered(x0: float, x1: float, bounds: Sequence[float]) -> tuple[int, int]:
    """The logical columns ``[c0, c1)`` a cell from ``x0`` to ``x1`` covers.

    A column is covered when the cell spans more than half of it; a cell covering none (a narrow header
    cell inside one column) belongs to the column it overlaps most.
    """
    first = last = -1
    best, best_overlap = 0, -1.0
    lo = bounds[0]
    for j in range(len(bounds) - 1):
        hi = bounds[j + 1]
        overlap = (x1 if x1 < hi else hi) - (x0 if x0 > lo else lo)
        if overlap > best_overlap:
            best, best_overlap = j, overlap
        if overlap > 0.5 * (hi - lo):
            if first < 0:
                first = j
            last = j
        lo = hi
    if first < 0:
        return best, best + 1
    return first, last + 1


def _covered_sorted(x0: float, x1: float, bounds: Sequence[float]) -> tuple[int, int]:
    """:func:`_covered` for ``bounds`` in increasing order (a ruled table's): only the columns between
    ``x0`` and ``x1`` can overlap the cell, so only they are measured (and all of them, as
    :func:`_covered` does, when none overlaps it)."""
    n = len(bounds) - 1
    j = bisect.bisect_right(bounds, x0) - 1  # the columns before it end at x0 or left of it
    if j < 0:
        j = 0
    first = last = best = -1
    best_overlap = 0.0
    while j < n:
        lo = bounds[j]
        if lo >= x1:
            break  # this column and those after it start at x1 or right of it
        hi = bounds[j + 1]
        overlap = (x1 if x1 < hi else hi) - (x0 if x0 > lo else lo)
        if overlap > best_overlap:
            best, best_overlap = j, overlap
        if overlap > 0.5 * (hi - lo):
            if first < 0:
                first = j
            last = j
        j += 1
    if best < 0:
        return _covered(x0, x1, bounds)
    if first < 0:
        return best, best + 1
    return first, last + 1


def _logical_columns(cells: list[_Cell], xs: list[float], size: float) -> list[float]:
    """The column boundaries of the printed table.

    A base column (between two consecutive x where some cell has an edge) is a phantom when no cell lies
    within it alone — every cell across it spans a neighbour too, as when the header is ruled at one x
    and the body at another — or when it is too narrow for a character and no cell of its own holds text
    (the gap between the two lines of a double border). A phantom column loses the boundary that fewer
    cells have an edge on, a cell holding an amount counting :data:`AMOUNT_WEIGHT` times more (the body's
    ruling wins over the header's, even under a three-line header with one line of amounts).
    """
    bounds = list(xs)
    while len(bounds) > 2:
        spans = [(_covered_sorted(c.x0, c.x1, bounds), c) for c in cells]
        own = [False] * (len(bounds) - 1)
        for (c0, c1), cell in spans:
            if c1 - c0 == 1 and (cell.text or bounds[c0 + 1] - bounds[c0] >= 0.8 * size):
                own[c0] = True
        phantom = next((j for j, ok in enumerate(own) if not ok), None)
        if phantom is None:
            break
        # drop the boundary of the phantom column that fewer cells have an edge on (never the outer ones)
        candidates = [b for b in (phantom, phantom + 1) if 0 < b < len(bounds) - 1]
        if not candidates:
            break

        def edge_count(b: int) -> int:
            x = bounds[b]
            at = [c for c in cells if abs(c.x0 - x) <= 1.0 or abs(c.x1 - x) <= 1.0]
            return len(at) + AMOUNT_WEIGHT * sum(1 for c in at if _AMOUNT_TEXT.match(c.text.replace(" ", "")))

        del bounds[min(candidates, key=lambda b: (edge_count(b), b))]
    return bounds


def _logical_rows(cells: list[_Cell], ys: list[float], size: float) -> list[float]:
    """The row boundaries: as for columns, a band that no cell lies within alone, or one too low for a
    line of text that holds none, joins a neighbour. (A blank printed row stays: it is a line of the page.)"""
    bounds = list(ys)
    while len(bounds) > 2:
        own = [False] * (len(bounds) - 1)
        for cell in cells:
            r0, r1 = _row_of(cell.top, bounds), _row_of(cell.bottom - 2.0, bounds) + 1
            if r1 - r0 == 1 and (cell.text or bounds[r0 + 1] - bounds[r0] >= 0.6 * size):
                own[r0] = True
        phantom = next((j for j, ok in enumerate(own) if not ok), None)
        if phantom is None:
            break
        candidates = [b for b in (phantom, phantom + 1) if 0 < b < len(bounds) - 1]
        if not candidates:
            break

        def edge_count(b: int) -> int:
            y = bounds[b]
            return sum(1 for c in cells if abs(c.top - y) <= 1.0 or abs(c.bottom - y) <= 1.0)

        del bounds[min(candidates, key=lambda b: (edge_count(b), b))]
    return bounds


def _row_of(y: float, bounds: Sequence[float]) -> int:
    # max(0, min(row, last)) without the two calls: called per cell each time a phantom row is dropped
    row = _bisect_right(bounds, y + 1.0) - 1
    last = len(bounds) - 2
    if row > last:
        row = last
    return row if row > 0 else 0




def _assemble_grid(
    cells: list[_Cell], bounds: list[float], rows: list[float], size: float
) -> tuple[Grid | None, list[Line]]:
    """The grid of logical rows and columns, and the title and note rows cut out of it as text lines."""
    ncols, nrows = len(bounds) - 1, len(rows) - 1
    texts: list[list[list[tuple[float, str]]]] = [[[] for _ in range(ncols)] for _ in range(nrows)]
    full = [[False] * ncols for _ in range(nrows)]
    starts: dict[tuple[int, int], int] = {}
    cover: dict[tuple[int, int], int] = {}
    for cell in cells:
        c0, c1 = _covered_sorted(cell.x0, cell.x1, bounds)
        r0 = _row_of(cell.top, rows)
        r1 = max(r0 + 1, _row_of(cell.bottom - 2.0, rows) + 1)
        if cell.text:
            texts[r0][c0].append((cell.x0, cell.text))
            full[r0][c0] = cell.full
        starts[(r0, c0)] = max(starts.get((r0, c0), 1), c1 - c0)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0):
                    cover[(r, c)] = 0 if r == r0 else -1
    grid = [["".join(t for _, t in sorted(slot)) for slot in row] for row in texts]
    spans = [
        [
            starts.get((r, c), 1) if grid[r][c] else cover.get((r, c), starts.get((r, c), 1))
            for c in range(ncols)
        ]
        for r in range(nrows)
    ]
    lines: list[Line] = []

    def full_width(r: int) -> str | None:
        filled = [c for c in range(ncols) if grid[r][c]]
        if len(filled) == 1 and filled[0] == 0 and spans[r][0] >= ncols:
            return grid[r][0]
        return None

    def cut(r: int) -> None:
        for text in grid[r][0].split("\n"):
            lines.append(Line(text, bounds[0], bounds[-1], rows[r], rows[r + 1], size, (Segment(text, bounds[0], bounds[-1]),)))

    # title rows at the top (blank rows before them go too), note rows at the foot (blank rows after them)
    first, k = 0, 0
    while k < nrows:
        text = full_width(k)
        if text is None and not any(grid[k]):
            k += 1
            continue
        if text is None or not _TITLE_ROW.search(text.replace("\n", "")):
            break
        cut(k)
        first = k = k + 1
    last, k = nrows, nrows
    while k > first:
        text = full_width(k - 1)
        if text is None and not any(grid[k - 1]):
            k -= 1
            continue
        if text is None or not _NOTE_ROW.match(text):
            break
        last = k = k - 1
    for r in range(last, nrows):
        if any(grid[r]):
            cut(r)
    keep = range(first, last)
    if not any(any(grid[r]) for r in keep):
        return None, lines
    return (
        Grid(
            tuple(tuple(grid[r]) for r in keep),
            tuple(tuple(spans[r]) for r in keep),
            bounds[0],
            rows[first],
            bounds[-1],
            rows[last],
            tuple(bounds),
            tuple(tuple(full[r]) for r in keep),
        ),
        lines,
    )


def same_columns(previous: Sequence[float], following: Sequence[float], tolerance: float = SNAP) -> bool:
    """True when a grid with boundaries ``following`` can continue one with boundaries ``previous``:
    the same outer edges, and every boundary of ``following`` is one of ``previous`` (a continued table
    may merge columns in its last lines, as a ``合计`` line does)."""
    if len(previous) < 2 or len(following) < 2:
        return False
    if abs(previous[0] - following[0]) > tolerance or abs(previous[-1] - following[-1]) > tolerance:
        return False
    return all(any(abs(x - p) <= tolerance for p in previous) for x in following)


def column_map(previous: Sequence[float], following: Sequence[float]) -> list[tuple[int, int]]:
    """For each column of ``following``, the range of columns of ``previous`` it covers."""
    index = [min(range(len(previous)), key=lambda k: abs(previous[k] - x)) for x in following]
    return [(index[j], max(index[j] + 1, index[j + 1])) for j in range(len(following) - 1)]


# --- tables read from text alignment ---------------------------------------------------------------------


#: Rows of a table body are at most this many line heights apart.
ROW_GAP = 2.2
#: At least this many rows with aligned numbers make a table.
MIN_ROWS = 2
#: At most this many header lines are taken above a table body.
MAX_HEADER_LINES = 4


def _is_numeric(segment: Segment) -> bool:
    return bool(_NUMERIC.match(segment.text.replace(" ", "")))


def _body_row(line: Line) -> bool:
    """A line that can be a row of an unruled table: two cells or more, numbers among them, no prose."""
    if len(line.segments) < 2 or any(_PROSE.search(s.text) for s in line.segments):
        return False
    numeric = [s for s in line.segments if _is_numeric(s)]
    return bool(numeric) and any(not _is_numeric(s) for s in line.segments) or len(numeric) >= 2


def aligned_tables(lines: Sequence[Line]) -> list[tuple[Grid, list[int]]]:
    """Tables printed without ruling lines, read from their lines' alignment; with the indexes of the
    lines each table took.

    A table body is a run of consecutive lines, each with two segments or more and numbers among them,
    whose numbers stand right-aligned in the same columns (two rows or more share each number column);
    a line of running text (sentence punctuation, a number followed by its unit) is never a row. Header
    lines right above the body join it when their segments stand over its columns (a group label centred
    over labels of the line below spans their columns); a title or unit line (``单位：万元``) ends the
    header. Columns lie between the left edges of the text segments and the right
    edges of the numbers, as pdfplumber's text strategy finds them.
    """
    out: list[tuple[Grid, list[int]]] = []
    n = len(lines)
    i = 0
    while i < n:
        if not _body_row(lines[i]):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and _body_row(lines[j]) and lines[j].top - lines[run[-1]].bottom <= ROW_GAP * lines[j].size:
            run.append(j)
            j += 1
        found = _aligned_grid(lines, run) if len(run) >= MIN_ROWS else None
        if found is None:
            i = j
            continue
        grid, taken = found
        out.append((grid, taken))
        i = max(taken) + 1
    return out


def _aligned_grid(lines: Sequence[Line], run: list[int]) -> tuple[Grid, list[int]] | None:
    body = [lines[k] for k in run]
    # amounts, not page numbers or counts: half the rows print one with decimals or thousands separators
    if 2 * sum(any(_AMOUNT_TEXT.match(s.text.replace(" ", "")) for s in l.segments) for l in body) < len(body):
        return None
    size = statistics.median(l.size for l in body)
    tolerance = 0.6 * size
    # number columns: right edges shared by two rows or more
    rights = _columns_by(
        [(s.x1, s) for l in body for s in l.segments if _is_numeric(s)], tolerance, key=lambda s: s.x1
    )
    rights = [c for c in rights if sum(1 for l in body if any(s in c for s in l.segments)) >= 2]
    if not rights:
        return None
    aligned = {id(s) for c in rights for s in c}
    # text columns (and codes, numbers printed left-aligned): left edges
    lefts = _columns_by(
        [(s.x0, s) for l in body for s in l.segments if id(s) not in aligned], tolerance, key=lambda s: s.x0
    )
    intervals = sorted(
        [(min(s.x0 for s in c), max(s.x1 for s in c)) for c in rights + lefts], key=lambda iv: iv[0]
    )
    merged: list[list[float]] = []
    for lo, hi in intervals:
        if merged and lo < merged[-1][1] - 0.5:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    if len(merged) < 2:
        return None
    bounds = [merged[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(merged, merged[1:])] + [merged[-1][1]]
    # every number of every body row must have a column of its own
    for line in body:
        used = [_covered(s.x0, s.x1, bounds) for s in line.segments]
        if len({u[0] for u in used}) < len(used):
            return None
    # header lines right above the body
    header: list[int] = []
    k = run[0] - 1
    while k >= 0 and len(header) < MAX_HEADER_LINES:
        line, below = lines[k], lines[header[0] if header else run[0]]
        if below.top - line.bottom > ROW_GAP * size or _TITLE_ROW.search(line.text.replace(" ", "")):
            break
        if any(_PROSE.search(s.text) for s in line.segments) or any(_is_numeric(s) for s in line.segments):
            break
        if line.x0 < bounds[0] - 2 * size or line.x1 > bounds[-1] + 2 * size:
            break
        if len(line.segments) < 2 and (line.x1 - line.x0) > 0.6 * (bounds[-1] - bounds[0]):
            break  # one wide segment: a line of text, not column labels
        header.insert(0, k)
        k -= 1
    taken = header + run
    cells: list[tuple[str, ...]] = []
    spans: list[tuple[int, ...]] = []
    ncols = len(bounds) - 1
    for index in taken:
        row = [""] * ncols
        width = [1] * ncols
        following = header[header.index(index) + 1] if index in header[:-1] else None
        for s in lines[index].segments:
            c0, c1 = _covered(s.x0, s.x1, bounds)
            if following is not None:
                c0, c1 = _group_span(s, lines[following].segments, bounds, size) or (c0, c1)
            row[c0] = (row[c0] + " " + s.text).strip()
            if c1 - c0 > 1:
                width[c0] = c1 - c0
                for c in range(c0 + 1, c1):
                    width[c] = 0
        cells.append(tuple(row))
        spans.append(tuple(width))
    first, last = lines[taken[0]], lines[taken[-1]]
    grid = Grid(
        tuple(cells),
        tuple(spans),
        bounds[0],
        first.top,
        bounds[-1],
        last.bottom,
        tuple(bounds),
        tuple((False,) * ncols for _ in taken),
        ruled=False,
    )
    return grid, taken


def _group_span(
    label: Segment, below: Sequence[Segment], bounds: Sequence[float], size: float
) -> tuple[int, int] | None:
    """The columns a group label of an unruled header spans: the run of labels on the header line below
    that it is centred over (within a font size), the widest such run when several are."""
    centre = (label.x0 + label.x1) / 2
    below = sorted(below, key=lambda s: s.x0)
    best: tuple[int, int] | None = None
    for a in range(len(below)):
        for b in range(a, len(below)):
            lo, hi = below[a].x0, below[b].x1
            if abs((lo + hi) / 2 - centre) > size or label.x0 < lo - 2 * size or label.x1 > hi + 2 * size:
                continue
            c0 = _covered(below[a].x0, below[a].x1, bounds)[0]
            c1 = _covered(below[b].x0, below[b].x1, bounds)[1]
            if best is None or c1 - c0 > best[1] - best[0]:
                best = (c0, c1)
    return best


def _columns_by(items: list[tuple[float, Segment]], tolerance: float, key) -> list[list[Segment]]:
    """Segments clustered by one edge (pdfplumber's clustering of words by x)."""
    from pdfplumber.utils.clustering import cluster_objects

    segments = [s for _, s in items]
    # pdfplumber types its clustering for dicts and tuples; it only calls ``key`` on each object
    return [list(c) for c in cluster_objects(segments, key, tolerance)] if segments else []  # type: ignore[type-var]
