"""The printed texts of a disclosure, each with where it stands, for the hygiene rules.

A :class:`Place` is one piece of printed text — the document title, a line of the table of contents, a
heading, a paragraph, a table title, a note under a table, a column header, a table cell — with what it is
(``kind``), how a message names it (``where``) and how to point a finding at it (:meth:`Place.location`, the
exact line of an offset inside a paragraph joined from several printed lines).

``kind`` is one of:

* ``title`` — the document title (the cover);
* ``cover`` — another line of the cover, before anything else the document graph holds;
* ``toc`` — a line of the table of contents;
* ``heading`` — a section heading (``第一部分 …``, ``一、…``, ``（一）…``);
* ``paragraph`` — a paragraph of prose;
* ``table_title`` — a table's title;
* ``table_note`` — a note under a table, or its 编制部门 line;
* ``column`` — a column header;
* ``cell`` — the printed text of a table cell that is not an amount (names, codes, project names).

Title-like places (what names the disclosure itself) are ``title``, ``toc``, ``heading`` and ``table_title``.
"""

from __future__ import annotations

from typing import Iterator

import attrs

from budgetrules.api import (
    Document,
    Location,
    Paragraph,
    Row,
    Section,
    Severity,
    Source,
    Table,
    normalize_label,
    per_document,
)

__all__ = [
    "Place", "TITLE_KINDS", "places", "title_places", "cover_places", "prose_places", "table_places", "table_cells",
    "cell_place",
    "heading_text", "short", "lowered",
]

TITLE_KINDS = ("title", "toc", "heading", "table_title")


@attrs.frozen
class Place:
    """One printed text and where it stands (see the module docstring for ``kind``)."""

    kind: str
    text: str
    source: Source
    where: str
    section: Section | None = None
    paragraph: Paragraph | None = None
    table: Table | None = None
    row: Row | None = None
    key: str | None = None

    def location(self, doc: Document, offset: int = 0) -> Location:
        """Where a finding about the text at ``offset`` points (the exact printed line inside a paragraph)."""
        line = self.paragraph.line_at(offset) if self.paragraph is not None else self.source.line
        column = None
        if self.table is not None and self.key is not None:
            col = self.table.column(self.key, self.row.side if self.row is not None else None)
            column = col.label if col is not None else None
        return Location(
            path=self.source.path or doc.path,
            line=line,
            page=self.source.page,
            ref=self.source.ref,
            table=self.table.name if self.table is not None else None,
            code=self.row.code.display if self.row is not None and self.row.code is not None else None,
            row=(self.row.label or None) if self.row is not None else None,
            column=column,
            section=self._section(),
        )

    def _section(self) -> str | None:
        """The heading of the section (as other rules name it), or the place itself outside any section."""
        if self.section is not None:
            return self.section.heading
        return self.where if self.table is None else None


def heading_text(section: Section) -> str:
    """A heading as printed: ``第一部分 概况``, ``一、主要职能``, ``（一）收入``."""
    if not section.number:
        return section.title
    if section.level == 1:
        return f"{section.number} {section.title}".strip()
    if section.level == 2:
        return f"{section.number}、{section.title}"
    return f"{section.number}{section.title}"


def short(text: str, limit: int = 30) -> str:
    """A text cut to ``limit`` characters for a message (``…`` marks the cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lowered(ctx, severity: str) -> Severity:
    """``severity`` for a less certain finding, never above the severity in force for the rule (a ruleset
    that makes the rule ``info`` keeps it ``info``)."""
    wanted = Severity(severity)
    current = ctx.severity or ctx.rule.severity
    return wanted if wanted < current else current


def _title_source(doc: Document) -> Source:
    """The line the title was read from: the first extracted line holding its first characters."""
    head = normalize_label(doc.title)[:6]
    if head:
        for number, line in enumerate(doc.lines[:60], start=1):
            if head in normalize_label(line):
                return Source(doc.path, number)
    return Source(doc.path)


@per_document
def title_places(doc: Document) -> tuple[Place, ...]:
    """The title, the table of contents, the headings and the table titles, in that order (found once per
    document for every hygiene rule)."""
    return tuple(_title_places(doc))


def _title_places(doc: Document) -> Iterator[Place]:
    if doc.title.strip():
        yield Place("title", doc.title, _title_source(doc), "文件标题")
    for number, entry in enumerate(doc.toc, start=1):
        yield Place("toc", f"{entry.number}{entry.title}", entry.source, f"目录第 {number} 条")
    for section in doc.walk_sections():
        if section.heading.strip():
            text = heading_text(section)
            yield Place("heading", text, section.source, f"标题“{short(text)}”", section=section)
    for table in doc.tables:
        if table.title and table.title != "（无标题表格）":
            yield Place("table_title", table.title, table.source, f"{table.name}的表名", table=table)


def cover_places(doc: Document) -> Iterator[Place]:
    """The extracted lines before anything the document graph holds (the contents, a heading, a paragraph,
    a table): the cover's lines other than the title — ``预算主管部门：上海市普陀区XX局``, a date line."""
    starts = [e.source.line for e in doc.toc] + [t.source.line for t in doc.tables]
    starts += [s.source.line for s in doc.walk_sections()] + [p.source.line for _, p in doc.paragraphs()]
    first = min((line for line in starts if line), default=None)
    if first is None:
        return
    title = normalize_label(doc.title)
    for number, line in enumerate(doc.lines[: first - 1], start=1):
        text = line.strip()
        if text and normalize_label(text) not in title:
            yield Place("cover", text, Source(doc.path, number), "封面")


@per_document
def prose_places(doc: Document) -> tuple[Place, ...]:
    """Every paragraph of prose, with its section (found once per document for every hygiene rule)."""
    return tuple(_prose_places(doc))


def _prose_places(doc: Document) -> Iterator[Place]:
    for section, paragraph in doc.paragraphs():
        where = f"“{short(heading_text(section), 24)}”部分的段落" if section.heading.strip() else "正文段落"
        yield Place("paragraph", paragraph.text, paragraph.source, where, section=section, paragraph=paragraph)


def table_places(table: Table, cells: bool = True) -> Iterator[Place]:
    """A table's notes, 编制部门 line, column headers and (unless not ``cells``) non-amount cells (row names,
    codes, texts)."""
    for note in table.notes:
        yield Place("table_note", note, table.source, f"{table.name}的表注", table=table)
    if table.compiler:
        yield Place("table_note", table.compiler, table.source, f"{table.name}的编制部门", table=table)
    for column in table.columns:
        if not column.is_unlabelled:
            yield Place("column", column.label, table.source, f"{table.name}的列名", table=table, key=column.key)
    if cells:
        for row, key, text in table_cells(table):
            yield cell_place(table, row, key, text)


def table_cells(table: Table) -> Iterator[tuple[Row, str | None, str]]:
    """A table's non-amount cells as ``(row, key, text)``, without building their places: the row names (key
    None) and the texts."""
    for row in table.rows:
        if row.label:
            yield row, None, row.label
        for key, text in row.texts.items():
            yield row, key, text


def cell_place(table: Table, row: Row, key: str | None, text: str) -> Place:
    """The place of a cell :func:`table_cells` gives."""
    if key is None:
        return Place("cell", text, row.source, f"{table.name}的行名", table=table, row=row, key="name")
    return Place("cell", text, row.source, f"{table.name}的单元格", table=table, row=row, key=key)


def places(doc: Document, cells: bool = True) -> Iterator[Place]:
    """Every printed text of the document: title-like places, the cover, prose, then each table's texts
    (its cells unless not ``cells``)."""
    yield from title_places(doc)
    yield from cover_places(doc)
    yield from prose_places(doc)
    for table in doc.tables:
        yield from table_places(table, cells)
