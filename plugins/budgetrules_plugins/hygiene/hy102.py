"""HY102: a title, heading or table title naming the disclosure with a year other than the document's."""

from __future__ import annotations

from budgetrules.api import rule

from .places import lowered, short, title_places
from .years import disclosure_year

_WHAT = {"title": "文件标题", "toc": "目录", "heading": "标题", "table_title": "表名"}


@rule("HY102", "标题、目录或表名所写的预决算年度与文件年度不符", family="hygiene")
def title_names_another_year(doc, ctx):
    """A title-like text — the document title, a line of the table of contents, a heading, a table title —
    that names the disclosure itself with a year other than the document's: ``2018年部门预算`` or
    ``2018年部门收入预算总表`` in a 2019 budget. It is what a document copied from last year's and not
    fully updated looks like: the table or section may hold last year's figures, and the reader cannot tell
    which year it speaks of.

    The document's year is the one its title gives (``Document.year``). A 决算 of year N is published in N+1
    and its titles name N: only the year written before ``决算`` (in a 决算) or ``预算`` (in a 预算) is read,
    never a publication date. A text names the disclosure only when it names one year, followed by the
    document's own kind word and no figure or comparison: ``比2018年预算``, ``2018年预算执行情况``,
    ``2017-2019年规划``, ``2018年部门决算情况`` (in a 预算), ``2025年预算数`` (a column) are not reported, and
    prose is never read (it legitimately speaks of other years: ``2018年决算``, ``上年``).

    **error** when the document's year is the one most title-like texts name (the title included); when as
    many or more name another year, it is not clear which is wrong: **warning**, once, on the title (nothing
    when the title names no year). Nothing either when the document's year was not read from its title.

    Failing example::

        测试局 2019 年部门预算公开
        第一部分 测试局概况
        一、主要职能
        负责全县住房和城乡建设管理。
        第二部分 2019年测试局部门预算表
        表二：2018年部门收入预算总表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
        类 | 款 | 项 | ∅ | ∅
        201 | ∅ | ∅ | 一般公共服务支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00

    Passing example::

        测试局 2019 年部门预算公开
        第一部分 测试局概况
        一、主要职能
        负责全县住房和城乡建设管理。2019年收入预算比2018年预算增加2.00万元，2018年决算已公开。
        第二部分 2019年测试局部门预算表
        表二：2019年部门收入预算总表
        单位：万元
        功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
        类 | 款 | 项 | ∅ | ∅
        201 | ∅ | ∅ | 一般公共服务支出 | 10.00
        ∅ | ∅ | ∅ | 合计 | 10.00
    """
    if doc.year is None or doc.kind is None:
        return
    named = [(place, year) for place in title_places(doc) if (year := disclosure_year(place.text, doc.kind)) is not None]
    title = next(((place, year) for place, year in named if place.kind == "title"), None)
    if title is not None and title[1] != doc.year:
        return  # the document's year was not read from its title: no reference to judge by
    own = [place for place, year in named if year == doc.year]
    others = [(place, year) for place, year in named if year != doc.year]
    if not others:
        return
    kind = doc.kind.value
    if len(own) > len(others):
        for place, year in others:
            what = place.where
            if place.kind not in ("table_title", "heading"):  # their ``where`` names the text already
                what += f"“{short(place.text, 40)}”"
            yield ctx.finding(
                f"{what}写的是 {year} 年{kind}，而本文件是 {doc.year} 年{kind}"
                f"（本文件有 {len(own)} 处标题、目录或表名写的是 {doc.year} 年）；疑为沿用往年文本未改年度",
                at=place.location(doc),
                expected=doc.year,
                actual=year,
                key=f"{place.kind}|{short(place.text, 40)}",
            )
        return
    if title is None:
        return  # most titles name another year and the title names none: nothing to say which is right
    years = sorted({year for _, year in others})
    listed = "、".join(f"{_WHAT[p.kind]}“{short(p.text, 24)}”" for p, _ in others[:3])
    yield ctx.finding(
        f"文件标题为 {doc.year} 年{kind}，但 {len(others)} 处标题、目录或表名写的是 "
        f"{'、'.join(str(y) for y in years)} 年{kind}（如{listed}），只有 {len(own)} 处（含文件标题）写的是 "
        f"{doc.year} 年；无法判断哪一方的年度有误，请核对",
        at=title[0].location(doc),
        expected=doc.year,
        actual=years[0],
        severity=lowered(ctx, "warning"),
        key="ambiguous",
    )
