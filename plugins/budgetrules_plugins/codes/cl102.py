"""CL102: a classification code printed with a name that is not its name in that year's catalogue."""

from __future__ import annotations

from budgetrules.api import catalogues, normalize_name, rule

from .naming import (
    Verdict,
    at_most,
    catalogue_for,
    catalogue_label,
    code_of,
    coded_rows,
    diagnose_document,
    full_code,
    is_fragment,
    names_subjects,
    years_text,
)

_WHAT = {"func": "功能分类科目", "econ-dept": "经济分类科目", "econ-gov": "政府经济分类科目"}


@rule("CL102", "科目名称与当年政府收支分类科目中该编码的名称不符", family="codes")
def name_differs_from_catalogue(doc, ctx):
    """A printed code whose printed name is not the name the catalogue of the document's year gives it.

    Every coded row of every table is compared — 功能分类 类/款/项 rows, 经济分类 rows of the 基本支出 table,
    and the fixed 类 lists printed in full on the expense side of 表一 and 表四 (so a wrong name in a list of
    empty rows is caught too; this is why there is no separate rule for those lists). Names are compared after
    ``normalize_name``: whitespace, full-/half-width forms, quotes and brackets do not count.

    * **error**, with the code probably meant, when the printed name is the name of another code (for
      功能分类 of the same level, preferably under the same parent): ``301 09 福利费`` is 30229 福利费 mis-coded
      (30109 is 职业年金缴费). The row is reported once, here: the column it is printed in is judged on the
      intended code (CL105), and it does not count as a duplicate name (CL103).
    * **warning** when the printed name is the code's name in another year of the catalogue (or a recorded
      rename): an outdated name, e.g. 210 医疗卫生与计划生育支出 in a 2021 document.
    * **info** when the printed name is only the start or the end of the catalogue's name (``缴费支出`` for
      机关事业单位基本养老保险缴费支出): usually a cell wrapped over two lines or cut off by the PDF, which a
      reviewer checks against the original rather than counts as a mistake.
    * **error** otherwise, stating the catalogue's name for that year (**warning** when no catalogue of the
      document's year exists and an earlier one stands in: the code may have been renamed since).

    A 项 printed without its own code (only its 款 code repeated, recognised by name) is compared with the
    项 of that 款: when the catalogue lists every 项 of the 款 and none has the printed name, **error** (or
    **warning** when the name is a 项 of that 款 in another year).

    Rows of a 项目支出 table whose name column holds project names (headed 项目/项目名称, not 科目) are not
    compared.

    Not reported here: codes missing from the catalogue (CL101). No finding without a document year or a
    catalogue for it.

    Failing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 09 | 福利费 | 2.64 | ∅ | 2.64
        302 | 28 | 工会经费 | 1.47 | ∅ | 1.47
        ∅ | ∅ | 合计 | 4.11 | ∅ | 4.11

    Passing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 29 | 福利费 | 2.64 | ∅ | 2.64
        302 | 28 | 工 会 经 费 | 1.47 | ∅ | 1.47
        ∅ | ∅ | 合计 | 4.11 | ∅ | 4.11
    """
    yield from _uncoded_xiang(doc, ctx)
    diagnoses = diagnose_document(doc)
    for table, row in coded_rows(doc):
        d = diagnoses.get((id(table), id(row)))
        if d is None or d.verdict not in (Verdict.WRONG_NAME, Verdict.OUTDATED_NAME):
            continue
        cat, entry = d.catalogue, d.entry
        assert entry is not None  # a name is wrong or outdated only against a catalogue entry
        what = _WHAT.get(cat.system, "科目")
        head = f"{what} {d.code} 在 {catalogue_label(cat)}中的名称是“{entry.name}”，所印名称为“{d.name}”"
        if d.suggestion is not None:
            s = d.suggestion
            msg = f"{head}；“{d.name}”是 {s.code} 的名称，疑为编码错误，应为 {s.code} {s.name}"
            if d.name_years:
                msg += f"（“{d.name}”曾是 {d.code} 在 {years_text(d.name_years)}的名称）"
            yield ctx.finding(msg + "。", at=(table, row, "name"), expected=f"{s.code} {s.name}",
                              actual=f"{d.code} {d.name}")
        elif d.verdict is Verdict.OUTDATED_NAME:
            msg = f"{head}，这是该科目 {years_text(d.name_years)}的名称（已过时），{cat.year} 年应为“{entry.name}”。"
            yield ctx.finding(msg, at=(table, row, "name"), expected=entry.name, actual=d.name,
                              severity=at_most(ctx, "warning"))
        elif is_fragment(d.name, entry.name):
            msg = (f"{head}，只是目录名称的一部分（可能是单元格换行或截断所致，请核对原表），"
                   f"应为“{entry.name}”。")
            yield ctx.finding(msg, at=(table, row, "name"), expected=entry.name, actual=d.name,
                              severity=at_most(ctx, "info"))
        else:
            # the same code printed right elsewhere in the document makes the slip plain to the reviewer
            right = next(
                ((t, r) for t, r in coded_rows(doc)
                 if full_code(r) == d.code and code_of(r).system == code_of(row).system
                 and diagnoses.get((id(t), id(r))) is not None
                 and diagnoses[(id(t), id(r))].verdict is Verdict.OK),
                None,
            )
            also = ""
            if right is not None:
                t, r = right
                line = f"第 {r.source.line} 行" if r.source.line else ""
                also = f"（本文件{t.number or t.name}{line}印为“{r.label}”）"
            msg = f"{head}，应为“{entry.name}”{also}。"
            # a stand-in catalogue of an earlier year cannot know a rename since: not an error
            yield ctx.finding(msg, at=(table, row, "name"), expected=entry.name, actual=d.name,
                              related=[right + ("name",)] if right is not None else [],
                              severity=at_most(ctx, "warning" if cat.is_fallback else None))


def _uncoded_xiang(doc, ctx):
    """项 rows printed without their code whose name is no 项 of their 款."""
    cat = catalogue_for(doc, "func")
    if cat is None:
        return
    for table in doc.tables:
        if not names_subjects(table):
            continue
        for row in table.item_rows():
            code = row.code
            if code is None or code.system != "func" or code.level != "项" or code.code is not None:
                continue
            kuan = code.parent
            parent = cat.get(kuan) if kuan is not None else None
            if not row.label.strip() or kuan is None or not cat.is_complete_under(kuan) or parent is None:
                continue
            wanted = normalize_name(row.label)
            if wanted == parent.normalized_name or cat.find_by_name(row.label, parent=kuan):
                continue
            kids = cat.children(kuan)
            head = (f"项“{row.label}”印在款 {kuan} {cat.name_of(kuan)} 之下（未印项编码），"
                    f"但 {catalogue_label(cat)}中该款的 {len(kids)} 个项没有这个名称")
            old: list[tuple[int, str]] = []
            for year in catalogues.years("func"):
                other = catalogues.load("func", year)
                if year != cat.year and other is not None and other.year == year:
                    old += [(year, e.code) for e in other.find_by_name(row.label, parent=kuan)]
            if old:
                years = tuple(y for y, _ in old)
                yield ctx.finding(
                    f"{head}；这是 {old[-1][1]} 在 {years_text(years)}的名称（已过时）。",
                    at=(table, row, "name"), actual=row.label, severity=at_most(ctx, "warning"),
                )
            else:
                yield ctx.finding(
                    f"{head}（该款的项：{'、'.join(k.code + ' ' + k.name for k in kids)}）。",
                    at=(table, row, "name"), actual=row.label,
                )
