"""Build a :class:`~budgetrules.model.Table` from a grid of printed cells.

Every loader (text, PDF, Word, Excel) reduces a table to the same thing: a title, a unit, and a grid of cell
strings with their sources. This module does the rest, the same way for every format:

* splits header lines from data lines (the first line holding a number, a code or a total label starts
  the data);
* merges a header spread over several lines into one label path per column, a group label spanning the
  empty cells to its right when a lower line labels them (``公务用车购置及运行费 / 公务用车购置费``);
* maps each column to a stable key from its labels (:func:`budgetrules.tablekinds.column_key`), and in
  the two-sided summary tables to its side (``income``/``expense``);
* reads classification codes from 类/款/项 columns, a single code column, or merged with the name
  (``01 行政运行``, ``208 社会保障和就业支出``), and recognises a 项 printed without its own code (its
  款 code repeated under the 款 row);
* reads amounts as Decimals keeping their printed decimals, in the table's unit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Sequence

import attrs

from .amounts import Amount, Unit, parse_amount
from .model import Cell, ClassCode, Column, Row, RowRole, Source, Table
from .tablekinds import KINDS_BY_ID, column_key, is_total_label, normalize_label

__all__ = ["GridRow", "build_table", "split_header", "XiangResolver"]

#: ``resolve(system, parent_code, name, year) -> 项 code digits or None``
XiangResolver = Callable[[str, str, str], "str | None"]


@attrs.frozen
class GridRow:
    """One printed line of a table: its cells and where each was read."""

    cells: tuple[str, ...]
    source: Source
    cell_sources: tuple[Source, ...] = ()

    def cell_source(self, index: int) -> Source:
        if index < len(self.cell_sources):
            return self.cell_sources[index]
        return self.source


_CODE_FIRST = re.compile(r"^\d{3}(\d{2}){0,2}$|^\d{3}(\d{2}){0,2}\s+\S")
_DECIMAL = re.compile(r"^[-+(]?\d[\d,]*\.\d+\)?$|^\d{1,3}(,\d{3})+$")
_MERGED_CODE = re.compile(r"^(\d{2,7})\s*[\s、.．]\s*(\S.*)$|^(\d{3}|\d{5}|\d{7})(\D.*)$")
_CODE_ONLY = re.compile(r"^\d{2,7}$")


def _is_data_row(cells: Sequence[str]) -> bool:
    stripped = [c.strip() for c in cells]
    if any(_DECIMAL.match(c.replace(" ", "")) for c in stripped if c):
        return True
    first = next((c for c in stripped if c), "")
    if _CODE_FIRST.match(first):
        return True
    has_number = any(re.fullmatch(r"[-+]?\d[\d,]*", c.replace(" ", "")) for c in stripped if c)
    return has_number and any(is_total_label(c) for c in stripped if c)


def split_header(rows: Sequence[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """Header lines and data lines: the data start at the first line that looks like data."""
    for i, row in enumerate(rows):
        if _is_data_row(row.cells):
            return list(rows[:i]), list(rows[i:])
    return list(rows[:1]), list(rows[1:])


def _label_paths(header: Sequence[GridRow], ncols: int) -> list[list[str]]:
    grid = [[(r.cells[c].strip() if c < len(r.cells) else "") for c in range(ncols)] for r in header]
    for h, line in enumerate(grid):
        below = grid[h + 1 :]
        last = ""
        for c in range(ncols):
            if line[c]:
                last = line[c]
            elif last and any(lower[c] for lower in below):
                line[c] = last
            else:
                last = "" if not any(lower[c] for lower in below) else last
    return [[line[c] for line in grid if line[c]] for c in range(ncols)]


_GROUP_TOTAL_OVERRIDES = {"car"}
_NON_AMOUNT = {"code", "code_lei", "code_kuan", "code_xiang", "name", "project_name"}


def _key_for(path: list[str]) -> str | None:
    keys = [column_key(label) for label in path]
    if len(keys) >= 2 and keys[-1] in ("code_xiang", "code_kuan") and keys[-2] == "name":
        return "name"  # a 项 column merged with the name column: "01 行政运行"
    deepest = next((k for k in reversed(keys) if k), None)
    if deepest == "total":
        for k in keys:
            if k in _GROUP_TOTAL_OVERRIDES:
                return k
    return deepest


def _side_of(path: list[str]) -> str | None:
    if not path:
        return None
    top = normalize_label(path[0])
    if "收入" in top and "支出" not in top:
        return "income"
    if "支出" in top:
        return "expense"
    return None


def _columns(kind: str | None, header: Sequence[GridRow], data: Sequence[GridRow]) -> list[Column]:
    ncols = max([len(r.cells) for r in [*header, *data]] or [0])
    paths = _label_paths(header, ncols)
    two_sided = bool(kind and KINDS_BY_ID[kind].two_sided)
    columns: list[Column] = []
    seen: dict[tuple[str | None, str], int] = {}
    side: str | None = None
    for index, path in enumerate(paths):
        key = _key_for(path)
        if two_sided:
            side = _side_of(path) or side
        if key is None:
            if not any(index < len(r.cells) and r.cells[index].strip() for r in data):
                continue
            key = f"col{index + 1}"
        label = "/".join(normalize_label(p) for p in path) or f"第{index + 1}列"
        n = seen.get((side, key), 0) + 1
        seen[(side, key)] = n
        if n > 1:
            key = f"{key}#{n}"
        columns.append(Column(key=key, label=label, index=index, side=side if two_sided else None))
    return columns


def _split_merged(text: str) -> tuple[str | None, str]:
    """``01 行政运行`` → ("01", "行政运行"); ``208社会保障…`` → ("208", …); else (None, text)."""
    t = text.strip()
    m = _MERGED_CODE.match(t)
    if not m:
        return None, t
    digits = m.group(1) or m.group(3)
    rest = (m.group(2) or m.group(4) or "").strip()
    if not rest or rest[0].isdigit():
        return None, t
    return digits, rest


def _code_for(
    system: str, lei: str, kuan: str, xiang: str, merged: str | None
) -> ClassCode | None:
    lei, kuan, xiang = lei.strip(), kuan.strip(), xiang.strip()
    if merged:
        if len(merged) in (3, 5, 7) and not lei:
            return ClassCode.from_digits(merged, system)
        if len(merged) == 2 and lei and kuan and not xiang:
            xiang = merged
        elif len(merged) == 2 and lei and not kuan:
            kuan = merged
    if lei and not lei.isdigit():
        return None
    if lei and len(lei) in (5, 7) and not kuan:
        return ClassCode.from_digits(lei, system)
    if not lei or len(lei) != 3:
        return None
    if kuan and not (kuan.isdigit() and len(kuan) == 2):
        return None
    if xiang and not (xiang.isdigit() and len(xiang) == 2 and kuan):
        return None
    if system == "econ" and xiang:
        return None
    return ClassCode(system, lei, kuan or None, xiang or None)


def build_table(
    *,
    kind: str | None,
    title: str,
    unit: Unit,
    rows: Sequence[GridRow],
    source: Source,
    number: str | None = None,
    notes: Sequence[str] = (),
    compiler: str | None = None,
    resolve_xiang: XiangResolver | None = None,
) -> Table:
    """Build a table from its printed lines (header lines first). See the module docstring."""
    header, data = split_header(rows) if rows else ([], [])
    columns = _columns(kind, header, data)
    header_text = " ".join(c for r in header for c in r.cells)
    system = "econ" if (kind == "gpb_basic" or "经济分类" in normalize_label(header_text)) else "func"

    sides = sorted({c.side for c in columns}, key=lambda s: (s != "income", s or "")) or [None]
    built: list[Row] = []
    for grid_row in data:
        for side in sides:
            row = _build_row(grid_row, [c for c in columns if c.side == side], side, unit, system)
            if row is not None:
                built.append(row)
    if not any(c.key == "code_xiang" for c in columns) and not any(
        r.code is not None and r.code.xiang for r in built
    ):
        built = _mark_uncoded_xiang(built, system, resolve_xiang)
    note_text = "".join(notes)
    declared_empty = "空表" in note_text or bool(re.search(r"无.{0,12}(收入|支出|数据|经费)", note_text))
    return Table(
        kind=kind,
        title=title,
        unit=unit,
        columns=tuple(columns),
        rows=tuple(built),
        source=source,
        number=number,
        notes=tuple(notes),
        declared_empty=declared_empty and not any(r.cells for r in built if any(c.amount for c in r.cells.values())),
        compiler=compiler,
    )


def _build_row(grid_row: GridRow, columns: list[Column], side: str | None, unit: Unit, system: str) -> Row | None:
    def text(key: str) -> str:
        col = next((c for c in columns if c.key == key), None)
        if col is None or col.index >= len(grid_row.cells):
            return ""
        return grid_row.cells[col.index].strip()

    cells: dict[str, Cell] = {}
    texts: dict[str, str] = {}
    for col in columns:
        if col.key in _NON_AMOUNT or col.index >= len(grid_row.cells):
            continue
        raw = grid_row.cells[col.index].strip()
        if not raw:
            continue
        amount = parse_amount(raw, unit)
        if amount is None:
            texts[col.key] = raw
            continue
        cells[col.key] = Cell(raw, amount, grid_row.cell_source(col.index))

    name_raw = text("name")
    code_raw = text("code")
    merged, name = _split_merged(name_raw)
    if code_raw and not (text("code_lei")):
        digits, rest = _split_merged(code_raw) if not _CODE_ONLY.match(code_raw) else (code_raw, "")
        if digits and _CODE_ONLY.match(digits):
            code = _code_for(system, digits, "", "", None)
            if rest and not name:
                name = rest
        else:
            code = None
            if not name:
                name = code_raw
    else:
        code = _code_for(system, text("code_lei"), text("code_kuan"), text("code_xiang"), merged)
    if merged and code is None:
        name = name_raw  # the digits were not a code after all
    project = text("project_name")
    if project:
        texts["project_name"] = project
    label = name or ("" if code else project)
    role = RowRole.TOTAL if (is_total_label(label) or (not name and is_total_label(project))) else RowRole.ITEM
    if role is RowRole.TOTAL and not label:
        label = project
    if not cells and not label and code is None and not texts:
        return None
    return Row(
        label=normalize_label(label) if role is RowRole.TOTAL else label,
        code=code if role is RowRole.ITEM else None,
        role=role,
        cells=cells,
        source=grid_row.source,
        side=side,
        texts=texts,
    )


def _mark_uncoded_xiang(rows: list[Row], system: str, resolve: XiangResolver | None) -> list[Row]:
    """A row repeating the code of a 款 row above it (in a table with no 项 column) is a 项 of that 款."""
    seen_kuan: set[str] = set()
    out: list[Row] = []
    for row in rows:
        code = row.code
        if code is not None and code.level == "款" and system == "func":
            digits = code.code or ""
            if digits in seen_kuan:
                xiang = resolve(system, digits, row.label) if resolve else None
                if xiang:
                    code = ClassCode(system, code.lei, code.kuan, xiang)
                else:
                    code = ClassCode(system, code.lei, code.kuan, None, level="项")
                row = attrs.evolve(row, code=code)
            else:
                seen_kuan.add(digits)
        out.append(row)
    return out
