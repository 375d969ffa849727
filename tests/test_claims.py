"""The claim extractor: every number the prose states, bound to the fact it speaks of (or deliberately not)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.api import subjects
from budgetrules.core.amounts import Amount, Percent, Unit
from budgetrules.engine.check import add_claims, load_document
from budgetrules.testing import example_document
from budgetrules_plugins.claims.extract import extract, section_scope
from budgetrules_plugins.claims.mentions import VOCABULARY, _literal_first, _raw_vocabulary, vocabulary_matches
from budgetrules_plugins.claims.patterns import number_tokens
from budgetrules_plugins.claims.sentences import split_sentences

# --------------------------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def akto(akto_path, registry):
    document, problems = add_claims(load_document(akto_path), registry)
    assert problems == []
    return document


def _at(doc, line, **fields):
    found = [c for c in doc.claims if c.source.line == line and all(getattr(c, k) == v for k, v in fields.items())]
    assert found, f"no claim at line {line} with {fields}: {[(c.quantity, c.subject, c.value) for c in doc.claims if c.source.line == line]}"
    return found


def _num(value):
    return value.value if isinstance(value, (Amount, Percent)) else value


def test_every_claim_carries_text_section_and_line(akto):
    assert len(akto.claims) > 80
    for c in akto.claims:
        assert c.text and c.section and c.source.line
        assert c.source.path == akto.path
        if c.subject is not None:
            assert c.label and c.group is not None


def test_project_share_binds_to_expense_total(akto):
    (share,) = _at(akto, 336, quantity="share")
    assert (share.subject, share.whole, _num(share.value)) == ("project", "expense.total", Decimal("100"))
    (amount,) = _at(akto, 336, quantity="amount")
    assert (amount.subject, amount.group, amount.scope) == ("project", share.group, "all")


def test_class_share_in_gpb_section(akto):
    (amount,) = _at(akto, 359, quantity="amount")
    (share,) = _at(akto, 359, quantity="share")
    assert (amount.subject, amount.scope, amount.value) == ("func:211", "gpb", Amount(Decimal("642"), 0, Unit.WAN))
    assert share.group == amount.group and share.whole == "expense.current"


def test_mangled_name_binds_through_printed_code(akto):
    # "保障社会和就业支出（208 类）": the name is not the tables' name, the printed code decides
    (amount,) = _at(akto, 358, quantity="amount")
    assert amount.subject == "func:208"


def test_code_chain_binds_to_the_xiang(akto):
    assert _at(akto, 363, quantity="amount")[0].subject == "func:2120101"
    assert _at(akto, 366, quantity="amount")[0].subject == "func:2129999"
    growth = _at(akto, 365, quantity="growth")[0]
    assert (growth.subject, _num(growth.value)) == ("func:2080505", Decimal("14.32"))


def test_agency_running_amount_change_growth_one_group(akto):
    claims = [c for c in akto.claims if c.source.line == 450 and c.subject]
    assert {(c.quantity, c.subject) for c in claims} == {
        ("amount", "agency_running"), ("change", "agency_running"), ("growth", "agency_running")}
    assert len({c.group for c in claims}) == 1
    assert all(c.scope == "fiscal" for c in claims)  # "机关运行经费财政拨款预算"


def test_gpb_appropriation_breakdown(akto):
    whole = _at(akto, 352, subject="income.gpb")[0]
    basic = _at(akto, 352, subject="basic", quantity="amount")[0]
    project = _at(akto, 352, subject="project", quantity="change")[0]
    assert basic.whole == project.whole == "income.gpb"
    assert basic.group == whole.group == project.group
    assert basic.scope == "gpb"


def test_item_lists_bind_through_table_six_names(akto):
    items = [c for c in akto.claims if c.quantity == "item" and c.whole == "personnel"]
    assert len(items) == 10
    assert items[0].subject == "econ:30101" and _num(items[0].value) == Decimal("77.41")
    welfare = [c for c in akto.claims if c.quantity == "item" and c.label == "福利费"]
    assert welfare[0].subject == "econ:30109" and welfare[0].whole == "public"
    # an item list joined from two source lines keeps the exact line of each number
    assert _at(akto, 374, label="津贴补贴")


def test_public_is_a_part_of_basic_across_paragraphs(akto):
    basic = _at(akto, 370, subject="basic")[0]
    public = _at(akto, 376, subject="public")[0]
    assert public.whole == "basic" and public.group == basic.group


def test_staff_counts(akto):
    counts = {c.subject: c.value for c in akto.claims if c.source.line == 87 and c.quantity == "count"}
    assert counts == {"staff.authorized": 10, "staff.actual": 31, "staff.in_service": 22, "staff.retired": 9,
                      "staff.resigned": 0}
    change = _at(akto, 87, quantity="change", subject="staff.in_service")[0]
    assert change.value == 1 and change.whole == "staff.actual"


def test_counted_list_of_divisions(akto):
    (count,) = _at(akto, 85, quantity="count")
    names = [c.label for c in akto.claims if c.group == count.group and c.quantity == "item"]
    assert count.value == 7 and len(names) == 7 and names[0] == "党建办" and names[-1] == "财务室"


def test_sangong_claims(akto):
    amounts = {c.subject: _num(c.value) for c in akto.claims if c.source.line == 438}
    assert amounts == {"sangong.total": Decimal("1.83"), "sangong.abroad": 0, "sangong.car_purchase": 0,
                       "sangong.car_running": Decimal("1.83"), "sangong.reception": 0}
    changes = {c.subject: _num(c.value) for c in akto.claims if c.source.line == 440 and c.quantity == "change"}
    assert changes["sangong.total"] == Decimal("-0.03") and changes["sangong.car_running"] == Decimal("-0.03")


def test_numbers_without_a_fact_stay_unbound(akto):
    # "预算安排规模：642 万元" names no fact; "…项目 2 个，涉及预算金额 737 万元" neither
    assert all(c.subject is None for c in _at(akto, 388))
    assert all(c.subject is None for c in _at(akto, 475))
    # thresholds are not claims at all
    assert not [c for c in akto.claims if c.source.line == 469 and c.quantity == "amount"]


def test_extraction_is_deterministic(akto_path, registry):
    doc = load_document(akto_path)
    assert extract(doc) == extract(doc)


# --------------------------------------------------------------------------------------------- snippets

HEAD = "测试局 2021 年部门预算公开\n第三部分 情况说明\n"


def _claims(body: str, section: str = "一、关于测试局 2021 年支出预算情况说明", table: str = ""):
    return extract(example_document(HEAD + section + "\n" + body + "\n" + table))


def test_change_and_growth_signs():
    claims = _claims("基本支出 100 万元，比上年减少 5 万元，下降 4.76%。")
    by = {c.quantity: c for c in claims}
    assert by["change"].value == Amount(Decimal("-5"), 0, Unit.WAN)
    assert by["growth"].value == Percent(Decimal("-4.76"), 2)
    assert by["change"].group == by["growth"].group == by["amount"].group


def test_amounts_in_yuan_keep_their_unit():
    (claim,) = _claims("基本支出 1,234,567.89 元。")
    assert claim.value == Amount(Decimal("1234567.89"), 2, Unit.YUAN) and claim.subject == "basic"


def test_share_of_a_named_whole():
    claims = _claims("基本支出 100 万元，占总支出的 40%。")
    share = next(c for c in claims if c.quantity == "share")
    assert share.whole == "expense.total"


def test_unknown_named_whole_is_not_guessed():
    claims = _claims("基本支出 100 万元，占某某的 40%。")
    share = next(c for c in claims if c.quantity == "share")
    assert share.whole is None


def test_named_whole_of_another_source_of_funds_carries_its_scope():
    claims = _claims("一般公共预算支出 100 万元，占本年支出合计的 40%。")
    share = next(c for c in claims if c.quantity == "share")
    assert (share.scope, share.whole) == ("gpb", "expense.current@all")


def test_gap_words_break_the_binding():
    (claim,) = _claims("基本支出情况良好，共安排项目 3 个，金额 100 万元。")[-1:]
    assert claim.subject is None


def test_fund_word_qualifies_the_next_mention():
    (claim,) = _claims("一般公共预算基本支出 380.5 万元。")
    assert (claim.subject, claim.scope) == ("basic", "gpb")


def test_section_title_gives_the_scope():
    assert section_scope(["一般公共预算当年拨款结构情况"]) == "gpb"
    assert section_scope(["（一）机关运行经费情况", "其他重要事项的情况说明"]) == "all"
    assert section_scope(["关于 2021 年财政拨款收支预算情况的总体说明"]) == "fiscal"


TABLE = """表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
212 | ∅ | 城乡社区支出 | 100.00 | 100.00 | ∅
212 | 99 | 其他城乡社区支出 | 50.00 | ∅ | 50.00
212 | 99 | 其他城乡社区支出 | 50.00 | ∅ | 50.00
∅ | ∅ | 合计 | 100.00 | 100.00 | ∅
"""


def test_table_names_bind_and_ambiguous_names_do_not():
    # 其他城乡社区支出 is both the 款 21299 and (resolved by name) the 项 2129999: not guessed
    claims = _claims("城乡社区支出 100 万元。其他城乡社区支出 50 万元。", table=TABLE)
    assert [c.subject for c in claims] == ["func:212", None]


def test_name_and_code_that_disagree_bind_nothing():
    claims = _claims("城乡社区支出（211 类）100 万元。", table=TABLE)
    assert claims[0].subject is None


def test_counted_list_with_joined_names():
    claims = _claims("下设 2 个股室，分别是住房和城乡建设股、办公室。", section="一、机构设置及人员情况")
    assert [c.label for c in claims if c.quantity == "item"] == ["住房和城乡建设股", "办公室"]
    claims = _claims("下设 3 个股室，分别是办公室、财务股和人事股。", section="一、机构设置及人员情况")
    assert [c.label for c in claims if c.quantity == "item"] == ["办公室", "财务股", "人事股"]
    claims = _claims("下设 5 个股室，分别是办公室、财务股等。", section="一、机构设置及人员情况")
    assert [c for c in claims if c.quantity == "item"] == []


def test_final_accounts_budget_figures_are_not_the_actuals():
    doc = example_document("测试局 2024 年度部门决算\n第三部分 情况说明\n一、支出决算情况说明\n"
                           "基本支出年初预算为 120 万元，支出决算为 100 万元。\n")
    claims = extract(doc)
    # the budget figure is a ``budget`` claim (what 决算 is compared with), never the 决算 fact itself
    assert [(c.quantity, c.subject, _num(c.value)) for c in claims] == [
        ("budget", "basic", Decimal("120")), ("amount", "basic", Decimal("100"))]
    assert claims[0].group == claims[1].group


# --------------------------------------------------------------------------------------------- modules


def test_sentences_split_at_terminators_and_numbered_entries():
    text = "1. 甲 1 万元，占 3%。 2. 乙 2 万元；丙"
    assert [text[a:b].strip() for a, b in split_sentences(text)] == ["1. 甲 1 万元，占 3%。", "2. 乙 2 万元；", "丙"]


def test_number_tokens():
    kinds = [(t.kind, str(t.value.value if hasattr(t.value, "value") else t.value))
             for t in number_tokens("支出 36.48 万元，占 39 %，比上年预算增加49.26 万元，增长 14.87%，单位价值 50 万元以上设备 2 台")]
    assert kinds == [("amount", "36.48"), ("share", "39"), ("change", "49.26"), ("growth", "14.87"), ("count", "2")]


def test_taxonomy():
    assert subjects.is_part("basic", "expense.total") and subjects.is_part("func:212", "expense.current")
    assert subjects.is_part("func:21201", "func:212") and not subjects.is_part("func:211", "func:212")
    assert not subjects.is_part("econ:30101", "expense.total") and subjects.is_part("econ:30101", "personnel")
    assert subjects.complete("staff.actual", {"staff.in_service", "staff.retired", "staff.resigned"})
    assert not subjects.complete("staff.actual", {"staff.in_service", "staff.retired"})
    assert subjects.default_whole("func:21201") == "func:212" and subjects.default_whole("econ:30101") is None


TABLE_213 = """表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
213 | ∅ | ∅ | 农林水支出 | 100.00 | 100.00 | ∅
213 | 01 | ∅ | 农业农村 | 100.00 | 100.00 | ∅
213 | 01 | 01 | 行政运行 | 100.00 | 100.00 | ∅
201 | 01 | 01 | 行政运行 | 0.00 | ∅ | ∅
∅ | ∅ | ∅ | 合计 | 100.00 | 100.00 | ∅
"""


def test_name_chain_without_codes_resolves_level_by_level():
    (claim,) = _claims("1. 农林水支出（类）农业农村（款）行政运行（项）2021年预算数为100万元。", table=TABLE_213)
    assert claim.subject == "func:2130101"
    # "行政运行" alone is 2130101 and 2010101 in these tables: not guessed
    (claim,) = _claims("行政运行 100 万元。", table=TABLE_213)
    assert claim.subject is None


TABLE_20101 = """表五：一般公共预算支出情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
类 | 款 | 项 | ∅ | ∅
201 | ∅ | ∅ | 一般公共服务支出 | 728.30
201 | 01 | ∅ | 人大事务 | 728.30
201 | 01 | 01 | 行政运行 | 100.00
201 | 01 | 99 | 其他人大事务支出 | 628.30
∅ | ∅ | ∅ | 合计 | 728.30
"""


def test_a_chain_from_the_kuan_binds_the_xiang_cited_without_its_zhichu():
    (claim,) = _claims("9. 人大事务（款）其他人大事务（项）支出628.3万元。", table=TABLE_20101)
    assert claim.subject == "func:2010199"


def test_percentage_points_are_not_counts():
    assert _claims("基本支出占比下降2个百分点。") == []


def test_code_label_keeps_the_name_written_before_it():
    claims = _claims("2. 保障社会和就业支出（208 类）36.48 万元，占 3%。", section="一、一般公共预算当年拨款结构情况")
    assert claims[0].label == "保障社会和就业支出（208 类）" and claims[0].subject == "func:208"


def test_project_scale_binds_to_the_project_table_row(akto):
    # "2. 项目名称：阿克陶县城区路灯电费" is 表七's 城区路灯电费; "阿克陶县城区污水处理厂运行费" is no 表七 name
    (scale,) = _at(akto, 400)
    assert scale.subject == "project:城区路灯电费" and scale.label == "预算安排规模"
    assert _at(akto, 388)[0].subject is None
    assert _at(akto, 404)[0].subject is None  # 资金分配情况 is not the project's amount


def test_fund_words_after_a_mention_narrow_it():
    claims = _claims("机关运行经费当年一般公共预算拨款50万元，比2021年预算减少5万元，降低9.09%。",
                     section="一、其他重要事项的情况说明")
    assert {(c.subject, c.scope) for c in claims} == {("agency_running", "gpb")}


def test_fiscal_grand_total():
    (claim, *_rest) = _claims("财政拨款收入支出预算总计1,200.00万元。")
    assert (claim.subject, claim.scope) == ("income.total", "fiscal")


def test_money_a_programme_concerns_is_not_the_fact_named():
    claims = _claims("2022年本部门绩效目标管理全覆盖，涉及一般公共预算当年拨款1000万元。")
    assert [c.subject for c in claims] == [None]
    claims = _claims("一般公共预算项目 2 个，一般公共预算 737 万元。", section="一、预算绩效情况")
    assert all(c.subject is None for c in claims)


def test_a_reloaded_graph_keeps_its_claims_and_is_not_extracted_twice(akto_path, registry, tmp_path):
    from click.testing import CliRunner

    from budgetrules.cli.main import main
    from budgetrules.engine.check import CheckConfig, check_file

    path = tmp_path / "akto.xml"
    result = CliRunner().invoke(main, ["parse", "--format", "xml", "-o", str(path), str(akto_path)])
    assert result.exit_code == 0, result.output
    original = check_file(akto_path, registry, CheckConfig(select=("NC",)))
    reloaded = check_file(path, registry, CheckConfig(select=("NC",)))
    assert len(reloaded.document.claims) == len(original.document.claims)
    assert [(f.rule, f.location.line) for f in reloaded.findings] == [(f.rule, f.location.line) for f in original.findings]


@pytest.fixture(scope="module")
def putuo(putuo_path, registry):
    document, problems = add_claims(load_document(putuo_path), registry)
    assert problems == []
    return document


def test_putuo_final_accounts_bindings(putuo):
    def on(line, quantity="amount"):
        return [c for c in putuo.claims if c.source.line == line and c.quantity == quantity]

    # 总计 (with 结转和结余) and 本年收入合计 are different facts
    assert on(314)[0].subject == "income.total"
    assert on(318)[0].subject == "income.current"
    # 财政拨款收入 is a part of the all-funds 本年收入合计: its share's whole says so
    assert {c.whole for c in on(318, "share")} == {"income.current@all"}
    # "年初预算为 2993.92 万元" is the budget, not the 决算 fact; "支出决算为 2940.05 万元" is; then the
    # completion rate and the stated comparison with the budget, all one group
    assert [(c.quantity, c.subject, c.scope) for c in on(339, "budget")] == [("budget", "expense.current", "gpb")]
    assert [c.subject for c in on(339)] == ["expense.current"]
    (completion,) = on(340, "completion")
    (versus,) = on(340, "versus_budget")
    assert versus.value == -1 and completion.group == versus.group == on(339)[0].group
    # the numbered entry's "支出决算为 1511.89 万元" is its 项
    assert [c.subject for c in on(343)] == ["func:2010601"]
    assert [c.subject for c in on(343, "budget")] == ["func:2010601"]
    assert on(412)[0].subject == "agency_running"


def test_figures_of_another_year_are_not_this_year_s_fact():
    # last year's figures are ``previous`` claims (the base of a stated change); any other year's are unbound
    claims = _claims("2020 年支出预算 1000 万元。2021 年支出预算 1117.5 万元。上年基本支出 331.24 万元。"
                     "基本支出上年预算数为 331.24 万元。与2020年度相比，基本支出增加 49.26 万元。2019 年支出预算 900 万元。")
    assert [(c.quantity, c.subject) for c in claims] == [
        ("previous", "expense.total"), ("amount", "expense.total"), ("previous", "basic"), ("previous", "basic"),
        ("change", "basic"), ("amount", None)]


def test_full_width_digits_and_points():
    kinds = [(t.kind, t.value) for t in number_tokens("基本支出３８０．５万元，占３４％，编制数 10，31 人")]
    assert kinds[0] == ("amount", Amount(Decimal("380.5"), 1, Unit.WAN))
    assert kinds[1] == ("share", Percent(Decimal("34"), 0))
    assert ("count", 31) in kinds and ("bare", 10) in kinds  # "10，31" is two numbers, not 1,031


# --------------------------------------------------------------------------------------------- issue 9: claims


def _bound(claims):
    return [(c.quantity, c.subject, _num(c.value)) for c in claims if c.subject]


@pytest.mark.parametrize("phrase,subject,scope", [
    ("收支总预算", "income.total", "all"),
    ("收入总计", "income.total", "all"),
    ("收入、支出预算总计", "income.total", "all"),
    ("收、支总预算", "income.total", "all"),
    ("财政拨款收、支总预算", "income.total", "fiscal"),
    ("本年收入合计", "income.current", "all"),
    ("支出总计", "expense.total", "all"),
    ("本年支出合计", "expense.current", "all"),
])
def test_totals_and_current_year_totals_are_different_facts(phrase, subject, scope):
    (claim,) = _claims(f"2021 年{phrase} 120 万元。")
    assert (claim.subject, claim.scope) == (subject, scope)


def test_a_total_of_a_fund_the_reader_does_not_know_is_not_the_department_s():
    claims = _claims("2．财政专户管理资金收入预算总计 0 万元。3．某某资金收入预算总计 5 万元。")
    assert [(c.subject, _num(c.value)) for c in claims] == [("income.special", Decimal("0")), (None, Decimal("5"))]


@pytest.mark.parametrize("words,whole", [
    ("占总支出的", "expense.total"),
    ("占支出总计的", "expense.total"),
    ("占本年支出的", "expense.current"),
    ("占本年支出合计的", "expense.current"),
    ("占一般公共预算支出的", "expense.current@gpb"),
    ("占财政拨款支出的", "expense.current@fiscal"),
    ("占收入总计的", "income.total"),
])
def test_a_share_is_taken_of_the_whole_the_sentence_names(words, whole):
    claims = _claims(f"基本支出 100 万元，{words} 40%。")
    (share,) = [c for c in claims if c.quantity == "share"]
    assert share.whole == whole


def test_a_named_whole_comes_before_the_list_s_whole():
    claims = _claims("一般公共预算拨款合计 500 万元，其中：基本支出 100 万元，占总支出的 20%；项目支出 400 万元，占 80%。",
                     section="一、关于测试局 2021 年财政拨款支出情况说明")
    shares = {c.subject: c.whole for c in claims if c.quantity == "share"}
    assert shares == {"basic": "expense.total@all", "project": "income.gpb"}


def test_sangong_shares_name_the_sangong_total():
    claims = _claims("因公出国（境）费支出 110 万元，占“三公”经费的 18.85%；公务接待费支出 156.55 万元，占“三公”经费的 26.72%。",
                     section="十一、一般公共预算“三公”经费支出预算表情况说明")
    assert {(c.subject, (c.whole or "").split("@")[0]) for c in claims if c.quantity == "share"} == {
        ("sangong.abroad", "sangong.total"), ("sangong.reception", "sangong.total")}


def test_sangong_item_names_are_the_items_not_a_table_row_of_that_name():
    # a table that prints 公务接待费 as a 功能分类-coded row (an 经济分类 table read without its kind) does not
    # turn the 三公 item into a function code
    table = """表六：一般公共预算基本支出情况表
单位：万元
科目编码 | 科目名称 | 合计
30217 | 公务接待费 | 5.00
∅ | 合计 | 5.00
"""
    claims = _claims("公务接待费支出 5 万元。", section="一、“三公”经费预算情况说明", table=table)
    assert claims[0].subject == "sangong.reception"


@pytest.mark.parametrize("text,expected", [
    ("与上年持平", Decimal("0")),
    ("与上年预算数相等", Decimal("0")),
    ("与上年数一致", Decimal("0")),
    ("与上年相比无变化", Decimal("0")),
    ("比2023年预算持平", Decimal("0")),
    ("本年数与上年数持平", Decimal("0")),
    ("本年数小于上年预算数 29.65 万元", Decimal("-29.65")),
    ("比上年预算数增加 30 万元", Decimal("30")),
])
def test_stated_changes_in_words_and_comparisons(text, expected):
    claims = _claims(f"公务接待费预算支出 156.55 万元，{text}。", section="一、“三公”经费预算情况说明")
    (change,) = [c for c in claims if c.quantity == "change"]
    assert (change.subject, _num(change.value)) == ("sangong.reception", expected)


@pytest.mark.parametrize("text", ["与上年基本持平", "与上年大致持平", "比上年略有增加"])
def test_loose_comparisons_state_no_change(text):
    assert [c for c in _claims(f"基本支出 100 万元，{text}。") if c.quantity == "change"] == []


def test_a_sentence_opening_with_a_comparison_continues_the_fact_before_it():
    claims = _claims("此外，基本支出预算数为 18570.82 万元。与上年相比增加 1447.63 万元，增长 8.45%。主要原因是调资。"
                     "单位预留机动经费预算数为 3258.06 万元。与上年相比增加 3075.14 万元，增长 1681.14%。")
    assert _bound(claims) == [
        ("amount", "basic", Decimal("18570.82")), ("change", "basic", Decimal("1447.63")),
        ("growth", "basic", Decimal("8.45")), ("amount", "expense.reserve", Decimal("3258.06")),
        ("change", "expense.reserve", Decimal("3075.14")), ("growth", "expense.reserve", Decimal("1681.14"))]
    # a comparison after a sentence that bound no number continues nothing
    claims = _claims("主要原因是调资。与上年相比增加 5 万元。")
    assert all(c.subject is None for c in claims)


def test_a_numbered_entry_keeps_its_fact_over_its_sentences_and_paragraphs():
    table = """表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
类 | 款 | 项 | ∅ | ∅
208 | 05 | ∅ | 行政事业单位养老支出 | 24.31
208 | 05 | 01 | 行政单位离退休 | 24.31
∅ | ∅ | ∅ | 合计 | 24.31
"""
    head = "12. “社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”24.31万元，主要用于行政单位离退休。"
    tail = "2020年当年预算执行数为20.30万元，2021年预算安排24.31万元，比2020年预算执行数增加19.75%。主要原因是：经费增加。"
    for body in (head + tail, head + "\n" + tail):
        claims = _claims(body, section="一、部门预算编制说明", table=table)
        assert _bound(claims) == [
            ("amount", "func:2080501", Decimal("24.31")), ("previous", "func:2080501", Decimal("20.30")),
            ("amount", "func:2080501", Decimal("24.31")), ("growth", "func:2080501", Decimal("19.75"))], body
        assert len({c.group for c in claims}) == 1


def test_final_accounts_budget_completion_and_comparison_in_one_group():
    doc = example_document("测试局 2024 年度部门决算\n第三部分 情况说明\n一、“三公”经费支出决算情况说明\n"
                           "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%。"
                           "决算数小于预算数的主要原因：当年度无“三公”经费支出。\n")
    claims = extract(doc)
    assert [(c.quantity, _num(c.value)) for c in claims] == [
        ("budget", Decimal("0.95")), ("amount", Decimal("0.00")), ("completion", Decimal("0")),
        ("versus_budget", -1)]
    assert {c.subject for c in claims} == {"sangong.total"} and len({c.group for c in claims}) == 1


@pytest.mark.parametrize("text,sign", [("决算数大于预算数", 1), ("决算数小于年初预算数", -1), ("决算数等于预算数", 0),
                                       ("决算数与预算数持平", 0)])
def test_versus_budget_words(text, sign):
    from budgetrules_plugins.claims.patterns import word_tokens

    (token,) = word_tokens(text + "的主要原因是…")
    assert (token.kind, token.value) == ("versus", sign)
    assert word_tokens("决算数与预算数基本持平") == []


def test_reserve_and_carry_forward_are_kinds_of_spending():
    claims = _claims("本年支出预算合计 28849.38 万元，其中：基本支出 17123.19 万元，占 59.35%；项目支出 11543.27 万元，"
                     "占 40.01%；单位预留机动经费 182.92 万元，占 0.64%；结转下年资金 0 万元，占 0%。")
    parts = {c.subject: c.whole for c in claims if c.quantity == "amount" and c.whole}
    assert parts == {"basic": "expense.current", "project": "expense.current", "expense.reserve": "expense.current",
                     "expense.carry_next": "expense.current"}
    assert subjects.is_part("expense.reserve", "expense.total") and subjects.complete("expense.current", {"basic", "project"})


def test_people_are_counted_not_paid():
    # "离退休（项）支出 248.77 万元" names no staff fact: 离退休 is not 退休, and money never binds to a count
    claims = _claims("1．行政事业单位离退休（款）未归口管理的行政单位离退休（项）支出248.77万元。退休 9 人，退休人员 10 万元。")
    assert [(c.quantity, c.subject) for c in claims] == [("amount", None), ("count", "staff.retired"), ("amount", None)]
    # …but vehicles are counted first and valued after: "车辆 7 辆，价值 140.37 万元"
    claims = _claims("共有车辆 7 辆，价值 140.37 万元。", section="一、国有资产占用情况")
    assert _bound(claims) == [("count", "assets.vehicles", 7), ("amount", "assets.vehicles", Decimal("140.37"))]


def test_an_entry_of_a_list_the_reader_cannot_identify_joins_the_list():
    claims = _claims("支出预算 100 万元，其中：基本支出 60 万元，某某经费 40 万元。")
    (unknown,) = [c for c in claims if c.subject is None]
    (whole,) = [c for c in claims if c.subject == "expense.total"]
    assert unknown.group == whole.group and _num(unknown.value) == Decimal("40")
    # a number in a reason is not an entry
    claims = _claims("支出预算 100 万元，其中：基本支出 60 万元，主要原因是增加 3 万元。")
    assert all(c.group is None for c in claims if c.subject is None)


@pytest.mark.parametrize("text,unit", [("5,678.17 万元", Unit.WAN), ("56,781,700 元", Unit.YUAN), ("0.57 亿元", Unit.YI),
                                       ("5678.17万", Unit.WAN)])
def test_the_unit_the_text_states(text, unit):
    (claim,) = _claims(f"基本支出 {text}。")
    assert claim.value.unit is unit and claim.subject == "basic"


def test_thresholds_are_not_amounts():
    claims = _claims("单价 100 万元（含）以上设备 0 台，单价 50 万元以上的设备 2 台。", section="一、国有资产占用情况")
    assert [c for c in claims if c.quantity == "amount"] == []


def test_a_classification_row_named_like_a_sangong_item_is_not_the_item():
    # "（8）公务接待费（款）支出16万元" in a 基本支出 list is the 经济分类 款 30217, not the 三公 item
    claims = _claims("（8）公务接待费（款）支出16万元。", section="九、一般公共预算基本支出预算表说明")
    assert all(c.subject != "sangong.reception" for c in claims)


def test_budget_words_right_after_a_fact_name_qualify_it():
    claims = _claims("2021 年一般公共预算机关运行经费支出预算3,348.98万元，比2020年增加2,173.13万元，增长184.81%。",
                     section="十、一般公共预算机关运行经费支出预算表说明")
    assert {c.subject for c in claims} == {"agency_running"}
    claims = _claims("收入预算 10 万元，支出预算 10 万元。")
    assert [c.subject for c in claims] == ["income.total", "expense.total"]


def test_a_change_verb_before_the_name_makes_the_number_a_change():
    claims = _claims("主要原因是政策性增资等原因，增加基本支出844.15万元；压减项目支出 20 万元。")
    assert _bound(claims) == [("change", "basic", Decimal("844.15")), ("change", "project", Decimal("-20"))]


def test_a_class_s_total_is_not_the_department_s():
    claims = _claims("（一）公共安全支出（类）\n检察（款）:2021年预算支出合计16,444.36万元。其中：")
    assert [c.subject for c in claims] == [None]


def test_an_entry_s_fact_is_the_one_its_head_names():
    # "…等项目支出" in the description is not what entry 1 is about (its head, 公共安全（类）支出, is unknown here)
    claims = _claims("1．公共安全（类）支出 16,458.75 万元，主要用于检察教育培训费等项目支出。与上年相比增加 2,802.41 万元，"
                     "增长20.52 %。主要原因是员额制。")
    assert all(c.subject is None for c in claims)


_VOCABULARY_CHARS = sorted({ch for pattern, _ in VOCABULARY for ch in pattern if "\u4e00" <= ch <= "\u9fff"} | set("“”\"，。 （）"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY_CHARS), max_size=40).map("".join))
def test_the_vocabulary_written_literal_first_matches_the_same(text):
    """The vocabulary's patterns are compiled with each optional head spelled out (for speed): same matches."""
    for pattern, _ in VOCABULARY:
        fast = re.compile(_literal_first(pattern))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(pattern, text)], pattern


#: Vocabulary patterns as first written (a look-behind before the word) and as written now (literal first).
_LOOKBEHIND_FIRST = {
    r"(?:(?<=[，,。；;：:\s])|^)收入(?=\s*(?:比|较|同比))": r"收入(?<![^，,。；;：:\s]收入)(?=\s*(?:比|较|同比))",
    r"(?:(?<=[，,。；;：:\s])|^)支出(?=\s*(?:比|较|同比))": r"支出(?<![^，,。；;：:\s]支出)(?=\s*(?:比|较|同比))",
    r"(?<!离)退休(?:人员|人数)?": r"退休(?<!离退休)(?:人员|人数)?",
}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("收入支出比较同离退休人员数，,。；;：: \t\n甲")), max_size=30).map("".join))
def test_the_look_behind_written_after_the_word_matches_the_same(text):
    for first, now in _LOOKBEHIND_FIRST.items():
        assert any(p == now for p, _ in VOCABULARY)
        assert [m.span() for m in re.finditer(now, text)] == [m.span() for m in re.finditer(first, text)], now


def test_the_vocabulary_of_a_document_is_the_vocabulary_of_each_paragraph():
    texts = ["一般公共预算支出 10 万元", "收入比上年增加", "退休人员 9 人。", "", "因公出国（境）费"]
    assert vocabulary_matches(texts) == [_raw_vocabulary(t) for t in texts]
