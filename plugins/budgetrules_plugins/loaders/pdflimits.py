"""Limits on what a PDF may make the loader do, checked before any page is read by either reader.

A small hostile PDF can ask for unbounded work: a page tree whose ``/Count`` says 1 while it holds 20,000
pages (a reader that trusts ``/Count`` reads one page and reports on it; one that walks the tree reads them
all), or a 1 MB content stream that inflates to 1 GB. So before a page is read:

* the **real page count** is taken by walking the page tree (stopping one page past the cap), never from
  ``/Count``; more pages than :attr:`PdfLimits.max_pages` is refused, and so is a page tree whose
  ``/Count`` differs from the pages it holds (PDFium would read only ``/Count`` pages: a document read in
  part must never be reported on as if whole);
* every page's **decoded content size** — its content streams and the form XObjects it draws, each
  inflated with a bounded output, never in full — is at most :attr:`PdfLimits.max_page_content` bytes;
* while a page is read, the reader checks its **CPU time** against :attr:`PdfLimits.page_seconds`
  (:class:`PageClock`).

The limits are options with safe defaults, set from the environment (``BUDGETRULES_PDF_MAX_PAGES``,
``BUDGETRULES_PDF_MAX_PAGE_CONTENT`` in bytes, ``BUDGETRULES_PDF_PAGE_SECONDS``). The defaults are far above
what real disclosures need: the 25 documents of the development corpus have at most 36 pages, at most
0.1 MB of content on a page, and a page is read in milliseconds.

The page tree and the streams are read with pdfminer's parser (no page is interpreted).
"""

from __future__ import annotations

import os
import time
import zlib
from io import BytesIO

import attrs

from budgetrules.api import InputError

__all__ = ["PdfLimits", "PageClock", "inspect_pdf"]


def _env_number(name: str, default: float, kind=int):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        return default
    return value if value > 0 else default


@attrs.frozen
class PdfLimits:
    """Per-file limits of the PDF loader (see the module documentation)."""

    #: more pages than this is refused (a departmental disclosure has tens of pages)
    max_pages: int = 500
    #: decoded bytes of content (streams and form XObjects) one page may hold
    max_page_content: int = 2 * 1024 * 1024
    #: CPU seconds reading one page may take
    page_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> "PdfLimits":
        """The limits in force: the defaults, each replaced by its environment variable when that is a
        positive number."""
        default = cls()
        return cls(
            max_pages=_env_number("BUDGETRULES_PDF_MAX_PAGES", default.max_pages),
            max_page_content=_env_number("BUDGETRULES_PDF_MAX_PAGE_CONTENT", default.max_page_content),
            page_seconds=_env_number("BUDGETRULES_PDF_PAGE_SECONDS", default.page_seconds, float),
        )


class PageClock:
    """The CPU time spent on one page, checked against :attr:`PdfLimits.page_seconds`."""

    def __init__(self, name: str, limits: PdfLimits):
        self.name = name
        self.seconds = limits.page_seconds
        self.index = 0
        self.start = time.process_time()

    def page(self, index: int) -> None:
        """Start the clock for page ``index`` (0-based)."""
        self.index = index
        self.start = time.process_time()

    def check(self) -> None:
        """Raise InputError when the page has taken longer than allowed."""
        if time.process_time() - self.start > self.seconds:
            raise InputError(
                self.name,
                f"PDF 第 {self.index + 1} 页内容过于复杂：读取超过 {self.seconds:g} 秒（CPU），拒绝读取",
            )


# --- inspection ---------------------------------------------------------------------------------------


def inspect_pdf(name: str, data: bytes, limits: PdfLimits) -> int:
    """The real number of pages of the PDF, after checking it against ``limits``. Raises InputError for a
    file that is encrypted, corrupt, or beyond a limit."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    try:
        document = PDFDocument(PDFParser(BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "PDF 文件已加密（需要密码或使用了不支持的加密方式），无法读取") from None
    except PDFSyntaxError as exc:
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{exc}）") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise InputError(name, "PDF 文件已加密（需要密码），无法读取") from None
        raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（{type(exc).__name__}: {exc}）") from None
    declared = _declared_count(document)
    too_many = "PDF {}超过上限 %d 页（部门预决算公开文件通常只有几十页），拒绝读取" % limits.max_pages
    if declared is not None and declared > limits.max_pages:
        # too many pages, or a /Count that lies: refused either way, without walking the tree
        raise InputError(name, too_many.format(f"共 {declared} 页，"))
    try:
        pages = _pages(document, limits.max_pages + 1)
    except Exception as exc:
        raise InputError(name, f"PDF 文件已损坏：页面目录无法读取（{type(exc).__name__}: {exc}）") from None
    if len(pages) > limits.max_pages:
        raise InputError(name, too_many.format("页数"))
    if not pages:
        raise InputError(name, "PDF 没有任何页面")
    if declared is not None and declared != len(pages):
        raise InputError(
            name, f"PDF 文件已损坏：页面目录声明 {declared} 页（/Count），实际有 {len(pages)} 页，拒绝读取"
        )
    for index, (page, resources) in enumerate(pages):
        size = _page_content_size(page, resources, limits.max_page_content)
        if size > limits.max_page_content:
            raise InputError(
                name,
                f"PDF 第 {index + 1} 页内容解压后超过 {limits.max_page_content} 字节的上限"
                "（可能是压缩炸弹），拒绝读取",
            )
    return len(pages)


def _declared_count(document) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(document.catalog["Pages"])["Count"]))
    except Exception:
        return None


def _pages(document, at_most: int) -> list[tuple[dict, object]]:
    """The page dictionaries of the page tree, in order (at most ``at_most``), each with the resources it
    has or inherits: the leaves reached through ``/Kids``, each node visited once."""
    from pdfminer.pdftypes import dict_value, list_value, resolve1

    root = resolve1(document.catalog.get("Pages"))
    if not isinstance(root, dict):
        raise ValueError("no /Pages dictionary")
    out: list[tuple[dict, object]] = []
    seen: set[int] = set()
    stack: list[tuple[dict, object]] = [(root, None)]
    while stack and len(out) < at_most:
        ref, inherited = stack.pop()
        node = dict_value(ref)  # resolved only when reached: a tree of 20,000 pages is read 501 pages far
        if id(node) in seen:
            continue
        seen.add(id(node))
        resources = node.get("Resources", inherited)
        kids = resolve1(node.get("Kids"))
        if kids is not None and _name(node.get("Type")) != "Page":
            stack.extend((k, resources) for k in reversed(list_value(kids)))
        else:
            out.append((node, resources))
    return out


def _page_content_size(page: dict, page_resources, limit: int) -> int:
    """The decoded size of a page's content streams and of the form XObjects it draws (recursively, each
    once), counted up to a little past ``limit``."""
    from pdfminer.pdftypes import PDFStream, resolve1

    total = 0
    seen: set[int] = set()
    pending: list = []
    contents = resolve1(page.get("Contents"))
    pending.extend(contents if isinstance(contents, list) else [contents])
    resources = [resolve1(page_resources)]
    while pending or resources:
        while pending:
            stream = resolve1(pending.pop())
            if not isinstance(stream, PDFStream) or id(stream) in seen:
                continue
            seen.add(id(stream))
            total += _decoded_size(stream, limit - total + 1)
            if total > limit:
                return total
            if _name(stream.attrs.get("Subtype")) == "Form":
                resources.append(resolve1(stream.attrs.get("Resources")))
        if resources:
            res = resources.pop()
            if isinstance(res, dict):
                xobjects = resolve1(res.get("XObject"))
                if isinstance(xobjects, dict):
                    for ref in xobjects.values():
                        stream = resolve1(ref)
                        if isinstance(stream, PDFStream) and _name(stream.attrs.get("Subtype")) == "Form":
                            pending.append(stream)
    return total


def _name(value) -> str | None:
    from pdfminer.pdftypes import resolve1

    return getattr(resolve1(value), "name", None)


def _decoded_size(stream, budget: int) -> int:
    """How many bytes ``stream`` decodes to, counted up to ``budget`` (a Flate stream is inflated in
    bounded steps, never in full); more than ``budget`` once it is clear the budget is exceeded."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE

    if stream.data is not None:  # already decoded
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = [f for f, _ in stream.get_filters()]
    while filters and (filters[0] in LITERALS_ASCII85_DECODE or filters[0] in LITERALS_ASCIIHEX_DECODE):
        data = ascii85decode(data) if filters[0] in LITERALS_ASCII85_DECODE else asciihexdecode(data)
        filters.pop(0)
    if not filters:
        return len(data)
    if filters[0] in LITERALS_FLATE_DECODE and len(filters) == 1:
        return _inflated_size(data, budget)
    # other filters (LZW, run length, chains): decoded by pdfminer as the reader will decode them
    try:
        return len(stream.get_data())
    except Exception:
        return len(data)


def _inflated_size(data: bytes, budget: int) -> int:
    """The inflated size of zlib ``data``, inflating at most ``budget`` + 1 bytes at a time, never keeping
    more than one step in memory; a broken stream counts what inflated before the break."""
    inflater = zlib.decompressobj()
    size = 0
    chunk = 1 << 20
    pending = data
    try:
        while True:
            out = inflater.decompress(pending, chunk)
            size += len(out)
            if size > budget:
                return size
            pending = inflater.unconsumed_tail
            if not pending:
                return size + len(inflater.flush())
    except zlib.error:
        return size
