"""The 三公 table's cells for one item."""

from __future__ import annotations

from budgetrules.api import Amount, Cell, Document, Row, Table


def cell_amount(cell: Cell) -> Amount:
    """The amount of a cell :func:`item_cells` gives (it gives only cells with an amount)."""
    assert cell.amount is not None
    return cell.amount


def item_cells(doc: Document, key: str) -> list[tuple[Table, Row, str, Cell]]:
    """Every printed amount of column ``key`` in 三公 tables: also its repeats (``key#2``) and, in a 决算, its
    预算数 (``budget:key``)."""
    out = []
    for table in doc.tables:
        if table.kind != "sangong":
            continue
        for row in table.rows:
            for k, cell in row.cells.items():
                base = k.split(":", 1)[1] if k.startswith("budget:") else k
                if (base == key or base.startswith(key + "#")) and cell.amount is not None:
                    out.append((table, row, k, cell))
    return out
