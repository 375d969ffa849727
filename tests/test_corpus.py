"""The corpus regression test: every real document in ../shared/corpus and ../shared/samples gives exactly
the reviewed findings of its file in tests/corpus/ (see budgetrules/testing/corpusdiff.py).

A finding that appears or disappears fails the test; so does a change in how a document is identified or
its tables are read. After a deliberate change run ``python scripts/corpus_expected.py``, read every new
finding against the page, and only then ``--write`` (an error finding needs its one-sentence ``why``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_kit import corpus_files, corpus_reports, expected_path

from budgetrules.testing.corpusdiff import compare, read_expected

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXPECTED = Path(__file__).resolve().parent / "corpus"
EXPECTED_FILES = sorted(EXPECTED.rglob("*.toml"))

pytestmark = pytest.mark.skipif(not corpus_files(SHARED), reason="../shared (the real documents) is not present")


@pytest.fixture(scope="module")
def actual() -> dict:
    return dict(corpus_reports(SHARED))


def test_every_document_has_a_reviewed_file(actual):
    missing = [name for name in actual if not expected_path(EXPECTED, name).exists()]
    assert missing == [], "documents without an expected-findings file (scripts/corpus_expected.py --write)"


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.relative_to(EXPECTED).as_posix())
def test_document_gives_its_reviewed_findings(path, actual):
    expected = read_expected(path)
    assert expected.file in actual, f"{expected.file} is no longer checked"
    diff = compare(expected, actual[expected.file])
    assert diff.empty, "\n".join(diff.lines())


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.relative_to(EXPECTED).as_posix())
def test_every_error_is_justified(path):
    unexplained = [f.message for f in read_expected(path).findings if f.severity == "error" and not f.why.strip()]
    assert unexplained == []


def test_every_document_is_read_and_identified(actual):
    """Every file is read (no refusal of a real disclosure), its kind, year and department are established or
    a finding says which could not be, and a ruleset ran."""
    problems = []
    for name, got in actual.items():
        if got.error:
            problems.append(f"{name}: not read ({got.error})")
            continue
        said = {f.rule for f in got.findings}
        for value, code in ((got.kind, "BR010"), (got.year, "BR011"), (got.department, "BR012")):
            if not value and code not in said:  # never a silent gap: what cannot be established is reported
                problems.append(f"{name}: identity incomplete ({got.kind}, {got.year}, {got.department}), no {code}")
        if got.ruleset is None:
            problems.append(f"{name}: no ruleset ran")
    assert problems == []


def test_every_table_has_a_title_kind_and_unit(actual):
    problems = [
        f"{name}: {line}"
        for name, got in actual.items()
        for line in got.tables
        if "（无标题表格）" in line or line.split(" | ")[2] == "?"
    ]
    assert problems == []
