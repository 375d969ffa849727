"""MC101: every table the ruleset requires is published."""

from __future__ import annotations

from budgetrules.api import Place, Table, rule

from .parts import (
    BASIS,
    DEFAULT_TABLES,
    applies,
    condition_holds,
    entry_severity,
    find_table,
    is_untitled,
    judged_for_tables,
    tables_part,
)


def _line(place) -> int:
    return place.source.line or 0


def _untitled_between(doc, before, after) -> bool:
    """An untitled table of amounts lies where the missing one should be (between the tables found around it):
    it may be that table, its title unread — the rule then stays silent."""
    lo = _line(before) if before is not None else 0
    hi = _line(after) if after is not None else None
    if hi is not None and hi <= lo:  # the document orders its tables otherwise than the template
        lo, hi = 0, None
    for table in doc.tables:
        if table.kind is None and is_untitled(table) and table.rows:
            line = _line(table)
            if line > lo and (hi is None or line < hi):
                return True
    return False


@rule(
    "MC101",
    "缺少必须公开的表格",
    family="mandatory",
    params={"tables": DEFAULT_TABLES, "basis": BASIS},
)
def required_table_missing(doc, ctx):
    """Each table of the required set (parameter ``tables``) is published, in any order.

    The required set belongs to the template in force: the national baseline (default) is the eight tables of
    财预〔2016〕143号 and the 部门决算 template — 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,
    一般公共预算基本支出表, “三公”经费支出表, 政府性基金预算支出表; regional rulesets list their own (the nine
    tables of a Xinjiang county 预算, the central 2021+ set with 国有资本经营预算支出表, Shanghai's 2024 决算).
    A table with no data must still be published, with a note saying it is empty (143号), so an empty table
    counts as present here (MC104 checks its note).

    A table is found by its kind (the title, however numbered: ``表九``, ``公开表7`` or none), by one of the
    entry's title ``aliases``, or — for an untitled table — by its columns (因公出国/公务接待 for 三公,
    人员经费/公用经费 for 基本支出); a table whose title is printed in the body counts as published even when its
    grid could not be read. Each entry of ``tables`` is ``{kind, title, aliases, applies, when, severity}``:
    ``applies`` limits it to 预算 or 决算; ``when = "admin"`` requires it only of a 行政单位 or 参公 unit (the
    机关运行经费 table; not of a 事业单位, a university or a hospital); ``when = "projects"`` only where 项目支出 is
    above zero; ``severity`` overrides the rule's for that table.

    Not reported: a file of text only (its tables are a separate publication; the document-set check reports
    the missing half once); an unfilled template (MC104 reports it once); a missing table when an untitled
    table stands where it should be (its title may not have been read).

    The finding points at the required table printed before the missing one (where it should follow); a missing
    table is an error even when the text says it would be empty. Only a whole disclosure is judged (one with a
    目录 or at least two numbered parts ``第一部分`` …): a file of a few tables is an excerpt, not a disclosure.

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门概况
        一、主要职能
        负责全县住房和城乡建设管理。
        第二部分 部门预算公开表
        表一：部门收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00
        收入总计 | 10.00 | 支出总计 | 10.00

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门概况
        一、主要职能
        负责全县住房和城乡建设管理。
        第二部分 部门预算公开表
        表一：部门收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00
        收入总计 | 10.00 | 支出总计 | 10.00
        表二：部门收入总体情况表
        单位：万元
        科目名称 | 合计 | 一般公共预算
        一般公共服务支出 | 10.00 | 10.00
        表三：部门支出总体情况表
        单位：万元
        科目名称 | 合计 | 基本支出 | 项目支出
        一般公共服务支出 | 10.00 | 10.00 | ∅
        表四：财政拨款收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00
        收入总计 | 10.00 | 支出总计 | 10.00
        表五：一般公共预算支出情况表
        单位：万元
        科目名称 | 合计 | 基本支出 | 项目支出
        一般公共服务支出 | 10.00 | 10.00 | ∅
        表六：一般公共预算基本支出情况表
        单位：万元
        科目名称 | 合计 | 人员经费 | 公用经费
        工资福利支出 | 10.00 | 10.00 | ∅
        表七：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行费 | 公务接待费
        0.00 | 0.00 | 0.00 | 0.00 | 0.00
        表八：政府性基金预算支出情况表
        单位：万元
        备注：本单位无政府性基金预算支出，本表为空表。
    """
    if not judged_for_tables(doc):
        return
    cache: dict = {}
    entries = [e for e in ctx.params["tables"] if applies(e, doc) and condition_holds(e, doc, cache)]
    basis = ctx.params.get("basis") or ""
    found = [find_table(doc, e) for e in entries]
    for i, (entry, table) in enumerate(zip(entries, found)):
        if table is not None:
            continue
        before = next((t for t in reversed(found[:i]) if t is not None), None)
        after = next((t for t in found[i + 1 :] if t is not None), None)
        if _untitled_between(doc, before, after):
            continue
        title = entry.get("title") or entry.get("kind")
        at: Place
        if before is not None:
            where, at = f"，应在{before.name}之后", before if isinstance(before, Table) else before.source
        elif after is not None:
            where, at = f"，应在{after.name}之前", after if isinstance(after, Table) else after.source
        else:
            where, at = "", tables_part(doc)
        count = len(entries)
        present = sum(1 for t in found if t is not None)
        yield ctx.finding(
            f"未找到必须公开的表格“{title}”{where}（规则集要求 {count} 张表，找到 {present} 张；"
            f"没有数据的表也应公开并注明空表；依据：{basis}）",
            at=at,
            key=f"missing:{entry.get('kind') or title}",
            severity=entry_severity(entry),
        )
