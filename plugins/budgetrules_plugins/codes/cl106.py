"""CL106: the fixed lists of the summary tables — the 类 list printed without codes, the income sources and
budget names — against the catalogue and the statutory names."""

from __future__ import annotations

import re

from budgetrules.api import Location, catalogues, normalize_name, regex, rule

from .naming import at_most, catalogue_for, catalogue_label, years_text

# (pattern on the normalized label, the statutory name, severity, why)
_WRONG_NAMES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        regex.compile(r"国有资产经营(预算|收入|拨款)"),
        "国有资本经营预算",
        "error",
        "《预算法》第五条规定的预算名称是“国有资本经营预算”，没有“国有资产经营预算”",
    ),
    (
        regex.compile(r"公共财政预算"),
        "一般公共预算",
        "warning",
        "“公共财政预算”是 2014 年修正《预算法》之前的名称，现为“一般公共预算”（《预算法》第五条）",
    ),
)


def _fix(label: str, pattern: re.Pattern[str], right: str) -> str:
    return pattern.sub(lambda m: right[:-2] + m.group(1) if m.groups() else right, label)


_ORDINAL = regex.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[、.．])\s*")


def _lei_list_names(doc, ctx):
    """Uncoded rows inside a 类 list printed without codes whose name is no 类 of that year."""
    cat = catalogue_for(doc, "func")
    if cat is None or not cat.top_complete:
        return
    for table in doc.tables:
        if table.kind not in ("summary", "fiscal_summary"):
            continue
        rows = [r for r in table.item_rows("expense")]
        matched: list = []
        for r in rows:
            if r.code is not None:
                matched.append(r.code.code if r.code.level == "类" else None)
                continue
            hits = cat.find_by_name(_ORDINAL.sub("", r.label), level="类")
            matched.append(hits[0].code if len(hits) == 1 else None)
        printed = {c for c in matched if c}
        for i, row in enumerate(rows):
            if row.code is not None or matched[i] is not None or not (0 < i < len(rows) - 1):
                continue
            before, after = matched[i - 1], matched[i + 1]
            if not before or not after or before >= after:
                continue  # not inside a run of 类 rows in code order
            gap = [e for e in cat.children(None) if before < e.code < after and e.code not in printed]
            if len(gap) != 1:
                continue
            meant = gap[0]
            label = _ORDINAL.sub("", row.label)
            old = [y for y, e in catalogues.history("func", meant.code)
                   if y != cat.year and e.normalized_name == normalize_name(label)]
            head = (f"{table.number or table.name}支出方的类列表中，位于 {before} {cat.name_of(before)} 与 "
                    f"{after} {cat.name_of(after)} 之间的“{row.label}”")
            if old:
                yield ctx.finding(
                    f"{head}是类 {meant.code} 在 {years_text(old)}的名称（已过时），"
                    f"{catalogue_label(cat)}中为“{meant.name}”。",
                    at=(table, row, "name"), expected=f"{meant.code} {meant.name}", actual=row.label,
                    severity=at_most(ctx, "warning"),
                )
            else:
                yield ctx.finding(
                    f"{head}不是 {catalogue_label(cat)}中任何类的名称；按位置应为 {meant.code} {meant.name}。",
                    at=(table, row, "name"), expected=f"{meant.code} {meant.name}", actual=row.label,
                    severity=at_most(ctx, "warning" if cat.is_fallback else None),
                )


@rule("CL106", "收支总表中固定列出的类名称、收入来源或预算名称不规范", family="codes")
def budget_names(doc, ctx):
    """The fixed lists printed in full in the two summary tables (表一 收支总体情况表, 表四 财政拨款收支总体情况表):
    the 类 list on the expense side, and the income sources.

    **The 类 list.** When it is printed with codes (``222 粮油物资储备支出``) its rows are ordinary coded rows,
    checked by CL101/CL102. When it is printed without codes, this rule recognises the list by the names that
    are 类 names of the year and reports a row inside it whose name is no 类 name: when exactly one 类 of the
    catalogue fits between its neighbours (in code order) and is printed nowhere else in the list, that 类 is
    the one meant — **error** with its name (**warning** when the name is that 类's name in another year).
    Rows outside the run of 类 rows (基本支出, 结转下年 …) are never compared.

    **The income sources.** The fixed list of income sources (the income side of 表一 and 表四, the columns of
    the 收入 table) and the budget names in every table header must use the four budgets' statutory names
    (《预算法》第五条: 一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算).

    Reported there: **error** for ``国有资产经营预算`` (the budget is 国有资本经营预算; a 国有资产 budget does not
    exist), **warning** for ``公共财政预算`` (the name before the 2014 amendment of the 预算法).

    Income-source names vary between templates (财政拨款（补助）, 一般公共预算拨款收入, 单位其他资金收入 …),
    so only names that are wrong in any template are reported here; each printed label once per table.

    Failing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 国有资产经营预算
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 1.00 | 1.00 | ∅
        ∅ | ∅ | ∅ | 合计 | 1.00 | 1.00 | ∅

    Failing example (类 list without codes)::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 项目 | 预算数
        一般公共预算 | 1.00 | 一、住房保障支出 | 1.00
        ∅ | ∅ | 二、粮油物资管理支出 | ∅
        ∅ | ∅ | 三、国有资本经营预算支出 | ∅
        收入总计 | 1.00 | 支出总计 | 1.00

    Passing example::

        测试局 2021 年部门预算公开
        表二：部门（单位）收入总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 国有资本经营预算
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 1.00 | 1.00 | ∅
        ∅ | ∅ | ∅ | 合计 | 1.00 | 1.00 | ∅

    Passing example (类 list without codes)::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 项目 | 预算数
        一般公共预算 | 1.00 | 一、住房保障支出 | 1.00
        ∅ | ∅ | 二、粮油物资储备支出 | ∅
        ∅ | ∅ | 三、国有资本经营预算支出 | ∅
        ∅ | ∅ | 基本支出 | 1.00
        收入总计 | 1.00 | 支出总计 | 1.00
    """
    yield from _lei_list_names(doc, ctx)
    for table in doc.tables:
        seen: set[tuple[str, str]] = set()
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
                    severity=at_most(ctx, severity),
                )
