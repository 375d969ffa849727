"""Reading a PDF's pages with pdfplumber (on pdfminer): the fallback reader, selected with
``BUDGETRULES_PDF_READER=pdfplumber``.

It gives the same plain data as :mod:`budgetrules_plugins.loaders.pdfium` (see :class:`~.pdfpages.PageData`):
the page's characters, each box set on its baseline, and its *visible* ruling segments — drawn lines, the
sides of stroked or coloured rectangles, the horizontal and vertical pieces of other paths; never white
fills (Excel and Word exports paint them behind every cell) nor clipping paths. pdfminer interprets the
content streams in Python, which is why it is not the default: it takes about ten times PDFium's time.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

from budgetrules.api import InputError

from .pdflimits import PageClock, PdfLimits
from .pdfpages import PageData, char

__all__ = ["read_pages", "PageSource"]


def read_pages(
    name: str, data: bytes, pages: Iterable[int] | None = None, limits: PdfLimits | None = None
) -> Iterator[PageData]:
    """The pages of the PDF (all, or those of the 0-based indexes ``pages``) as plain data. Raises
    InputError for a file pdfminer cannot read, or a page that took longer to read than ``limits`` allow
    (checked once the page is read: pdfminer cannot be stopped inside a page, which is why the size of a
    page's content is bounded before it is read, see :mod:`.pdflimits`)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    wanted = None if pages is None else list(pages)
    clock = PageClock(name, limits or PdfLimits())
    try:
        with pdfplumber.open(BytesIO(data), pages=None if wanted is None else [i + 1 for i in wanted]) as pdf:
            for k, page in enumerate(pdf.pages):
                clock.page(k if wanted is None else wanted[k])
                read = PageData(page.width, page.height, _chars(page), _rulings(page))
                page.close()
                clock.check()
                yield read
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "PDF 文件已加密（需要密码），无法读取") from None
    except PDFSyntaxError as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{exc}）") from None


class PageSource:
    """Single pages of a PDF, read on demand (the PDFium reader's fallback for a page it cannot read)."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self.data = data
        self._pdf: PDF | None = None

    def page(self, index: int) -> PageData:
        import pdfplumber

        if self._pdf is None:
            self._pdf = pdfplumber.open(BytesIO(self.data))
        try:
            page = self._pdf.pages[index]
            read = PageData(page.width, page.height, _chars(page), _rulings(page))
            page.close()
        except InputError:
            raise
        except Exception as exc:
            raise InputError(self.name, f"PDF 文件已损坏或不完整，读取第 {index + 1} 页时出错（{type(exc).__name__}: {exc}）") from None
        return read

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def _is_white(color: Any) -> bool:
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:  # CMYK
        return all(v <= 0.02 for v in color)
    return all(v >= 0.98 for v in color)


def _visible(obj: dict) -> bool:
    """A drawn shape is visible when it is stroked or filled in a colour other than white."""
    stroked = obj.get("stroke", obj.get("object_type") == "line") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _rulings(page) -> list[dict]:
    """The visible horizontal and vertical segments drawn on a page."""
    from pdfplumber.utils.geometry import obj_to_edges

    out = []
    for obj in (*page.lines, *page.rects, *page.curves):
        if not _visible(obj):
            continue
        for edge in obj_to_edges(obj):
            if edge.get("orientation") in ("h", "v"):
                out.append({k: edge[k] for k in ("x0", "x1", "top", "bottom", "orientation")})
    return out


def _chars(page) -> list[dict]:
    """The page's characters as plain data (spaces kept: inside a table cell a space of the text layer
    separates words, ``01 行政运行``). Characters set outside the page (a spreadsheet's next rows, cut off by
    the page edge) are not printed and are left out."""
    x0, top0, x1, bottom0 = page.bbox
    out = []
    for c in page.chars:
        text = c["text"]
        if not text:
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (x0 <= cx <= x1 and top0 <= cy <= bottom0):
            continue
        size = c.get("size") or (c["bottom"] - c["top"])
        m = c.get("matrix")
        baseline = None
        if m and abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0 and m[3] > 0 and "y0" in c:
            baseline = c["bottom"] - (m[5] - c["y0"])
        out.append(char(text, c["x0"], c["x1"], c["top"], c["bottom"], size, baseline))
    return out
