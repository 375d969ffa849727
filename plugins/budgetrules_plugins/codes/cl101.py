"""CL101: a classification code that does not exist in the catalogue of the document's year."""

from __future__ import annotations

from budgetrules.api import CodeStatus, catalogues, normalize_name, rule

from .naming import Diagnosis, Verdict, at_most, catalogue_label, coded_rows, diagnose_document, years_text

_LEVEL_WORD = {"func": "功能分类科目", "econ-dept": "经济分类科目", "econ-gov": "政府经济分类科目"}


def _history_text(d: Diagnosis) -> str:
    """``2017 年为“伙食费”，2018 年起取消`` from the catalogues and changes.csv."""
    if not d.code_years:
        return ""
    by_name: dict[str, list[int]] = {}
    for year, name in d.code_years:
        by_name.setdefault(name, []).append(year)
    seen = "；".join(f"{years_text(ys)}目录中为“{name}”" for name, ys in by_name.items())
    removed = [
        c for c in catalogues.changes(d.catalogue.system, d.code)
        if c.kind == "removed" and c.year_changed <= d.catalogue.year
    ]
    if removed:
        last = max(removed, key=lambda c: c.year_changed)
        seen += f"，{last.year_changed} 年起取消"
    elif all(y < d.catalogue.year for y, _ in d.code_years):
        seen += f"，{d.catalogue.year} 年目录中已没有"
    elif all(y > d.catalogue.year for y, _ in d.code_years):
        seen += f"，{min(y for y, _ in d.code_years)} 年起才设立"
    return seen


def _certain(d: Diagnosis) -> bool:
    """Whether the absence is certain: the parent is listed completely, or the latest change recorded for
    the code up to that year is its removal."""
    if d.status is CodeStatus.UNKNOWN:
        return True
    recorded = [c for c in catalogues.changes(d.catalogue.system, d.code) if c.year_changed <= d.catalogue.year]
    if not recorded:
        return False
    return max(recorded, key=lambda c: (c.year_changed, c.kind != "removed")).kind == "removed"


def _named_so_elsewhere(d) -> bool:
    """The code is in the catalogue, under the name printed, from the first year the shipped lists are full
    (their 类 list complete): its absence from a partial list of an earlier year is the list's gap, not a sign
    that the code was created later."""
    printed = normalize_name(d.name)
    if not d.code_years or any(normalize_name(name) != printed for _, name in d.code_years):
        return False
    horizon = _first_full_year(d.catalogue.system)
    return horizon is not None and min(year for year, _ in d.code_years) <= horizon


def _first_full_year(system: str) -> int | None:
    for year in catalogues.years(system):
        cat = catalogues.load(system, year)
        if cat is not None and cat.top_complete:
            return year
    return None


@rule("CL101", "科目编码在当年政府收支分类科目中不存在", family="codes")
def code_does_not_exist(doc, ctx):
    """A printed classification code (支出功能分类 or 部门预算支出经济分类) that is not in 财政部's
    《政府收支分类科目》 of the document's year.

    The codes are checked against the year-versioned catalogue (``budgetrules.catalogues``) of the document's
    year; an imported official workbook (``budgetrules codes import``) takes precedence over the shipped,
    partial catalogue. Every message names the catalogue year it checked against.

    What is reported, and how surely:

    * **error** when the catalogue lists every child of the code's parent (``is_complete_under``) — the code
      provably does not exist that year — or when its removal is recorded (30104/30105 were removed by the 2018
      reform of the economic classification, 财预〔2017〕98号). A code that exists in other years only is
      reported as removed (or not yet created), naming the years and its name then.
    * When the printed name is the name of another code of the same level (for 功能分类 preferably under the
      same parent), that code is named as the one probably meant: ``301 05 生活补助`` is 30305 生活补助.
    * **info** only, when the catalogue does not cover the parent completely and the printed name is another
      code's name; nothing at all when it does not cover the parent and the name says nothing.
    * **info** only, too, when there is no catalogue for the document's year and the latest earlier one
      stands in (a code created since cannot be told from a wrong one).
    * nothing when the year's list is partial there and the code is listed under the very name printed from
      the first year the shipped lists are full: the gap is the shipped catalogue's, not the document's.

    Not reported here: a code that exists but is printed with another code's name (CL102); rows printed under
    the wrong parent (CL104) or in the wrong column (CL105). No finding without a document year.

    Failing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | 77.41 | ∅
        301 | 05 | 生活补助 | 11.66 | 11.66 | ∅
        ∅ | ∅ | 合计 | 89.07 | 89.07 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 77.41 | 77.41 | ∅
        303 | 05 | 生活补助 | 11.66 | 11.66 | ∅
        ∅ | ∅ | 合计 | 89.07 | 89.07 | ∅
    """
    diagnoses = diagnose_document(doc)
    for table, row in coded_rows(doc):
        d = diagnoses.get((id(table), id(row)))
        if d is None or d.verdict not in (Verdict.MISCODED, Verdict.REMOVED, Verdict.NOT_YET, Verdict.UNKNOWN):
            continue
        cat = d.catalogue
        what = _LEVEL_WORD.get(cat.system, "科目")
        label = catalogue_label(cat)
        certain = _certain(d) and not cat.is_fallback  # a stand-in year cannot prove a new code absent
        if not certain and d.suggestion is None and _named_so_elsewhere(d):
            continue  # the year's list is partial; other years list the code with the printed name: nothing to say
        history = _history_text(d)
        parent = catalogues.parent_code(cat.system, d.code)
        if certain:
            head = f"{what}编码 {d.code}（所印名称“{d.name}”）在 {label}中不存在"
        else:
            why = (
                f"该目录是其他年度的，无法确认 {cat.year_requested} 年没有新设该编码" if cat.is_fallback
                else f"该目录未完整列出 {parent or '类'} 之下的科目，无法确认其不存在"
            )
            head = f"{what}编码 {d.code}（所印名称“{d.name}”）不在 {label}中（{why}）"
        parts = [head]
        if history:
            parts.append(history)
        if d.status is CodeStatus.UNKNOWN and not d.code_years:
            n = len(cat.children(parent))
            level = catalogues.level_of(cat.system, d.code) or "科目"
            if parent is None:
                parts.append(f"该目录列出了全部 {n} 个类")
            elif parent in cat:
                parts.append(f"该目录列出了 {parent} {cat.name_of(parent)} 之下的全部 {n} 个{level}")
            else:
                parts.append(f"其上级 {parent} 也不在该目录中")
        expected = None
        if d.suggestion is not None:
            s = d.suggestion
            parts.append(f"“{d.name}”是 {s.code} 的名称，疑为编码错误，应为 {s.code} {s.name}")
            expected = f"{s.code} {s.name}"
        yield ctx.finding(
            "；".join(parts) + "。",
            at=(table, row, "name"),
            expected=expected,
            actual=f"{d.code} {d.name}",
            severity=at_most(ctx, None if certain else "info"),
        )
