"""CL103: one code printed with two names, or two sibling codes printed with one name, in one document."""

from __future__ import annotations

from budgetrules.api import Row, Table, normalize_name, rule

from .naming import at_most, code_of, coded_rows, diagnose_document, full_code, is_fragment


def _where(table, row) -> str:
    return f"{table.number or table.name} 第 {row.source.line} 行" if row.source.line else (table.number or table.name)


@rule("CL103", "同一文件中同一编码印了不同名称，或同级不同编码印了同一名称", family="codes", severity="warning")
def inconsistent_code_names(doc, ctx):
    """Within one document, a code is printed with two different names (e.g. 表一 and 表四 disagree on a 类
    name), or two different codes of the same level under the same parent are printed with one name.

    Names are compared after ``normalize_name`` (whitespace and full-/half-width forms do not count). Names
    that legitimately repeat are not compared: 项 of different 款 (every 款 has its own 行政运行) and a 款
    with its own 项 (``21299 其他城乡社区支出`` / ``2129999 其他城乡社区支出``).

    Only rows that CL101/CL102 find nothing wrong with take part: when the catalogue says which name is right,
    the wrong row is reported once, there, with the correct name or code (表一 ``222 粮油物资管理支出`` against
    表四 ``222 粮油物资储备支出`` is CL102's). This rule therefore mostly speaks where the catalogue cannot: codes
    it does not cover, or a document without a year. **warning**: it cannot tell which of the two is right.
    One finding per deviating row, at the row whose name differs from the first one printed; only **info**
    when one name is the start or end of the other (a wrapped or cut-off cell).

    Failing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        213 | 05 | 99 | 其他巩固脱贫衔接乡村振兴支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
        类 | 款 | 项 | ∅ | ∅
        213 | 05 | 99 | 其他扶贫支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00

    Passing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
        类 | 款 | 项 | ∅ | ∅
        213 | 05 | 99 | 其他巩固脱贫衔接乡村振兴支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
        类 | 款 | 项 | ∅ | ∅
        213 | 05 | 99 | 其他巩固脱贫衔接乡村振兴支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00
    """
    diagnoses = diagnose_document(doc)
    rows = []
    for table, row in coded_rows(doc):
        d = diagnoses.get((id(table), id(row)))
        if d is not None and d.reported:
            continue
        rows.append((table, row, normalize_name(row.label)))

    # one code, two names
    first_name: dict[tuple[str, str], tuple[Table, Row, str]] = {}
    reported: set[tuple[int, int]] = set()
    for table, row, norm in rows:
        key = (code_of(row).system, full_code(row))
        if key not in first_name:
            first_name[key] = (table, row, norm)
            continue
        t0, r0, n0 = first_name[key]
        if norm == n0:
            continue
        reported.add((id(table), id(row)))
        cut = is_fragment(row.label, r0.label) or is_fragment(r0.label, row.label)
        yield ctx.finding(
            f"编码 {full_code(row)} 在{_where(table, row)}印为“{row.label}”，在{_where(t0, r0)}印为“{r0.label}”："
            "同一编码在同一文件中名称不一致"
            + ("（一个是另一个的一部分，可能是单元格换行或截断所致）。" if cut else "。"),
            at=(table, row, "name"),
            expected=r0.label,
            actual=row.label,
            related=[(t0, r0, "name")],
            severity=at_most(ctx, "info" if cut else None),
        )

    # two sibling codes, one name
    first_code: dict[tuple[str, str, str | None, str], tuple[Table, Row]] = {}
    for table, row, norm in rows:
        if (id(table), id(row)) in reported:
            continue
        code = code_of(row)
        sibling = (code.system, code.level, code.parent, norm)
        if sibling not in first_code:
            first_code[sibling] = (table, row)
            continue
        t0, r0 = first_code[sibling]
        if full_code(r0) == code.code:
            continue
        yield ctx.finding(
            f"名称“{row.label}”在{_where(table, row)}印为编码 {code.code}，在{_where(t0, r0)}印为编码 "
            f"{full_code(r0)}：同一{code.level}名称对应了两个编码。",
            at=(table, row, "name"),
            expected=full_code(r0),
            actual=code.code,
            related=[(t0, r0, "name")],
        )
