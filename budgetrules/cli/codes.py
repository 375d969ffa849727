"""``budgetrules codes``: import 财政部's classification workbook, and show what the catalogues say about a code.

Attached to the main command by the lazy command table :data:`budgetrules.cli.main._OPTIONAL_COMMANDS`::

    budgetrules codes import 2021年政府收支分类科目.xlsx --year 2021 [--system func|econ-dept|econ-gov]
    budgetrules codes show 2080505 [--year 2021]

Exit codes as the main command: 0 done, 1 the code is in no catalogue (``show``), 2 a usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from budgetrules import catalogues

__all__ = ["codes"]

EXIT_OK, EXIT_NOT_FOUND, EXIT_ERROR = 0, 1, 2

_SYSTEM_BY_DIGIT = {"2": "func", "3": "econ-dept", "5": "econ-gov"}


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_ERROR)


def _years_text(years: list[int]) -> str:
    ys = sorted(set(years))
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return "、".join(f"{a}" if a == b else f"{a}—{b}" for a, b in runs) + " 年"


def _system_name(system: str) -> str:
    return catalogues.SYSTEM_NAMES.get(system, system)


@click.group("codes")
def codes() -> None:
    """政府收支分类科目：导入财政部的官方科目表，查看某一编码各年的名称。"""


@codes.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="科目表的年度（如 2021）。")
@click.option(
    "--system",
    type=click.Choice(["auto", *catalogues.SYSTEMS]),
    default="auto",
    show_default=True,
    help="分类体系：func 支出功能分类，econ-dept 部门预算支出经济分类，econ-gov 政府预算支出经济分类；"
    "auto 按编码首位判断。",
)
def import_file(file: Path, year: int, system: str) -> None:
    """读取财政部《政府收支分类科目》（xlsx/xls/csv，含“科目编码”“科目名称”列），写入用户目录。

    导入的目录优先于随程序发布的目录，并视为完整目录（据此可确认某编码不存在）。
    """
    if not file.is_file():
        _fail(f"{file}: 文件不存在")
    # what was in force for that system and year before this import (shipped or an earlier import)
    before: dict[str, catalogues.Catalogue | None] = {}
    for s in catalogues.SYSTEMS if system == "auto" else (system,):
        cat = catalogues.load(s, year)
        before[s] = cat if cat is not None and cat.year == year else None
    try:
        imported = catalogues.import_official(file, year, system)
    except catalogues.ImportRefused as exc:
        _fail(f"{file}: 无法导入：{exc}")
    except (ValueError, OSError) as exc:
        hint = "（可用 --system 指定分类体系）" if system == "auto" and "system" in str(exc) else ""
        _fail(f"{file}: 无法导入：{exc}{hint}")
    except ImportError as exc:  # openpyxl / xlrd missing
        _fail(f"{file}: 无法导入：缺少读取该格式所需的库（{exc.name or exc}）")
    target = imported.target
    imported_system = target.name[: -len(f"-{year}.csv")]
    new = catalogues.load(imported_system, year)
    assert new is not None  # just written
    counts = {lvl: sum(1 for e in new if e.level == lvl) for lvl in catalogues.LEVELS}
    summary = "、".join(f"{n} 个{lvl}" for lvl, n in counts.items() if n)
    click.echo(f"已导入 {year} 年{_system_name(imported_system)}：{summary}。")
    click.echo(f"写入 {target}；此后检查 {year} 年的文件时优先使用该目录。")
    if imported.backup is not None:
        click.echo(f"此前导入的目录已备份为 {imported.backup}（恢复：将其改名为 {target.name}）。")
    old = before.get(imported_system)
    if old is None:
        return
    origin = "随程序发布的目录" if old.origin == "shipped" else "此前导入的目录"
    renamed = [
        (e.code, e.name, n.name)
        for e in old
        if (n := new.get(e.code)) is not None and n.normalized_name != e.normalized_name
    ]
    missing = [e for e in old if new.get(e.code) is None]
    added = [e for e in new if old.get(e.code) is None]
    click.echo(
        f"与{origin}相比：新增 {len(added)} 个编码，名称不同 {len(renamed)} 个，官方目录中没有 {len(missing)} 个。"
    )
    for code, was, now in renamed[:50]:
        click.echo(f"  名称不同  {code}  {was} → {now}")
    for e in missing[:50]:
        click.echo(f"  官方没有  {e.code}  {e.name}")
    if len(renamed) > 50 or len(missing) > 50:
        click.echo("  ……（只列出前 50 个）")
    if len(missing) * 2 > len(old):
        click.echo(
            f"注意：此前目录中的 {len(old)} 个编码有 {len(missing)} 个不在导入的文件中，请确认它是完整的官方科目表"
            f"（导入的目录被视为完整，缺少的编码会被报告为不存在）；撤销导入请删除 {target}"
            + (f"，并将备份 {imported.backup.name} 改名为 {target.name}。" if imported.backup is not None else "。"),
            err=True,
        )


def _detect_system(code: str) -> str | None:
    return _SYSTEM_BY_DIGIT.get(code[:1])


@codes.command("show")
@click.argument("code")
@click.option("--year", type=int, default=None, help="按哪一年的目录显示名称与上级（缺省：该编码存在的最近一年）。")
@click.option(
    "--system",
    type=click.Choice(["auto", *catalogues.SYSTEMS]),
    default="auto",
    show_default=True,
    help="分类体系；auto 按编码首位判断（2 功能分类，3 部门经济分类，5 政府经济分类）。",
)
@click.option("--children", is_flag=True, help="同时列出目录中该编码的下级科目。")
def show(code: str, year: int | None, system: str, children: bool = False) -> None:
    """显示编码 CODE 的名称、各级上级科目，以及它存在的各年度和每年的名称。"""
    code = "".join(code.split())
    if system == "auto":
        detected = _detect_system(code)
        if detected is None:
            _fail(f"无法从编码 {code!r} 判断分类体系（2 开头为功能分类，3 为部门经济分类，5 为政府经济分类）；请用 --system 指定")
        system = detected
    level = catalogues.level_of(system, code)
    if level is None:
        _fail(f"{code!r} 不是{_system_name(system)}的编码（类 3 位、款 5 位" + ("、项 7 位" if system == "func" else "") + "）")

    history = catalogues.history(system, code)
    recorded = catalogues.changes(system, code)
    if year is None:
        known = catalogues.years(system)
        year = history[-1][0] if history else (known[-1] if known else None)
    cat = catalogues.load(system, year) if year is not None else None

    entry = cat.get(code) if cat is not None else None
    if cat is None:
        click.echo(f"{code}：没有 {year} 年或更早的{_system_name(system)}目录。")
    else:
        label = f"{cat.year} 年{_system_name(system)}"
        if cat.is_fallback:
            label += f"（无 {cat.year_requested} 年目录，按 {cat.year} 年）"
        if cat.origin == "user":
            label += "，导入的官方目录"
        if entry is not None:
            click.echo(f"{code} {entry.name}（{level}；{label}）")
        else:
            status = cat.code_status(code)
            why = {
                catalogues.CodeStatus.UNKNOWN: "该年目录中不存在",
                catalogues.CodeStatus.NOT_COVERED: "该年目录未完整列出其上级之下的科目，无法确认是否存在",
            }.get(status, "")
            click.echo(f"{code}（{level}；{label}）：{why}。")
        chain = []
        parent = catalogues.parent_code(system, code)
        while parent is not None:
            chain.append(f"{parent} {cat.name_of(parent)}" if parent in cat else f"{parent}（目录中没有）")
            parent = catalogues.parent_code(system, parent)
        if chain:
            click.echo("上级：" + " > ".join(reversed(chain)))
        if entry is not None and level != "项" and not (system != "func" and level == "款"):
            kids = cat.children(code)
            complete = "完整" if cat.is_complete_under(code) else "不完整"
            click.echo(f"下级：目录列出 {len(kids)} 个（{complete}）")
            if children:
                for kid in kids:
                    click.echo(f"  {kid.code} {kid.name}")
        if entry is not None and entry.dept_codes:
            click.echo(f"对应部门预算经济分类：{'、'.join(entry.dept_codes)}")

    if history:
        click.echo("各年名称：")
        by_name: list[tuple[str, list[int]]] = []
        for y, e in history:
            if by_name and by_name[-1][0] == e.name:
                by_name[-1][1].append(y)
            else:
                by_name.append((e.name, [y]))
        for name, ys in by_name:
            click.echo(f"  {_years_text(ys)}：{name}")
        present = {y for y, _ in history}
        absent = [y for y in catalogues.years(system) if y not in present]
        if absent:
            click.echo(f"  {_years_text(absent)}：（目录中没有）")
    else:
        click.echo(f"{code} 不在任何年度的{_system_name(system)}目录中。")
    kinds = {"renamed": "更名", "removed": "取消", "added": "设立"}
    if recorded:
        click.echo("变更记录：")
        for c in sorted(recorded, key=lambda c: (c.year_changed, c.kind)):
            what: str | None
            if c.kind == "renamed":
                what = f"{c.old_name} → {c.new_name}"
            else:
                what = c.old_name if c.kind == "removed" else c.new_name
            click.echo(f"  {c.year_changed} 年{kinds.get(c.kind, c.kind)}：{what or ''}")
    if not history:
        sys.exit(EXIT_NOT_FOUND)
