"""Property tests of the narrative rules: prose written correctly from a random budget is never reported, whatever
the units (tables in 元 or 万元, text in 万元 or 元) and the decimals printed; a share moved beyond rounding is.

The budget's true amounts are whole 元. The tables print them in their unit (元 as integers, 万元 to two decimals);
the text prints every amount, change, share and growth rate rounded half up from the true values, to a random
number of decimals — exactly how a careful author writes, and what no rule may report.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetrules.engine.check import CheckConfig, check_document
from budgetrules.engine.plugins import get_registry
from budgetrules.testing import example_document

REGISTRY = get_registry()
_WAN = Decimal(10_000)
_CLASSES = (("201", "一般公共服务支出"), ("208", "社会保障和就业支出"), ("212", "城乡社区支出"), ("221", "住房保障支出"))


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _wan(yuan: int, places: int) -> str:
    """An amount as the text prints it: ``380.52 万元`` to ``places`` decimals, or (``places`` None) ``3,805,184 元``."""
    if places is None:
        return f"{yuan:,} 元"
    return f"{_round(Decimal(yuan) / _WAN, places)} 万元"


def _pct(part: int, whole: int, places: int) -> str:
    return f"{_round(Decimal(part) * 100 / Decimal(whole), places)}"


def _table_cell(yuan: int, unit: str) -> str:
    return f"{yuan:,}" if unit == "元" else f"{_round(Decimal(yuan) / _WAN, 2)}"


def _change(name_cur: int, prev: int, places: int, rate_places: int) -> str:
    """"比上年增加 X 万元，增长 Y%" (or 减少/下降, or 与上年持平) from true values."""
    diff = name_cur - prev
    if diff == 0:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if diff > 0 else ("减少", "下降")
    return (f"比上年{verb} {_wan(abs(diff), places)}，{rate_verb} "
            f"{_round(Decimal(abs(diff)) * 100 / Decimal(prev), rate_places)}%")


@attrs.frozen
class Budget:
    classes: tuple[tuple[str, str, int, int, int], ...]  # code, name, basic, project, last year's total
    previous_basic: int
    previous_project: int
    sangong: tuple[int, int, int]  # abroad, car, reception
    previous_sangong: tuple[int, int, int]

    @property
    def basic(self) -> int:
        return sum(c[2] for c in self.classes)

    @property
    def project(self) -> int:
        return sum(c[3] for c in self.classes)

    @property
    def total(self) -> int:
        return self.basic + self.project


_yuan = st.integers(min_value=10_000, max_value=500_000_000)  # 1 万元 … 5 亿元


@st.composite
def budgets(draw) -> Budget:
    chosen = draw(st.lists(st.sampled_from(_CLASSES), min_size=1, max_size=4, unique=True))
    classes = tuple((code, name, draw(_yuan), draw(_yuan), draw(_yuan)) for code, name in sorted(chosen))
    sangong = tuple(draw(st.integers(min_value=10_000, max_value=5_000_000)) for _ in range(3))
    previous = tuple(draw(st.integers(min_value=10_000, max_value=5_000_000)) for _ in range(3))
    return Budget(classes, draw(_yuan), draw(_yuan), sangong, previous)


@attrs.frozen
class Written:
    budget: Budget
    text: str
    shares: tuple[tuple[str, str], ...]  # (the share as printed, the line it is on)


def write(budget: Budget, table_unit: str, places: int | None, rate_places: int) -> Written:
    """The disclosure of ``budget``: 表三 in ``table_unit``, prose in 万元 to ``places`` decimals (None: in 元)."""
    b = budget
    total = b.total
    lines = ["测试局 2021 年部门预算公开", "第三部分 情况说明", "一、关于测试局 2021 年支出预算情况说明"]
    share_basic, share_project = _pct(b.basic, total, rate_places), _pct(b.project, total, rate_places)
    lines.append(
        f"测试局 2021 年支出预算 {_wan(total, places)}，其中：基本支出 {_wan(b.basic, places)}，"
        f"占 {share_basic}%，{_change(b.basic, b.previous_basic, places, rate_places)}；项目支出 "
        f"{_wan(b.project, places)}，占 {share_project}%，{_change(b.project, b.previous_project, places, rate_places)}。")
    shares = [(f"占 {share_basic}%", lines[-1]), (f"占 {share_project}%", lines[-1])]
    lines.append("二、关于测试局 2021 年一般公共预算当年拨款情况说明")
    lines.append(f"一般公共预算支出 {_wan(total, places)}。")
    for i, (code, name, basic, project, previous) in enumerate(b.classes, 1):
        amount = basic + project
        share = _pct(amount, total, rate_places)
        lines.append(
            f"{i}. {name}（{code} 类）{_wan(amount, places)}，占 {share}%。2020 年预算数为 "
            f"{_wan(previous, places)}，2021 年预算安排 {_wan(amount, places)}，比 2020 年预算数"
            f"{'增长' if amount >= previous else '下降'} "
            f"{_round(Decimal(abs(amount - previous)) * 100 / Decimal(previous), rate_places)}%。")
        shares.append((f"占 {share}%", lines[-1]))
    names = ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")
    items = "；".join(f"{n} {_wan(v, places)}，{_change(v, p, places, rate_places)}"
                     for n, v, p in zip(names, b.sangong, b.previous_sangong))
    lines.append("三、关于 2021 年一般公共预算“三公”经费预算情况说明")
    lines.append(f"2021 年“三公”经费预算 {_wan(sum(b.sangong), places)}，"
                 f"{_change(sum(b.sangong), sum(b.previous_sangong), places, rate_places)}，其中：{items}。")
    lines += ["表三：部门（单位）支出总体情况表", f"单位：{table_unit}",
              "功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出", "类 | 款 | ∅ | ∅ | ∅ | ∅"]
    for code, name, basic, project, _ in b.classes:
        lines.append(f"{code} | ∅ | {name} | {_table_cell(basic + project, table_unit)} | "
                     f"{_table_cell(basic, table_unit)} | {_table_cell(project, table_unit)}")
    lines.append(f"∅ | ∅ | 合计 | {_table_cell(total, table_unit)} | {_table_cell(b.basic, table_unit)} | "
                 f"{_table_cell(b.project, table_unit)}")
    return Written(b, "\n".join(lines) + "\n", tuple(shares))


def _nc_findings(text: str, bound: set | None = None):
    report = check_document(example_document(text), REGISTRY, CheckConfig(select=("NC",)))
    if bound is not None:
        bound.update((c.quantity, c.subject) for c in report.document.claims if c.subject)
    return [f for f in report.findings if f.rule.startswith("NC")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from(["元", "万元"]), st.sampled_from([2, 1, None]), st.sampled_from([2, 1]))
def test_prose_written_from_the_budget_is_never_reported(budget, table_unit, places, rate_places):
    written = write(budget, table_unit, places, rate_places)
    bound: set = set()
    findings = _nc_findings(written.text, bound)
    assert findings == [], [f.message for f in findings]
    # …and it did read them: every share, every class's figure of last year, the 三公 items
    expected = {("share", "basic"), ("share", "project"), ("amount", "sangong.total"), ("amount", "sangong.reception")}
    expected |= {("previous", f"func:{code}") for code, *_ in budget.classes}
    expected |= {("share", f"func:{code}") for code, *_ in budget.classes}
    assert expected <= bound, expected - bound


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from(["元", "万元"]), st.data())
def test_a_share_moved_beyond_rounding_is_an_error(budget, table_unit, data):
    written = write(budget, table_unit, 2, 2)
    printed, line = data.draw(st.sampled_from(written.shares))
    value = Decimal(printed[2:-1])
    moved = f"占 {value + Decimal('0.5')}%"  # fifty units of the last decimal: neither rounding nor a nudge
    text = written.text.replace(line, line.replace(printed, moved, 1), 1)
    findings = [f for f in _nc_findings(text) if f.rule == "NC102" and moved[2:] in f.message]
    assert findings and all(f.severity.value == "error" for f in findings), [f.message for f in _nc_findings(text)]
