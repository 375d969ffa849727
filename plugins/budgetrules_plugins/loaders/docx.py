"""Loader for disclosures published as Word documents (.docx, read with python-docx; .doc refused or converted).

* **Detected by content**: a zip holding ``word/document.xml`` (the zip's directory is read, nothing is
  inflated), or an OLE compound file whose directory lists a ``WordDocument`` stream (.doc).
* **Guarded**: before python-docx inflates anything, the zip's declared sizes and compression ratios are
  checked (:func:`~budgetrules_plugins.loaders.gridtools.check_zip`), so a zip bomb posing as .docx is refused at
  once, and every part is counted as it actually inflates. An encrypted .docx (an OLE compound file whose
  directory lists an ``EncryptedPackage`` stream) is refused with a clear message.
* **Body order**: paragraphs and tables are read in the order they stand in the body (also inside content
  controls, ``w:sdt``). Each paragraph is one
  line of :attr:`Document.lines` (``Source.ref`` = ``段落 12``); each table row is one line with its cells
  separated by tabs (``Source.ref`` = ``表格 3 第 5 行 第 2 格``). A horizontally merged cell
  (``gridSpan``) is one cell spanning several grid columns; the continuation of a vertical merge
  (``vMerge``) is read as an empty cell, except that a 类/款 code merged down over its rows is repeated
  in each (see :func:`~budgetrules_plugins.loaders.gridtools.tidy_grid`).
* **Automatic numbering**: list numbers Word generates (``一、`` ``（一）`` ``1.`` from ``numbering.xml``, set on
  the paragraph or its style) are put in front of the paragraph text, as printed, so numbered headings are
  recognised.
* **.doc (Word 97-2003)**: converted with LibreOffice (``soffice``/``libreoffice --headless --convert-to
  docx``) when it is on PATH, otherwise refused with a message saying how to convert it.
"""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

from budgetrules import hookimpl
from budgetrules.api import Document, GridBlock, GridRow, InputError, Loader, Source, TextLine, assemble

from .gridtools import OLE_MAGIC, check_zip, clean_cell, office_kind, ole_streams, tidy_grid

__all__ = ["LOADER", "load_docx", "read_docx_blocks", "CONVERT_TIMEOUT"]

#: Seconds allowed for converting a .doc with LibreOffice.
CONVERT_TIMEOUT = 60

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _zip_kind(head: bytes, path: Path) -> str | None:
    """What the zip at ``path`` holds, from its directory (never from names that happen to be in ``head``)."""
    return office_kind(str(path))


def _accepts(head: bytes, path: Path) -> bool:
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(head, path)
        return kind == "docx" or (kind is None and path.suffix.lower() == ".docx")
    if head.startswith(OLE_MAGIC):
        try:
            data = path.read_bytes()
        except OSError:
            return path.suffix.lower() in (".doc", ".docx")
        streams = ole_streams(data)
        if streams is None:  # a damaged directory: the name decides, the loader reports the damage
            return path.suffix.lower() in (".doc", ".docx")
        if "WordDocument" in streams:
            return True
        return "EncryptedPackage" in streams and path.suffix.lower() in (".doc", ".docx")
    return False


def _converter() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _convert_doc(name: str, data: bytes) -> bytes:
    import subprocess  # only an old .doc file needs them
    import tempfile

    tool = _converter()
    if tool is None:
        raise InputError(
            name,
            "是旧版 Word 97-2003 文档（.doc），本工具直接读取 .docx；未找到 LibreOffice（soffice）进行转换，"
            "请先另存为 .docx 或 PDF",
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [tool, "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True,
                timeout=CONVERT_TIMEOUT,
                capture_output=True,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(name, f"旧版 Word 文档（.doc）转换为 .docx 失败（{type(exc).__name__}）") from None
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise InputError(name, "旧版 Word 文档（.doc）转换为 .docx 失败（没有输出文件）")
        return out.read_bytes()


def _row_cells(tr) -> tuple[list[str], list[int]]:
    """The grid cells of one table row (``w:tr``) and how many grid columns each spans."""
    cells: list[str] = []
    spans: list[int] = []
    for tc in tr.iterchildren(f"{_W}tc"):
        tc_pr = tc.find(f"{_W}tcPr")
        span = 1
        continued = False
        if tc_pr is not None:
            grid_span = tc_pr.find(f"{_W}gridSpan")
            if grid_span is not None:
                try:
                    span = max(1, int(grid_span.get(f"{_W}val", "1")))
                except ValueError:
                    span = 1
            v_merge = tc_pr.find(f"{_W}vMerge")
            if v_merge is not None and v_merge.get(f"{_W}val", "continue") == "continue":
                continued = True
        texts = []
        for p in tc.iter(f"{_W}p"):
            texts.append("".join(t.text or "" for t in p.iter(f"{_W}t")))
        text = "" if continued else clean_cell("\n".join(texts))
        cells.append(text)
        spans.append(-1 if continued and span == 1 else span)
        for _ in range(span - 1):
            cells.append("")
            spans.append(0)
    return cells, spans


_CN = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (list numbers rarely go further)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _chinese_number(rest) if rest < 10 else (_CN[1] if rest < 20 else "") + _chinese_number(rest))
    return _CN[n // 100] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese_number(n)
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "none":
        return ""
    return None  # bullets and anything unknown: no number is printed in the text


class _Numbering:
    """Renders Word's automatic list numbers (``一、`` ``（一）`` ``1.``) that are not in the paragraph text.

    Headings of disclosures are often numbered by Word itself; without the number ``主要职能`` would not be
    read as the heading ``一、主要职能``. Counters run per abstract numbering definition, a level restarting
    when a higher level advances, as Word does.
    """

    def __init__(self, document):
        self.nums: dict[str, str] = {}
        self.levels: dict[tuple[str, str], tuple[int, str, str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            aid = abstract.get(f"{_W}abstractNumId")
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                start = lvl.find(f"{_W}start")
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                try:
                    first = int(start.get(f"{_W}val")) if start is not None else 1
                except (TypeError, ValueError):
                    first = 1
                self.levels[(aid, lvl.get(f"{_W}ilvl"))] = (
                    first,
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                )
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.nums[num.get(f"{_W}numId")] = ref.get(f"{_W}val")

    def label(self, num_id: str | None, ilvl: str | None) -> str:
        abstract = self.nums.get(num_id or "")
        if abstract is None:
            return ""
        level = int(ilvl or 0)
        if (abstract, str(level)) not in self.levels:
            return ""
        counts = self.counters.setdefault(abstract, {})
        start, fmt, text = self.levels[(abstract, str(level))]
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]

        def number(match) -> str:
            k = int(match.group(1)) - 1
            k_start, k_fmt, _ = self.levels.get((abstract, str(k)), (1, "decimal", ""))
            rendered = _format_number(counts.get(k, k_start), k_fmt)
            return rendered if rendered is not None else ""

        if _format_number(1, fmt) is None:
            return ""
        return re.sub(r"%(\d)", number, text)

    def paragraph_label(self, p, styles: dict[str, tuple[str | None, str | None]]) -> str:
        ppr = p.find(f"{_W}pPr")
        num_id = ilvl = None
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                nid = num_pr.find(f"{_W}numId")
                lvl = num_pr.find(f"{_W}ilvl")
                num_id = nid.get(f"{_W}val") if nid is not None else None
                ilvl = lvl.get(f"{_W}val") if lvl is not None else None
            if num_id is None:
                style = ppr.find(f"{_W}pStyle")
                if style is not None:
                    num_id, style_lvl = styles.get(style.get(f"{_W}val"), (None, None))
                    ilvl = ilvl or style_lvl
        if num_id is None or num_id == "0":
            return ""
        return self.label(num_id, ilvl)


def _style_numbering(document) -> dict[str, tuple[str | None, str | None]]:
    """Paragraph styles that carry a list numbering (``numPr``), following ``basedOn``."""
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    try:
        root = document.styles.element
    except AttributeError:
        return {}
    for style in root.iterchildren(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        base = style.find(f"{_W}basedOn")
        if base is not None:
            based[sid] = base.get(f"{_W}val")
        ppr = style.find(f"{_W}pPr")
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is not None:
            nid = num_pr.find(f"{_W}numId")
            lvl = num_pr.find(f"{_W}ilvl")
            own[sid] = (nid.get(f"{_W}val") if nid is not None else None, lvl.get(f"{_W}val") if lvl is not None else None)
    resolved = {}
    for sid in set(own) | set(based):
        seen: set[str] = set()
        cur: str | None = sid
        while cur is not None and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        if cur in own:
            resolved[sid] = own[cur]
    return resolved


def _body_children(body):
    """The paragraphs and tables of the body in order, looking inside content controls (``w:sdt``)."""
    for child in body.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_children(content)
        elif child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child


def read_docx_blocks(name: str, document) -> tuple[list[TextLine | GridBlock], list[str]]:
    """Blocks in body order, and the lines of :attr:`Document.lines`, from a python-docx document."""
    blocks: list[TextLine | GridBlock] = []
    lines: list[str] = []
    paragraph_number = 0
    table_number = 0
    numbering = _Numbering(document)
    styles = _style_numbering(document)
    for child in _body_children(document.element.body):
        if child.tag == f"{_W}p":
            paragraph_number += 1
            text = "".join(t.text or "" for t in child.iter(f"{_W}t")).strip()
            if text:
                text = numbering.paragraph_label(child, styles) + text
            lines.append(text)
            if text:
                blocks.append(TextLine(text, Source(name, len(lines), ref=f"段落 {paragraph_number}")))
        elif child.tag == f"{_W}tbl":
            table_number += 1
            rows: list[GridRow] = []
            spans: list[list[int]] = []
            for r, tr in enumerate(child.iterchildren(f"{_W}tr"), start=1):
                cells, row_spans = _row_cells(tr)
                lines.append("\t".join(cells))
                line = len(lines)
                sources = tuple(
                    Source(name, line, ref=f"表格 {table_number} 第 {r} 行 第 {c} 格") for c in range(1, len(cells) + 1)
                )
                rows.append(GridRow(tuple(cells), Source(name, line, ref=f"表格 {table_number} 第 {r} 行"), sources))
                spans.append(row_spans)
            width = max((len(r.cells) for r in rows), default=0)
            rows = [
                GridRow(r.cells + ("",) * (width - len(r.cells)), r.source, r.cell_sources) for r in rows
            ]
            spans = [s + [1] * (width - len(s)) for s in spans]
            tidy = tidy_grid(rows, spans)
            if tidy:
                blocks.append(GridBlock(tuple(tidy)))
    return blocks, lines


def load_docx(path: Path, data: bytes) -> Document:
    name = str(path)
    if not data.strip():
        raise InputError(name, "文件为空")
    if data.startswith(OLE_MAGIC):
        streams = ole_streams(data)
        if streams is None:
            raise InputError(name, "Word（.doc）文档已损坏（OLE 复合文件的目录无法读取）")
        if "EncryptedPackage" in streams:
            raise InputError(name, "Word 文档已加密（需要密码），无法读取")
        data = _convert_doc(name, data)
    check_zip(name, data, "Word（.docx）")
    if office_kind(data) != "docx":
        raise InputError(name, "不是有效的 Word（.docx）文件：缺少 word/document.xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
    except PackageNotFoundError:
        raise InputError(name, "不是有效的 Word（.docx）文件") from None
    except Exception as exc:
        raise InputError(name, f"Word（.docx）文件已损坏，无法读取（{type(exc).__name__}: {exc}）") from None
    blocks, lines = read_docx_blocks(name, document)
    result = assemble(name, blocks, lines=tuple(lines), loader="docx")
    if not result.tables:
        raise InputError(name, "Word 文档中未找到任何可识别的预决算表格（不是部门预算/决算公开文件？）")
    return result


LOADER = Loader(
    name="docx",
    description="Word 文档（.docx；.doc 需 LibreOffice 转换）",
    accepts=_accepts,
    load=load_docx,
    priority=40,
)


@hookimpl
def register_loaders(register):
    register(LOADER)
