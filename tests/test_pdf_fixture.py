"""The real PDFs kept in the repository. The 25-page 决算 (tests/data/putuo-finance-2024-final-accounts.pdf) reads
as the published file does. The small 公开表 (tests/data/js-npc-office-2019-budget-tables.pdf, 江苏省人大常委会办公厅
2019 年部门预算公开表; source in tests/data/README.md): the PDF path — both readers, identification, table
reading, the rules and the command line — is tested wherever the tests run, with or without ../shared.

What it must give is what the corpus regression test expects of the same file
(tests/corpus/jiangsu/js-npc-office-2019-budget-tables.pdf.toml), read here alone: in the corpus it is checked
with its narrative (js-npc-standing-committee-2019-budget.pdf, the same folder), which adds what only the set
can say; alone it has BR020 (tables without their narrative) instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from conftest import PUTUO_ORIGINAL

from budgetrules.cli.main import main
from budgetrules.core import serialize
from budgetrules.engine.check import CheckConfig, check_file, load_document
from budgetrules.engine.rulesets import default_for_factory
from budgetrules.testing.corpusdiff import compare, observed, read_expected

NAME = "corpus/jiangsu/js-npc-office-2019-budget-tables.pdf"
EXPECTED = Path(__file__).resolve().parent / "corpus" / "jiangsu" / "js-npc-office-2019-budget-tables.pdf.toml"
#: The findings of the corpus file that need its narrative (checked with it as one document set).
SET_ONLY = {"MC104"}


def _alone(real_pdf_path, registry):
    report = check_file(real_pdf_path, registry, CheckConfig(ruleset_for=default_for_factory(registry)))
    return report, observed(report, NAME, str(real_pdf_path))


def test_the_fixture_reads_as_the_corpus_expects(real_pdf_path, registry, pdf_reader):
    """Identity, ruleset, every table (number, title, kind, unit, rows) and the findings, with each reader."""
    report, got = _alone(real_pdf_path, registry)
    expected = read_expected(EXPECTED)
    assert report.error is None
    alone = attrs.evolve(expected, findings=tuple(f for f in expected.findings if f.rule not in SET_ONLY))
    [br020] = [f for f in got.findings if f.rule == "BR020"]
    assert "只有公开表格，没有文字说明" in br020.message
    got = attrs.evolve(got, findings=tuple(f for f in got.findings if f.rule != "BR020"))
    diff = compare(alone, got)
    assert diff.empty, "\n".join(diff.lines())
    assert len(got.tables) == 12 and got.findings  # the PDF path produced tables and a finding


def test_the_command_line_on_a_real_pdf(real_pdf_path):
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--format", "json", str(real_pdf_path)])
    assert result.exit_code == 0, result.output  # warnings only: below the default fail level
    (report,) = json.loads(result.output)["files"]
    assert (report["kind"], report["year"], report["department"]) == ("预算", 2019, "江苏省人大常委会办公厅")
    cl106 = [f for f in report["findings"] if f["rule"] == "CL106"]
    assert [(f["location"]["page"], f["location"]["line"]) for f in cl106] == [(1, 20)]
    sarif = json.loads(runner.invoke(main, ["check", "--format", "sarif", str(real_pdf_path)]).output)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"BR020", "CL106"}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(real_pdf_path.name)
               for r in results)


# -- the 25-page 决算 kept in the repository ------------------------------------------------------------------


def test_the_putuo_copy_reads_as_the_published_file(putuo_path, registry, pdf_reader):
    """tests/data/putuo-finance-2024-final-accounts.pdf is the published 决算 with its embedded fonts reduced to
    the glyphs it prints (scripts/make_pdf_fixture.py): each reader gives the same object graph from both."""
    if not PUTUO_ORIGINAL.exists():
        pytest.skip("the published file is in ../shared/samples; the copy alone is tested by every other test")
    copy = load_document(putuo_path, registry)
    original = load_document(PUTUO_ORIGINAL, registry)
    assert len(copy.tables) >= 9 and copy.lines
    assert serialize.to_json(copy).replace(str(putuo_path), "F") == serialize.to_json(original).replace(
        str(PUTUO_ORIGINAL), "F")
