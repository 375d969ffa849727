"""Reading a classification code from its printed parts (:func:`budgetrules.reading.tablebuild._code_for`).

The parts are folded to ASCII digits only when one of them is not ASCII, and a line with no 类 and no whole
code before its name is told to have no code before anything is folded. These tests check both shortcuts
against what they stand for: full-width digits read as their ASCII digits, a digit only in Unicode's wide
sense (``²``) reads as no code, and a line without a 类 gets a code only from a whole code before its name.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from budgetrules.reading.tablebuild import _code_for

_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")

_digits = st.text("0123456789", max_size=8)
_systems = st.sampled_from(["func", "econ"])


@given(_systems, _digits, _digits, _digits, st.none() | _digits)
def test_full_width_parts_read_as_their_ascii_digits(system, lei, kuan, xiang, merged) -> None:
    wide = [p.translate(_WIDE) for p in (lei, kuan, xiang)]
    wide_merged = merged.translate(_WIDE) if merged is not None else None
    assert _code_for(system, *wide, wide_merged) == _code_for(system, lei, kuan, xiang, merged)


@given(_systems, _digits, _digits, _digits, st.none() | _digits, st.integers(0, 3))
def test_a_part_with_a_superscript_digit_is_no_code(system, lei, kuan, xiang, merged, where) -> None:
    parts = [lei, kuan, xiang, merged or ""]
    parts[where] += "²"
    assert _code_for(system, parts[0], parts[1], parts[2], parts[3] or None) is None


@given(_systems, _digits, _digits, st.none() | _digits)
def test_without_a_lei_only_a_whole_code_before_the_name_is_read(system, kuan, xiang, merged) -> None:
    code = _code_for(system, " ", kuan, xiang, merged)
    if merged is None or len(merged) not in (3, 5, 7) or (len(merged) == 7 and system == "econ"):
        assert code is None  # (经济分类 has no 项: a 7-digit code is a 功能分类 code)
    else:
        assert code is not None and code.code == merged


def test_a_code_printed_in_parts_is_read() -> None:
    code = _code_for("func", "２０１", "0１", "1", None)
    assert code is not None and (code.lei, code.kuan, code.xiang) == ("201", "01", "01")


# --- a table reads each distinct amount text once (``build_table`` hands ``_build_row`` a per-table store) ---

from budgetrules.core.amounts import Unit  # noqa: E402
from budgetrules.core.model import Column, Source  # noqa: E402
from budgetrules.reading.tablebuild import GridRow, _build_row, _Layout  # noqa: E402

_COLUMNS = [Column("code_lei", "类", 0), Column("code_kuan", "款", 1), Column("name", "科目名称", 2),
            Column("total", "合计", 3), Column("basic", "基本支出", 4), Column("project_name", "项目", 5),
            Column("project", "项目支出", 6)]
_cell = st.sampled_from(["", " ", "642.00", "1,117.5", "-", "(3.00)", "２０８", "208", "05", "7", "合计", "行政运行",
                         "2O1", "95.00 ", "１２.5", "—", "abc"]) | st.text("0123456789,.- ", max_size=6)
_rows = st.lists(st.lists(_cell, min_size=0, max_size=8).map(tuple), max_size=12)


@given(_rows, _systems, st.sampled_from(list(Unit)), st.integers(1, 4))
def test_rows_read_with_the_amount_store_are_the_rows_read_without(cells, system, unit, line) -> None:
    layout = _Layout.of(None, _COLUMNS)
    rows = [GridRow(c, Source("a.txt", line + i), tuple(Source("a.txt", line + i, ref=f"c{j}") for j in range(len(c)) if i % 2))
            for i, c in enumerate(cells)]
    amounts: dict = {}
    stored = [_build_row(r, layout, unit, system, amounts) for r in rows]
    assert stored == [_build_row(r, layout, unit, system) for r in rows]
    # (rows compare their cells whole: text, amount and the source each was read from)
    assert set(amounts) <= {c.strip() for row in cells for c in row}
