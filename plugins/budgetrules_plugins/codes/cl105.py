"""CL105: an economic code in the wrong column (人员经费 / 公用经费) of the 基本支出 table."""

from __future__ import annotations

from budgetrules.api import rule

from .naming import catalogue_label, coded_rows, diagnose_document, full_code

_COLUMN_NAME = {"personnel": "人员经费", "public": "公用经费"}


# 部门预算经济分类 类, and 政府预算经济分类 类/款 where they map onto one side (财预〔2017〕98号 对照表)
_HOME = {
    "301": "personnel", "303": "personnel", "302": "public",
    "501": "personnel", "509": "personnel", "502": "public",
    "50501": "personnel", "50502": "public",
}


def _home(code: str, capital_in: str) -> str | None:
    """The column a code belongs to: 301/303 (501/509) 人员经费, 302 (502) 公用经费, 310 per ``capital_in``."""
    for prefix in (code[:5], code[:3]):
        if prefix in _HOME:
            return _HOME[prefix]
    if code[:3] == "310" and capital_in in ("public", "personnel"):
        return capital_in
    return None


@rule(
    "CL105",
    "基本支出表中经济分类科目列在了错误的人员经费/公用经费栏",
    family="codes",
    params={"capital_in": "public"},
)
def econ_code_in_wrong_column(doc, ctx):
    """In the 基本支出 table (一般公共预算基本支出情况表 / 基本支出决算表) every 经济分类 row splits its amount
    between 人员经费 and 公用经费: 301 工资福利支出 and 303 对个人和家庭的补助 are 人员经费, 302 商品和服务支出 is
    公用经费 (《政府收支分类科目》, 部门预算支出经济分类; the 基本支出 definitions of 财政部's 部门预算 manual).
    310 资本性支出 belongs to 公用经费 by default; the parameter ``capital_in`` sets it (``public``,
    ``personnel``, or ``none`` to leave 310 unchecked). Other 类 (307, 309, 311, 312, 313, 399) are not checked.
    Tables coded in the 政府预算经济分类 follow the same split: 501 and 509 人员经费, 502 公用经费, and within
    505 the 款 50501 人员经费 and 50502 公用经费.

    A row is reported when it has a non-zero amount in the column its 类 does not belong to: an **error** when
    its whole amount stands in the wrong column, a **warning** when the row is split between the two columns
    (a deliberate allocation, e.g. part of 医疗费 put into 公用经费, that contradicts the classification but may
    follow a local definition). A 类 row is not reported when the 款 rows under it that carry the amount are.

    The column is judged on the code the row *means*: when CL101/CL102 find that the printed name is another
    code's name, that code decides (表六 ``301 09 福利费`` in 公用经费 is 30229 福利费 mis-coded: its column is
    right, only the code is wrong, and CL102 reports it). When the printed code and name disagree with no clear
    resolution the row is left to CL101/CL102 (the root cause is unknown); one finding per row.

    Failing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | ∅ | 77.41
        302 | 01 | 办公费 | 0.50 | ∅ | 0.50
        ∅ | ∅ | 合计 | 77.91 | ∅ | 77.91

    Passing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | 77.41 | ∅
        301 | 09 | 福利费 | 2.64 | ∅ | 2.64
        302 | 01 | 办公费 | 0.50 | ∅ | 0.50
        ∅ | ∅ | 合计 | 80.55 | 77.41 | 3.14
    """
    capital_in = str(ctx.params.get("capital_in", "public")).strip().lower()
    diagnoses = diagnose_document(doc)
    candidates = []
    for table, row in coded_rows(doc, "econ"):
        if not (table.has_column("personnel") and table.has_column("public")):
            continue
        d = diagnoses.get((id(table), id(row)))
        if d is not None:
            code = d.intended_code
            if code is None:
                continue  # code and name disagree, root cause unknown: CL101/CL102 report the row
        else:
            code = full_code(row)
        home = _home(code, capital_in)
        if home is None:
            continue
        other = "public" if home == "personnel" else "personnel"
        amount = row.amount(other)
        if amount is None or amount.value == 0:
            continue
        candidates.append((table, row, d, code, home, other, amount))
    reported = {(id(t), c) for t, _, _, c, _, _, _ in candidates}
    for table, row, d, code, home, other, amount in candidates:
        if reported_children(code, reported, id(table)):
            continue  # the 款 rows under this 类 are reported: the 类 row only adds them up
        meant = (
            f"（所印编码为 {full_code(row)}，按 {catalogue_label(d.catalogue)}，所印名称是 {code} 的名称）"
            if code != full_code(row) and d is not None else ""
        )
        own = row.amount(home)
        if own is not None and own.value != 0:
            yield ctx.finding(
                f"经济分类科目 {code} {row.label}{meant}分列于两栏：“{_COLUMN_NAME[home]}”{own.value}，"
                f"“{_COLUMN_NAME[other]}”{amount.value}；按部门预算支出经济分类，{code[:3]} 类属于"
                f"{_COLUMN_NAME[home]}，列入{_COLUMN_NAME[other]}的部分请核实口径。",
                at=(table, row, other),
                expected=f"{_COLUMN_NAME[home]}",
                actual=f"{_COLUMN_NAME[other]} {amount.value}",
                severity="warning",
            )
            continue
        yield ctx.finding(
            f"经济分类科目 {code} {row.label}{meant}属于{_COLUMN_NAME[home]}（{code[:3]} 类），"
            f"却在“{_COLUMN_NAME[other]}”栏列了 {amount.value}。",
            at=(table, row, other),
            expected=f"{_COLUMN_NAME[home]}",
            actual=f"{_COLUMN_NAME[other]} {amount.value}",
        )


def reported_children(code: str, reported: set, table_id: int) -> list[str]:
    """The codes below ``code`` (longer, same prefix) that are reported in the same table."""
    return [c for t, c in reported if t == table_id and c != code and c.startswith(code)]
