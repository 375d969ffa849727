"""Make a real PDF small enough to keep in the repository: its embedded fonts reduced to the glyphs it prints.

    pip install -e '.[fixtures]'
    python scripts/make_pdf_fixture.py SOURCE.pdf tests/data/NAME.pdf

Nothing else changes: every page keeps its content streams (text, ruling lines, positions), every font keeps its
glyph numbering (``retain_gids``), its widths, its ``ToUnicode`` map and its ``CIDToGIDMap``, so the text and the
tables read from the copy are those of the original. Only the outlines of glyphs the document never shows are
dropped (an embedded CJK font is often the whole font: 3.4 MB of the 3.6 MB ``putuo-finance-2024-final-accounts.pdf``).
``tests/test_pdf_fixture.py`` checks, when the original is present, that both read as the same object graph.

Handles the fonts real disclosures embed: Type0 (composite) fonts with a TrueType descendant (``FontFile2``),
encoded ``Identity-H`` (two-byte codes). A font of another kind is left as it is.
"""

from __future__ import annotations

import argparse
import io
import sys

from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject, NumberObject

SHOW_TEXT = {b"Tj", b"'", b'"', b"TJ"}


def _descendant(font) -> tuple[object, bytes | None] | None:
    """(the FontFile2 stream's indirect reference, the CID→GID map or None for Identity) of a Type0 TrueType
    font encoded Identity-H; None for any other font."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font["/DescendantFonts"][0].get_object()
    file_ref = descendant["/FontDescriptor"].get_object().raw_get("/FontFile2")
    if file_ref is None or not hasattr(file_ref, "idnum"):
        return None
    cid_map = descendant.get("/CIDToGIDMap")
    cid_map = cid_map.get_object() if cid_map is not None else None
    return file_ref, (cid_map.get_data() if hasattr(cid_map, "get_data") else None)


def _shown_strings(operands, operator) -> list[bytes]:
    if operator == b"TJ":
        return [bytes(x.original_bytes) for x in operands[0] if hasattr(x, "original_bytes")]
    last = operands[-1] if operands else None
    return [bytes(last.original_bytes)] if hasattr(last, "original_bytes") else []


def glyphs_used(reader: PdfReader) -> dict[int, tuple[object, set[int]]]:
    """For each embedded TrueType font (by object number): its stream reference and the glyphs pages show."""
    used: dict[int, tuple[object, set[int]]] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        by_name = {}
        for name, ref in fonts.items():
            found = _descendant(ref.get_object())
            if found is not None:
                by_name[name] = found
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = by_name.get(operands[0])
            elif operator in SHOW_TEXT and current is not None:
                file_ref, cid_map = current
                _, glyphs = used.setdefault(file_ref.idnum, (file_ref, set()))
                for data in _shown_strings(operands, operator):
                    for i in range(0, len(data) - 1, 2):
                        cid = data[i] << 8 | data[i + 1]
                        if cid_map is None:
                            glyphs.add(cid)
                        elif 2 * cid + 1 < len(cid_map):
                            glyphs.add(cid_map[2 * cid] << 8 | cid_map[2 * cid + 1])
    return used


def subset_font(data: bytes, glyphs: set[int]) -> bytes:
    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.retain_gids = True  # the PDF addresses glyphs by number: keep every number where it is
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyphs | {0}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("target")
    opts = ap.parse_args(argv)
    reader = PdfReader(opts.source)
    for idnum, (ref, glyphs) in sorted(glyphs_used(reader).items()):
        stream = ref.get_object()
        before = stream.get_data()
        after = subset_font(before, glyphs)
        if len(after) < len(before):
            stream.set_data(after)
            stream[NameObject("/Length1")] = NumberObject(len(after))
        print(f"font object {idnum}: {len(glyphs)} glyphs shown, {len(before)} → {len(after)} bytes", file=sys.stderr)
    writer = PdfWriter(clone_from=reader)
    writer.compress_identical_objects()
    for page in writer.pages:
        page.compress_content_streams()
    with open(opts.target, "wb") as fh:
        writer.write(fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
