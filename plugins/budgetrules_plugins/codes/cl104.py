"""CL104: a 款 or 项 printed inside the block of another 类 or 款."""

from __future__ import annotations

from budgetrules.api import rule

from .naming import diagnose_document


def _line(row) -> str:
    return f"第 {row.source.line} 行" if row.source.line else "另一行"


@rule("CL104", "款或项印在了不属于它的类或款之下", family="codes")
def printed_under_wrong_parent(doc, ctx):
    """Tables that list classification codes hierarchically print each 类 row followed by its 款, each 款
    row followed by its 项. A 款 whose 类 part differs from the 类 block it is printed in, or a 项 whose 款 part
    differs from the 款 block it is printed in, sits under a parent it does not belong to: a reader adds it
    to the wrong parent, and usually one of the code columns (separate 类/款/项 columns, or a 项 code merged
    with the name, ``01 行政运行``) was mis-typed or the row was moved.

    To be sure the row is really out of place, it is reported only when its own parent row is printed
    elsewhere in the same table (otherwise the table may simply leave that parent row out, which is not this
    rule's concern), only in a table that prints parent rows at all (a flat list of 款 is not a hierarchy), and
    only when most rows of the table do follow their parents (a table sorted by level, all 类 then all 款, is
    not printed as a hierarchy and is left alone). 项目支出 tables, which list rows project by project, are not
    checked.

    Precedence: rows whose code or name CL101/CL102 report are left to them (a mis-typed code with a
    recognisable name is reported there with the code meant); the row's block is judged on its intended code.

    Failing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        208 | 05 | ∅ | 行政事业单位养老支出 | 36.48 | 36.48 | ∅
        212 | 01 | 01 | 行政运行 | 344.02 | 344.02 | ∅
        208 | 05 | 05 | 机关事业单位基本养老保险缴费支出 | 36.48 | 36.48 | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02 | 344.02 | ∅
        ∅ | ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        208 | 05 | ∅ | 行政事业单位养老支出 | 36.48 | 36.48 | ∅
        208 | 05 | 05 | 机关事业单位基本养老保险缴费支出 | 36.48 | 36.48 | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        212 | 01 | ∅ | 城乡社区管理事务 | 344.02 | 344.02 | ∅
        212 | 01 | 01 | 行政运行 | 344.02 | 344.02 | ∅
        ∅ | ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅
    """
    diagnoses = diagnose_document(doc)
    for table in doc.tables:
        if table.kind == "gpb_project" or table.has_column("project_name"):
            continue  # rows listed per project repeat their codes: not one hierarchy
        sides = sorted({r.side for r in table.rows}, key=lambda s: s or "")
        for side in sides:
            rows = [r for r in table.item_rows(side) if r.code is not None]
            by_code: dict[str, list] = {}
            for r in rows:
                if r.code.code is not None:
                    by_code.setdefault(r.code.code, []).append(r)
            lei_row = kuan_row = None
            fits = 0
            misplaced = []
            for row in rows:
                code = row.code
                if code.level == "类":
                    lei_row, kuan_row = row, None
                    continue
                d = diagnoses.get((id(table), id(row)))
                if d is not None and d.reported:
                    if code.level == "款":
                        kuan_row = row
                    continue
                intended = d.intended_code if d is not None else code.code
                if code.level == "款":
                    block = lei_row
                    own = code.lei if intended is None else intended[:3]
                    if block is None or block.code.code == own or own not in by_code:
                        kuan_row = row  # a misplaced 款 does not open a block: the rows after it still
                        # belong to the 款 before it
                else:
                    block = kuan_row
                    own = code.parent if (intended is None or code.code is None) else intended[:5]
                if block is None or block.code.code is None:
                    continue
                if block.code.code == own:
                    fits += 1
                elif own in by_code:  # else its own parent row is not printed: a missing row, not a misplaced one
                    misplaced.append((row, block, own))
            if 2 * len(misplaced) >= fits:
                continue  # most rows do not follow their parents: the table is not printed as a hierarchy
            for row, block, own in misplaced:
                code = row.code
                parent_word = "类" if code.level == "款" else "款"
                home = by_code[own][0]
                yield ctx.finding(
                    f"{code.level} {code.display} {row.label} 印在{parent_word} {block.code.code} {block.label} 之下，"
                    f"但它属于{parent_word} {own} {home.label}（{_line(home)}）。",
                    at=(table, row, "name"),
                    expected=own,
                    actual=block.code.code,
                    related=[(table, home, "name")],
                )
