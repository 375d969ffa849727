"""Property-based tests (hypothesis) of the arithmetic rules, the text writer and the text loader.

* every generated consistent budget (:mod:`budgetrules.testing.strategies`: exact parents and totals, printed amounts
  rounded to 2, 1 or 0 decimals) writes out in the text format and reads back as the same graph;
* no arithmetic rule reports anything on it, before or after the round trip;
* one amount moved by more than any rounding tolerance is reported where it is, or where a printed sum
  includes it, and nowhere else;
* the text loader, fed any text or bytes, returns a document or raises :class:`InputError` — nothing else.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budgetrules.core.errors import InputError
from budgetrules.core.model import Document
from budgetrules.engine.check import CheckConfig, check_document
from budgetrules.testing.strategies import Generated, budgets, perturb
from budgetrules.testing.textwriter import write_document
from budgetrules_plugins.loaders.textfile import load_text, parse_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: the tables of the reference sample's kinds, either a random subset or the whole 表一 … 表八 set
ANY_BUDGET = st.one_of(budgets(), budgets(all_tables=True))


def arithmetic(document: Document, registry) -> list:
    report = check_document(document, registry, CheckConfig(select=("AR",)))
    return [f for f in report.findings if f.rule.startswith("AR")]


def graph(document: Document):
    """What the text format carries: tables, columns, rows, codes and amounts with their printed decimals."""
    return [
        (
            t.kind, t.number, t.title, t.unit, t.declared_empty,
            [(c.key, c.label, c.side) for c in t.columns],
            [
                (r.label, r.code, r.role, r.side,
                 sorted((k, c.amount.value, c.amount.places, c.amount.unit) for k, c in r.cells.items()),
                 sorted(r.texts.items()))
                for r in t.rows
            ],
        )
        for t in document.tables
    ]


@SETTINGS
@given(ANY_BUDGET)
def test_round_trip_through_the_text_format(generated: Generated):
    doc = generated.document
    again = parse_text(write_document(doc), doc.path)
    assert (again.kind, again.year, again.title) == (doc.kind, doc.year, doc.title)
    assert graph(again) == graph(doc)


@SETTINGS
@given(ANY_BUDGET)
def test_no_arithmetic_finding_on_a_consistent_budget(registry, generated: Generated):
    assert [f.message for f in arithmetic(generated.document, registry)] == []
    reread = parse_text(write_document(generated.document), generated.document.path)
    assert [f.message for f in arithmetic(reread, registry)] == []


@SETTINGS
@given(ANY_BUDGET, st.data())
def test_a_perturbed_amount_is_found_where_it_is_and_nowhere_else(registry, generated: Generated, data):
    doc = generated.document
    # every printed amount except those of a column with no header, which no rule checks (see AR104)
    cells = [
        (t, r, key)
        for t, table in enumerate(doc.tables)
        for r, row in enumerate(table.rows)
        for key in sorted(row.cells)
        if not re.fullmatch(r"col\d+", key)
    ]
    assume(cells)
    t, r, key = data.draw(st.sampled_from(cells), label="cell")
    sign = data.draw(st.sampled_from([Decimal(1), Decimal(-1)]), label="sign")
    table = doc.tables[t]
    # beyond any tolerance of a sum this cell takes part in: a sum of k printed items tolerates at most
    # (k + 1) half-units of 1 (0 decimals), k < rows + columns; moving one term by more than twice that
    # breaks the sum whatever the rounding
    bound = len(table.rows) + len(table.columns) + 2
    delta = sign * data.draw(st.decimals(min_value=bound, max_value=1000, places=0), label="delta")
    changed = perturb(doc, t, r, key, delta)
    findings = arithmetic(changed, registry)
    allowed_rows = {(t, r)} | set(generated.includes[(t, r)])
    place = {
        (ti, ri): (tb.name, row.code.display if row.code else None, row.label or None)
        for ti, tb in enumerate(doc.tables)
        for ri, row in enumerate(tb.rows)
    }
    allowed = {place[ref] for ref in allowed_rows}
    found = {(f.location.table, f.location.code, f.location.row) for f in findings}
    assert found, f"{table.name} row {r} column {key} moved by {delta}: nothing reported"
    assert found <= allowed, (found - allowed, [f.message for f in findings])


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda s: s.encode("utf-8"))))
def test_text_loader_returns_a_document_or_raises_input_error(data):
    try:
        document = load_text(Path("fuzz.txt"), data)
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ") and exc.problem
        return
    assert isinstance(document, Document) and document.tables


_CELL = st.sampled_from(["", "合计", "总计", "212", "21201", "01", "99 其他", "1117.5", "0.00", "-", "(3.00)",
                         "1,234.56", "类", "款", "项", "收入", "支出", "基本支出", "项目支出", "一般公共预算", "x"])
_LINE = st.one_of(
    st.lists(_CELL, min_size=1, max_size=8).map("\t".join),
    st.sampled_from(["表二：部门（单位）收入总体情况表", "部门收支总体情况表", "单位：万元", "备注：本表为空表",
                     "第一部分 概况", "一、收入", "（一）其他", "测试局 2021 年部门预算公开", ""]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=40).map("\n".join))
def test_text_loader_on_table_like_text(text):
    try:
        document = load_text(Path("fuzz.txt"), text.encode("utf-8"))
    except InputError:
        return
    assert document.tables


def sections(document: Document):
    return [(s.number, s.title, s.level, [p.text for p in s.paragraphs]) for s in document.walk_sections()]


def test_reference_sample_round_trips_with_the_same_findings(akto, registry):
    text = write_document(akto)
    again = parse_text(text, akto.path)
    assert graph(again) == graph(akto)
    assert sections(again) == sections(akto)
    assert again.department == akto.department

    def places(doc):
        found = arithmetic(doc, registry)
        return sorted((f.rule, f.location.logical(), f.expected, f.actual, f.message) for f in found)

    assert places(again) == places(akto) and len(places(akto)) == 14


@SETTINGS
@given(budgets(extra_tables=False), st.data())
def test_a_missing_kuan_row_only_warns_at_its_xiang(registry, generated: Generated, data):
    """Dropping a 款 row that has 项: its 项 count toward the 类 directly, so the sums still hold (no
    AR101–AR106) and AR107 warns once per orphaned 项."""
    doc = generated.document
    t = data.draw(st.sampled_from([0, 2]), label="table")  # 表二 (类/款/项 columns) or 表五 (项 merged)
    table = doc.tables[t]
    kuan = [
        i for i, row in enumerate(table.rows)
        if row.code is not None and row.code.level == "款"
        and any(generated.includes[(t, j)] == {(t, i)} for j in range(len(table.rows)))
    ]
    assume(kuan)
    k = data.draw(st.sampled_from(kuan), label="kuan")
    orphans = {table.rows[j].code.display for j in range(len(table.rows)) if generated.includes[(t, j)] == {(t, k)}}
    rows = tuple(r for i, r in enumerate(table.rows) if i != k)
    tables = tuple(attrs.evolve(x, rows=rows) if i == t else x for i, x in enumerate(doc.tables))
    changed = attrs.evolve(doc, tables=tables)
    findings = arithmetic(changed, registry)
    assert [f.message for f in findings if f.rule != "AR107"] == []
    assert sorted(f.location.code for f in findings) == sorted(orphans)
    assert all(table.rows[k].code.code in f.message for f in findings)


def _example_texts():
    from budgetrules.engine.plugins import get_registry
    from budgetrules.testing import load_cases

    registry = get_registry()
    for rule_id, rule in sorted(registry.rules.items()):
        if rule.package != "budgetrules":
            continue  # an installed third-party plugin's examples are its own suite's business
        for kind, blocks in rule.examples().items():
            for i, text in enumerate(blocks):
                yield pytest.param(text, id=f"{rule_id}-{kind}-{i}")
    for path in sorted((Path(__file__).parent / "rules").glob("*.toml")):
        for i, case in enumerate(load_cases(path)):
            yield pytest.param(case["document"], id=f"{path.stem}-case-{i}")


@pytest.mark.parametrize("text", list(_example_texts()))
def test_every_rule_example_round_trips_through_the_writer(text):
    """The writer on every layout the rule authors wrote down (docstring examples and TOML cases)."""
    from budgetrules.testing import example_document

    doc = example_document(text)
    again = parse_text(write_document(doc), doc.path)
    assert graph(again) == graph(doc)
    assert (again.kind, again.year) == (doc.kind, doc.year)


@pytest.mark.parametrize(
    "value,places,text",
    [("1117.5", 1, "1117.5"), ("1117.50", 2, "1117.50"), ("0", 0, "0"), ("-3.00", 2, "-3.00"), ("12", 0, "12")],
)
def test_format_amount_keeps_the_printed_decimals(value, places, text):
    from budgetrules.core.amounts import Amount, parse_amount
    from budgetrules.testing.textwriter import format_amount

    amount = Amount(Decimal(value), places)
    assert format_amount(amount) == text
    assert parse_amount(text) == amount


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from([0, 1, 2]), st.data())
def test_printed_amounts_stand_for_the_true_amount(yuan, places, data):
    """Every printed amount the strategies draw is the true amount rounded: its interval contains it."""
    from budgetrules.testing.strategies import printed

    amount = data.draw(printed(yuan, (places,), blank_zero=False))
    assert amount.places == places
    assert amount.interval().contains(Decimal(yuan) / 10000)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_arithmetic_rules_never_crash_on_a_mangled_sample(akto_path, registry, data):
    """Lines of the reference sample dropped, duplicated or cells blanked: the rules may report anything but
    must never fail (a crash would be a BR002 finding and a table left unchecked)."""
    lines = akto_path.read_text(encoding="utf-8").splitlines()
    n = len(lines)
    edits = data.draw(st.lists(st.tuples(st.sampled_from(["drop", "dup", "blank"]), st.integers(0, n - 1)),
                               max_size=12), label="edits")
    for op, i in sorted(edits, key=lambda e: -e[1]):
        if i >= len(lines):
            continue
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        else:
            cells = lines[i].split("\t")
            j = data.draw(st.integers(0, len(cells) - 1), label="cell")
            cells[j] = ""
            lines[i] = "\t".join(cells)
    doc = parse_text("\n".join(lines) + "\n", "mangled.txt")
    report = check_document(doc, registry, CheckConfig(select=("AR",)))
    assert [f.message for f in report.findings if f.rule.startswith("BR")] == []
