"""Draw small test PDFs with reportlab: text at exact places, ruled cells, pages (top-down coordinates).

A test describes each page as a list of drawing calls; :func:`write` lays them out on A4 pages with the
CID font STSong-Light, so the PDF loader meets the same kind of text layer real disclosures have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

FONT = "STSong-Light"
WIDTH, HEIGHT = 595.0, 842.0

Draw = Callable[[object], None]


def write(path: Path, pages: Sequence[Sequence[Draw]]) -> Path:
    """Write ``pages`` (each a list of drawing calls) to ``path``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
    for page in pages:
        for draw in page:
            draw(c)
        c.showPage()
    c.save()
    return path


def text(x: float, top: float, s: str, size: float = 10, align: str = "left") -> Draw:
    """``s`` with its baseline ``size`` below ``top``; ``x`` is its left edge, right edge or centre."""

    def draw(c) -> None:
        c.setFont(FONT, size)
        y = HEIGHT - top - size
        if align == "right":
            c.drawRightString(x, y, s)
        elif align == "center":
            c.drawCentredString(x, y, s)
        else:
            c.drawString(x, y, s)

    return draw


def hline(x0: float, x1: float, top: float, width: float = 0.5) -> Draw:
    def draw(c) -> None:
        c.setLineWidth(width)
        c.line(x0, HEIGHT - top, x1, HEIGHT - top)

    return draw


def vline(x: float, top: float, bottom: float, width: float = 0.5) -> Draw:
    def draw(c) -> None:
        c.setLineWidth(width)
        c.line(x, HEIGHT - top, x, HEIGHT - bottom)

    return draw


def white_box(x0: float, top: float, x1: float, bottom: float) -> Draw:
    """A white filled rectangle, as Excel exports paint behind every cell: invisible, no ruling."""

    def draw(c) -> None:
        c.setFillColorRGB(1, 1, 1)
        c.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)

    return draw


def cells(xs: Sequence[float], ys: Sequence[float], spec: Sequence[tuple], size: float = 9) -> list[Draw]:
    """Ruled cells on the grid ``xs`` × ``ys``: each ``(row, col, text)`` or ``(row, col, text, rows, cols)``
    (a merged cell spanning ``rows`` × ``cols``), its border drawn; amounts right-aligned, the rest left."""
    out: list[Draw] = []
    for item in spec:
        r, c, s = item[:3]
        rows, cols = (item[3], item[4]) if len(item) > 3 else (1, 1)
        x0, x1 = xs[c], xs[c + cols]
        top, bottom = ys[r], ys[r + rows]
        out += [hline(x0, x1, top), hline(x0, x1, bottom), vline(x0, top, bottom), vline(x1, top, bottom)]
        if s:
            baseline_top = (top + bottom) / 2 - size / 2
            numeric = s.replace(",", "").replace(".", "").isdigit()
            if numeric:
                out.append(text(x1 - 3, baseline_top, s, size, "right"))
            else:
                out.append(text(x0 + 3, baseline_top, s, size))
    return out
