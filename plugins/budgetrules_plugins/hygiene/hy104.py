"""HY104: a code cell of a classification-coded table that cannot be a classification code."""

from __future__ import annotations

from collections import Counter

from budgetrules.api import Row, Table, catalogues, normalize_name, regex, rule

from .codeshape import CODE_KEYS, PART_NAMES, Misprint, judge, repaired
from .places import lowered, short

#: a code column headed as a classification (科目编码, 功能分类科目编码/类 …), not a project or purchase code
_CLASSIFICATION_HEADER = regex.compile(r"科目|分类")
_OTHER_CODES = regex.compile(r"品目|采购|资产|项目编码|项目代码|项目编号")
#: a code printed at the start of the name: "2O1 一般公共服务支出", "2010一般公共服务支出"
_MERGED = regex.compile(r"^(?P<code>[0-9Ool〇I]{1,12})(?:\s+|(?=[\u4e00-\u9fff]))(?P<name>[\u4e00-\u9fff].*)$")
_SYSTEM_CATALOGUE = {"func": "func", "econ": "econ-dept"}
_WIDTH = {"code_lei": 3, "code_kuan": 2, "code_xiang": 2}
_UNCHECKED = "；该行无法与科目目录、其他表格和上级科目核对"


def _classification_columns(table: Table) -> list[str]:
    keys = []
    for column in table.columns:
        base = column.key.split("#")[0]
        if base not in CODE_KEYS or _OTHER_CODES.search(column.label):
            continue
        if _CLASSIFICATION_HEADER.search(column.label):
            keys.append(column.key)
    return keys


def _system(table: Table) -> str:
    systems = Counter(r.code.system for r in table.rows if r.code is not None)
    return systems.most_common(1)[0][0] if systems else "func"


def _catalogue(doc, system: str):
    if doc.year is None:
        return None
    return catalogues.load(_SYSTEM_CATALOGUE[system], doc.year)


def _suggestion(doc, table: Table, row: Row, misprint: Misprint, system: str) -> str:
    """``；按名称应为 30102 津贴补贴`` when repairing the misprint gives a code the catalogue names as the row."""
    cat = _catalogue(doc, system)
    if cat is None:
        return ""
    parts = {key: row.texts.get(key, "") for key in ("code_lei", "code_kuan", "code_xiang")}
    if misprint.key == "code":
        candidates = [repaired(misprint.text)]
    else:
        parts[misprint.key] = repaired(misprint.text, _WIDTH[misprint.key])
        candidates = ["".join(repaired(parts[k]) for k in ("code_lei", "code_kuan", "code_xiang") if parts[k])]
    for code in candidates:
        entry = cat.get(code)
        if entry is not None and entry.normalized_name == normalize_name(row.label):
            return f"；按名称应为 {code} {entry.name}（{cat.year} 年{catalogues.SYSTEM_NAMES[cat.system]}）"
    return ""


def _padded_misprint(doc, row: Row) -> tuple[Misprint, str, bool] | None:
    """A 款/项 printed with one digit that the table builder read zero-padded (``301 | 7`` read as 30107):
    the printed parts are in ``Row.texts["code_printed"]``. The flag is True when the catalogue confirms the
    reading (the padded code's name is the row's name)."""
    parts = row.texts.get("code_printed", "").split()
    for key, part in zip(("code_kuan", "code_xiang"), parts[1:]):
        misprint = judge(key, part)
        if misprint is None:
            continue
        code = row.code
        assert code is not None  # a misprint is judged on a coded row
        read = code.code or code.display
        cat = _catalogue(doc, code.system)
        entry = cat.get(read) if cat is not None and read else None
        confirmed = entry is not None and entry.normalized_name == normalize_name(row.label)
        if confirmed and entry is not None and cat is not None:
            hint = f"；按名称应为 {read} {entry.name}（{cat.year} 年{catalogues.SYSTEM_NAMES[cat.system]}）"
        else:
            hint = f"；补足前导 0 读作 {read}" if read else ""
        width = _WIDTH[key]
        return misprint, f"{hint}；本表按 {read} 核对，公开表格应印为“{part.zfill(width)}”", confirmed
    return None


def _merged_misprint(doc, row: Row, system: str) -> tuple[Misprint, str] | None:
    """A code printed at the start of the name that cannot be one, when the rest is a catalogue name."""
    m = _MERGED.match(row.label.strip())
    if m is None:
        return None
    misprint = judge("code", m.group("code"))
    cat = _catalogue(doc, system)
    if misprint is None or cat is None or not cat.find_by_name(m.group("name")):
        return None
    owners = cat.find_by_name(m.group("name"))
    repair = repaired(m.group("code"))
    hint = next((f"；按名称应为 {e.code} {e.name}" for e in owners if e.code == repair), "")
    return misprint, hint


@rule("HY104", "分类科目编码列中印有不可能是科目编码的内容（2O1、7、4 位或 6 位数字）", family="hygiene")
def impossible_code(doc, ctx):
    """A row of a classification-coded table whose code cell holds something that cannot be a 政府收支分类科目
    code: a 款 printed ``7`` (the leading zero lost, 30107 printed as ``301 | 7``: the table builder reads it
    zero-padded and keeps the printing in ``Row.texts["code_printed"]``), ``2O1`` with a letter O,
    four or six digits in a code column, a 类 column holding ``2010``. Such a row has no code the reader (or
    this checker) can look up: the line cannot be matched with the catalogue, with the same line in the other
    tables, or with its 类/款 totals.

    A code is judged by its shape (:mod:`budgetrules_plugins.hygiene.codeshape`): 类 3 digits (or a whole 5- or 7-digit
    code), 款 and 项 2 digits, a single code column an odd number of digits (2 for a tail under its parent;
    the 7-digit local economic codes some provinces print, ``3010201``, are well formed). Whether a well-formed
    code exists in that year's list is CL101's question. When repairing the misprint (look-alike letters read
    as digits, lost leading zeros restored) gives a code whose catalogue name is the row's name, the message
    says so. **error**; **warning** for a 款/项 that lost its leading zero when the catalogue confirms the code
    read (``301 | 7`` 绩效工资 is 30107 绩效工资): the figures are checked under that code, only the printing is
    wrong.

    Only tables that are classification-coded are read: a code column headed as a classification (科目/分类,
    not 项目编码, 采购品目, 资产) and at least two rows whose codes were read. Codes printed at the start of the
    name (``2010 一般公共服务支出``) are judged in tables without code columns, and only when the rest of the
    name is a catalogue name. Words in a code cell (``合计``, a header repeated on a new page) and template
    fillers (``…``, HY101's) are not codes and not judged.

    Failing example::

        测试局 2024 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | ∅ | 工资福利支出 | 30.00 | 30.00 | ∅
        301 | 01 | 基本工资 | 10.00 | 10.00 | ∅
        301 | 2 | 津贴补贴 | 20.00 | 20.00 | ∅
        ∅ | ∅ | 合计 | 30.00 | 30.00 | ∅

    Passing example::

        测试局 2024 年部门预算公开
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | ∅ | 工资福利支出 | 30.00 | 30.00 | ∅
        301 | 01 | 基本工资 | 10.00 | 10.00 | ∅
        301 | 02 | 津贴补贴 | 20.00 | 20.00 | ∅
        ∅ | ∅ | 合计 | 30.00 | 30.00 | ∅
    """
    for table in doc.tables:
        coded = sum(1 for r in table.item_rows() if r.code is not None)
        if coded < 2:
            continue
        system = _system(table)
        keys = _classification_columns(table)
        # the row, its misprint, what follows in the message, whether the code meant is certain
        found: list[tuple[Row, Misprint, str, bool]] = []
        for row in table.item_rows():
            if row.code is not None:
                padded = _padded_misprint(doc, row) if keys else None
                if padded is not None:
                    found.append((row, *padded))
                continue
            if keys:
                misprint = next((p for k in keys if (p := judge(k.split("#")[0], row.texts.get(k, "")))), None)
                if misprint is not None:
                    hint = _suggestion(doc, table, row, misprint, system)
                    found.append((row, misprint, hint + _UNCHECKED, False))
            elif not any(c.key.split("#")[0] in CODE_KEYS for c in table.columns):
                merged = _merged_misprint(doc, row, system)
                if merged is not None:
                    found.append((row, merged[0], merged[1] + _UNCHECKED, False))
        if len(found) > coded:
            continue  # as many misprints as codes: not a classification-coded table after all
        for row, misprint, hint, certain in found:
            key = next((k for k in keys if k.split("#")[0] == misprint.key), "name")
            yield ctx.finding(
                f"{table.name}中“{short(row.label, 20)}”一行的{PART_NAMES[misprint.key]}印为“{misprint.text}”，"
                f"{misprint.reason}，不可能是政府收支分类科目编码{hint}",
                at=(table, row, key),
                actual=misprint.text,
                severity=lowered(ctx, "warning") if certain else None,
                key=f"{misprint.key}|{misprint.text}",
            )
