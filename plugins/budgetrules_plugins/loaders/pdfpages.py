"""What a PDF reader hands to the layout: each page as plain data, in one coordinate system.

Two readers produce it — :mod:`budgetrules_plugins.loaders.pdfium` (PDFium, the default) and
:mod:`budgetrules_plugins.loaders.pdfminer_reader` (pdfplumber on pdfminer) — and :mod:`budgetrules_plugins.loaders.pdf` lays
it out the same way whichever read it.

Coordinates are pdfplumber's: points from the top left corner of the page *as displayed* (a page with
``/Rotate 90`` is turned first), ``top`` growing downwards.
"""

from __future__ import annotations

import os
from typing import Any

import attrs

from .pdflayout import baseline_box

__all__ = ["PageData", "Geometry", "char", "READERS", "reader_name", "reader"]

#: The PDF readers, by the name ``BUDGETRULES_PDF_READER`` selects them with; the first is the default.
READERS = ("pdfium", "pdfplumber")


def reader_name() -> str:
    """The reader in force: ``$BUDGETRULES_PDF_READER`` when it names one of :data:`READERS`, else PDFium."""
    wanted = os.environ.get("BUDGETRULES_PDF_READER", "").strip().lower()
    return wanted if wanted in READERS else READERS[0]


def reader(name: str | None = None):
    """The module reading pages as plain data, by name (:data:`READERS`; default :func:`reader_name`).

    Each has ``read_pages(name, data, pages=None, limits=None) -> Iterator[PageData]`` (``pages``: the
    0-based indexes to read, all when ``None``; ``limits``: a :class:`~.pdflimits.PdfLimits`), which raises
    InputError for a file it cannot read.
    """
    if (name or reader_name()) == "pdfplumber":
        from . import pdfminer_reader

        return pdfminer_reader
    from . import pdfium

    return pdfium


@attrs.frozen
class PageData:
    """One page: its size, its characters and its visible ruling segments (see :mod:`.pdflayout` for the
    keys each mapping has)."""

    width: float
    height: float
    chars: list[dict[str, Any]]
    rulings: list[dict[str, Any]]


def char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, baseline: float | None) -> dict:
    """A character as the layout takes it: the box set on its baseline (:func:`~.pdflayout.baseline_box`)
    when the character is upright and its baseline is known and plausible (within half a size above the box
    bottom and one and a half below)."""
    if baseline is not None and -0.5 * size <= bottom - baseline <= 1.5 * size:
        top, bottom = baseline_box(top, bottom, baseline, size)
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size}


@attrs.frozen
class Geometry:
    """From PDF user space to the page's top-down coordinates, as pdfminer and pdfplumber compute them.

    pdfminer turns the page by its rotation and moves the media box's corner to the origin (its device
    space, ``ctm``); pdfplumber then flips ``y`` within the media box as turned.
    """

    ctm: tuple[float, float, float, float, float, float]
    width: float
    height: float
    left: float
    top: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> "Geometry":
        x0, y0, x1, y1 = mediabox
        if rotation == 90:
            ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        raw = (ny0, nx0, ny1, nx1) if rotation in (90, 270) else (nx0, ny0, nx1, ny1)
        mb_height = raw[3] - raw[1]
        box = (raw[0], mb_height - raw[3], raw[2], mb_height - raw[1])
        return cls(ctm, box[2] - box[0], box[3] - box[1], box[0], box[1])

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.left, self.top, self.left + self.width, self.top + self.height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of user space in the page's top-down coordinates."""
        a, b, c, d, e, f = self.ctm
        return (a * x + c * y + e + self.left, self.height - (b * x + d * y + f) + self.top)

    def linear(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """The linear part of a user-space matrix in pdfminer's device space (y upwards)."""
        A, B, C, D, _, _ = self.ctm
        return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D)
