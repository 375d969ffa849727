"""Write a :class:`~budgetrules.core.model.Document` back out in the text format the text loader reads.

The text format (``budgetrules_plugins.loaders.textfile``): the document title on the first line; each table as its
number and title (``表二：部门（单位）收入总体情况表``), a ``单位：万元`` line, the header lines and one line
per printed row with tab-separated cells, then its notes; sections as numbered headings and paragraphs.

What is written is what the loader needs to rebuild the same tables: the column headers from each column's
label path (``支出预算/合计`` becomes two header lines), classification codes in the table's 类/款/项 columns
(or merged into the name column, ``01 行政运行``, where the table printed them so), amounts exactly as printed
(their text, so ``1117.5`` keeps its one decimal), and the two sides of the summary tables side by side on one
line. Reading the output with the text loader gives back the same tables, codes and amounts; sources (line
numbers) are those of the new text.

Used by the property-based tests (:mod:`budgetrules.testing.strategies`) and handy for turning a document loaded from
another format into a readable, diffable text file.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from budgetrules.core import regex
from budgetrules.core.amounts import Amount
from budgetrules.core.model import Cell, Column, Document, Row, Section, Table

__all__ = ["write_document", "write_table", "format_amount"]


def format_amount(amount: Amount) -> str:
    """The printed form of an amount with its decimals (``Amount(Decimal('1117.5'), 1)`` → ``1117.5``)."""
    value = amount.value
    if amount.places > 0:
        return f"{value:.{amount.places}f}"
    return f"{value.quantize(1):f}"


def _cell_text(cell: Cell) -> str:
    if cell.text.strip():
        return cell.text.strip()
    return format_amount(cell.amount) if cell.amount is not None else ""


def _clean(text: str) -> str:
    """A cell or line may not contain the separators of the format."""
    return " ".join(text.replace("\t", " ").splitlines()).strip()


_AUTO_LABEL = regex.compile(r"^第\d+列$")


def _header_lines(columns: Sequence[Column], ncols: int) -> list[list[str]]:
    # a column the loader labelled itself (``第18列``: no header was printed) gets no header back
    paths = {c.index: [p for p in c.label.split("/") if p and not _AUTO_LABEL.match(p)] for c in columns}
    depth = max([len(p) for p in paths.values()] or [1])
    lines = [["" for _ in range(ncols)] for _ in range(depth)]
    for index, path in paths.items():
        for level, label in enumerate(path):  # top-aligned: a blank is never above a label
            lines[level][index] = _clean(label)
    return lines


def _code_cells(table: Table, row: Row) -> dict[str, str]:
    """Text of the code columns and of the name column for a coded row, as the table printed them."""
    keys = {c.key for c in table.columns if c.side == row.side or c.side is None}
    code = row.code
    out: dict[str, str] = {}
    name = row.label
    if code is None:
        out["name"] = name
        return out
    if "code" in keys:
        out["code"] = code.code or code.parent or code.lei
    elif "code_lei" in keys:
        out["code_lei"] = code.lei
        if code.kuan:
            if "code_kuan" in keys:
                out["code_kuan"] = code.kuan
            else:
                name = f"{code.kuan} {name}"
        if code.xiang:
            if "code_xiang" in keys:
                out["code_xiang"] = code.xiang
            elif "code_kuan" in keys:
                name = f"{code.xiang} {name}"
        printed = row.texts.get("code_printed", "").split()
        parts = ("code_lei", "code_kuan", "code_xiang")[: len(printed)]
        if len(printed) > 1 and all(k in keys for k in parts):
            # a 款/项 printed with one digit (``301 | 7``, read as 30107) is written as printed
            out.update(zip(parts, printed))
    else:
        name = f"{code.code or code.parent} {name}"
    out["name"] = name
    return out


def _row_cells(table: Table, row: Row, ncols: int, line: list[str]) -> None:
    columns = [c for c in table.columns if c.side == row.side or (row.side is None and c.side is None)]
    coded = _code_cells(table, row)
    for column in columns:
        if column.index >= ncols:
            continue
        key = column.key
        if key in coded:
            text = coded[key]
        elif key in row.cells:
            text = _cell_text(row.cells[key])
        else:
            text = row.texts.get(key, "")
        line[column.index] = _clean(text)
    if not any(c.key == "name" for c in columns) and row.label and row.code is None:
        # a table without a name column (the “三公” table): the label sits in the first free cell
        free = next((c.index for c in columns if not line[c.index]), None)
        if free is not None and row.is_total:
            line[free] = _clean(row.label)


def _printed_lines(table: Table) -> list[list[Row]]:
    """Rows grouped by the printed line they share (the two sides of a summary table share lines)."""
    sides = [s for s in ("income", "expense") if any(r.side == s for r in table.rows)]
    if len(sides) < 2:
        return [[r] for r in table.rows]
    if all(r.source.line is not None for r in table.rows):
        by_line: dict[int, list[Row]] = {}
        for row in table.rows:
            assert row.source.line is not None  # checked above
            by_line.setdefault(row.source.line, []).append(row)
        return [by_line[k] for k in sorted(by_line)]
    income = [r for r in table.rows if r.side == "income" and not r.is_total]
    expense = [r for r in table.rows if r.side == "expense" and not r.is_total]
    lines = [
        [r for r in (income[i] if i < len(income) else None, expense[i] if i < len(expense) else None) if r]
        for i in range(max(len(income), len(expense)))
    ]
    totals = [r for r in table.rows if r.is_total]
    income_totals = [r for r in totals if r.side == "income"]
    expense_totals = [r for r in totals if r.side == "expense"]
    for i in range(max(len(income_totals), len(expense_totals))):
        pair = [
            income_totals[i] if i < len(income_totals) else None,
            expense_totals[i] if i < len(expense_totals) else None,
        ]
        lines.append([r for r in pair if r])
    return lines


def write_table(table: Table) -> list[str]:
    """The lines of one table: title, unit, header, rows, notes."""
    out: list[str] = []
    title = _clean(table.title)
    out.append(f"{table.number}：{title}" if table.number else title)
    if table.compiler:
        out.append(f"编制部门（单位）：{_clean(table.compiler)}")
    out.append(f"单位：{table.unit.value}")
    ncols = max([c.index + 1 for c in table.columns] or [0])
    if ncols and table.rows:
        for line in _header_lines(table.columns, ncols):
            out.append("\t".join(line))
        for group in _printed_lines(table):
            line = ["" for _ in range(ncols)]
            for row in group:
                _row_cells(table, row, ncols, line)
            out.append("\t".join(line))
    out.extend(_clean(n) for n in table.notes)
    return out


def _section_lines(section: Section) -> Iterable[str]:
    if section.number or section.title:
        sep = "" if section.level == 3 else ("、" if section.level == 2 else " ")
        yield f"{section.number}{sep}{section.title}".strip()
    for paragraph in section.paragraphs:
        yield _clean(paragraph.text)
    for child in section.children:
        yield from _section_lines(child)


def write_document(document: Document) -> str:
    """The document in the text format: title, tables, then the sections (text ends with a newline)."""
    lines: list[str] = [_clean(document.title) or "（无标题）", ""]
    for table in document.tables:
        lines.extend(write_table(table))
        lines.append("")
    for section in document.sections:
        lines.extend(_section_lines(section))
    return "\n".join(lines).rstrip("\n") + "\n"
