"""The object graph of one disclosure.

A :class:`Document` is what every loader produces and every rule reads: the department, the section tree,
the tables with their classification-coded rows, and the claims the prose makes about the numbers. All
classes are frozen attrs value classes; every object knows where it came from (:class:`Source`).

Conventions
-----------
* Money is an :class:`~budgetrules.core.amounts.Amount` (Decimal value, printed decimals, unit).
* A blank cell is ``None`` ("not reported"), never zero; rules decide what a blank means for them.
* Column *keys* are stable names for what a column holds (``total``, ``basic``, ``project``,
  ``personnel``, ``public``, ``gpb`` …, see :mod:`budgetrules.core.tablekinds`); the printed header is kept as
  the column's ``label``.
"""

from __future__ import annotations

import bisect
import enum
import unicodedata
from typing import TYPE_CHECKING, Any, Iterator, Literal, Mapping, overload

import attrs

from budgetrules.core.amounts import Amount, Percent, Unit

if TYPE_CHECKING:
    from budgetrules.core.tablekinds import TableKindId

__all__ = [
    "DocKind",
    "CodeSystem",
    "Level",
    "Side",
    "Quantity",
    "Source",
    "ClassCode",
    "Cell",
    "Column",
    "RowRole",
    "Row",
    "Table",
    "Paragraph",
    "Section",
    "TocEntry",
    "Department",
    "Claim",
    "Document",
]


#: The classification a code belongs to: 支出功能分类 (``func``) or 支出经济分类 (``econ``).
CodeSystem = Literal["func", "econ"]
#: The level of a classification code: 类, 款 or 项.
Level = Literal["类", "款", "项"]
#: The side of a two-sided summary table a row or column belongs to.
Side = Literal["income", "expense"]
#: What a :class:`Claim`'s number states (see :attr:`Claim.quantity`).
Quantity = Literal[
    "amount", "share", "change", "growth", "count", "item", "previous", "budget", "completion", "versus_budget",
    "reason", "comparison",
]


class DocKind(enum.Enum):
    """预算 (budget) or 决算 (final accounts)."""

    BUDGET = "预算"
    FINAL = "决算"


@attrs.frozen
class Source:
    """Where something was read: file, 1-based line of the extracted text, page, and a format-specific ref.

    ``ref`` is e.g. ``Sheet1!B7`` for Excel or ``table 3, row 5, cell 2`` for Word.
    """

    path: str
    line: int | None = None
    page: int | None = None
    ref: str | None = None


class _DigitTable(dict[int, str]):
    """A :meth:`str.translate` table: every Unicode decimal digit to its ASCII digit (entries made on use)."""

    def __missing__(self, code: int) -> str:
        value = unicodedata.decimal(chr(code), None)
        self[code] = out = chr(code) if value is None else str(value)
        return out


_DIGITS = _DigitTable()


@overload
def ascii_digits(text: str) -> str: ...
@overload
def ascii_digits(text: None) -> None: ...
@overload
def ascii_digits(text: str | None) -> str | None: ...
def ascii_digits(text: str | None) -> str | None:
    """``text`` with every Unicode decimal digit (full-width ``２``, Arabic-Indic …) made ASCII."""
    return _ascii_digits(text)


@overload
def _ascii_digits(text: str) -> str: ...
@overload
def _ascii_digits(text: str | None) -> str | None: ...
def _ascii_digits(text: str | None) -> str | None:
    return text if text is None or text.isascii() else text.translate(_DIGITS)


def _ascii_digits_str(text: str) -> str:
    return _ascii_digits(text)


def _ascii_digits_opt(text: str | None) -> str | None:
    return _ascii_digits(text)


@attrs.frozen
class ClassCode:
    """A classification code split into 类/款/项 (its digits made ASCII: a code printed in full-width digits,
    ``２１２``, is the code 212).

    ``system`` is ``func`` (支出功能分类) or ``econ`` (支出经济分类). ``level`` is ``类``, ``款`` or ``项``.
    A 项 printed without its own code (only its 款 code repeated, recognised by its name) has
    ``xiang=None`` and ``level == "项"``; its :attr:`code` is then None and :attr:`parent` is the 款.
    """

    system: CodeSystem
    lei: str = attrs.field(converter=_ascii_digits_str)
    kuan: str | None = attrs.field(default=None, converter=_ascii_digits_opt)
    xiang: str | None = attrs.field(default=None, converter=_ascii_digits_opt)
    level: Level = attrs.field()

    @level.default
    def _level(self) -> Level:
        if self.xiang is not None:
            return "项"
        if self.kuan is not None:
            return "款"
        return "类"

    #: The full code (``2080505``), or None for a 项 whose own code was not printed (derived from the parts when
    #: the code is made: rules read it in every loop over a table's rows).
    code: str | None = attrs.field(init=False, eq=False, repr=False)

    @code.default
    def _code(self) -> str | None:
        if self.level == "项" and self.xiang is None:
            return None
        return self.lei + (self.kuan or "") + (self.xiang or "")

    @property
    def parent(self) -> str | None:
        """The code of the parent node (款 for a 项, 类 for a 款), None for a 类."""
        if self.level == "项":
            return self.lei + (self.kuan or "")
        if self.level == "款":
            return self.lei
        return None

    @property
    def display(self) -> str:
        """The code for messages: ``2080505``, or ``20805（项编码未印）`` when the 项 code is missing."""
        return self.code or f"{self.parent}（项编码未印）"

    @classmethod
    def from_digits(cls, digits: str, system: CodeSystem = "func") -> "ClassCode | None":
        """Split ``208`` / ``20805`` / ``2080505`` into its parts (any decimal digits, made ASCII); None for any
        other length or for characters that are not decimal digits (``²``, ``①``)."""
        digits = _ascii_digits(digits)
        if not (digits.isascii() and digits.isdigit()):
            return None
        if len(digits) == 3:
            return cls(system, digits)
        if len(digits) == 5:
            return cls(system, digits[:3], digits[3:])
        if len(digits) == 7 and system == "func":
            return cls(system, digits[:3], digits[3:5], digits[5:])
        return None


@attrs.frozen
class Cell:
    """One table cell: the printed text and, when it is a number, its amount."""

    text: str
    amount: Amount | None
    source: Source


@attrs.frozen
class Column:
    """A table column: stable key, the printed header (levels joined by ``/``), position and side.

    ``side`` is ``income`` or ``expense`` in the two-sided summary tables, else None.
    """

    key: str
    label: str
    index: int
    side: Side | None = None

    @staticmethod
    def unlabelled_label(index: int) -> str:
        """The label given to a column printed without any header: ``第18列``."""
        return f"第{index + 1}列"

    @property
    def is_unlabelled(self) -> bool:
        """True for a column printed with no header at all (its label is :meth:`unlabelled_label`)."""
        return self.label == self.unlabelled_label(self.index)


class RowRole(enum.Enum):
    ITEM = "item"
    TOTAL = "total"


@attrs.frozen
class Row:
    """One table row (one side of a printed line in the two-sided summary tables).

    ``cells`` maps column keys to cells for the amount columns; ``texts`` maps keys to the text of other
    columns (``project_name`` …). ``label`` is the name as printed, code removed.
    """

    label: str
    code: ClassCode | None
    role: RowRole
    cells: Mapping[str, Cell]
    source: Source
    side: Side | None = None
    texts: Mapping[str, str] = attrs.field(factory=dict)
    #: Whether the row is a total (its ``role`` is :attr:`RowRole.TOTAL`; derived when the row is made).
    is_total: bool = attrs.field(init=False, eq=False, repr=False)

    @is_total.default
    def _is_total(self) -> bool:
        return self.role is RowRole.TOTAL

    def amount(self, key: str) -> Amount | None:
        cell = self.cells.get(key)
        return cell.amount if cell is not None else None


@attrs.frozen
class Table:
    """One disclosed table, identified by kind (see :mod:`budgetrules.core.tablekinds`).

    ``number`` is the printed label (``表二``) when there is one; ``notes`` are the lines under the table
    (``备注：… 空表``); ``declared_empty`` is True when a note says the table is empty.
    """

    kind: TableKindId | None
    title: str
    unit: Unit
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    source: Source
    number: str | None = None
    notes: tuple[str, ...] = ()
    declared_empty: bool = False
    compiler: str | None = None

    @property
    def name(self) -> str:
        """How messages name the table: ``表二《部门（单位）收入总体情况表》``."""
        return f"{self.number}《{self.title}》" if self.number else f"《{self.title}》"

    def column(self, key: str, side: Side | None = None) -> Column | None:
        for column in self.columns:
            if column.key == key and (side is None or column.side == side):
                return column
        return None

    def has_column(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def item_rows(self, side: Side | None = None) -> Iterator[Row]:
        return (r for r in self.rows if not r.is_total and (side is None or r.side == side))

    def total_rows(self, side: Side | None = None) -> Iterator[Row]:
        return (r for r in self.rows if r.is_total and (side is None or r.side == side))

    @property
    def has_amounts(self) -> bool:
        return any(c.amount is not None for r in self.rows for c in r.cells.values())


@attrs.frozen
class Paragraph:
    """A paragraph of prose with its source; ``line_starts`` maps text offsets to source lines.

    ``line_starts`` is a tuple of ``(offset, line)`` pairs in increasing offset order: the text from
    ``offset`` on was read from ``line`` (a paragraph can be joined from several source lines).
    """

    text: str
    source: Source
    line_starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.line_starts, offset, key=lambda pair: pair[0])
        return self.line_starts[index - 1][1] if index else self.source.line


@attrs.frozen
class Section:
    """A heading and what it holds: paragraphs, sub-sections and the kinds of tables placed under it.

    ``level`` is 1 for ``第一部分``, 2 for ``一、``, 3 for ``（一）``.
    """

    number: str
    title: str
    level: int
    source: Source
    paragraphs: tuple[Paragraph, ...] = ()
    children: tuple["Section", ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"

    def walk(self) -> Iterator["Section"]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@attrs.frozen
class TocEntry:
    """A line of the table of contents."""

    number: str
    title: str
    level: int
    source: Source


@attrs.frozen
class Department:
    """The disclosing department. What the prose states about it (编制数, 实有人数 …) is in the document's
    claims (``staff.*`` subjects), read by the claims extractor like every other number of the prose."""

    name: str | None


@attrs.frozen
class Claim:
    """A number the prose states about a fact, and the fact it was bound to.

    ``quantity`` is ``amount``, ``share``, ``change`` (比上年增加/减少 X; 持平 is zero), ``growth`` (增长/下降 Y%),
    ``count``, ``item`` (one entry of an itemised list), ``previous`` (last year's figure), ``budget`` (in a 决算,
    the budget figure), ``completion`` (完成预算的 X%) or ``versus_budget`` (决算数大于/小于/等于预算数: +1/−1/0).
    The clause reading of the 三公 explanation adds ``reason`` (a sentence stating a reason for the changes of
    its run without naming an item or a number; ``value`` 0) and ``comparison`` (a paragraph comparing with
    last year in words no figure was read from: 与上年持平, 比上年…; ``value`` 0).

    ``subject`` names the fact (e.g. ``expense.total``, ``func:212``, ``econ:30101``, ``basic``,
    ``sangong.car_running``; the names are :mod:`budgetrules.core.subjects`); None when the claim could not be
    bound, in which case no rule checks it. ``scope`` narrows the subject to a source of funds (``all``,
    ``fiscal``, ``gpb`` …). ``whole`` is the subject a share is taken of; ``group`` ties the claims of one
    sentence or list together (in the 三公 reading: the claims of one run of its explanation); ``value`` is
    the printed number (an Amount for amounts and changes, a Percent for shares and growth, an int for counts).
    A change's direction is its sign: a decrease is a negative ``change``/``growth``.

    ``reason`` is the stated reason of a change, as printed (from the first word that gives it — 原因, 主要是,
    由于, 用于 … — to the next item), None when none is stated. ``against`` is what a change or growth rate is
    measured against when the sentence says: ``previous`` (上年) or ``budget`` (预算). ``reading`` is None for
    the claims bound to the facts the tables state (the ones the narrative rules compare), ``sangong`` for the
    clause-by-clause reading of the 三公 explanation and of the counts its limits apply to (vehicles bought,
    delegations abroad, meetings), which restates some of the same numbers with their reasons.
    """

    quantity: Quantity
    value: Amount | Percent | int
    text: str
    source: Source
    subject: str | None = None
    scope: str | None = None
    whole: str | None = None
    group: int | None = None
    label: str | None = None
    section: str | None = None
    reason: str | None = None
    against: str | None = None
    reading: str | None = None


@attrs.frozen
class Document:
    """One disclosure, as loaded."""

    path: str
    kind: DocKind | None
    year: int | None
    title: str
    department: Department
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    toc: tuple[TocEntry, ...] = ()
    claims: tuple[Claim, ...] = ()
    lines: tuple[str, ...] = ()
    loader: str | None = None
    #: How year, kind and department were established (:class:`budgetrules.reading.identity.Identity`); None for a
    #: graph not read by a loader (XML, tests), whose fields are then taken as given.
    identity: Any = attrs.field(default=None, eq=False, repr=False)
    #: Every section, depth first: most rules walk the sections, many several times (walked once per document).
    _walked_sections: tuple[Section, ...] = attrs.field(init=False, eq=False, repr=False)

    @_walked_sections.default
    def _walk(self) -> tuple[Section, ...]:
        return tuple(s for section in self.sections for s in section.walk())

    def tables_of(self, kind: TableKindId) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def table(self, kind: TableKindId) -> Table | None:
        """The first table of ``kind``, or None."""
        return next((t for t in self.tables if t.kind == kind), None)

    def walk_sections(self) -> Iterator[Section]:
        return iter(self._walked_sections)

    def paragraphs(self) -> Iterator[tuple[Section, Paragraph]]:
        for section in self.walk_sections():
            for paragraph in section.paragraphs:
                yield section, paragraph

    def source_line(self, line: int | None) -> str | None:
        """The text of a 1-based line of the extracted text, for renderers."""
        if line is None or not (1 <= line <= len(self.lines)):
            return None
        return self.lines[line - 1]
