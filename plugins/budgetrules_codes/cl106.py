"""CL106: the income-source / budget names printed in the tables, against the statutory names."""

from __future__ import annotations

import re

from budgetrules.catalogues import normalize_name
from budgetrules.findings import Location
from budgetrules.rules import rule

# (pattern on the normalized label, the statutory name, severity, why)
_WRONG_NAMES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(r"国有资产经营(预算|收入|拨款)"),
        "国有资本经营预算",
        "error",
        "《预算法》第五条规定的预算名称是“国有资本经营预算”，没有“国有资产经营预算”",
    ),
    (
        re.compile(r"公共财政预算"),
        "一般公共预算",
        "warning",
        "“公共财政预算”是 2014 年修正《预算法》之前的名称，现为“一般公共预算”（《预算法》第五条）",
    ),
)


def _fix(label: str, pattern: re.Pattern[str], right: str) -> str:
    return pattern.sub(lambda m: right[:-2] + m.group(1) if m.groups() else right, label)


@rule("CL106", "收入来源或预算名称与《预算法》规定的名称不符", family="codes")
def budget_names(doc, ctx):
    """The fixed list of income sources (the income side of 表一 and 表四, the columns of the 收入 table) and
    the budget names in every table header must use the four budgets' statutory names (《预算法》第五条:
    一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算).

    Reported: **error** for ``国有资产经营预算`` (the budget is 国有资本经营预算; a 国有资产 budget does not
    exist), **warning** for ``公共财政预算`` (the name before the 2014 amendment of the 预算法).

    The other fixed list, the 类 list on the expense side of 表一 and 表四, is made of coded rows and is
    checked against the classification catalogue of the year by CL102 (and CL101): a wrong 类 name there is
    reported once, by CL102. Income-source names vary between templates (财政拨款（补助）, 一般公共预算拨款收入,
    单位其他资金收入 …), so only names that are wrong in any template are reported here; each printed label once
    per table.

    Failing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 国有资产经营预算
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 1.00 | 1.00 | ∅
        ∅ | ∅ | ∅ | 合计 | 1.00 | 1.00 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 国有资本经营预算
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 1.00 | 1.00 | ∅
        ∅ | ∅ | ∅ | 合计 | 1.00 | 1.00 | ∅
    """
    for table in doc.tables:
        seen: set[str] = set()
        places = []  # (printed label, where in words, place)
        if any(p.search(normalize_name(table.title)) for p, *_ in _WRONG_NAMES):
            places.append((table.title, f"第 {table.source.line} 行的表名", table))
        for column in table.columns:
            for part in column.label.split("/"):
                place = Location(path=doc.path, line=table.source.line, page=table.source.page,
                                 table=table.name, column=column.label)
                places.append((part, f"第 {column.index + 1} 列的列名", place))
        for row in table.rows:
            if row.code is None and (row.side in (None, "income")):
                places.append((row.label, f"第 {row.source.line} 行的收入项目", (table, row, "name")))
        for label, where, place in places:
            norm = normalize_name(label)
            for pattern, right, severity, why in _WRONG_NAMES:
                if not pattern.search(norm) or (norm, right) in seen:
                    continue
                seen.add((norm, right))
                fixed = _fix(label, pattern, right)
                yield ctx.finding(
                    f"{table.number or table.name}{where}“{label}”不是法定的预算名称：{why}；应为“{fixed}”。",
                    at=place,
                    expected=fixed,
                    actual=label,
                    severity=severity,
                )
