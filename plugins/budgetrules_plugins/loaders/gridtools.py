"""What the PDF, Word and Excel loaders share: cell text clean-up, grid tidying, and zip-container checks.

Each of these formats hands over a table as a grid of cell strings, with merged cells marked by the format
(pdfplumber gives ``None`` for a cell covered by its neighbour, Word repeats the ``<w:tc>`` of a horizontal
merge, Excel lists merged ranges). What is common is done here, once:

* :func:`clean_cell` joins a cell's line breaks (``公务用车购\\n置费`` → ``公务用车购置费``) and drops the
  spaces justified Chinese text puts between characters (``因 公 出 国`` → ``因公出国``);
* :func:`tidy_grid` drops empty rows, fills a header label over the columns its merged cell spans, moves a
  merged data label (``合计`` spanning the code columns) to the last column it covers (a cell spanning the
  whole width, a note or a form's free text, stays in the first column; without merge
  information, a ``合计`` followed by empty cells and then an amount is taken as such), and splits a
  ``类 | 款 | 项 | 合计 | 2,946.25`` line (header labels and the total printed in one ruled row) in two;
* the container checks of :mod:`budgetrules.reading.containers` (zip bombs bounded by the bytes each part actually
  inflates to; OLE formats told by their directory's stream names) are re-exported here for the loaders.
"""

from __future__ import annotations

from typing import Sequence

from budgetrules.api import (
    MAX_MEMBERS,
    MAX_PART,
    MAX_RATIO,
    MAX_UNCOMPRESSED,
    OLE_MAGIC,
    GridRow,
    check_zip,
    is_total_label,
    office_kind,
    ole_streams,
    parse_amount,
    regex,
    split_header,
)

__all__ = [
    "clean_cell",
    "tidy_grid",
    "check_zip",
    "office_kind",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "MAX_MEMBERS",
    "MAX_PART",
    "OLE_MAGIC",
    "ole_streams",
]

_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_SPACES = regex.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[{_CJK}])")
_RUNS_OF_SPACES = regex.compile(r"[ \t\u00a0]{2,}")
#: The characters :func:`clean_cell` joins lines at or drops: a cell without any is only stripped.
_BREAKS_AND_SPACES = frozenset("\r\n\u000b \t\u00a0\u3000")
_HEADER_CODE_LABELS = {"类", "款", "项"}
_CODE_PART = regex.compile(r"^\d{2,3}$")


def clean_cell(text: object) -> str:
    """A cell's text on one line: line breaks joined, spaces between Chinese characters removed."""
    if text is None:
        return ""
    t = str(text)
    if _BREAKS_AND_SPACES.isdisjoint(t):
        return t.strip()  # one line without spaces: nothing to join or drop
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\u000b", "\n")
    parts = [p.strip() for p in t.split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "  # a Latin word broken over two lines keeps its space
        out += part
    out = _CJK_SPACES.sub("", out)
    return _RUNS_OF_SPACES.sub(" ", out).strip()


def _is_empty(row: Sequence[str | None]) -> bool:
    return not any((c or "").strip() for c in row)


def tidy_grid(rows: Sequence[GridRow], spans: Sequence[Sequence[int]] | None = None) -> list[GridRow]:
    """Tidy one table's grid (see the module docstring).

    ``spans[r][c]`` is how many columns the cell starting at ``(r, c)`` covers (1 when not merged, 0 for a
    cell covered by a merged neighbour on its left, -1 for a cell covered by the cell above); None when the
    format has no merge information. In data lines a classification-code part merged down over several lines
    (``201`` printed once for all the rows of 类 201) is repeated in each line it covers; nothing else is
    (an amount merged over two lines is one amount, not two).
    """
    kept: list[tuple[GridRow, Sequence[int] | None]] = []
    for index, row in enumerate(rows):
        if _is_empty(row.cells):
            continue
        kept.append((row, spans[index] if spans is not None and index < len(spans) else None))
    if not kept:
        return []
    header, _ = split_header([r for r, _ in kept])
    nheader = len(header) if len(header) < len(kept) else 0
    out: list[GridRow] = []
    for index, (row, span) in enumerate(kept):
        cells = list(row.cells)
        if span is not None:
            for c, width in enumerate(span):
                if width > 1 and c < len(cells) and cells[c]:
                    last = min(c + width, len(cells)) - 1
                    if index < nheader:
                        for k in range(c + 1, last + 1):
                            if not cells[k]:
                                cells[k] = cells[c]
                    elif not any(cells[k] for k in range(c + 1, last + 1)) and not (c == 0 and last == len(cells) - 1):
                        cells[last], cells[c] = cells[c], ""
        if index >= nheader and span is not None and out:
            above = out[-1].cells
            for c, width in enumerate(span):
                if width == -1 and c < len(cells) and not cells[c] and c < len(above) and _CODE_PART.match(above[c]):
                    cells[c] = above[c]
        if index >= nheader and (span is None or all(w <= 1 for w in span)):
            _place_total_label(cells)
        row = GridRow(tuple(cells), row.source, row.cell_sources)
        if index == nheader and nheader:
            split = _split_code_labels(row)
            if split is not None:
                out.extend(split)
                continue
        out.append(row)
    return out


def _place_total_label(cells: list[str]) -> None:
    """Without merge information, ``合计 | ∅ | ∅ | ∅ | 2,940.05`` is a 合计 merged over the code and name columns:
    the label goes to the last empty cell before the first amount (the name column)."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) < 2 or not is_total_label(cells[filled[0]]):
        return
    first, following = filled[0], filled[1]
    if following - first < 2 or parse_amount(cells[following]) is None:
        return
    cells[following - 1], cells[first] = cells[first], ""


def _split_code_labels(row: GridRow) -> list[GridRow] | None:
    """``类 | 款 | 项 | 合计 | 2,946.25`` → a header line ``类 | 款 | 项`` and a data line ``合计 | 2,946.25``."""
    cells = list(row.cells)
    lead = [i for i, c in enumerate(cells) if c.strip() in _HEADER_CODE_LABELS]
    if not lead or lead != list(range(lead[0], lead[0] + len(lead))) or "类" != cells[lead[0]].strip():
        return None
    if not any(c.strip() for i, c in enumerate(cells) if i not in lead):
        return None
    head = tuple(c if i in lead else "" for i, c in enumerate(cells))
    data = tuple("" if i in lead else c for i, c in enumerate(cells))
    return [GridRow(head, row.source, row.cell_sources), GridRow(data, row.source, row.cell_sources)]
