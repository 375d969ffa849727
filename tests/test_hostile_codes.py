"""Hostile files given to ``budgetrules codes import`` (issue 14, items 1 and 8): each is refused with one line
on standard error and exit 2 — never a traceback — and an earlier import is never replaced without a backup.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner
from hostile_kit import assert_cheap, bounded
from olekit import ole_file

from budgetrules import catalogues
from budgetrules.cli.main import main

FULL = [["科目编码", "科目名称"], ["201", "一般公共服务支出"], ["20101", "人大事务"], ["2010101", "行政运行"],
        ["2010102", "一般行政管理事务"], ["205", "教育支出"], ["20501", "教育管理事务"], ["2050101", "行政运行"]]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    path = tmp_path / "home"
    monkeypatch.setenv("BUDGETRULES_HOME", str(path))
    catalogues.clear_cache()
    yield path
    catalogues.clear_cache()


def _xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(path, *extra):
    return CliRunner().invoke(main, ["codes", "import", str(path), "--year", "2021", *extra])


def _refused(result, path, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{path}: 无法导入：") and words in lines[0], result.output
    assert "Traceback" not in result.output


def test_a_truncated_workbook(tmp_path):
    path = tmp_path / "cut.xlsx"
    data = _xlsx(FULL)
    path.write_bytes(data[: len(data) // 2])
    _refused(_import(path), path, "损坏")


def test_an_encrypted_workbook(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole_file({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64}))
    _refused(_import(path), path, "已加密")


def test_a_web_page_saved_as_xls(tmp_path):
    path = tmp_path / "page.xls"
    path.write_text("<html><body><table><tr><td>科目编码</td><td>科目名称</td></tr></table></body></html>", encoding="utf-8")
    _refused(_import(path), path, "HTML")


def test_a_workbook_declaring_a_doctype(tmp_path):
    path = tmp_path / "xxe.xlsx"
    source = zipfile.ZipFile(io.BytesIO(_xlsx(FULL)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                if content.startswith(b"<?xml"):
                    end = content.index(b"?>") + 2
                    content = content[:end] + doctype + content[end:]
                else:
                    content = doctype + content
            target.writestr(info.filename, content)
    path.write_bytes(out.getvalue())
    _refused(_import(path), path, "DOCTYPE")


def test_a_damaged_xls(tmp_path):
    path = tmp_path / "bad.xls"
    path.write_bytes(ole_file({"Workbook": b"\xff" * 2048}))
    _refused(_import(path), path, "损坏")


def test_formula_names_are_refused(tmp_path):
    path = tmp_path / "formula.csv"
    rows = FULL[:3] + [["2010101", "=cmd|' /c calc'!A0"]] + FULL[4:]
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    _refused(_import(path), path, "公式")
    assert not (catalogues.user_catalogue_dir() / "func-2021.csv").exists()


def test_a_million_rows_are_refused_in_bounded_time(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("科目编码,科目名称\n" + "201,x\n" * 1_000_000, encoding="utf-8")

    def case():
        return catalogues.import_official(path, 2021)

    cost = bounded(case)
    assert isinstance(cost.error, catalogues.ImportRefused) and "行" in str(cost.error)
    assert_cheap(cost, cpu=10.0, mem_mb=400)


def test_a_partial_import_keeps_the_fuller_one_as_a_backup(tmp_path):
    full, partial = tmp_path / "full.xlsx", tmp_path / "one.xlsx"
    full.write_bytes(_xlsx(FULL))
    partial.write_bytes(_xlsx(FULL[:2]))
    assert _import(full).exit_code == 0
    target = catalogues.user_catalogue_dir() / "func-2021.csv"
    before = target.read_text(encoding="utf-8")
    result = _import(partial)
    assert result.exit_code == 0, result.output
    backups = sorted(target.parent.glob("func-2021.csv.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert f"已备份为 {backups[0]}" in result.output
    # the backup is not a catalogue of its own
    assert catalogues.load("func", 2021).get("2050101") is None
