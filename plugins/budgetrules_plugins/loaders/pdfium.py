"""Reading a PDF's pages with PDFium (pypdfium2): characters with their boxes, visible ruling segments.

What comes out is the plain data :mod:`budgetrules_plugins.loaders.pdflayout` lays out (see :class:`PageData`), in
the top-down page coordinates pdfplumber uses (a page turned by ``/Rotate`` is read as it is displayed), so
that either reader feeds the same layout code:

* **characters** from PDFium's text page, in content order, without the spaces and line breaks PDFium
  generates itself (only what the text layer holds); each with its box — from the character's origin to its
  advance, from the font's descent to its ascent scaled to the font size — its font size, and its baseline;
* **ruling segments** from the page's path objects (inside form XObjects too), read as pdfminer reads
  painted paths: each subpath is a line (two points), a rectangle (four axis-parallel sides, closed) or a
  polyline (its points, a Bézier segment by its end point); a line gives one segment, a rectangle its four
  sides, a polyline its horizontal and vertical pieces. Only **visible** paths count: stroked or filled in
  a colour other than white (the white cell backgrounds an Excel export paints, and clipping paths, which
  are no page objects at all, are not rulings).

PDFium parses a page's content in C++: the whole 25-page sample is read in a tenth of the time pdfminer
takes.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Iterable, Iterator, Sequence

from budgetrules.api import InputError

from .pdflimits import PageClock, PdfLimits
from .pdfpages import Geometry, PageData

__all__ = ["read_pages"]

#: PDFium is not thread-safe, so every call into it is made holding this lock: a document opened, counted and
#: closed, a page loaded, read and closed. Threads reading PDFs (a Dask worker given several threads, an
#: integrator's thread pool) take turns page by page; between two pages another thread may read its own
#: document.
PDFIUM_LOCK = threading.Lock()


def _lib():
    import pypdfium2  # noqa: F401  (initialises the library)
    import pypdfium2.raw as pdfium

    return pdfium


class _Pdf:
    """An open PDFium document over ``data`` (kept alive as long as the document is)."""

    def __init__(self, name: str, data: bytes):
        c = _lib()
        self.c = c
        self.name = name
        self._buffer = ctypes.create_string_buffer(data, len(data))  # PDFium reads from it until closed
        with PDFIUM_LOCK:
            self.raw = c.FPDF_LoadMemDocument64(self._buffer, len(data), None)
            error = 0 if self.raw else c.FPDF_GetLastError()
        if not self.raw:
            if error in (c.FPDF_ERR_PASSWORD, c.FPDF_ERR_SECURITY):
                raise InputError(name, "PDF 文件已加密（需要密码或使用了不支持的加密方式），无法读取")
            raise InputError(name, f"PDF 文件已损坏或不完整，无法解析（PDFium 错误 {error}）")

    def close(self) -> None:
        if self.raw:
            with PDFIUM_LOCK:
                self.c.FPDF_CloseDocument(self.raw)
            self.raw = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __len__(self) -> int:
        with PDFIUM_LOCK:
            return int(self.c.FPDF_GetPageCount(self.raw))


def read_pages(
    name: str, data: bytes, pages: Iterable[int] | None = None, limits: PdfLimits | None = None
) -> Iterator[PageData]:
    """The pages of the PDF (all, or those of the 0-based indexes ``pages``) as plain data. Raises
    InputError for a file PDFium cannot open, or a page that takes longer to read than ``limits`` allow.

    A page where PDFium's text page loses text (see :func:`_read_page`) is read by the pdfplumber reader
    instead.
    """
    fallback = None
    clock = PageClock(name, limits or PdfLimits())
    try:
        with _Pdf(name, data) as pdf:
            c = pdf.c
            for index in range(len(pdf)) if pages is None else pages:
                clock.page(index)
                with PDFIUM_LOCK:
                    page = c.FPDF_LoadPage(pdf.raw, index)
                    if not page:
                        raise InputError(name, f"PDF 文件已损坏：第 {index + 1} 页无法读取")
                    try:
                        read = _read_page(c, page, clock)
                    finally:
                        c.FPDF_ClosePage(page)
                if read is None:
                    from .pdfminer_reader import PageSource

                    fallback = fallback or PageSource(name, data)
                    read = fallback.page(index)
                clock.check()
                yield read
    finally:
        if fallback is not None:
            fallback.close()


def _geometry(c, page) -> Geometry:
    box = [ctypes.c_float() for _ in range(4)]
    if c.FPDFPage_GetMediaBox(page, *(ctypes.byref(v) for v in box)):
        left, bottom, right, top = (v.value for v in box)
    else:  # PDFium's default: a US Letter page
        left, bottom, right, top = 0.0, 0.0, 612.0, 792.0
    rotation = (c.FPDFPage_GetRotation(page) % 4) * 90
    return Geometry.of((left, bottom, right, top), rotation)


def _read_page(c, page, clock: PageClock) -> PageData | None:
    """The page as plain data, or ``None`` when PDFium's text page lost some of its text.

    PDFium leaves out of its text page every text object whose box is empty. With an embedded font that is
    a blank glyph (a space drawn on its own); with a font that is not embedded and that PDFium has no
    substitute glyphs for (a CJK font on a machine without CJK fonts), it is a character drawn on its own —
    ``类`` over a code column — and the page cannot be read from PDFium's text page.
    """
    geometry = _geometry(c, page)
    text_page = c.FPDFText_LoadPage(page)
    try:
        paths = _PathReader(c, geometry, text_page, clock)
        paths.page(page)
        if paths.lost_text:
            return None
        clock.check()
        chars = _read_chars(c, ctypes.cast(text_page, ctypes.c_void_p).value, geometry, clock) if text_page else []
    finally:
        if text_page:
            c.FPDFText_ClosePage(text_page)
    return PageData(geometry.width, geometry.height, chars, paths.out)


# --- characters -----------------------------------------------------------------------------------------


def _read_chars(c, tp, g: Geometry, clock: PageClock) -> list[dict]:
    """The characters of a text page, boxed as pdfminer boxes them: along the text from the origin to the
    advance (the font's width of the character; PDFium's loose box when the font has none), across it from
    the font's descent to one font size above it, through the character's matrix; the font size is the
    box's height on the page.

    The text of the page is taken in one call; only spaces and line breaks are asked whether PDFium
    generated them (it generates nothing else), and per character only its origin and text object are
    asked for — a text object's matrix, font and size are read once, and looked up again only where the
    text object changes (its characters come one after another).
    """
    f = _functions(c)
    n = f.count_chars(tp)
    if n <= 0:
        return []
    text: Sequence[str] | None = _page_text(f, tp, n)
    if text is None:
        text = [chr(f.get_unicode(tp, k)) for k in range(n)]
    is_generated, loose_box, get_origin = f.is_generated, f.loose_box, f.get_origin
    text_object, glyph_width = f.text_object, f.glyph_width
    # for the functions called per character: the text page as ctypes' own argument object (what
    # c_void_p.from_param makes of an address), which a call takes as it is
    htp = ctypes.c_void_p.from_param(tp)
    width = ctypes.c_float()
    rwidth = ctypes.byref(width)
    # a glyph's width depends on the font and size only (text objects share them): per (font, size), the
    # widths PDFium gave; per text object, every advance taken (the loose box is on the character's matrix)
    widths: dict[tuple, dict[str, float]] = {}
    descents: dict[int, float] = {}
    rect, matrix = c.FS_RECTF(), c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rx, ry, rrect = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(rect)
    # Geometry.point, inlined (same operations in the same order, so the same floats)
    ga, gb, gc, gd, ge, gf = g.ctm
    gleft, gtop, gheight = g.left, g.top, g.height
    unturned = (ga, gb, gc, gd) == (1.0, 0.0, 0.0, 1.0)  # a page not turned by /Rotate
    bx0, btop, bx1, bbottom = g.bbox
    to_page = g.point
    objects: dict[int | None, tuple] = {}
    kinds: dict[tuple, tuple] = {}  # what _object_info derives from a text object's matrix, size and font
    out: list[dict] = []
    append = out.append
    maybe_generated = _MAYBE_GENERATED
    current: object = 0  # no handle: the text object of the characters before
    a = b = cc = d = low = high = size = 0.0
    upright, font, face, own, shared = False, None, None, {}, {}
    for k, ch in enumerate(text):
        if not k & 4095:
            clock.check()
        if ch in maybe_generated and is_generated(htp, k):
            continue
        if ch == "\x00" or not get_origin(htp, k, rx, ry):
            continue
        obj = text_object(htp, k)
        if obj != current:  # the characters of a text object come one after another
            info = objects.get(obj)
            if info is None:
                info = objects[obj] = (*_object_info(f, htp, k, obj, g, descents, matrix, kinds, widths), {})
            a, b, cc, d, low, high, upright, font, size, face, shared, own = info
            current = obj
        x, y = ox.value, oy.value
        advance = own.get(ch)
        if advance is None:
            advance = shared.get(ch) if font else None
            if advance is None:
                if font and glyph_width(font, ord(ch), size, rwidth):
                    advance = shared[ch] = width.value
                elif loose_box(htp, k, rrect):
                    advance = (rect.right - rect.left) / abs(a) if abs(a) >= abs(b) else (rect.top - rect.bottom) / abs(b)
                else:
                    advance = 0.0
            own[ch] = advance
        if b == 0.0 and cc == 0.0:
            ux0, uy0 = x, y + d * low
            ux1, uy1 = x + a * advance, y + d * high
            if unturned:
                # the same floats as below: multiplying by 1 is exact, adding a product by 0 changes at
                # most the sign of a zero, which the additions of the page's offsets that follow undo
                px0 = ux0 + ge + gleft
                py0 = gheight - (uy0 + gf) + gtop
                px1 = ux1 + ge + gleft
                py1 = gheight - (uy1 + gf) + gtop
            else:
                px0 = ga * ux0 + gc * uy0 + ge + gleft
                py0 = gheight - (gb * ux0 + gd * uy0 + gf) + gtop
                px1 = ga * ux1 + gc * uy1 + ge + gleft
                py1 = gheight - (gb * ux1 + gd * uy1 + gf) + gtop
            x0, x1 = (px0, px1) if px0 <= px1 else (px1, px0)
            top, bottom = (py0, py1) if py0 <= py1 else (py1, py0)
        else:
            xs, ys = [], []
            for u, v in ((0.0, low), (advance, low), (advance, high), (0.0, high)):
                px, py = to_page(x + a * u + cc * v, y + b * u + d * v)
                xs.append(px)
                ys.append(py)
            x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if not (bx0 <= cx <= bx1 and btop <= cy <= bbottom):
            continue  # set outside the page: not printed
        fsize = bottom - top
        if upright:
            # pdfpages.char and pdflayout.baseline_box, inlined: the box set on its baseline when that is
            # plausible and the reported box is not
            baseline = gheight - ((y if unturned else gb * x + gd * y) + gf) + gtop
            below = bottom - baseline
            if -0.5 * fsize <= below <= 1.5 * fsize:
                if not (0 <= below <= fsize / 3 and baseline - top >= fsize / 2):
                    top, bottom = baseline - 0.8 * fsize, baseline + 0.2 * fsize
        append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": fsize})
    return out


#: The characters PDFium may generate (between words and at line ends); no other is asked about.
_MAYBE_GENERATED = frozenset(" \r\n")


def _page_text(f, tp, n: int) -> str | None:
    """The ``n`` characters of the text page as one string indexed like the characters, or ``None`` when
    the text holds characters beyond the BMP (UTF-16 pairs would shift the indexes) or lone surrogates."""
    buffer = (ctypes.c_ushort * (n + 1))()
    written = f.get_text(tp, 0, n, buffer)
    if written != n + 1:
        return None
    return _bmp_text(bytes(buffer)[: 2 * n], n)


def _bmp_text(units: bytes, n: int) -> str | None:
    """The ``n`` UTF-16 code units ``units`` as ``n`` characters, or ``None`` when they hold a surrogate
    pair or a lone surrogate."""
    try:
        # strict: a lone surrogate is an error, a surrogate pair one character (so fewer than ``n``)
        text = units.decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return text if len(text) == n else None


def _object_info(
    f, tp: object, k: int, obj: int | None, g: Geometry, descents: dict[int, float], m, kinds: dict, widths: dict
) -> tuple:
    """``(a, b, c, d, descent, ascent, upright, font, size, face, shared)`` for the characters of one text
    object: the linear part of their matrix in user space, how far below and above the baseline their box
    reaches (in text space: the font's descent and one font size above it), whether they stand upright on
    the page, their font (a :class:`_Handle`, or None), font size (a ``c_float``), ``(font address, size)``
    (what a glyph's width depends on) and the glyph widths by character of that font and size (the dict of
    ``widths`` for ``face``; None without a font).

    Only the character's matrix, font size and the text object's font are asked of PDFium: the rest depends
    on them alone (and on the page's geometry, the same for every call of a page), so it is derived once per
    distinct ``(a, b, c, d, size, font address)`` and kept in ``kinds`` — many text objects of a page share
    them. ``descents`` caches each font's descent; the matrix is read into ``m`` (an ``FS_MATRIX``). The
    caches belong to one page: an address identifies a font only while the page holds it."""
    got = f.get_matrix(tp, k, ctypes.byref(m))
    size = f.font_size(tp, k)
    font = (f.get_font(_Handle(obj)) or None) if obj else None  # NULL: None
    # the key holds the exact bits of a, b, c, d (the FS_MATRIX's first four floats: a float key would take
    # 0.0 for -0.0) and a zero size by its sign
    key = (bytes(m)[:16] if got else None, size if size else repr(size), font.value if font else None)
    info = kinds.get(key)
    if info is not None:
        return info
    a, b, c, d = (m.a, m.b, m.c, m.d) if got else (1.0, 0.0, 0.0, 1.0)
    descent = 0.0
    if font:
        cached = descents.get(font.value)
        if cached is None:
            value = ctypes.c_float()
            cached = descents[font.value] = (
                -abs(value.value) / 1000.0 if f.font_descent(font, ctypes.c_float(1000.0), ctypes.byref(value)) else 0.0
            )
        descent = cached
    A, B, C, D = g.linear(a, b, c, d)
    upright = abs(B) < 1e-6 and abs(C) < 1e-6 and A > 0 and D > 0
    csize = ctypes.c_float(size)
    face = (font.value if font else None, csize.value)
    shared = widths.setdefault(face, {}) if font else None
    info = kinds[key] = (a, b, c, d, descent * size, (descent + 1.0) * size, upright, font, csize, face, shared)
    return info


class _Handle(ctypes.c_void_p):
    """A PDFium handle returned by a hot function (see :class:`_Functions`): ctypes returns a subclass of
    ``c_void_p`` as it is (never turned into an ``int``), so it is passed on to the next call without any
    conversion; its ``value`` is the address, which is what identifies it (a dict key, a comparison)."""


class _Functions:
    """The PDFium functions the reader calls, and how they are called.

    The functions called per character or per path segment (tens of thousands of calls a document) are
    declared **without argument types**: ctypes then passes an ``int`` as a C ``int``, a ``byref`` and a
    ctypes instance (a :class:`_Handle`, a ``c_float``) as they are, whereas declared argument types cost
    each argument a ``from_param`` conversion — for an ``int`` index or a ``byref`` output an ``isinstance``
    check through the metaclass — which took about half of each call (a call 2.9 → 1.2 µs). Their handles
    are :class:`_Handle` objects (never plain integers, which would be passed as 32-bit ``int``); a
    ``float`` argument is given as a ``c_float``; the text page, passed to every call per character, as the
    argument object ``c_void_p.from_param`` makes of its address, which ctypes passes on without converting
    anything. The others keep their declared argument types.

    The hot functions are also called **with the GIL held** (taken from a ``ctypes.PyDLL`` over the same
    library): each returns within a microsecond, and releasing and taking back the GIL around it was about a
    fifth of what ctypes does per call. The calls that parse a page or build its text page (milliseconds
    each) still release it.
    """

    def __init__(self, c):
        from pypdfium2_raw import bindings

        lib = bindings._libs["pdfium"]

        def fn(name: str, restype, *argtypes):
            f = lib[name]
            f.restype = restype
            f.argtypes = argtypes
            return f

        held = ctypes.PyDLL(lib._name, handle=lib._handle)  # the same library, called with the GIL held

        def hot(name: str, restype):
            f = held[name]  # a new function object: argtypes None
            f.restype = restype
            return f

        vp, i, d, h = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, _Handle
        # per character or per path (handles as _Handle, indexes as int, outputs by byref)
        self.is_generated = hot("FPDFText_IsGenerated", i)
        self.loose_box = hot("FPDFText_GetLooseCharBox", i)
        self.get_origin = hot("FPDFText_GetCharOrigin", i)
        self.text_object = hot("FPDFText_GetTextObject", vp)  # an address (int or None): compared per character
        self.get_matrix = hot("FPDFText_GetMatrix", i)
        self.font_size = hot("FPDFText_GetFontSize", d)
        self.get_font = hot("FPDFTextObj_GetFont", h)
        self.glyph_width = hot("FPDFFont_GetGlyphWidth", i)  # (font, code, c_float size, byref c_float)
        self.get_object = hot("FPDFPage_GetObject", h)
        self.obj_type = hot("FPDFPageObj_GetType", i)
        self.obj_matrix = hot("FPDFPageObj_GetMatrix", i)
        self.obj_bounds = hot("FPDFPageObj_GetBounds", i)
        self.draw_mode = hot("FPDFPath_GetDrawMode", i)
        self.stroke_color = hot("FPDFPageObj_GetStrokeColor", i)
        self.fill_color = hot("FPDFPageObj_GetFillColor", i)
        self.count_segments = hot("FPDFPath_CountSegments", i)
        self.get_segment = hot("FPDFPath_GetPathSegment", h)
        self.segment_type = hot("FPDFPathSegment_GetType", i)
        self.segment_point = hot("FPDFPathSegment_GetPoint", i)
        self.segment_close = hot("FPDFPathSegment_GetClose", i)
        # a few times a page or a font
        self.count_chars = fn("FPDFText_CountChars", i, vp)
        self.get_unicode = fn("FPDFText_GetUnicode", ctypes.c_uint, vp, i)
        self.get_text = fn("FPDFText_GetText", i, vp, i, i, ctypes.c_void_p)
        self.font_descent = fn("FPDFFont_GetDescent", i, vp, ctypes.c_float, ctypes.c_void_p)
        self.font_embedded = fn("FPDFFont_GetIsEmbedded", i, vp)
        self.textobj_text = fn("FPDFTextObj_GetText", ctypes.c_ulong, vp, vp, vp, ctypes.c_ulong)
        self.count_objects = fn("FPDFPage_CountObjects", i, vp)
        self.form_count = fn("FPDFFormObj_CountObjects", i, vp)
        self.form_object = fn("FPDFFormObj_GetObject", h, vp, ctypes.c_ulong)


_FUNCTIONS: _Functions | None = None


def _functions(c) -> _Functions:
    global _FUNCTIONS
    if _FUNCTIONS is None:
        _FUNCTIONS = _Functions(c)
    return _FUNCTIONS


# --- ruling segments ------------------------------------------------------------------------------------


def _is_white(r: int, g: int, b: int) -> bool:
    return r >= 250 and g >= 250 and b >= 250


class _PathReader:
    """Walks a page's objects (into form XObjects): collects the ruling segments of visible paths in
    :attr:`out`, and sets :attr:`lost_text` when a text object in a font that is not embedded is missing
    from the text page. Handles are plain integers (see :class:`_Functions`)."""

    def __init__(self, c, g: Geometry, text_page, clock: PageClock):
        self.f = _functions(c)
        self.clock = clock
        self.visited = 0
        self.g = g
        self.text_page = ctypes.cast(text_page, ctypes.c_void_p).value if text_page else None
        self.out: list[dict] = []
        self.lost_text = False
        self.bounds = [ctypes.c_float() for _ in range(4)]
        self.bound_refs = [ctypes.byref(v) for v in self.bounds]
        self.matrix = c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgb = self.rgba[:3]
        self.refs = [ctypes.byref(v) for v in self.rgba]
        self.page_transform = (*g.ctm, g.left, g.top, g.height)
        f = self.f
        self.segment_functions = (f.get_segment, f.segment_type, f.segment_point, f.segment_close)
        self.fillmode = ctypes.c_int()
        self.stroke = ctypes.c_int()
        self.mode_refs = (ctypes.byref(self.fillmode), ctypes.byref(self.stroke))
        self.fx, self.fy = ctypes.c_float(), ctypes.c_float()
        self.point_refs = (ctypes.byref(self.fx), ctypes.byref(self.fy))

    def page(self, page) -> None:
        f = self.f
        handle = _Handle(ctypes.cast(page, ctypes.c_void_p).value)
        get_object = f.get_object
        self.visit_all([get_object(handle, k) for k in range(f.count_objects(handle))], None)

    def _matrix(self, obj) -> tuple[float, ...]:
        m = self.matrix
        if not self.f.obj_matrix(obj, self.matrix_ref):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def visit_all(self, objects: list, outer) -> None:
        """Visit ``objects`` in order, and the objects of a form XObject among them where it stands
        (``outer``: the matrix of the forms they are in, or None).

        A path object is read here, in the loop (3,575 of them on the 25-page sample, ten calls each): what
        every path needs — the functions, the outputs PDFium writes into, the page's transformation — is
        taken once per list of objects, not once per path. A visible path that is one line from a point to
        another (most rulings) gives its edge here; any other goes through :meth:`subpaths`.
        """
        f = self.f
        obj_type, clock = f.obj_type, self.clock
        draw_mode, stroke_color, fill_color, obj_matrix = f.draw_mode, f.stroke_color, f.fill_color, f.obj_matrix
        count_segments = f.count_segments
        get_segment, segment_type, segment_point, _ = self.segment_functions
        fillmode, stroke = self.fillmode, self.stroke
        rfill, rstroke = self.mode_refs
        red, green, blue = self.rgb
        rr, rg, rb, ra = self.refs
        mm, rm = self.matrix, self.matrix_ref
        fx, fy = self.fx, self.fy
        rx, ry = self.point_refs
        ga, gb, gc, gd, ge, gf, gleft, gtop, gheight = self.page_transform  # Geometry.point, inlined
        append = self.out.append
        for obj in objects:
            self.visited += 1
            if not self.visited & 1023:
                clock.check()
            kind = obj_type(obj)
            if kind == _PATH:
                # visible: stroked in a colour other than white, or else filled in one (_is_white, inlined)
                if not draw_mode(obj, rfill, rstroke):
                    continue
                if not (
                    stroke.value
                    and stroke_color(obj, rr, rg, rb, ra)
                    and not (red.value >= 250 and green.value >= 250 and blue.value >= 250)
                ) and not (
                    fillmode.value
                    and fill_color(obj, rr, rg, rb, ra)
                    and not (red.value >= 250 and green.value >= 250 and blue.value >= 250)
                ):
                    continue
                m: tuple[float, ...]
                if obj_matrix(obj, rm):
                    m = (mm.a, mm.b, mm.c, mm.d, mm.e, mm.f)
                else:
                    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                if outer is not None:
                    m = _compose(m, outer)
                count = count_segments(obj)
                if count == 2:
                    first, second = get_segment(obj, 0), get_segment(obj, 1)
                    if segment_type(first) == _MOVETO and segment_type(second) == _LINETO:
                        # one line drawn from a point to another: its edge as _subpath_edges makes it of
                        # "ml" — or of "mlh", the same edge, when the line is closed (so that is not asked)
                        a, b, cc, d, e, ff = m
                        segment_point(first, rx, ry)
                        x, y = fx.value, fy.value
                        ux, uy = a * x + cc * y + e, b * x + d * y + ff
                        xa, ya = ga * ux + gc * uy + ge + gleft, gheight - (gb * ux + gd * uy + gf) + gtop
                        segment_point(second, rx, ry)
                        x, y = fx.value, fy.value
                        ux, uy = a * x + cc * y + e, b * x + d * y + ff
                        xb, yb = ga * ux + gc * uy + ge + gleft, gheight - (gb * ux + gd * uy + gf) + gtop
                        # min and max, written out (the same choice: the first of two equal values)
                        top, bottom = yb if yb < ya else ya, yb if yb > ya else ya
                        append(
                            {
                                "x0": xb if xb < xa else xa,
                                "x1": xb if xb > xa else xa,
                                "top": top,
                                "bottom": bottom,
                                "orientation": "h" if top == bottom else "v",
                            }
                        )
                        continue
                self.subpaths(obj, count, m)
            elif kind == _TEXT:
                if not self.lost_text:
                    self.text(obj)
            elif kind == _FORM:
                m = _compose(self._matrix(obj), outer)
                self.visit_all([f.form_object(obj, k) for k in range(f.form_count(obj))], m)

    def text(self, obj) -> None:
        f = self.f
        left, bottom, right, top = self.bounds
        if not f.obj_bounds(obj, *self.bound_refs):
            return
        if right.value - left.value > 1e-4 and top.value - bottom.value > 1e-4:
            return  # a box: PDFium's text page has its characters
        font = f.get_font(obj)
        if font and f.font_embedded(font):
            return  # a blank glyph of an embedded font
        if self.text_page and f.textobj_text(obj, self.text_page, None, 0) > 2:
            return  # the text page has it after all
        self.lost_text = True

    def subpaths(self, obj, count: int, m: tuple[float, ...]) -> None:
        """The edges of a visible path of ``count`` segments whose matrix (composed with its forms') is
        ``m``: its points walked into subpaths, each read by :func:`_subpath_edges`."""
        a, b, cc, d, e, ff = m
        ga, gb, gc, gd, ge, gf, gleft, gtop, gheight = self.page_transform  # Geometry.point, inlined
        fx, fy = self.fx, self.fy
        rx, ry = self.point_refs
        get_segment, segment_type, segment_point, segment_close = self.segment_functions
        subpaths: list[tuple[str, list[tuple[float, float]]]] = []
        shape: list[str] = []
        pts: list[tuple[float, float]] = []
        bezier = 0
        for k in range(count):
            seg = get_segment(obj, k)
            kind = segment_type(seg)
            if kind == _BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # a control point: pdfminer keeps a Bézier segment's end point only
            else:
                bezier = 0
            segment_point(seg, rx, ry)
            x, y = fx.value, fy.value
            ux, uy = a * x + cc * y + e, b * x + d * y + ff
            point = (ga * ux + gc * uy + ge + gleft, gheight - (gb * ux + gd * uy + gf) + gtop)
            if kind == _MOVETO:
                if shape:
                    subpaths.append(("".join(shape), pts))
                shape, pts = ["m"], [point]
                continue
            if not shape:
                shape, pts = ["m"], [point]
                continue
            shape.append("c" if kind == _BEZIERTO else "l")
            pts.append(point)
            if segment_close(seg):
                shape.append("h")
                pts.append(pts[0])
        if shape:
            subpaths.append(("".join(shape), pts))
        for sub_shape, sub_pts in subpaths:
            _subpath_edges(sub_shape, sub_pts, self.out)


# PDFium's page object and path segment types (fpdf_edit.h)
_TEXT, _PATH, _FORM = 1, 2, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2


def _compose(inner: tuple[float, ...], outer: tuple[float, ...] | None) -> tuple[float, ...]:
    """The matrix ``inner`` followed by ``outer`` (row vectors, as PDF writes them)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _subpath_edges(shape: str, pts: list[tuple[float, float]], out: list[dict]) -> None:
    """The horizontal and vertical edges of one painted subpath, as pdfminer and pdfplumber read it.

    ``pts`` are in top-down page coordinates; pdfminer's tests of equal coordinates hold there as well.
    """
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("mlh", "ml"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        x0, x1 = min(xa, xb), max(xa, xb)
        top, bottom = min(ya, yb), max(ya, yb)
        out.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "orientation": "h" if top == bottom else "v"})
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):
            xs = (x0, x2)
            ys = (y0, y2)
            left, right = min(xs), max(xs)
            top, bottom = min(ys), max(ys)
            out.append({"x0": left, "x1": right, "top": top, "bottom": top, "orientation": "h"})
            out.append({"x0": left, "x1": right, "top": bottom, "bottom": bottom, "orientation": "h"})
            out.append({"x0": left, "x1": left, "top": top, "bottom": bottom, "orientation": "v"})
            out.append({"x0": right, "x1": right, "top": top, "bottom": bottom, "orientation": "v"})
            return
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if xa == xb:
            orientation = "v"
        elif ya == yb:
            orientation = "h"
        else:
            continue
        out.append(
            {"x0": min(xa, xb), "x1": max(xa, xb), "top": min(ya, yb), "bottom": max(ya, yb), "orientation": orientation}
        )
