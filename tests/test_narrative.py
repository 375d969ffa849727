"""The narrative rules (NC1xx) on the real samples, both sides pinned: the mistakes found, and the traps left alone."""

from __future__ import annotations

import pytest

from budgetrules.engine.check import CheckConfig, check_file
from budgetrules.testing import run_rule

NC = ("NC101", "NC102", "NC103", "NC104", "NC105", "NC106", "NC107")


@pytest.fixture(scope="module")
def akto_findings(akto_path, registry):
    report = check_file(akto_path, registry, CheckConfig(select=("NC",)))
    assert report.error is None
    return [f for f in report.findings if f.rule in NC]


def _on_line(findings, line):
    return [f for f in findings if f.location.line == line]


def test_akto_mistakes_are_exactly_the_known_ones(akto_findings):
    found = sorted((f.rule, f.location.line, f.severity.value) for f in akto_findings)
    assert found == [("NC102", 336, "error"), ("NC102", 359, "warning"), ("NC103", 450, "error"),
                     ("NC107", 358, "warning")]


def test_garbled_class_name(akto_findings):
    (f,) = [f for f in akto_findings if f.rule == "NC107"]
    assert "保障社会和就业支出" in f.message and "社会保障和就业支出" in f.message and "208" in f.message


def test_project_share_of_100_percent(akto_findings):
    (f,) = _on_line(akto_findings, 336)
    assert "项目支出" in f.message and "737 ÷ 1117.5" in f.message and "65.95%" in f.message
    assert (f.expected, f.actual) == ("65.95%", "100%")
    assert f.location.section and "支出预算情况说明" in f.location.section
    assert f.snippet and "占 100%" in f.snippet


def test_class_share_58_percent_is_outside_rounding(akto_findings):
    # 642 / 1117.5 = 57.45% rounds to 57%, but the list 39% + 3% + 58% is the largest-remainder rounding that
    # makes the three shares of the whole add up to 100% (39% + 3% + 57% = 99%): a warning that says so
    (f,) = _on_line(akto_findings, 359)
    assert "642 ÷ 1117.5" in f.message and "57.45%" in f.message and "[57.50, 58.50]" in f.message
    assert "四舍五入应为 57%" in f.message and "39% + 3% + 58%" in f.message and "100%" in f.message
    assert (f.expected, f.actual, f.severity.value) == ("57.45%", "58%", "warning")


def test_agency_running_growth_on_the_wrong_base(akto_findings):
    (f,) = _on_line(akto_findings, 450)
    assert "4.7 ÷ 上年数 2.9" in f.message and "162.07%" in f.message
    assert "以本年数为基数" in f.message  # 4.7 / 7.6 = 61.84%: the usual slip is named
    assert (f.expected, f.actual) == ("162.07%", "61.84%")


@pytest.mark.parametrize("line,what", [
    (352, "增长 14.87% (49.26 / 331.24) and 100% of a new item"),
    (363, "增长 3.86%"),
    (365, "增长 14.32%"),
    (364, "增长 100% of a new item (last year zero)"),
    (356, "占 39 %"),
    (358, "占 3%"),
    (334, "占 34%"),
    (324, "占 100% of 一般公共预算 1117.5 in 收入 1117.5"),
    (372, "人员经费 items: 372.89 against 372.9"),
    (374, "人员经费 items, second line"),
    (376, "公用经费 items"),
    (87, "staff 22 + 9 + 0 = 31"),
    (85, "7 处室 named"),
    (318, "439.02 in 支出预算包括 (equals 表一)"),
    (346, "439.02 in 一般公共预算支出包括 (equals 表四)"),
    (370, "基本支出 380.5"),
    (438, "三公 amounts"),
    (440, "三公 changes"),
])
def test_akto_traps_are_not_reported(akto_findings, line, what):
    assert [f for f in _on_line(akto_findings, line) if f.rule != "NC107"] == [], what


def test_agency_running_equals_public_funds_in_akto(akto_path, registry):
    # 7.6 万元 = 表六 公用经费 7.60: NC106 is silent, and it did look (the claim is bound)
    report = check_file(akto_path, registry, CheckConfig(select=("NC106",)))
    assert [f for f in report.findings if f.rule == "NC106"] == []
    claims = [c for c in report.document.claims if c.subject == "agency_running" and c.quantity == "amount"]
    assert len(claims) == 1


def test_output_is_deterministic(akto_path, registry):
    a = check_file(akto_path, registry, CheckConfig(select=("NC",))).findings
    b = check_file(akto_path, registry, CheckConfig(select=("NC",))).findings
    assert [(f.fingerprint, f.message) for f in a] == [(f.fingerprint, f.message) for f in b]
    assert len({f.fingerprint for f in a}) == len(a)


def test_putuo_final_accounts(putuo_path, registry):
    report = check_file(putuo_path, registry, CheckConfig(select=("NC",)))
    found = sorted((f.rule, f.location.line) for f in report.findings if f.rule in NC)
    # 财政拨款收入支出总计 printed as 0.3 万元 (the table's 总计 is 2961.68), and 一般公共服务支出 2106.66 of
    # 2940.05 is 71.65%, not the 71.73% printed (the four printed shares add up to 100.07%)
    assert found == [("NC101", 324), ("NC102", 335)]
    messages = {f.rule: f.message for f in report.findings if f.rule in NC}
    assert "0.3" in messages["NC101"] and "2961.68" in messages["NC101"]
    assert "71.73%" in messages["NC102"] and "71.65%" in messages["NC102"]


HEAD = "测试局 2021 年部门预算公开\n第三部分 情况说明\n"
TABLE3 = """表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
212 | ∅ | 城乡社区支出 | 1117.50 | 380.50 | 737.00
∅ | ∅ | 合计 | 1117.50 | 380.50 | 737.00
"""


def test_one_wrong_number_is_reported_once():
    text = (HEAD + "一、关于测试局 2021 年支出预算情况说明\n"
            "测试局 2021 年支出预算 1117.5 万元，其中：基本支出 390.5 万元，占 35%；项目支出 737 万元。\n" + TABLE3)
    assert len(run_rule("NC101", text)) == 1
    assert run_rule("NC104", text) == []  # the breakdown does not add up only because of 390.5
    assert run_rule("NC102", text) == []  # 35% agrees with the stated 390.5 (34.94%): the share is not the mistake


def test_finding_points_at_the_claim_and_the_table_cells():
    text = (HEAD + "一、关于测试局 2021 年支出预算情况说明\n\n\n"
            "测试局 2021 年支出预算 1117.5 万元，其中：基本支出 390.5 万元。\n" + TABLE3)
    (f,) = run_rule("NC101", text)
    assert f.location.line == 6 and f.location.section
    assert f.related and f.related[0].table and "表三" in f.related[0].table and f.related[0].column
    assert (f.expected, f.actual) == ("380.50", "390.5")
    assert "390.5" in f.message and "380.50" in f.message


def test_share_message_states_part_whole_and_intervals():
    text = (HEAD + "一、关于测试局 2021 年支出预算情况说明\n"
            "测试局 2021 年支出预算 1117.5 万元，其中：基本支出 380.5 万元，占 30%。\n" + TABLE3)
    (f,) = run_rule("NC102", text)
    assert "380.5 ÷ 1117.5" in f.message and "34.05%" in f.message and "[29.50, 30.50]" in f.message


# --------------------------------------------------------------------------------------------- properties

from decimal import ROUND_HALF_UP, Decimal  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _r(value: Decimal, places: int) -> str:
    q = Decimal(1).scaleb(-places)
    return f"{value.quantize(q, rounding=ROUND_HALF_UP):f}"


def _consistent_document(basic: Decimal, project: Decimal, last_basic: Decimal, text_places: int, pct_places: int) -> str:
    total = basic + project
    change = basic - last_basic
    growth = change / last_basic * 100
    return (
        "测试局 2021 年部门预算公开\n第三部分 情况说明\n一、关于测试局 2021 年支出预算情况说明\n"
        f"测试局 2021 年支出预算 {_r(total, text_places)} 万元，其中：基本支出 {_r(basic, text_places)} 万元，"
        f"占 {_r(basic / total * 100, pct_places)}%，比上年增加 {_r(change, text_places)} 万元，"
        f"增长 {_r(growth, pct_places)}%；项目支出 {_r(project, text_places)} 万元，"
        f"占 {_r(project / total * 100, pct_places)}%。\n"
        "表三：部门（单位）支出总体情况表\n单位：万元\n"
        "功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出\n"
        "类 | 款 | ∅ | ∅ | ∅ | ∅\n"
        f"212 | ∅ | 城乡社区支出 | {_r(total, 2)} | {_r(basic, 2)} | {_r(project, 2)}\n"
        f"∅ | ∅ | 合计 | {_r(total, 2)} | {_r(basic, 2)} | {_r(project, 2)}\n"
    )


_money = st.integers(min_value=1_000, max_value=500_000_000).map(lambda n: Decimal(n) / 10_000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(basic=_money, project=_money, last=_money, text_places=st.sampled_from([0, 1, 2]),
       pct_places=st.sampled_from([0, 1, 2]))
def test_consistent_text_rounded_any_way_gives_no_finding(basic, project, last, text_places, pct_places):
    """Amounts computed to 4 decimals, printed to 2 in the tables and 0-2 in the text: never a finding."""
    from budgetrules.engine.check import check_document
    from budgetrules.engine.plugins import get_registry
    from budgetrules.testing import example_document

    if basic - last <= 0:
        last = basic / 2
    if basic - last < Decimal("0.5"):  # a change that rounds to 0 has no base to speak of
        return
    doc = example_document(_consistent_document(basic, project, last, text_places, pct_places))
    report = check_document(doc, get_registry(), CheckConfig(select=("NC",)))
    assert [f.message for f in report.findings if f.rule in NC] == []


_large = st.integers(min_value=1_000_000, max_value=500_000_000).map(lambda n: Decimal(n) / 10_000)


@settings(max_examples=40, deadline=None)
@given(basic=_large, project=_large, error=st.integers(min_value=2, max_value=40))
def test_a_share_off_by_whole_points_is_always_found(basic, project, error):
    """From 100 万元 up, amounts printed to 0.01 pin a share far below a point: 2 points off is always found."""
    from budgetrules.engine.check import check_document
    from budgetrules.engine.plugins import get_registry
    from budgetrules.testing import example_document

    total = basic + project
    share = basic / total * 100
    wrong = share + error if share + error <= 100 else share - error
    text = _consistent_document(basic, project, basic / 2, 2, 0).replace(
        f"占 {_r(share, 0)}%", f"占 {_r(wrong, 0)}%", 1)
    report = check_document(example_document(text), get_registry(), CheckConfig(select=("NC102",)))
    assert len([f for f in report.findings if f.rule == "NC102"]) >= 1


def _printed(row, key):
    amount = row.amount(key)
    return None if amount is None else amount


def _prose_from_tables(document) -> str:
    """Prose a careful author would write from the printed tables (shares from printed values, 1 decimal)."""
    from budgetrules.testing.textwriter import write_table

    def pct(part, whole):
        return _r(part.value / whole.value * 100, 1)

    lines = ["测试局 2021 年部门预算公开", "第三部分 情况说明", "一、关于测试局 2021 年支出预算情况说明"]
    expense = document.table("expense")
    total = next(expense.total_rows())
    t, b, p = (_printed(total, k) for k in ("total", "basic", "project"))
    if t is not None and t.value and b is not None and p is not None:
        lines.append(f"测试局 2021 年支出预算 {t} 万元，其中：基本支出 {b} 万元，占 {pct(b, t)}%；"
                     f"项目支出 {p} 万元，占 {pct(p, t)}%。")
        for row in expense.item_rows():
            a = _printed(row, "total")
            if row.code is not None and row.code.level == "类" and a is not None:
                lines.append(f"{row.label}（{row.code.code} 类）{a} 万元，占 {pct(a, t)}%。")
    basic = document.table("gpb_basic")
    if basic is not None:
        personnel = _printed(next(basic.total_rows()), "personnel")
        items = [(r.label, _printed(r, "personnel")) for r in basic.item_rows()
                 if _printed(r, "personnel") is not None and r.code is not None and r.code.level == "款"]
        if personnel is not None and items:
            lines.append("二、关于测试局 2021 年一般公共预算基本支出情况说明")
            listed = "、".join(f"{name} {a} 万元" for name, a in items)
            lines.append(f"人员经费 {personnel} 万元，主要包括：{listed}。")
    sangong = document.table("sangong")
    if sangong is not None:
        row = next(iter(sangong.rows))
        values = {k: _printed(row, k) for k in ("total", "abroad", "car", "reception")}
        if all(v is not None for v in values.values()):
            lines.append("三、关于测试局 2021 年一般公共预算“三公”经费预算情况说明")
            lines.append(f"“三公”经费预算数为 {values['total']} 万元，其中：因公出国（境）费 {values['abroad']} 万元，"
                         f"公务用车购置及运行费 {values['car']} 万元，公务接待费 {values['reception']} 万元。")
    lines.append("第二部分 公开表")
    for table in document.tables:
        lines.extend(write_table(table))
        lines.append("")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=st.deferred(lambda: __import__("budgetrules.testing.strategies", fromlist=["budgets"]).budgets(all_tables=True)))
def test_prose_written_from_generated_tables_gives_no_finding(generated):
    """Random consistent budgets (amounts rounded to 2, 1 or 0 decimals), prose written from their printed
    tables: the claims bind through the tables' own names and codes, and no NC rule reports anything."""
    from budgetrules.engine.check import check_document
    from budgetrules.engine.plugins import get_registry
    from budgetrules.testing import example_document

    text = _prose_from_tables(generated.document)
    doc = example_document(text)
    report = check_document(doc, get_registry(), CheckConfig(select=("NC",)))
    assert [f.message for f in report.findings if f.rule in NC] == [], text[:1500]
    assert any(c.subject for c in report.document.claims) or "支出预算" not in text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=st.deferred(lambda: __import__("budgetrules.testing.strategies", fromlist=["budgets"]).budgets(all_tables=True)),
       delta=st.integers(min_value=2, max_value=5000))
def test_a_stated_amount_off_by_more_than_rounding_is_found_on_its_line(generated, delta):
    from budgetrules.engine.check import check_document
    from budgetrules.engine.plugins import get_registry
    from budgetrules.testing import example_document

    text = _prose_from_tables(generated.document)
    lines = text.splitlines()
    if not lines[3].startswith("测试局 2021 年支出预算"):
        return
    basic = _printed(next(generated.document.table("expense").total_rows()), "basic")
    wrong = basic.value + Decimal(delta)  # whole 万元 off: far beyond any printed rounding
    lines[3] = lines[3].replace(f"基本支出 {basic} 万元", f"基本支出 {_r(wrong, basic.places)} 万元", 1)
    report = check_document(example_document("\n".join(lines) + "\n"), get_registry(), CheckConfig(select=("NC101",)))
    found = [f for f in report.findings if f.rule == "NC101"]
    assert [f.location.line for f in found] == [4], [f.message for f in found]
