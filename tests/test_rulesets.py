"""Rulesets: the shipped files load and name only existing rules; validation names the file and the key;
``extends`` merges; the automatic choice; registered directories; the CLI (``check --ruleset``, ``rulesets``)."""

from __future__ import annotations

import types
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetrules import hookimpl
from budgetrules.cli.main import main
from budgetrules.core.errors import UsageError
from budgetrules.core.findings import Severity
from budgetrules.core.model import Department, DocKind, Document
from budgetrules.engine import rulesets
from budgetrules.engine.check import CheckConfig, check_document, check_paths
from budgetrules.engine.plugins import Registry
from budgetrules.testing import example_document

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "rulesets"
SHIPPED = sorted(p.stem for p in SHIPPED_DIR.glob("*.toml"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _doc(kind: DocKind | None, year: int | None, title: str) -> Document:
    return Document(path="x.txt", kind=kind, year=year, title=title, department=Department(None), sections=(), tables=())


# -- shipped rulesets --------------------------------------------------------------------------------------


def test_the_rulesets_ship():
    assert {"national-budget", "national-final", "xinjiang-county-budget", "central-budget-2021",
            "shanghai-final-2024", "jiangsu-provincial-budget", "jiangsu-provincial-budget-2018",
            "jiangsu-provincial-budget-2019", "shanghai-district-budget", "chongqing-budget-2026",
            "zhuhai-budget-2026", "moe-university-budget", "moe-university-final"} <= set(SHIPPED)


@pytest.mark.parametrize("name", ["national-budget", "national-final"])
def test_the_national_baseline_requires_only_what_the_national_rules_require(name, registry):
    """The fallback of every unknown region: the eight tables and the parts 143号 lists are errors; what it
    publishes "逐步" (国有资产, 绩效) is a warning; one explanation per table is not required (the 三公 alone)."""
    params = rulesets.resolve(name, registry).params
    assert len(params["MC101"]["tables"]) == 8
    assert not any(t.get("severity") for t in params["MC101"]["tables"])
    gradual = {s["name"] for s in params["MC102"]["sections"] if s.get("severity") == "warning"}
    assert len(gradual) == 2 and all("国有资产" in n or "绩效" in n for n in gradual)
    assert all("逐步" in s["basis"] for s in params["MC102"]["sections"] if s.get("severity") == "warning")
    admin = [s for s in params["MC102"]["sections"] if "机关运行" in s["name"]]
    assert [s.get("when") for s in admin] == ["admin"]
    assert params["MC103"]["tables"] == ["sangong"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_ruleset_loads_and_names_only_existing_rules(name, registry):
    ruleset = rulesets.resolve(name, registry)
    assert ruleset.name == name
    assert ruleset.kind in ("预算", "决算")
    assert ruleset.description and ruleset.region and ruleset.basis
    for rule_id, params in ruleset.params.items():
        rule = registry.rules[rule_id]  # the section names a registered rule
        assert set(params) <= set(rule.params)
    # every family the ruleset selects by prefix has rules, and the mandatory and 三公 families all run
    for pattern in ruleset.select or ():
        assert any(r.startswith(pattern) for r in registry.rules), pattern
    enabled = {r.id for r in registry.rules.values() if ruleset.enabled(r)}
    assert enabled >= {r for r in registry.rules if r.startswith(("MC", "SG"))}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_thresholds_name_their_document(name, registry):
    ruleset = rulesets.resolve(name, registry)
    for rule_id, params in ruleset.params.items():
        for key, value in params.items():
            if isinstance(value, Decimal) and key.endswith("_cap"):
                basis_keys = [k for k in params if k.endswith("basis")]
                assert basis_keys and all("〔" in params[k] or "《" in params[k] for k in basis_keys), (rule_id, key)


def test_regional_sets_extend_the_national_ones(registry):
    xinjiang = rulesets.resolve("xinjiang-county-budget", registry)
    assert xinjiang.chain == ("national-budget", "xinjiang-county-budget")
    assert [t["kind"] for t in xinjiang.params["MC101"]["tables"]] == [
        "summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic", "gpb_project", "sangong",
        "gov_fund"]
    # the template's own parts: 国有资产 and 绩效 are errors there (nationally they are published "逐步")
    national = rulesets.resolve("national-budget", registry).params["MC102"]["sections"]
    assert {s.get("severity") for s in xinjiang.params["MC102"]["sections"]} == {None}
    assert {s["name"] for s in national if s.get("severity") == "warning"} == {"国有资产占用情况", "重点项目预算绩效目标情况"}
    assert xinjiang.params["MC103"]["tables"] == ["*"]
    assert rulesets.resolve("national-budget", registry).params["MC103"]["tables"] == ["sangong"]
    # inherited from the national baseline: the basis, the thresholds
    assert any("143号" in b for b in xinjiang.basis)
    assert xinjiang.params["SG105"]["general_car_cap"] == Decimal("18")
    central = rulesets.resolve("central-budget-2021", registry)
    assert "soe" in [t["kind"] for t in central.params["MC101"]["tables"]]
    assert "gpb_project" not in [t["kind"] for t in central.params["MC101"]["tables"]]
    shanghai = rulesets.resolve("shanghai-final-2024", registry)
    assert shanghai.kind == "决算" and shanghai.years == (2024, 2024)
    assert len(shanghai.params["MC101"]["tables"]) == 9


# -- the automatic choice -------------------------------------------------------------------------------------


def test_reference_sample_gets_the_xinjiang_county_set(akto, registry):
    choose = rulesets.default_for_factory(registry)
    assert choose(akto).name == "xinjiang-county-budget"


@pytest.mark.parametrize(
    "kind,year,title,expected",
    [
        (DocKind.BUDGET, 2019, "某市教育局2019年部门预算", "national-budget"),
        (DocKind.BUDGET, 2021, "某市教育局2021年部门预算", "national-budget"),
        (DocKind.BUDGET, 2022, "伊犁哈萨克自治州尼勒克县某局2022年部门预算", "national-budget"),  # the county set is 2021's
        (DocKind.FINAL, 2024, "上海市普陀区财政局2024年度部门决算", "shanghai-final-2024"),
        (DocKind.FINAL, 2023, "上海市普陀区财政局2023年度部门决算", "national-final"),
        (DocKind.FINAL, 2024, "某县财政局2024年度部门决算", "national-final"),
        (DocKind.BUDGET, None, "某局部门预算", "national-budget"),
        (None, 2021, "某局公开材料", None),
        (DocKind.BUDGET, 2010, "某局2010年部门预算", None),  # before 143号
        # regional templates, by region and year; an unknown region falls back to the national baseline
        (DocKind.BUDGET, 2017, "江苏省人民检察院2017年部门预算", "jiangsu-provincial-budget"),
        (DocKind.BUDGET, 2018, "中共江苏省委办公厅2018年度部门预算", "jiangsu-provincial-budget-2018"),
        (DocKind.BUDGET, 2019, "江苏省人大常委会2019年度部门预算", "jiangsu-provincial-budget-2019"),
        (DocKind.BUDGET, None, "江苏省政协办公厅部门预算公开表", "jiangsu-provincial-budget"),  # year unknown: widest
        (DocKind.BUDGET, 2018, "江苏省市场监督管理局2018年部门预算", "jiangsu-provincial-budget-2018"),
        (DocKind.BUDGET, 2018, "江苏省南京市某局2018年部门预算", "national-budget"),  # a city of the province
        (DocKind.BUDGET, 2020, "江苏省人民检察院2020年部门预算", "national-budget"),
        (DocKind.BUDGET, 2024, "上海市普陀区2024年区级部门预算", "shanghai-district-budget"),
        (DocKind.BUDGET, 2026, "上海市普陀区2026年区级单位预算", "shanghai-district-budget"),
        (DocKind.BUDGET, 2026, "重庆市水利局2026年部门预算", "chongqing-budget-2026"),
        (DocKind.BUDGET, 2026, "重庆市渝中区某局2026年部门预算", "national-budget"),
        (DocKind.BUDGET, 2026, "2026年珠海市商务局部门预算", "zhuhai-budget-2026"),
        (DocKind.BUDGET, 2024, "某某大学2024年部门预算", "moe-university-budget"),
        (DocKind.FINAL, 2023, "某某师范学院2023年度部门决算", "moe-university-final"),
    ],
)
def test_default_choice(kind, year, title, expected, registry):
    chosen = rulesets.default_for_factory(registry)(_doc(kind, year, title))
    assert (chosen.name if chosen else None) == expected


def test_choice_prefers_match_then_depth(registry, tmp_path):
    base = rulesets.resolve("national-budget", registry)
    deeper = rulesets.resolve("xinjiang-county-budget", registry)
    unmatched = _doc(DocKind.BUDGET, 2021, "某市某局2021年部门预算")
    assert rulesets.choose(unmatched, [deeper, base]).name == "national-budget"
    matched = _doc(DocKind.BUDGET, 2021, "喀什地区莎车县某局2021年部门预算")
    assert rulesets.choose(matched, [base, deeper]).name == "xinjiang-county-budget"


# -- the Ruleset interface -----------------------------------------------------------------------------------


def test_select_ignore_and_severity_by_id_prefix_and_glob(registry, tmp_path):
    path = _write(tmp_path, "mine.toml", """
kind = "预算"
select = ["MC", "SG1*"]
ignore = ["MC106"]
[severity]
MC = "warning"
MC101 = "info"
"SG10[12]" = "error"
SG103 = "off"
""")
    rs = rulesets.resolve(str(path), registry)
    rules = registry.rules
    assert rs.name == "mine"
    assert rs.enabled(rules["MC101"]) and rs.enabled(rules["SG101"])
    assert not rs.enabled(rules["MC106"])  # ignored
    assert not rs.enabled(rules["SG103"])  # severity off
    assert not any(rs.enabled(r) for r in rules.values() if not r.id.startswith(("MC", "SG")))
    assert rs.severity_for(rules["MC101"]) is Severity.INFO  # exact id beats prefix
    assert rs.severity_for(rules["MC102"]) is Severity.WARNING  # prefix
    assert rs.severity_for(rules["SG102"]) is Severity.ERROR  # glob
    assert rs.severity_for(rules["SG104"]) is None  # default


def test_parameters_are_checked_and_numbers_are_decimal(registry, tmp_path):
    path = _write(tmp_path, "caps.toml", """
extends = "national-budget"
[rules.SG105]
general_car_cap = 15.5
caps_basis = "某省公务用车配备标准（示例）"
[rules.SG106]
delegation_max_people = 5
""")
    rs = rulesets.resolve(str(path), registry)
    params = rs.params_for(registry.rules["SG105"])
    assert params["general_car_cap"] == Decimal("15.5") and isinstance(params["general_car_cap"], Decimal)
    assert params["confidential_car_cap"] == Decimal("12")  # inherited from national-budget
    assert rs.params_for(registry.rules["SG106"])["delegation_max_people"] == 5
    assert rs.params_for(registry.rules["MC104"]) == {}


def test_extends_merges(registry, tmp_path):
    _write(tmp_path, "parent.toml", """
kind = "决算"
years = "2020-2024"
region = "某省"
basis = ["文件甲"]
select = ["MC"]
ignore = ["MC106"]
[severity]
MC104 = "info"
[rules.MC106]
min_similarity = 0.8
""")
    child = _write(tmp_path, "child.toml", """
extends = "parent.toml"
basis = ["文件乙"]
extend_select = ["SG"]
ignore = ["SG107"]
[severity]
MC105 = "warning"
""")
    rs = rulesets.resolve(str(child), registry)
    assert rs.kind == "决算" and rs.years == (2020, 2024) and rs.region == "某省"
    assert rs.basis == ("文件甲", "文件乙")
    assert rs.select == ("MC", "SG") and rs.ignore == ("MC106", "SG107")
    assert rs.severities == {"MC104": "info", "MC105": "warning"}
    assert rs.params["MC106"] == {"min_similarity": Decimal("0.8")}
    assert rs.chain == ("parent", "child") and rs.extends == "parent.toml"
    assert not rs.auto


# -- validation: the file and the key are named ------------------------------------------------------------

BAD = [
    ('colour = "red"\n', "colour"),
    ('kind = "年报"\n', "kind"),
    ('years = "21-"\n', "years"),
    ('years = "2024-2020"\n', "years"),
    ('select = ["MC999"]\n', "select"),
    ('ignore = ["mc101"]\n', "ignore"),
    ('[severity]\nMC101 = "fatal"\n', "severity.MC101"),
    ('[severity]\nZZ999 = "info"\n', "severity.ZZ999"),
    ("[rules.ZZ999]\nx = 1\n", "rules.ZZ999"),
    ("[rules.MC101]\ncolour = 1\n", "rules.MC101.colour"),
    ("[rules.MC104]\ntables = []\n", "rules.MC104.tables"),
    ('[rules.MC106]\nmin_similarity = "high"\n', "rules.MC106.min_similarity"),
    ('[rules.SG106]\ndelegation_max_people = 6.5\n', "rules.SG106.delegation_max_people"),
    ('[rules.SG107]\ncheck_training = "yes"\n', "rules.SG107.check_training"),
    ('[rules.MC101]\ntables = [{ kind = "soe", colour = "x" }]\n', "rules.MC101.tables[0].colour"),
    ('[rules.MC101]\ntables = [{ kind = "soe", aliases = "x" }]\n', "rules.MC101.tables[0].aliases"),
    ('[rules.MC102]\nsections = "all"\n', "rules.MC102.sections"),
    ('extends = "no-such-ruleset"\n', "extends"),
    ('match = ["("]\n', "match"),
    ("auto = 1\n", "auto"),
    ("kind = \n", None),  # not TOML at all
]


@pytest.mark.parametrize("text,key", BAD)
def test_bad_ruleset_is_a_usage_error_naming_file_and_key(text, key, registry, tmp_path):
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(UsageError) as info:
        rulesets.resolve(str(path), registry)
    message = str(info.value)
    assert str(path) in message
    if key is not None:
        assert f"键 {key}" in message


def test_extends_cycle_is_rejected(registry, tmp_path):
    _write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    b = _write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(UsageError, match="循环继承"):
        rulesets.resolve(str(b), registry)


def test_unknown_name_and_missing_file(registry, tmp_path):
    with pytest.raises(UsageError, match="未知的规则集 'nope'.*national-budget"):
        rulesets.resolve("nope", registry)
    with pytest.raises(UsageError, match="规则集文件不存在"):
        rulesets.resolve(str(tmp_path / "missing.toml"), registry)


def test_an_error_in_a_parent_names_the_parent(registry, tmp_path):
    parent = _write(tmp_path, "parent.toml", "[rules.MC101]\ncolour = 1\n")
    child = _write(tmp_path, "child.toml", 'extends = "parent.toml"\n')
    with pytest.raises(UsageError) as info:
        rulesets.resolve(str(child), registry)
    assert str(parent) in str(info.value) and "rules.MC101.colour" in str(info.value)


# -- directories registered by plugins ------------------------------------------------------------------------


def _registry_with_dir(directory: Path) -> Registry:
    plugin = types.ModuleType("extra_rulesets")

    @hookimpl
    def register_rulesets(register):
        register(directory)

    plugin.register_rulesets = register_rulesets
    return Registry([("extra-rulesets", plugin)])


def test_registered_directories_are_searched_first(tmp_path):
    _write(tmp_path, "province-budget.toml", 'extends = "national-budget"\ndescription = "某省"\nregion = "某省"\n')
    _write(tmp_path, "national-budget.toml", 'kind = "预算"\ndescription = "本单位定制"\nselect = ["MC"]\n')
    registry = _registry_with_dir(tmp_path)
    assert tmp_path in registry.ruleset_dirs
    assert rulesets.resolve("national-budget", registry).description == "本单位定制"
    province = rulesets.resolve("province-budget", registry)
    assert province.chain == ("national-budget", "province-budget") and province.select == ("MC",)
    names = [f.name for f, r, e in rulesets.available(registry)]
    assert "province-budget" in names and names.count("national-budget") == 1


def test_name_must_match_file_name(tmp_path):
    _write(tmp_path, "alpha.toml", 'name = "beta"\nkind = "预算"\n')
    registry = _registry_with_dir(tmp_path)
    with pytest.raises(UsageError, match="键 name"):
        rulesets.resolve("alpha", registry)


# -- in a check -----------------------------------------------------------------------------------------------

EMPTY_FUND = """测试局 2021 年部门预算公开
第一部分 公开表
表九：政府性基金预算支出情况表
单位：万元
第二部分 情况说明
一、机关运行经费情况
机关运行经费 7.6 万元。
"""


def test_severity_override_reaches_the_findings(registry, tmp_path):
    doc = example_document(EMPTY_FUND)
    plain = check_document(doc, registry, CheckConfig(select=("MC104",)))
    assert [f.severity for f in plain.findings] == [Severity.ERROR]
    path = _write(tmp_path, "soft.toml", 'kind = "预算"\n[severity]\nMC104 = "info"\n')
    soft = check_document(doc, registry, CheckConfig(select=("MC104",), ruleset=rulesets.resolve(str(path), registry)))
    assert [f.severity for f in soft.findings] == [Severity.INFO]
    assert soft.ruleset == "soft"


def test_report_carries_the_default_ruleset_name(akto_path, registry):
    config = CheckConfig(ruleset_for=rulesets.default_for_factory(registry))
    [report] = check_paths([akto_path], registry, config)
    assert report.ruleset == "xinjiang-county-budget"


def test_ruleset_survives_parallel_jobs(akto_path, tmp_path, registry):
    copy = tmp_path / "b.txt"
    copy.write_bytes(akto_path.read_bytes())
    config = CheckConfig(select=("MC", "SG"), ruleset=rulesets.resolve("national-budget", registry))
    reports = check_paths([akto_path, copy], registry, config, jobs=2)
    assert [r.ruleset for r in reports] == ["national-budget", "national-budget"]
    assert all(r.error is None for r in reports)


# -- the command line -----------------------------------------------------------------------------------------


def test_cli_check_with_ruleset_name_and_path(akto_path, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--select", "MC,SG", "--ruleset", "national-budget", str(akto_path)])
    assert result.exit_code == 0, result.output
    assert "规则集 national-budget" in result.output
    path = _write(tmp_path, "strict.toml", 'extends = "xinjiang-county-budget"\n')
    result = runner.invoke(main, ["check", "--select", "MC,SG", "--ruleset", str(path), str(akto_path)])
    assert result.exit_code == 0, result.output
    assert "规则集 strict" in result.output


def test_cli_check_default_ruleset_is_printed(akto_path):
    result = CliRunner().invoke(main, ["check", "--select", "MC", str(akto_path)])
    assert "规则集 xinjiang-county-budget" in result.output


def test_cli_bad_ruleset_exits_2_naming_file_and_key(akto_path, tmp_path):
    path = _write(tmp_path, "bad.toml", "[rules.MC101]\ncolour = 1\n")
    result = CliRunner().invoke(main, ["check", "--ruleset", str(path), str(akto_path)])
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "rules.MC101.colour" in result.output
    result = CliRunner().invoke(main, ["check", "--ruleset", "nope", str(akto_path)])
    assert result.exit_code == 2 and "未知的规则集" in result.output


def test_cli_rulesets_lists_and_shows():
    runner = CliRunner()
    result = runner.invoke(main, ["rulesets"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["名称", "类型", "年度", "地区", "继承"]
    for name in SHIPPED:
        assert any(line.startswith(name + " ") for line in lines), name
    row = next(line for line in lines if line.startswith("xinjiang-county-budget"))
    assert "预算" in row and "2021" in row and "national-budget" in row and "新疆" in row
    result = runner.invoke(main, ["rulesets", "shanghai-final-2024"])
    assert result.exit_code == 0
    assert "national-final → shanghai-final-2024" in result.output and "[rules.MC101]" in result.output
    result = runner.invoke(main, ["rulesets", "nope"])
    assert result.exit_code == 2 and "未知的规则集" in result.output


def test_default_choice_survives_parallel_jobs(akto_path, tmp_path, registry):
    import pickle

    chooser = rulesets.default_for_factory(registry)
    assert pickle.loads(pickle.dumps(chooser))(_doc(DocKind.FINAL, 2024, "上海市某局2024年度部门决算")).name == \
        "shanghai-final-2024"
    copy = tmp_path / "b.txt"
    copy.write_bytes(akto_path.read_bytes())
    config = CheckConfig(select=("MC", "SG"), ruleset_for=chooser)
    serial = check_paths([akto_path, copy], registry, config, jobs=1)
    parallel = check_paths([akto_path, copy], registry, config, jobs=2)
    assert [r.ruleset for r in parallel] == ["xinjiang-county-budget"] * 2
    assert [(r.path, r.findings) for r in parallel] == [(r.path, r.findings) for r in serial]


def test_a_broken_plugin_does_not_stop_the_automatic_choice(akto):
    import budgetrules_plugins.loaders.textfile as text_loader
    import budgetrules_plugins.sangong

    broken = types.ModuleType("broken_rules")

    @hookimpl
    def register_rules(register):
        raise RuntimeError("boom")

    broken.register_rules = register_rules
    # the mandatory family is missing (as if its import had failed) and another plugin is broken
    registry = Registry([("loader-text", text_loader), ("sangong", budgetrules_plugins.sangong), ("broken", broken)],
                        entry_points=False)
    assert registry.errors and "MC101" not in registry.rules
    with pytest.raises(UsageError, match="rules.MC101"):
        rulesets.resolve("xinjiang-county-budget", registry)  # asked for by name: strict
    chosen = rulesets.default_for_factory(registry)(akto)
    assert chosen.name == "xinjiang-county-budget" and "MC101" not in chosen.params
    report = check_document(akto, registry, CheckConfig(ruleset=chosen))
    assert [f.rule for f in report.findings] == ["BR001"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_tables_and_sections_are_well_formed(name, registry):
    import re

    from budgetrules.core.tablekinds import KINDS_BY_ID

    params = rulesets.resolve(name, registry).params
    tables = params["MC101"]["tables"]
    assert len({t["kind"] for t in tables}) == len(tables)
    for table in tables:
        assert table["kind"] in KINDS_BY_ID and table["title"] and table["aliases"]
        # the display title is recognised as a table of its kind
        assert KINDS_BY_ID[table["kind"]].matches(table["title"]), table["title"]
    for section in params["MC102"]["sections"]:
        assert section["name"] and all(re.compile(a) for a in section["aliases"])
        assert section.get("when", "") in ("", "projects", "admin")
        assert section.get("severity", "") in ("", "error", "warning", "info")
    for table in tables:
        assert table.get("when", "") in ("", "projects", "admin")


def test_the_automatic_choice_loads_each_ruleset_file_once_and_as_a_single_load_does(monkeypatch):
    import attrs

    from budgetrules.engine import rulesets
    from budgetrules.engine.plugins import get_registry

    registry = get_registry()
    validated: list[str] = []
    real = rulesets._validate

    def counting(path, *args, **kwargs):
        validated.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(rulesets, "_validate", counting)
    candidates = rulesets.default_for_factory(registry).candidates
    assert len(validated) == len(set(validated))  # a parent several candidates extend: validated once
    assert any(len(c.chain) > 1 for c in candidates)
    for chosen in candidates:  # the same rulesets as loading each on its own
        alone = rulesets.resolve(chosen.name, registry)
        assert attrs.astuple(alone, recurse=False) == attrs.astuple(chosen, recurse=False)
