"""八项规定 / “三公” rules (SG1xx) on the reference sample and on copies of it edited here (written to tmp_path)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetrules.core.findings import Severity
from budgetrules.engine import rulesets
from budgetrules.engine.check import CheckConfig, check_document, check_file
from budgetrules.testing import example_document
from budgetrules_plugins.sangong.claims import item, statements


def _statements(doc, registry):
    """The 三公 statements the claims extractor reads in ``doc``."""
    from budgetrules.engine.check import add_claims

    return statements(add_claims(doc, registry)[0])

TOTAL = "2021 年一般公共预算“三公”经费比上年减少 0.03 万元，其中："
RUNNING = "公务用车运行费减少 0.03 万元，主要原因是公务用车使用量减少；"
ROW = "1.83\t0.00\t1.83\t0.00\t1.83\t0.00\n"


@pytest.fixture(scope="module")
def sample_text(akto_path) -> str:
    text = akto_path.read_text(encoding="utf-8")
    for part in (TOTAL, RUNNING, ROW):
        assert part in text
    return text


def _check(text: str, tmp_path: Path, registry, ruleset=None):
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8")
    config = CheckConfig(select=("SG",), ruleset=ruleset, ruleset_for=rulesets.default_for_factory(registry))
    report = check_file(path, registry, config)
    assert report.error is None
    return report


def _of(report, rule_id):
    return [f for f in report.findings if f.rule == rule_id]


def _raise(text: str, running: str = "公务用车运行费增加 0.50 万元；") -> str:
    """The sample with the 三公 figures raised by 0.50 (table and text) and the rise stated."""
    text = text.replace(ROW, "2.33\t0.00\t2.33\t0.00\t2.33\t0.00\n")
    text = text.replace("“三公”经费数为 1.83 万元", "“三公”经费数为 2.33 万元")
    text = text.replace("公务用车运行费 1.83 万元，公务接待费", "公务用车运行费 2.33 万元，公务接待费")
    text = text.replace(TOTAL, TOTAL.replace("减少 0.03", "增加 0.50"))
    return text.replace(RUNNING, running)


# -- the reference sample ----------------------------------------------------------------------------------


def test_sample_has_no_sangong_finding(sample_text, tmp_path, registry):
    report = _check(sample_text, tmp_path, registry)
    assert report.ruleset == "xinjiang-county-budget"
    assert [f.message for f in report.findings] == []


def test_sample_statements_are_read(akto, registry):
    found = {(item(s), s.quantity): s for s in _statements(akto, registry)}
    assert found[("total", "amount")].value.value == Decimal("1.83")
    assert found[("total", "change")].value.value == Decimal("-0.03")
    assert found[("total", "change")].against == "previous" and found[("total", "change")].reason is None
    running = found[("car_running", "change")]
    assert running.value.value == Decimal("-0.03") and running.reason == "主要原因是公务用车使用量减少"
    assert found[("reception", "change")].value.value == 0


# -- SG101 / SG102: changes and their reasons ---------------------------------------------------------------


def test_raising_sangong_without_reason_is_reported(sample_text, tmp_path, registry):
    report = _check(_raise(sample_text), tmp_path, registry)
    found = _of(report, "SG101")
    assert sorted(f.key.split(":")[1] for f in found) == ["car_running", "total"]
    assert all(f.severity is Severity.ERROR for f in found)
    running = next(f for f in found if ":car_running:" in f.key)
    assert "公务用车运行费比上年增加 0.50 万元，未说明增加原因" in running.message
    assert running.location.section.startswith("八")
    assert not _of(report, "SG102")


def test_a_rise_with_its_reason_is_not_reported(sample_text, tmp_path, registry):
    text = _raise(sample_text, "公务用车运行费增加 0.50 万元，主要原因是新增执法执勤车辆运行维护；")
    assert not _of(_check(text, tmp_path, registry), "SG101")


def test_a_reason_for_the_total_covers_the_items(sample_text, tmp_path, registry):
    text = _raise(sample_text).replace("增加 0.50 万元，其中：", "增加 0.50 万元，主要原因是承担全县创城迎检任务，其中：")
    assert not _of(_check(text, tmp_path, registry), "SG101")


def test_a_fall_without_reason_is_a_warning(sample_text, tmp_path, registry):
    text = sample_text.replace(RUNNING, "公务用车运行费减少 0.03 万元；")
    found = _of(_check(text, tmp_path, registry), "SG102")
    assert sorted(f.key.split(":")[1] for f in found) == ["car_running", "total"]
    assert all(f.severity is Severity.WARNING for f in found)
    assert any("公务用车运行费比上年减少 0.03 万元，未说明减少原因" in f.message for f in found)


def test_a_growth_rate_is_a_change(registry):
    doc = example_document("""测试局 2021 年部门预算公开
一、“三公”经费预算情况说明
“三公”经费预算 2.20 万元，比上年增长 10%。
""")
    [f] = check_document(doc, registry, CheckConfig(select=("SG101",))).findings
    assert "增长 10%" in f.message


def test_a_budget_overrun_of_a_final_account_needs_its_reason(registry):
    doc = example_document("""测试局 2024 年部门决算公开
一、“三公”经费财政拨款支出决算情况说明
公务接待费支出决算为 1.20 万元，比预算增加 0.20 万元。
""")
    [f] = check_document(doc, registry, CheckConfig(select=("SG101",))).findings
    assert "公务接待费比预算增加 0.20 万元" in f.message


#: A 三公 explanation whose heading was read as a paragraph ("一、…“三公”经费预算情况说明" inside another section):
#: the total's rise is explained by the items that follow it in their own paragraphs.
HEADING_AS_PARAGRAPH = """测试局 2024 年部门预算公开
其他相关情况说明
一、2024年“三公”经费预算情况说明
2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元。其中：
（一）因公出国（境）费0万元，比2023年预算持平。主要原因是因公出国（境）费保持不变。
（二）公务用车购置及运行费46.56万元，比2023年预算增加25万元，主要原因是购置公务用车。其中：公务用车购置费25万元，比2023年预算增加25万元，主要原因是购置公务用车；公务用车运行费21.56万元，比2023年预算持平，主要原因是公务车用车运行费保持不变。
（三）公务接待费1.35万元。比2023年预算持平，主要原因是公务接待费保持不变。
二、机关运行经费预算
2024年机关运行经费预算为443.18万元，比2023年增加10万元。
"""


def test_the_items_that_follow_a_total_in_their_own_paragraphs_explain_it(registry):
    doc = example_document(HEADING_AS_PARAGRAPH)
    assert check_document(doc, registry, CheckConfig(select=("SG101", "SG102"))).findings == ()
    # …and without the items' reasons the total's rise is unexplained
    bare = HEADING_AS_PARAGRAPH.replace("，主要原因是购置公务用车", "").replace("，主要原因是购置公务用车", "")
    found = check_document(example_document(bare), registry, CheckConfig(select=("SG101",))).findings
    assert {f.key.split(":")[1] for f in found} >= {"total"}


def test_a_comparison_with_last_year_s_budget_is_a_change(registry):
    doc = example_document("""测试局 2017 年部门预算公开
一、“三公”经费预算情况说明
3．公务接待费预算支出 156.55 万元，本年数小于上年预算数 29.65 万元，主要是严格落实八项规定。
1．因公出国（境）费预算支出 110 万元，与上年预算数相等。
""")
    found = [(item(s), s.quantity, s.value.value) for s in _statements(doc, registry)]
    assert ("reception", "change", Decimal("-29.65")) in found and ("reception", "amount", Decimal("29.65")) not in found
    assert ("abroad", "change", Decimal("0")) in found


# -- SG103: the change is stated -----------------------------------------------------------------------------


def test_no_change_statement_is_reported(sample_text, tmp_path, registry):
    start = sample_text.index(TOTAL)
    end = sample_text.index("压缩接待开支。") + len("压缩接待开支。")
    text = sample_text[:start] + sample_text[end:]
    [f] = _of(_check(text, tmp_path, registry), "SG103")
    assert f.severity is Severity.WARNING and "1.83 万元" in f.message
    assert f.location.section.startswith("八")


def test_no_sangong_explanation_is_left_to_mc103(registry):
    doc = example_document("测试局 2021 年部门预算公开\n一、机关运行经费情况\n机关运行经费 7.6 万元。\n")
    assert check_document(doc, registry, CheckConfig(select=("SG103",))).findings == ()


# -- SG104: 公务用车购置费 and the text ------------------------------------------------------------------------


def test_purchase_fee_while_the_text_says_none_is_reported(sample_text, tmp_path, registry):
    text = sample_text.replace(ROW, "19.83\t0.00\t19.83\t18.00\t1.83\t0.00\n")
    [f] = _of(_check(text, tmp_path, registry), "SG104")
    assert f.severity is Severity.ERROR
    assert f.location.table.startswith("表八") and f.location.column == "公务用车购置及运行费/公务用车购置费"
    assert "18.00" in f.message and "未安排" in f.message


def test_vehicles_bought_without_purchase_fee_is_reported(sample_text, tmp_path, registry):
    text = sample_text.replace("2021年部门预算未安排购置车辆经费，", "2021年部门预算安排购置一般公务用车 1 辆，")
    text = text.replace("公务用车购置费为 0，未安排预算；", "")
    [f] = _of(_check(text, tmp_path, registry), "SG104")
    assert "购置一般公务用车 1 辆" in f.message and f.location.section.startswith("（三）")


# -- SG105 – SG107: per-unit limits --------------------------------------------------------------------------


def _with_purchase(sample_text: str, fee: str, count: int, kind: str = "一般公务用车") -> str:
    total = Decimal(fee) + Decimal("1.83")
    text = sample_text.replace(ROW, f"{total}\t0.00\t{total}\t{fee}\t1.83\t0.00\n")
    text = text.replace("公务用车购置费为 0，未安排预算；", "")
    return text.replace("2021年部门预算未安排购置车辆经费，", f"2021年部门预算安排购置{kind} {count} 辆，")


def test_vehicle_price_above_the_cap_is_reported(sample_text, tmp_path, registry):
    report = _check(_with_purchase(sample_text, "40.00", 2), tmp_path, registry)
    [f] = _of(report, "SG105")
    assert f.severity is Severity.WARNING
    assert "平均每辆至少 20.00 万元" in f.message and "一般公务用车标准 18 万元" in f.message
    assert "中办发〔2011〕2号" in f.message
    assert not _of(report, "SG104")


def test_vehicle_price_within_the_cap_is_not_reported(sample_text, tmp_path, registry):
    # 19.80 万元 each is 18 万元 plus 10% 车辆购置税
    assert not _of(_check(_with_purchase(sample_text, "39.60", 2), tmp_path, registry), "SG105")


def test_confidential_car_cap_and_unknown_kind(sample_text, tmp_path, registry):
    found = _of(_check(_with_purchase(sample_text, "15.00", 1, "机要通信用车"), tmp_path, registry), "SG105")
    assert len(found) == 1 and "机要通信用车标准 12 万元" in found[0].message
    # kind not stated: only the highest band (45 万元) applies
    assert not _of(_check(_with_purchase(sample_text, "40.00", 1, "车辆"), tmp_path, registry), "SG105")


def test_vehicle_cap_is_a_ruleset_parameter(sample_text, tmp_path, registry):
    path = tmp_path / "province.toml"
    path.write_text('extends = "xinjiang-county-budget"\n[rules.SG105]\ngeneral_car_cap = 25\n'
                    'caps_basis = "某省公务用车配备标准（示例）"\n', encoding="utf-8")
    province = rulesets.resolve(str(path), registry)
    assert not _of(_check(_with_purchase(sample_text, "40.00", 2), tmp_path, registry, province), "SG105")


def test_delegation_size(registry):
    text = """测试局 2024 年部门决算公开
一、“三公”经费财政拨款支出决算情况说明
因公出国（境）费 20 万元，全年安排因公出国（境）团组 {g} 个，共 {p} 人次，主要用于招商考察。
"""
    config = CheckConfig(select=("SG106",))
    [f] = check_document(example_document(text.format(g=3, p=19)), registry, config).findings
    assert "平均每团 6.3 人，超过 6 人" in f.message
    assert check_document(example_document(text.format(g=3, p=18)), registry, config).findings == ()


MEETING = """测试局 2024 年部门决算公开
一、其他重要事项的情况说明
2024 年{what}支出 {amount} 万元，共 2 期，参加 40 人次，每期 1 天。
"""


def test_meeting_cost_per_person_day(registry):
    config = CheckConfig(select=("SG107",))
    [f] = check_document(example_document(MEETING.format(what="会议费", amount="3.2")), registry, config).findings
    assert "每人每天至少 787.50 元，超过综合定额 760 元" in f.message and "财行〔2016〕214号" in f.message
    assert check_document(example_document(MEETING.format(what="会议费", amount="3.0")), registry, config).findings == ()


def test_meeting_quota_and_training_are_parameters(registry, tmp_path):
    doc = example_document(MEETING.format(what="会议费", amount="2.4"))
    assert check_document(doc, registry, CheckConfig(select=("SG107",))).findings == ()
    path = tmp_path / "fujian.toml"
    path.write_text('extends = "national-final"\n[rules.SG107]\nmeeting_cap = 550\nmeeting_basis = "某省会议费管理办法（示例）"\n'
                    "check_training = true\ntraining_cap = 550\n", encoding="utf-8")
    province = rulesets.resolve(str(path), registry)
    [f] = check_document(doc, registry, CheckConfig(select=("SG107",), ruleset=province)).findings
    assert "超过综合定额 550 元" in f.message and "某省会议费管理办法" in f.message
    training = example_document(MEETING.format(what="培训费", amount="2.4"))
    assert check_document(training, registry, CheckConfig(select=("SG107",))).findings == ()  # off by default
    [f] = check_document(training, registry, CheckConfig(select=("SG107",), ruleset=province)).findings
    assert f.message.startswith("培训费 2.4 万元")


# -- SG108 and SG104 on a 决算 table with 预算数 and 决算数 -------------------------------------------------------

FINAL = """测试局 2024 年部门决算公开
表七：财政拨款“三公”经费支出决算表
单位：万元
合计 | ∅ | 因公出国（境）费 | ∅ | 公务用车购置及运行费 | ∅ | ∅ | ∅ | ∅ | ∅ | 公务接待费 | ∅
∅ | ∅ | ∅ | ∅ | 小计 | ∅ | 公务用车购置费 | ∅ | 公务用车运行费 | ∅ | ∅ | ∅
预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数
{row}
一、“三公”经费财政拨款支出决算情况说明
{text}
"""


def test_final_above_budget_lists_the_items(registry):
    row = "21.00 | 21.60 | 0.00 | 0.00 | 20.00 | 20.10 | 18.00 | 18.00 | 2.00 | 2.10 | 1.00 | 1.50"
    doc = example_document(FINAL.format(row=row, text="“三公”经费年初预算 21.00 万元，支出决算 21.60 万元。"))
    [f] = check_document(doc, registry, CheckConfig(select=("SG108",))).findings
    for part in ("“三公”经费 预算数 21.00、决算数 21.60（超出 0.60）", "公务用车运行费 预算数 2.00、决算数 2.10",
                 "公务接待费 预算数 1.00、决算数 1.50"):
        assert part in f.message
    assert "公务用车购置费 预算数" not in f.message  # equal, not over
    assert f.location.column == "合计/决算数"


def test_final_within_rounding_of_budget_is_not_over(registry):
    row = "1.0 | 1.04 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 1.0 | 1.04"
    doc = example_document(FINAL.format(row=row, text="“三公”经费支出决算 1.04 万元。"))
    assert check_document(doc, registry, CheckConfig(select=("SG108",))).findings == ()


def test_budget_column_alone_does_not_contradict_no_purchase(registry):
    row = "20.00 | 2.00 | 0.00 | 0.00 | 20.00 | 2.00 | 18.00 | 0.00 | 2.00 | 2.00 | 0.00 | 0.00"
    doc = example_document(FINAL.format(row=row, text="2024 年未购置公务用车，公务用车购置费决算数小于预算数的主要原因是车辆更新计划取消。"))
    assert check_document(doc, registry, CheckConfig(select=("SG104",))).findings == ()
    row = "20.00 | 20.00 | 0.00 | 0.00 | 20.00 | 20.00 | 18.00 | 18.00 | 2.00 | 2.00 | 0.00 | 0.00"
    doc = example_document(FINAL.format(row=row, text="2024 年未购置公务用车。"))
    [f] = check_document(doc, registry, CheckConfig(select=("SG104",))).findings
    assert "18.00、18.00" in f.message
