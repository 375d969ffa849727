"""Hostile PDFs, generated in the tests: the limits of :mod:`budgetrules_plugins.loaders.pdflimits` hold with either
reader, each case refused with one clear line in bounded CPU time and memory.

* a page tree whose ``/Count`` lies (says 1, holds 600 pages; says 1, holds 3);
* a content stream of a few KB that inflates to 64 MB, on the page or in a form XObject it draws;
* a page of 200,000 drawing operators, read under a per-page time limit;
* the limits are options (environment variables) with safe defaults.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib

import pytest

from budgetrules.core.errors import InputError
from budgetrules.engine.check import load_document
from budgetrules_plugins.loaders.pdflimits import PdfLimits

pytestmark = pytest.mark.usefixtures("pdf_reader")

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, extra: str = "", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += " /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream"


def inflating(size: int) -> bytes:
    """A Flate stream body of ``size`` bytes of spaces once inflated, compressed piece by piece (a few KB)."""
    packer = zlib.compressobj(9)
    piece = b" " * (1 << 20)
    out = b"".join(packer.compress(piece) for _ in range(size // len(piece)))
    return out + packer.flush()


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 first), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pages_pdf(contents: list[bytes], count: int | None = None, xobjects: dict[str, bytes] | None = None) -> bytes:
    """One page per content stream body (objects 3+2i: the page, 4+2i: its content), ``/Count`` as given
    (the true count by default), the form XObjects ``xobjects`` (name → stream object) in every page's
    resources."""
    n = len(contents)
    first_x = 3 + 2 * n + 1
    names = list(xobjects or {})
    xres = " ".join(f"/{name} {first_x + i} 0 R" for i, name in enumerate(names))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode(), n if count is None else count),
    ]
    font = 3 + 2 * n
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> "
            b"/XObject << %s >> >> /Contents %d 0 R >>" % (font, xres.encode(), 4 + 2 * i)
        )
        objects.append(content)
    objects.append(FONT)
    objects.extend((xobjects or {})[name] for name in names)
    return write_pdf(objects)


def text_page(text: str) -> bytes:
    return stream(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


def refused(tmp_path, registry, data: bytes) -> tuple[str, float]:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    start = time.process_time()
    with pytest.raises(InputError) as info:
        load_document(path, registry)
    return str(info.value), time.process_time() - start


# --- the page tree -------------------------------------------------------------------------------------


def test_page_tree_lying_about_count_is_refused_by_its_real_size(tmp_path, registry):
    data = pages_pdf([text_page(f"page {i}") for i in range(600)], count=1)
    problem, cpu = refused(tmp_path, registry, data)
    assert "页数超过上限 500 页" in problem
    assert cpu < 3


def test_page_tree_holding_more_pages_than_its_count_is_refused(tmp_path, registry):
    """PDFium reads as many pages as /Count says: a document read in part is never reported on."""
    data = pages_pdf([text_page("Budget"), text_page("more"), text_page("hidden")], count=1)
    problem, _ = refused(tmp_path, registry, data)
    assert "页面目录声明 1 页（/Count），实际有 3 页" in problem


def test_count_claiming_more_pages_than_the_tree_holds_is_refused(tmp_path, registry):
    data = pages_pdf([text_page("Budget")], count=9)
    problem, _ = refused(tmp_path, registry, data)
    assert "页面目录声明 9 页（/Count），实际有 1 页" in problem


def test_page_limit_is_an_option(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGES", "2")
    problem, _ = refused(tmp_path, registry, pages_pdf([text_page("a"), text_page("b"), text_page("c")]))
    assert "共 3 页，超过上限 2 页" in problem


# --- decoded content ---------------------------------------------------------------------------------


def test_content_stream_inflating_to_64_mb_is_refused_without_inflating_it(tmp_path, registry):
    bomb = stream(inflating(64 << 20), " /Filter /FlateDecode")
    assert len(bomb) < 200_000
    problem, cpu = refused(tmp_path, registry, pages_pdf([text_page("Budget"), bomb]))
    assert f"第 2 页内容解压后超过 {PdfLimits().max_page_content} 字节的上限" in problem
    assert cpu < 2


def test_form_xobject_inflating_to_64_mb_is_refused(tmp_path, registry):
    form = stream(inflating(64 << 20), " /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode")
    problem, cpu = refused(tmp_path, registry, pages_pdf([stream(b"/Bomb Do")], xobjects={"Bomb": form}))
    assert "第 1 页内容解压后超过" in problem
    assert cpu < 2


def test_content_limit_is_an_option(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGE_CONTENT", "1000")
    page = stream(b"BT /F1 12 Tf 72 720 Td (Budget) Tj ET\n" + b"0 0 m 1 1 l S\n" * 100, compress=True)
    problem, _ = refused(tmp_path, registry, pages_pdf([page]))
    assert "第 1 页内容解压后超过 1000 字节的上限" in problem


def test_memory_stays_bounded_on_an_inflating_stream(tmp_path, pdf_reader):
    """Loading in a fresh process: its peak memory stays far below the 256 MB the stream inflates to."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pages_pdf([stream(inflating(256 << 20), " /Filter /FlateDecode")]))
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from budgetrules.engine.check import load_document\n"
        "from budgetrules.core.errors import InputError\n"
        "from budgetrules.engine.plugins import get_registry\n"
        "try:\n    load_document(Path(sys.argv[1]), get_registry()); error = ''\n"
        "except InputError as exc:\n    error = str(exc)\n"
        # the high-water mark of this process's own memory (ru_maxrss would carry the forking parent's)
        "status = Path('/proc/self/status')\n"
        "hwm = [int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith('VmHWM:')]\n"
        "peak = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps([error, peak]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    error, peak_kb = json.loads(out.stdout)
    assert "内容解压后超过" in error
    assert peak_kb < 200 * 1024


# --- time ----------------------------------------------------------------------------------------------


def test_page_of_many_drawing_operators_is_stopped_by_the_time_limit(tmp_path, registry, monkeypatch, pdf_reader):
    """200,000 line segments (3 MB of operators, allowed by a raised content limit) under a 0.2 s page
    limit: PDFium's reader stops inside the page; pdfminer, which cannot be stopped inside a page, gets a
    page a tenth that size and is stopped once it is read."""
    n = 200_000 if pdf_reader == "pdfium" else 20_000
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGE_CONTENT", str(8 << 20))
    monkeypatch.setenv("BUDGETRULES_PDF_PAGE_SECONDS", "0.2")
    ops = b"".join(b"%d 0 m %d 500 l S\n" % (i % 500, i % 500) for i in range(n))
    problem, cpu = refused(tmp_path, registry, pages_pdf([text_page("Budget"), stream(ops, compress=True)]))
    assert "第 2 页内容过于复杂：读取超过 0.2 秒" in problem
    assert cpu < 15


def test_defaults_are_safe_and_options_are_read_from_the_environment(monkeypatch):
    assert PdfLimits() == PdfLimits(max_pages=500, max_page_content=2 * 1024 * 1024, page_seconds=5.0)
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGES", "40")
    monkeypatch.setenv("BUDGETRULES_PDF_MAX_PAGE_CONTENT", "not a number")
    monkeypatch.setenv("BUDGETRULES_PDF_PAGE_SECONDS", "-1")
    assert PdfLimits.from_env() == PdfLimits(max_pages=40)


def test_an_ordinary_pdf_is_read_within_the_limits():
    from budgetrules_plugins.loaders.pdf import read_pdf_blocks
    from budgetrules_plugins.loaders.pdflimits import inspect_pdf
    from budgetrules_plugins.loaders.pdfpages import reader

    data = pages_pdf([text_page("Department budget 2024"), text_page("Page two of the budget")])
    assert inspect_pdf("ok.pdf", data, PdfLimits()) == 2
    _, lines = read_pdf_blocks("ok.pdf", reader().read_pages("ok.pdf", data, range(2), PdfLimits()))
    assert ["".join(line.split()) for line in lines] == ["Departmentbudget2024", "Pagetwoofthebudget"]
