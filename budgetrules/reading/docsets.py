"""Document sets: one disclosure published as several files, checked as one.

Many departments publish the narrative (部门概况, 情况说明, 名词解释 — "…部门预算文件") and the tables ("…公开表")
as two files. Checked apart, neither can be judged: the text's numbers have no tables to agree with, and the
tables have no explanation. This module tells what each file holds (:func:`role_of`), pairs the halves of
one disclosure (:func:`plan`) and merges them into one :class:`~budgetrules.core.model.Document`
(:func:`merge`).

Roles
-----
* ``whole`` — tables and narrative: a disclosure on its own; never paired automatically.
* ``narrative`` — prose (:func:`has_narrative`) and no table.
* ``tables`` — tables and no prose (a title, a cover, a contents page and notes under the tables are not prose).

A file with no table read whose body still prints table unit lines (``单位：万元``) holds tables that could
not be read; it is kept whole, not taken for a narrative half.

Pairing
-------
In a batch, a ``narrative`` file and a ``tables`` file are paired when their year, kind and department are
all established and the same (:func:`budgetrules.reading.identity.same_department`), and no other part file of the
batch claims that department, year and kind. File names play no part. When two candidates tie the files
are not paired and each says so (``BR021``); ``check --set A B`` pairs files explicitly. A part left alone
is still checked, and says once that the other half was not provided (``BR020``) — instead of every rule
that needs the other half reporting what is missing.

The merged document
-------------------
It has the narrative's title, sections, contents and department and the tables of every file
(narrative file first); its identity is settled from the evidence of all files, so files that disagree on
year, kind or department give ``BR013``. Every table, row, cell and paragraph keeps the source of the file
it was read from, so a finding points at the right file, page and line; the source-line snippet is taken
from that file's lines (:func:`snippet_lines`).
"""

from __future__ import annotations

import collections
import enum
from typing import Iterable, Mapping, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.findings import Finding, Location, Severity
from budgetrules.core.model import DocKind, Document, Source
from budgetrules.reading import identity as ident

__all__ = [
    "Role",
    "ROLE_NAMES",
    "MIN_PROSE",
    "DIAGNOSTICS",
    "Unit",
    "Half",
    "Group",
    "describe",
    "group",
    "build",
    "role_of",
    "has_narrative",
    "is_complete",
    "unread_table_lines",
    "plan",
    "merge",
    "snippet_lines",
]

#: Paragraphs of sentences that make a narrative (notes under tables and cover lines are not sentences).
MIN_PROSE = 3


class Role(enum.Enum):
    WHOLE = "whole"
    NARRATIVE = "narrative"
    TABLES = "tables"


ROLE_NAMES = {Role.WHOLE: "完整公开", Role.NARRATIVE: "文字说明", Role.TABLES: "公开表格"}

DIAGNOSTICS: dict[str, tuple[Severity, str]] = {
    "BR020": (Severity.WARNING, "一套公开只提供了一部分（只有文字说明或只有表格）：需要另一部分的检查未运行；用 --set 一并检查。"),
    "BR021": (Severity.WARNING, "无法确定哪些文件属于同一套公开（候选不唯一或 --set 的文件不能合并）：各文件分别检查。"),
}

_UNIT_LINE = regex.compile(r"^\s*(?:金额)?单位\s*[:：]\s*(?:人民币)?(?:亿|千|百)?万?元\b|\t\s*(?:金额)?单位\s*[:：]\s*万?元")
_NOTE = regex.compile(r"^\s*(?:注|备注|说明)\s*\d*\s*[:：]")


@attrs.frozen
class Unit:
    """What is checked as one disclosure: the (merged) document, its files with their roles, and the
    findings the pairing itself gives (``BR020``/``BR021``)."""

    document: Document
    members: tuple[tuple[Document, Role], ...]
    notes: tuple[Finding, ...] = ()

    @property
    def is_set(self) -> bool:
        return len(self.members) > 1


def has_narrative(doc: Document) -> bool:
    """The file holds prose: a sentence under a numbered heading, or :data:`MIN_PROSE` paragraphs of
    sentences anywhere (notes under tables — ``注：…`` — and cover lines do not count)."""
    count = 0
    for section, p in doc.paragraphs():
        if "。" not in p.text or _NOTE.match(p.text):
            continue
        if section.number:
            return True
        count += 1
    return count >= MIN_PROSE


def is_complete(doc: Document) -> bool:
    """The document holds both halves of a disclosure, tables and narrative (a merged set does). Rules that
    judge the completeness of one half against the other (the mandatory-contents rules) only run on these:
    a lone half is reported once by the core (``BR020``)."""
    return bool(doc.tables) and has_narrative(doc)


def unread_table_lines(doc: Document) -> list[int]:
    """Lines outside every table read that print a table's unit (``单位：万元``): tables that were not read."""
    in_tables = {r.source.line for t in doc.tables for r in t.rows} | {t.source.line for t in doc.tables}
    # (every match of ``_UNIT_LINE`` holds 单位: the pattern, which has no first character to skip to, is tried
    # only on the lines that do)
    return [i for i, line in enumerate(doc.lines, start=1)
            if i not in in_tables and "单位" in line and _UNIT_LINE.search(line)]


def role_of(doc: Document) -> Role:
    """What the file holds: ``whole``, ``narrative`` or ``tables`` (see the module documentation)."""
    prose = has_narrative(doc)
    if doc.tables:
        return Role.WHOLE if prose else Role.TABLES
    if len(unread_table_lines(doc)) >= 2:
        return Role.WHOLE  # its tables are there, only not read
    return Role.NARRATIVE


def merge(members: Sequence[Document], identity: ident.Identity | None = None) -> Document:
    """One document from the files of a set; ``members[0]`` is the narrative (its path names the set)."""
    primary = members[0]
    combined = identity or ident.combine([ident.of_document(d) for d in members], title=primary.title)
    merged = attrs.evolve(primary, tables=tuple(t for d in members for t in d.tables), claims=primary.claims)
    return ident.apply(merged, combined)


def snippet_lines(members: Iterable[Document]) -> dict[str, tuple[str, ...]]:
    """The printed lines of each file, by path, for the source-line snippets of findings."""
    return {d.path: d.lines for d in members}


def _finding(code: str, message: str, path: str, line: int | None = None, page: int | None = None,
             related: Sequence[str] = ()) -> Finding:
    return Finding(
        rule=code,
        severity=DIAGNOSTICS[code][0],
        message=message,
        location=Location(path=path, line=line, page=page),
        related=tuple(Location(path=r) for r in related),
        key=message,
    )


def _page_of(doc: Document, line: int) -> int | None:
    """The page of a printed line, from the nearest place read before it."""
    best: tuple[int, int | None] = (0, None)
    sources: list[Source] = [p.source for _, p in doc.paragraphs()] + [e.source for e in doc.toc]
    for s in sources:
        if s.line is not None and s.line <= line and s.line >= best[0]:
            best = (s.line, s.page)
    return best[1]


def _alone(doc: Document, role: Role, batch: bool) -> Finding | None:
    """BR020 for a part checked without its other half."""
    who = ident.of_document(doc).describe()
    if role is Role.NARRATIVE:
        peer = f"同一批文件中没有{who}的公开表格文件；" if batch else ""
        return _finding(
            "BR020",
            f"本文件只有文字说明，没有公开表格（{who}）：{peer}表格的算术、表间核对、文字与表格数字的核对和"
            "必须公开的表格未检查。若表格另行发布，用 --set 本文件 表格文件 一并检查，或把两个文件放在同一批中检查。",
            doc.path,
        )
    if role is Role.TABLES:
        peer = f"同一批文件中没有{who}的文字说明文件；" if batch else ""
        return _finding(
            "BR020",
            f"本文件只有公开表格，没有文字说明（{who}）：{peer}部门概况、情况说明等必备内容和文字中数字的核对"
            "未检查。若文字说明另行发布，用 --set 文字说明文件 本文件 一并检查，或把两个文件放在同一批中检查。",
            doc.path,
        )
    unread = unread_table_lines(doc)
    if not doc.tables and unread:
        return _finding(
            "BR020",
            f"本文件有 {len(unread)} 处表格单位行（“{doc.lines[unread[0] - 1].strip()[:20]}”等），但未能读出任何表格"
            "（表格可能没有框线）：表格的算术、表间核对和文字与表格数字的核对未运行。",
            doc.path,
            line=unread[0],
            page=_page_of(doc, unread[0]),
        )
    return None


@attrs.frozen
class Half:
    """What pairing needs to know of a file — its path, role and identity — without the document itself, so
    that a batch need not hold the documents of the halves waiting for their partner (:func:`group`)."""

    path: str
    role: Role
    identity: ident.Identity


@attrs.frozen
class Group:
    """Files to be checked as one disclosure, as decided from their :class:`Half` descriptions alone.

    ``members`` are the files with their roles, the narrative first (its path names the disclosure);
    ``notes`` the findings of the grouping (``BR021``); ``explicit`` is true for a ``--set`` (whose merged
    document says ``BR020`` when it still lacks a half); ``batch`` says whether a lone part was looked for
    among other files (it changes only the wording of ``BR020``). :func:`build` makes the :class:`Unit`.
    """

    members: tuple[tuple[str, Role], ...]
    notes: tuple[Finding, ...] = ()
    explicit: bool = False
    batch: bool = False

    @property
    def path(self) -> str:
        return self.members[0][0]


def describe(doc: Document) -> Half:
    """The :class:`Half` description of a loaded file."""
    return Half(doc.path, role_of(doc), ident.of_document(doc))


def _key(half: Half) -> tuple[int, DocKind] | None:
    i = half.identity
    if i.year is None or i.kind is None or i.department is None:
        return None
    return (i.year, i.kind)


def group(halves: Sequence[Half], explicit: Sequence[Sequence[str]] = (), *, batch: bool | None = None) -> list[Group]:
    """Decide which files are checked together: explicit sets (by path), automatic pairs, single files —
    sorted by the path that names each group. See :func:`plan`, which also builds the units."""
    batch = len(halves) > 1 if batch is None else batch
    by_path = {h.path: h for h in halves}
    groups: list[Group] = []
    taken: set[str] = set()
    notes: dict[str, list[Finding]] = collections.defaultdict(list)

    for paths in explicit:
        docs = [by_path[p] for p in paths if p in by_path]
        if len(docs) < 2:
            continue
        narrative = [h for h in docs if h.role is not Role.TABLES]
        if len(narrative) > 1:
            names = "、".join(h.path for h in narrative)
            for h in docs:
                notes[h.path].append(_finding("BR021", f"--set 中 {names} 都含文字说明，不能合并为一套公开，各文件分别检查",
                                              h.path, related=[o.path for o in docs if o is not h]))
            continue
        order = sorted(docs, key=lambda h: h.role is Role.TABLES)  # the narrative first, then as given
        groups.append(Group(tuple((h.path, h.role) for h in order), explicit=True))
        taken.update(h.path for h in docs)

    rest = [h for h in halves if h.path not in taken]
    parts = [h for h in rest if h.role is not Role.WHOLE]
    handled: set[str] = set()
    for h in parts:
        key = _key(h)
        me = h.identity.department
        if h.path in handled or key is None or me is None:  # (a key is made only with a department)
            continue
        same = [o for o in parts if o.path not in handled and _key(o) == key and o.identity.department is not None
                and ident.same_department(o.identity.department, me)]
        handled.update(o.path for o in same)
        narratives = [o for o in same if o.role is Role.NARRATIVE]
        tables = [o for o in same if o.role is Role.TABLES]
        if len(same) == 2 and len(narratives) == 1 and len(tables) == 1:
            groups.append(Group(((narratives[0].path, Role.NARRATIVE), (tables[0].path, Role.TABLES))))
            taken.update((narratives[0].path, tables[0].path))
        elif len(same) > 1:
            who = h.identity.describe()
            listing = "；".join(f"{ROLE_NAMES[o.role]} {o.path}" for o in same)
            for o in same:
                notes[o.path].append(_finding(
                    "BR021",
                    f"同一批中有多个{who}的分册文件（{listing}），无法确定哪些属于同一套公开，未合并检查；"
                    "用 --set 文字说明文件 表格文件 指定",
                    o.path, related=[x.path for x in same if x is not o]))

    for h in halves:
        if h.path in taken:
            continue
        own = tuple(notes.pop(h.path, ()))
        groups.append(Group(((h.path, h.role),), own, batch=batch and not own))
    return sorted(groups, key=lambda g: g.path)


def build(grouped: Group, documents: Mapping[str, Document]) -> Unit:
    """The :class:`Unit` of a group, from its files' loaded documents (by path): the merged document of a
    set, and ``BR020`` for a part checked without its other half."""
    members = tuple((documents[p], role) for p, role in grouped.members)
    notes = grouped.notes
    if len(members) > 1:
        merged = merge([d for d, _ in members])
        if grouped.explicit:
            merged_role = role_of(merged)
            missing = _alone(merged, merged_role, False) if merged_role is not Role.WHOLE else None
            notes += (missing,) if missing else ()
        return Unit(merged, members, notes)
    ((doc, role),) = members
    alone = _alone(doc, role, grouped.batch)
    return Unit(doc, members, notes + ((alone,) if alone else ()))


def plan(
    documents: Sequence[Document],
    explicit: Sequence[Sequence[str]] = (),
    *,
    batch: bool | None = None,
) -> list[Unit]:
    """Group loaded documents into what is checked: explicit sets (by path), automatic pairs, single files.

    ``batch`` says whether pairing was attempted among several files (it changes only the wording of
    ``BR020``); by default, when more than one document is given. This is :func:`group` on the documents'
    :func:`describe` followed by :func:`build`.
    """
    by_path = {d.path: d for d in documents}
    return [build(g, by_path) for g in group([describe(d) for d in documents], explicit, batch=batch)]


def member_paths(units: Sequence[Unit]) -> Mapping[str, str]:
    """For every file of a set, the path of the set (its narrative's path)."""
    return {d.path: u.document.path for u in units for d, _ in u.members}
