"""Build a :class:`~budgetrules.core.model.Table` from a grid of printed cells.

Every loader (text, PDF, Word, Excel) reduces a table to the same thing: a title, a unit, and a grid of cell
strings with their sources. This module does the rest, the same way for every format:

* splits header lines from data lines (the first line holding a number, a code or a total label starts
  the data);
* merges a header spread over several lines into one label path per column, a group label spanning the
  empty cells to its right when a lower line labels them (``公务用车购置及运行费 / 公务用车购置费``);
* maps each column to a stable key from its labels (:func:`budgetrules.core.tablekinds.column_key`), and in
  the two-sided summary tables to its side (``income``/``expense``);
* reads classification codes from 类/款/项 columns, a single code column, or merged with the name
  (``01 行政运行``, ``208 社会保障和就业支出``), and recognises a 项 printed without its own code (its
  款 code repeated under the 款 row); code cells that do not form a code (``301 | 7``, ``2O1``) are kept as
  printed in ``Row.texts`` under their column's key;
* reads amounts as Decimals keeping their printed decimals, in the table's unit.
"""

from __future__ import annotations

from typing import Callable, Sequence

import attrs

from budgetrules.core import regex
from budgetrules.core.amounts import Amount, Unit, parse_amount
from budgetrules.core.model import Cell, ClassCode, CodeSystem, Column, Row, RowRole, Side, Source, Table, ascii_digits
from budgetrules.core.tablekinds import (
    KINDS_BY_ID,
    TEXT_KEYS,
    TableKindId,
    column_key,
    column_year,
    is_total_label,
    kind_by_columns,
    normalize_label,
)
from budgetrules.reading.emptynotes import says_empty

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


_CODE_FIRST = regex.compile(r"^\d{3}(\d{2}){0,2}$|^\d{3}(\d{2}){0,2}\s+\S")
_DECIMAL = regex.compile(r"^[-+(]?\d[\d,]*\.\d+\)?$|^\d{1,3}(,\d{3})+$")
_MERGED_CODE = regex.compile(r"^(\d{2,7})\s*[\s、.．]\s*(\S.*)$|^(\d{3}|\d{5}|\d{7})(\D.*)$")
_CODE_ONLY = regex.compile(r"^\d{2,7}$")
_WHOLE_NUMBER = regex.compile(r"[-+]?\d[\d,]*")
_CODE_THEN_NAME = regex.compile(r"^\d{3}(\d{2}){0,2}\s+\D")


def _is_data_row(cells: Sequence[str]) -> bool:
    stripped = [c.strip() for c in cells]
    compact = [c.replace(" ", "") for c in stripped if c]  # the filled cells, spaces inside a number dropped
    if any(_DECIMAL.match(c) for c in compact):
        return True
    first = next((c for c in stripped if c), "")
    if _CODE_FIRST.match(first):
        return True
    has_number = any(_WHOLE_NUMBER.fullmatch(c) for c in compact)
    if not has_number:
        return False
    if any(len(c) > 15 for c in stripped):
        return True  # a whole-number amount beside a long name or description: headers hold short labels
    # whole-number amounts (元 tables): a total label, or a code merged with its name anywhere in the line
    # ("212 城乡社区支出"); a line of bare integers alone may be a 栏次 header line, so it does not count
    return any(is_total_label(c) or _CODE_THEN_NAME.match(c) for c in stripped if c)


def split_header(rows: Sequence[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """Header lines and data lines: the data start at the first line that looks like data.

    In a table with no number at all (an empty table printed with its header and a blank ``合计`` line) the
    data start at the first line with a total label; failing that, after the first line.
    """
    for i, row in enumerate(rows):
        if _is_data_row(row.cells):
            return list(rows[:i]), list(rows[i:])
    for i, row in enumerate(rows):
        first = next((c for c in row.cells if c.strip()), "")
        if i and is_total_label(first):
            return list(rows[:i]), list(rows[i:])
    return list(rows[:1]), list(rows[1:])


def _label_paths(header: Sequence[GridRow], ncols: int) -> list[list[str]]:
    grid = [[(r.cells[c].strip() if c < len(r.cells) else "") for c in range(ncols)] for r in header]
    for h, line in enumerate(grid):
        below = grid[h + 1 :]
        above = grid[:h]
        last = ""
        start = 0
        for c in range(ncols):
            if line[c]:
                last, start = line[c], c
            elif last and any(lower[c] for lower in below) and all(upper[c] == upper[start] for upper in above):
                line[c] = last  # a group label spans the empty cells to its right, within its own group
            else:
                last = "" if not any(lower[c] for lower in below) else last
    return [[line[c] for line in grid if line[c]] for c in range(ncols)]


_GROUP_TOTAL_OVERRIDES = {"car"}
_CODE_KEYS = ("code", "code_lei", "code_kuan", "code_xiang")
#: Text columns a row reads into its code, name and project rather than keeping them in ``Row.texts`` as printed.
_READ_KEYS = frozenset({*_CODE_KEYS, "name", "project_name"})
_NON_AMOUNT = TEXT_KEYS


_BUDGET_FINAL = {"预算数": "budget", "预算": "budget", "决算数": "final", "决算": "final"}


def _key_for(path: list[str], paired: bool = False) -> str | None:
    """The key of a column from its label path.

    ``paired`` is True in a 决算 table that prints 预算数 and 决算数 side by side under each heading
    (``因公出国（境）费 / 预算数``, ``… / 决算数``): the heading gives the key, 决算数 columns keep it and 预算数
    columns get it prefixed with ``budget:`` (``budget:abroad``).
    """
    if paired and len(path) >= 2:
        role = _BUDGET_FINAL.get(normalize_label(path[-1]))
        if role is not None:
            base = _key_for(path[:-1])
            if base is not None and base not in _NON_AMOUNT:
                return base if role == "final" else f"budget:{base}"
    keys = [column_key(label) for label in path]
    if len(keys) >= 2 and keys[-1] in ("code_xiang", "code_kuan") and keys[-2] == "name":
        return "name"  # a 项 column merged with the name column: "01 行政运行"
    deepest = next((k for k in reversed(keys) if k), None)
    if deepest == "total":
        for k in keys:
            if k in _GROUP_TOTAL_OVERRIDES:
                return k
    return deepest


def _side_of(path: list[str]) -> Side | None:
    if not path:
        return None
    top = normalize_label(path[0])
    if "收入" in top and "支出" not in top:
        return "income"
    if "支出" in top:
        return "expense"
    return None


def _columns(kind: TableKindId | None, header: Sequence[GridRow], data: Sequence[GridRow]) -> list[Column]:
    ncols = max([len(r.cells) for r in [*header, *data]] or [0])
    paths = _label_paths(header, ncols)
    two_sided = bool(kind and KINDS_BY_ID[kind].two_sided)
    last_labels = {normalize_label(p[-1]) for p in paths if p}
    paired = any(_BUDGET_FINAL.get(t) == "budget" for t in last_labels) and any(
        _BUDGET_FINAL.get(t) == "final" for t in last_labels
    )
    columns: list[Column] = []
    seen: dict[tuple[str | None, str], int] = {}
    side: Side | None = None
    years = {y for path in paths for y in (column_year(p) for p in path) if y is not None}
    for index, path in enumerate(paths):
        key = _key_for(path, paired)
        year = next((y for y in (column_year(p) for p in path) if y is not None), None)
        if key is not None and len(years) > 1 and year is not None and year < max(years) and key not in _NON_AMOUNT:
            key = key if key.startswith("prior:") else f"prior:{key}"  # last year's figures beside this year's
        if two_sided:
            side = _side_of(path) or side
        if key is None:
            if not any(index < len(r.cells) and r.cells[index].strip() for r in data):
                continue
            key = f"col{index + 1}"
        label = "/".join(normalize_label(p) for p in path) or Column.unlabelled_label(index)
        n = seen.get((side, key), 0) + 1
        seen[(side, key)] = n
        if n > 1:
            key = f"{key}#{n}"
        columns.append(Column(key=key, label=label, index=index, side=side if two_sided else None))
    return columns


_BRACKETED_CODE = regex.compile(r"^[\[【［](\d{3}(?:\d{2}){0,2})[\]】］]\s*(\S.*)$")


def _split_merged(text: str) -> tuple[str | None, str]:
    """``01 行政运行`` → ("01", "行政运行"); ``208社会保障…`` → ("208", …); ``[301]工资福利支出`` → ("301", …);
    else (None, text)."""
    t = text.strip()
    b = _BRACKETED_CODE.match(t)
    if b:
        return b.group(1), b.group(2).strip()
    m = _MERGED_CODE.match(t)
    if not m:
        return None, t
    digits = m.group(1) or m.group(3)
    rest = (m.group(2) or m.group(4) or "").strip()
    if not rest or rest[0].isdigit():
        return None, t
    return digits, rest


def _pad(part: str) -> str:
    """A 款/项 part printed as one digit (``7`` for ``07``, the leading zero lost by a spreadsheet) padded."""
    return "0" + part if len(part) == 1 and part.isdigit() else part


def _code_for(
    system: CodeSystem, lei: str, kuan: str, xiang: str, merged: str | None
) -> ClassCode | None:
    # codes are read in ASCII digits (``２１２`` is 212); a character that is a digit only in Unicode's wide sense
    # (``²``, ``①``) is no code digit
    lei, kuan, xiang = lei.strip(), kuan.strip(), xiang.strip()
    if not lei and (not merged or len(merged) not in (3, 5, 7)):
        return None  # no 类 printed, nor a whole code before the name (the digit fold keeps lengths)
    if not (lei + kuan + xiang + (merged or "")).isascii():
        lei, kuan, xiang, merged = ascii_digits(lei), ascii_digits(kuan), ascii_digits(xiang), ascii_digits(merged)
        if any(p and p.isdigit() and not p.isascii() for p in (lei, kuan, xiang, merged)):
            return None
    if len(lei) == 3 and lei.isdigit():
        kuan, xiang = _pad(kuan), _pad(xiang) if kuan else xiang
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
    kind: TableKindId | None,
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
    header, data = _unfold_side_by_side(kind, header, data)
    columns = _columns(kind, header, data)
    if kind is None:
        kind = kind_by_columns({c.key: c.label for c in columns})
    header_text = normalize_label(" ".join(c for r in header for c in r.cells) + title)
    econ_words = _ECON_WORDS.search(header_text) is not None
    system: CodeSystem = "econ" if (kind in _ECON_KINDS or econ_words) else "func"

    sides = sorted({c.side for c in columns}, key=lambda s: (s != "income", s or "")) or [None]
    layouts = [_Layout.of(side, [c for c in columns if c.side == side]) for side in sides]

    amounts: dict[str, Amount | None] = {}

    def rows_in(system: CodeSystem) -> list[Row]:
        out: list[Row] = []
        for grid_row in data:
            for layout in layouts:
                row = _build_row(grid_row, layout, unit, system, amounts)
                if row is not None:
                    out.append(row)
        return out

    built = rows_in(system)
    if kind != "sangong":  # the 三公 table's one line is its figures, read by column (AR106, SG rules)
        built = _lone_row_is_total(built, columns)
    inferred = _system_of_codes(built)
    if inferred is not None and inferred != system:
        system = inferred  # the codes themselves tell: 功能分类 类 are 2xx, 经济分类 类 3xx (部门) / 5xx (政府)
        built = rows_in(system)
    if not any(c.key == "code_xiang" for c in columns) and not any(
        r.code is not None and r.code.xiang for r in built
    ):
        built = _mark_uncoded_xiang(built, system, resolve_xiang)
    note_text = "".join(notes)
    declared_empty = says_empty(note_text)
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


def _lone_row_is_total(rows: list[Row], columns: Sequence[Column]) -> list[Row]:
    """A table whose only line of amounts has no label under a 合计 column (江苏's 支出预算总表:
    ``合计 | 基本支出 | 项目支出 | …`` over one line of figures) prints that line as its total."""
    if len(rows) != 1 or rows[0].label or rows[0].code is not None or not rows[0].cells:
        return rows
    if not any(c.key == "total" for c in columns) or any(c.key in ("name", "code", "code_lei") for c in columns):
        return rows
    return [attrs.evolve(rows[0], role=RowRole.TOTAL, label="合计")]


_ECON_WORDS = regex.compile(r"经济(分类|科目)")

#: Kinds whose rows are coded in the 经济分类 (unless their codes say otherwise).
_ECON_KINDS = frozenset({"gpb_basic", "fiscal_basic", "admin_cost"})


def _system_of_codes(rows: Sequence[Row]) -> CodeSystem | None:
    """``func`` when every 类 printed is 2xx, ``econ`` when every one is 3xx or 5xx; None when mixed or none."""
    firsts = {r.code.lei[0] for r in rows if r.code is not None}
    if not firsts:
        return None
    if firsts == {"2"}:
        return "func"
    if firsts <= {"3", "5"}:
        return "econ"
    return None


_SUBTOTAL = regex.compile(r"^(.+?)合计$")


def _unfold_side_by_side(
    kind: TableKindId | None, header: list[GridRow], data: list[GridRow]
) -> tuple[list[GridRow], list[GridRow]]:
    """A table printed as two (or three) identical column groups side by side is read as one list.

    The 决算 基本支出 table prints ``类 | 款 | 科目名称 | 决算数`` twice (301/303 on the left, 302/310 on the
    right). The right group's lines follow the left group's. When each group ends with a ``…合计`` line
    naming what its amounts are (``人员经费合计`` / ``公用经费合计``), each group's amounts get their own
    column keyed by that name (``personnel`` / ``public``) and the two lines become one ``合计`` line;
    otherwise the groups share their columns. Two-sided summary tables (收入 | 支出) are not touched.
    """
    if not header or not data or (kind and KINDS_BY_ID[kind].two_sided):
        return header, data
    ncols = max(len(r.cells) for r in [*header, *data])
    paths = _label_paths(header, ncols)
    norm = [tuple(normalize_label(x) for x in path) for path in paths]
    for halves in (2, 3):
        if ncols % halves or ncols // halves < 2:
            continue
        width = ncols // halves
        if not all(norm[i] == norm[i + k * width] for k in range(1, halves) for i in range(width)):
            continue
        keys = [_key_for(list(path)) for path in paths[:width]]
        if "name" not in keys and not any(k and k.startswith("code") for k in keys):
            continue
        return _unfold(header, data, width, halves, keys)
    return header, data


def _unfold(
    header: list[GridRow], data: list[GridRow], width: int, halves: int, keys: list[str | None]
) -> tuple[list[GridRow], list[GridRow]]:
    def part(row: GridRow, k: int) -> tuple[list[str], list[Source]]:
        cells = [(row.cells[i].strip() if i < len(row.cells) else "") for i in range(k * width, (k + 1) * width)]
        return cells, [row.cell_source(i) for i in range(k * width, (k + 1) * width)]

    amount_cols = [i for i, key in enumerate(keys) if key not in _NON_AMOUNT]
    label_col = keys.index("name") if "name" in keys else 0
    groups: list[list[tuple[GridRow, list[str], list[Source]]]] = []
    for k in range(halves):
        lines = []
        for row in data:
            cells, sources = part(row, k)
            if any(cells):
                lines.append((row, cells, sources))
        groups.append(lines)
    footers: list[str | None] = []
    for lines in groups:
        if not lines:
            footers.append(None)
            continue
        row, cells, _ = lines[-1]
        label = next((cells[i] for i in range(width) if i not in amount_cols and cells[i]), "")
        m = _SUBTOTAL.match(normalize_label(label))
        footers.append(column_key(m.group(1)) if m else None)
    named = (
        len(amount_cols) == 1
        and all(f is not None and f not in _NON_AMOUNT for f in footers)
        and len(set(footers)) == halves
    )
    if not named:
        new_header = [GridRow(tuple(part(r, 0)[0]), r.source, tuple(part(r, 0)[1])) for r in header]
        new_data = [GridRow(tuple(c), r.source, tuple(src)) for lines in groups for r, c, src in lines]
        return new_header, new_data
    amount = amount_cols[0]
    extra = halves - 1
    new_header = []
    for r in header:
        cells, sources = part(r, 0)
        new_header.append(GridRow(tuple(cells + [cells[amount]] * extra), r.source, tuple(sources + [sources[amount]] * extra)))
    names = [next(l[1][i] for i in range(width) if i not in amount_cols and l[1][i]) for l in (g[-1] for g in groups)]
    label_line = [""] * (width + extra)
    for k in range(halves):
        subtotal = _SUBTOTAL.match(normalize_label(names[k]))
        assert subtotal is not None  # ``named``: every group's last line is a 合计 line (its footer)
        label_line[amount if k == 0 else width + k - 1] = subtotal.group(1)
    new_header.append(GridRow(tuple(label_line), header[-1].source, ()))
    new_data = []
    total_cells = [""] * (width + extra)
    total_sources = [groups[0][-1][0].source] * (width + extra)
    total_cells[label_col] = "合计"
    for k, lines in enumerate(groups):
        target = amount if k == 0 else width + k - 1
        for index, (row, cells, sources) in enumerate(lines):
            wide = cells + [""] * extra
            wide_sources = sources + [sources[amount]] * extra
            if k:
                wide[target], wide[amount] = wide[amount], ""
                wide_sources[target] = sources[amount]
            if index == len(lines) - 1:
                total_cells[target] = wide[target]
                total_sources[target] = wide_sources[target]
                continue
            new_data.append(GridRow(tuple(wide), row.source, tuple(wide_sources)))
    new_data.append(GridRow(tuple(total_cells), groups[0][-1][0].source, tuple(total_sources)))
    return new_header, new_data


@attrs.frozen
class _Layout:
    """What every line of a table gives on one side: worked out once per table, not once per line.

    ``kept`` lists the columns whose printed cell a row keeps, in column order, as ``(index, key, amount)``:
    an amount column's cell is read as an amount (kept as printed when it is none), a text column's cell is
    kept as printed. The columns of :data:`_READ_KEYS` are read into the row's code, name and project
    instead; ``fields`` maps each of those keys to the index of the first column with it.
    """

    side: Side | None
    kept: tuple[tuple[int, str, bool], ...]
    fields: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, side: Side | None, columns: Sequence[Column]) -> "_Layout":
        first: dict[str, int] = {}
        for c in columns:
            first.setdefault(c.key, c.index)
        kept = tuple(
            (c.index, c.key, c.key not in _NON_AMOUNT)
            for c in columns
            if c.key not in _READ_KEYS or c.key not in _NON_AMOUNT
        )
        return cls(side, kept, tuple((key, index) for key, index in first.items() if key in _READ_KEYS))


def _build_row(grid_row: GridRow, layout: _Layout, unit: Unit, system: CodeSystem,
               amounts: dict[str, Amount | None] | None = None) -> Row | None:
    """The row a grid line gives on ``layout``'s side; ``amounts``: the amounts already read from cell texts in
    ``unit`` (a table prints the same figure in many cells: each text is read once)."""

    printed = grid_row.cells
    width = len(printed)
    fields = {key: printed[index].strip() for key, index in layout.fields if index < width}
    text = fields.get

    cells: dict[str, Cell] = {}
    texts: dict[str, str] = {}
    sources = grid_row.cell_sources
    for index, key, is_amount in layout.kept:
        if index >= width:
            continue
        raw = printed[index].strip()
        if not raw:
            continue
        if not is_amount:
            texts[key] = raw
            continue
        if amounts is None:
            amount = parse_amount(raw, unit)
        else:
            try:
                amount = amounts[raw]
            except KeyError:
                amount = amounts[raw] = parse_amount(raw, unit)
        if amount is None:
            texts[key] = raw
            continue
        cells[key] = Cell(raw, amount, sources[index] if index < len(sources) else grid_row.source)

    name_raw = text("name", "")
    code_raw = text("code", "")
    merged, name = _split_merged(name_raw)
    if code_raw and not (text("code_lei", "")):
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
        parts = [text("code_lei", ""), text("code_kuan", ""), text("code_xiang", "")]
        code = _code_for(system, parts[0], parts[1], parts[2], merged)
        if code is not None and any(len(p) == 1 for p in parts[1:]):
            # keep what was printed: ``301 | 7`` is read as 30107, and the printing is a defect of its own
            texts["code_printed"] = " ".join(p for p in parts if p)
    if merged and code is None:
        name = name_raw  # the digits were not a code after all
    project = text("project_name", "")
    if project:
        texts["project_name"] = project
    label = name or ("" if code else project)
    role = RowRole.TOTAL if (is_total_label(label) or (not name and is_total_label(project))) else RowRole.ITEM
    if role is RowRole.TOTAL and not label:
        label = project
    if code is None and role is RowRole.ITEM:
        # code cells that could not be read as a code ("2O1", a lone "7") are kept as printed, so that a
        # rule can report them (HY104); a readable code is carried by ``code`` instead
        for key in _CODE_KEYS:
            if printed_code := text(key, ""):
                texts[key] = printed_code
    if not cells and not label and code is None and not texts:
        return None
    return Row(
        label=normalize_label(label) if role is RowRole.TOTAL else label,
        code=code if role is RowRole.ITEM else None,
        role=role,
        cells=cells,
        source=grid_row.source,
        side=layout.side,
        texts=texts,
    )


def _mark_uncoded_xiang(rows: list[Row], system: CodeSystem, resolve: XiangResolver | None) -> list[Row]:
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
