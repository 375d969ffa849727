"""The PDF loader as a plugin: registers the loader of :mod:`budgetrules_plugins.loaders.pdf`, which is imported
when the first PDF is read — a run that reads no PDF does not load the layout machinery (pdflayout, the page
readers, the limits) at start-up. The loader is detected by content (a ``%PDF-`` header within the first KiB).
"""

from __future__ import annotations

from pathlib import Path

from budgetrules import hookimpl
from budgetrules.api import Document, Loader, lazy_module

_pdf = lazy_module("budgetrules_plugins.loaders.pdf")

__all__ = ["LOADER"]


def _accepts(head: bytes, path: Path) -> bool:
    return b"%PDF-" in head[:1024]


def load_pdf(path: Path, data: bytes) -> Document:
    """:func:`budgetrules_plugins.loaders.pdf.load_pdf`."""
    document: Document = _pdf.load_pdf(path, data)
    return document


LOADER = Loader(
    name="pdf",
    description="PDF（含文字层；表格按框线或文字对齐识别；PDFium，BUDGETRULES_PDF_READER=pdfplumber 时用 pdfplumber）",
    accepts=_accepts,
    load=load_pdf,
    priority=40,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
