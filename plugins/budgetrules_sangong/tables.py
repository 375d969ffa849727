"""The 三公 table's cells for one item."""

from __future__ import annotations

from budgetrules.model import Cell, Document, Row, Table


def item_cells(doc: Document, key: str) -> list[tuple[Table, Row, str, Cell]]:
    """Every printed amount of column ``key`` (or its repeats ``key#2`` …, e.g. 预算数/决算数) in 三公 tables."""
    out = []
    for table in doc.tables:
        if table.kind != "sangong":
            continue
        for row in table.rows:
            for k, cell in row.cells.items():
                if (k == key or k.startswith(key + "#")) and cell.amount is not None:
                    out.append((table, row, k, cell))
    return out
