"""Real document sets: the 江苏 departments that publish the narrative and the tables as two PDFs
(../shared/corpus/jiangsu, see its README). Every file is read (none refused), says who it is, and the halves
pair by what they say — never by their names."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetrules.engine.check import check_unit, load_document
from budgetrules.reading import docsets
from budgetrules.reading import identity as ident

JIANGSU = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "jiangsu"

#: file → (year, department as the file itself states it); every one is a 预算.
PARTS = {
    "js-cppcc-office-2017-budget-text.pdf": (2017, "江苏省政协办公厅"),
    "js-cppcc-office-2017-budget-tables.pdf": (2017, "江苏省政协办公厅"),
    "js-cppcc-office-2018-budget-text.pdf": (2018, "江苏省政协办公厅"),
    "js-cppcc-office-2018-budget-tables.pdf": (2018, "江苏省政协办公厅"),
    "js-party-office-2017-budget-text.pdf": (2017, "江苏省委办公厅"),
    "js-party-office-2017-budget-tables.pdf": (2017, "中国共产党江苏省委员会办公厅"),
    "js-party-office-2018-budget-text.pdf": (2018, "江苏省委办公厅"),
    "js-party-office-2018-budget-tables.pdf": (2018, "中共江苏省委办公厅"),
    "js-party-office-2019-budget-text.pdf": (2019, "江苏省委办公厅"),
    "js-party-office-2019-budget-tables.pdf": (2019, "中共江苏省委办公厅"),
    # its page 6 reads "2019年部门预算公开表附后": the narrative half of the set below
    "js-npc-standing-committee-2019-budget.pdf": (2019, "江苏省人大常委会办公厅"),
    "js-npc-office-2019-budget-tables.pdf": (2019, "江苏省人大常委会办公厅"),
}


@pytest.fixture(scope="module")
def documents(registry):
    if not JIANGSU.exists():
        pytest.skip(f"corpus not present: {JIANGSU}")
    return {name: load_document(JIANGSU / name, registry) for name in PARTS}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_every_half_says_who_it_is(documents, name):
    identity = ident.of_document(documents[name])
    year, department = PARTS[name]
    assert (identity.year, identity.kind.value, identity.department) == (year, "预算", department)
    assert not identity.conflicts
    assert ident.findings(identity, name) == []


def test_roles(documents):
    roles = {name: docsets.role_of(doc) for name, doc in documents.items()}
    assert {n for n, r in roles.items() if r is docsets.Role.TABLES} == {n for n in PARTS if "tables" in n}
    assert {n for n, r in roles.items() if r is docsets.Role.NARRATIVE} == {n for n in PARTS if "tables" not in n}


def test_the_halves_pair_by_department_year_and_kind(documents):
    units = docsets.plan(list(documents.values()))
    pairs = sorted(tuple(Path(d.path).name for d, _ in u.members) for u in units)
    assert all(len(p) == 2 for p in pairs) and len(pairs) == 6
    for narrative, tables in pairs:
        assert PARTS[narrative][0] == PARTS[tables][0]
        assert ident.same_department(PARTS[narrative][1], PARTS[tables][1])
        assert "tables" in tables and "tables" not in narrative
    for unit in units:
        assert not unit.notes
        identity = ident.of_document(unit.document)
        assert identity.year and identity.kind and identity.department and not identity.conflicts


def test_the_same_halves_are_not_paired_across_years(documents):
    # the 2017 narrative and the 2018 tables of one department: no pair, each says what is missing
    picked = [documents["js-cppcc-office-2017-budget-text.pdf"], documents["js-cppcc-office-2018-budget-tables.pdf"]]
    units = docsets.plan(picked)
    assert [len(u.members) for u in units] == [1, 1]
    assert [[n.rule for n in u.notes] for u in units] == [["BR020"], ["BR020"]]


def test_a_set_s_findings_point_into_the_file_they_are_about(documents, registry):
    narrative = documents["js-cppcc-office-2017-budget-text.pdf"]
    tables = documents["js-cppcc-office-2017-budget-tables.pdf"]
    (unit,) = docsets.plan([narrative, tables])
    report = check_unit(unit, registry)
    assert report.is_set and report.paths == (narrative.path, tables.path)
    lines = {narrative.path: narrative.lines, tables.path: tables.lines}
    located = [f for f in report.findings if f.location.line is not None]
    assert {f.location.path for f in located} <= set(lines)
    for f in located:
        assert f.snippet == lines[f.location.path][f.location.line - 1]


def test_a_narrative_checked_alone_is_read_and_says_once_that_its_tables_are_elsewhere(documents, registry):
    narrative = documents["js-cppcc-office-2017-budget-text.pdf"]
    (unit,) = docsets.plan([narrative], batch=False)
    report = check_unit(unit, registry)
    rules = [f.rule for f in report.findings]
    assert rules.count("BR020") == 1 and "MC101" not in rules
    assert not any(f.rule == "MC106" and "表" in f.message.split("”")[0] for f in report.findings)
