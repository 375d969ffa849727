"""The shipped classification catalogues (data/*.csv) and the API that reads them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from budgetrules import catalogues as cat
from budgetrules.catalogues import CodeStatus

DATA = Path(cat.__file__).resolve().parent / "data"
CATALOGUE_FILES = sorted(p for p in DATA.glob("*.csv") if p.name != "changes.csv")
FILE_RE = re.compile(r"^(func|econ-dept|econ-gov)-(\d{4})\.csv$")
LENGTHS = {"func": {3: "类", 5: "款", 7: "项"}, "econ-dept": {3: "类", 5: "款"}, "econ-gov": {3: "类", 5: "款"}}


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test sees an empty user catalogue directory (never the machine's ~/.budgetrules)."""
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path / "home"))
    cat.clear_cache()
    yield
    cat.clear_cache()


def _read(path: Path) -> tuple[dict[str, str], list[str], list[dict[str, str]]]:
    header: dict[str, str] = {}
    body = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            m = re.match(r"^#\s*([a-z_]+)\s*:\s?(.*)$", line)
            assert m, f"{path.name}: comment line not of the form '# key: value': {line!r}"
            header[m.group(1)] = m.group(2)
        else:
            body.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    rows = list(reader)
    return header, list(reader.fieldnames or []), rows


# --------------------------------------------------------------------------------------- file format


def test_every_system_has_its_years():
    assert cat.years("func") == list(range(2018, 2026))
    assert cat.years("econ-dept") == list(range(2017, 2026))
    assert cat.years("econ-gov") == list(range(2018, 2026))
    assert {p.name for p in DATA.glob("*.csv")} == {p.name for p in CATALOGUE_FILES} | {"changes.csv"}


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda p: p.name)
def test_catalogue_file_is_well_formed(path: Path):
    m = FILE_RE.match(path.name)
    assert m, f"file name {path.name} is not <system>-<year>.csv"
    system, year = m.group(1), int(m.group(2))
    header, columns, rows = _read(path)

    # header: what, which year, from where, how much
    assert header["classification"].startswith(system)
    assert header["year"] == str(year)
    assert f"《{year}年政府收支分类科目》" in header["source"] and "财政部" in header["source"]
    assert header["coverage"].strip()
    assert header["cross_checked"].strip()
    assert header["lei_complete"] in ("yes", "no")
    assert "memory" in header["unverified"]

    expected = ["code", "name", "level", "parent", "children_complete"]
    assert columns == expected + (["dept_codes"] if system == "econ-gov" else [])

    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "codes must be unique per file"
    assert codes == sorted(codes), "rows are kept in code order"
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        code, name, level, parent, complete = (r[c] for c in expected)
        assert code.isascii() and code.isdigit(), code
        assert LENGTHS[system].get(len(code)) == level, f"{code}: level {level} does not match its length"
        assert name and name == name.strip() and not re.search(r"\s{2,}|[\t\r\n]", name), repr(name)
        if level == "类":
            assert parent == ""
        else:
            assert parent == code[:-2], f"{code}: parent {parent!r}"
            assert parent in by_code, f"{code}: parent {parent} missing from the file"
        if level == "项":
            assert complete == "", f"{code}: children_complete only on 类/款 rows"
        else:
            assert complete in ("yes", "no"), f"{code}: children_complete {complete!r}"
        if system == "econ-gov" and r["dept_codes"]:
            for d in r["dept_codes"].split(";"):
                assert len(d) == 5 and d.isdigit(), d

    # the loader accepts it and agrees with the file
    loaded = cat.load(system, year)
    assert loaded is not None and loaded.year == year and loaded.origin == "shipped"
    assert len(loaded) == len(rows)
    assert loaded.top_complete is (header["lei_complete"] == "yes")


@pytest.mark.parametrize("year", range(2018, 2026))
def test_econ_gov_maps_onto_existing_departmental_codes(year):
    gov, dept = cat.load("econ-gov", year), cat.load("econ-dept", year)
    for entry in gov:
        for d in entry.dept_codes:
            assert d in dept, f"{year}: {entry.code} maps to {d}, unknown in econ-dept {year}"
    # apart from 505/506 (the same spending when it goes to 事业单位), one departmental 款 feeds one 款
    mapped = [d for e in gov if e.code[:3] not in ("505", "506") for d in e.dept_codes]
    assert len(mapped) == len(set(mapped))


# --------------------------------------------------------------------------------------- pinned names

FUNC_EVERY_YEAR = {
    "201": "一般公共服务支出",
    "2010101": "行政运行",
    "2010102": "一般行政管理事务",
    "2010103": "机关服务",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2110302": "水体",
    "2120101": "行政运行",
    "2129999": "其他城乡社区支出",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
    "2210203": "购房补贴",
    "208": "社会保障和就业支出",
    "210": "卫生健康支出",
    "207": "文化旅游体育与传媒支出",
    "215": "资源勘探工业信息等支出",
    "220": "自然资源海洋气象等支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
}


@pytest.mark.parametrize("year", range(2019, 2026))
def test_func_pinned_names(year):
    c = cat.load("func", year)
    for code, name in FUNC_EVERY_YEAR.items():
        assert c.name_of(code) == name, (year, code)


def test_func_2021_lei_list():
    c = cat.load("func", 2021)
    lei = {e.code: e.name for e in c.children(None)}
    assert lei["234"] == "抗疫特别国债安排的支出"
    assert lei["229"] == "其他支出"
    assert lei["227"] == "预备费"
    assert lei["230"] == "转移性支出"
    assert lei["231"] == "债务还本支出"
    assert lei["232"] == "债务付息支出"
    assert lei["233"] == "债务发行费用支出"
    assert c.top_complete
    assert sorted(lei) == [str(n) for n in (*range(201, 218), *range(219, 225), 227, *range(229, 235))]
    assert c.name_of("20805") == "行政事业单位养老支出"


def test_func_names_before_and_after_the_2019_renames():
    before, after = cat.load("func", 2018), cat.load("func", 2019)
    assert before.name_of("210") == "医疗卫生与计划生育支出" and after.name_of("210") == "卫生健康支出"
    assert before.name_of("207") == "文化体育与传媒支出"
    assert "224" not in before and "224" in after
    assert "234" not in after and "234" in cat.load("func", 2020)


def test_func_2024_against_the_2024_disclosures():
    """Codes and names printed in 2024 上海市普陀区 部门决算 (shared/reference func_codes_observed.csv)."""
    seen = {
        "20106": "财政事务", "2010601": "行政运行", "2010602": "一般行政管理事务", "2010607": "信息化建设",
        "2010608": "财政委托业务支出", "20139": "社会工作事务", "2013901": "行政运行", "2013950": "事业运行",
        "2013999": "其他社会工作事务支出", "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
        "2080502": "事业单位离退休", "2080599": "其他行政事业单位养老支出", "21011": "行政事业单位医疗",
        "21201": "城乡社区管理事务", "21202": "城乡社区规划与管理", "2120201": "城乡社区规划与管理",
        "22001": "自然资源事务", "2200150": "事业运行", "2200199": "其他自然资源事务支出",
        "22102": "住房改革支出", "20129": "群众团体事务", "2012902": "一般行政管理事务",
        "21007": "计划生育事务", "2100717": "计划生育服务", "2120102": "一般行政管理事务",
        "2120199": "其他城乡社区管理事务支出",
    }
    c = cat.load("func", 2024)
    assert {code: c.name_of(code) for code in seen} == seen


ECON_DEPT_NAMES = {
    "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30106": "伙食补助费", "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费", "30112": "其他社会保障缴费", "30113": "住房公积金", "30114": "医疗费",
    "30199": "其他工资福利支出", "30201": "办公费", "30202": "印刷费", "30203": "咨询费", "30204": "手续费",
    "30205": "水费", "30206": "电费", "30207": "邮电费", "30208": "取暖费", "30209": "物业管理费",
    "30211": "差旅费", "30212": "因公出国（境）费用", "30213": "维修（护）费", "30214": "租赁费",
    "30215": "会议费", "30216": "培训费", "30217": "公务接待费", "30218": "专用材料费", "30224": "被装购置费",
    "30225": "专用燃料费", "30226": "劳务费", "30227": "委托业务费", "30228": "工会经费", "30229": "福利费",
    "30231": "公务用车运行维护费", "30239": "其他交通费用", "30240": "税金及附加费用",
    "30299": "其他商品和服务支出", "30301": "离休费", "30302": "退休费", "30303": "退职（役）费",
    "30304": "抚恤金", "30305": "生活补助", "30306": "救济费", "30307": "医疗费补助", "30308": "助学金",
    "30309": "奖励金", "30310": "个人农业生产补贴", "30399": "其他对个人和家庭的补助",
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "307": "债务利息及费用支出",
    "309": "资本性支出（基本建设）", "310": "资本性支出", "311": "对企业补助（基本建设）", "312": "对企业补助",
    "313": "对社会保障基金补助", "399": "其他支出", "31002": "办公设备购置", "31013": "公务用车购置",
    "31099": "其他资本性支出",
}


@pytest.mark.parametrize("year", range(2018, 2026))
def test_econ_dept_pinned_names(year):
    c = cat.load("econ-dept", year)
    for code, name in ECON_DEPT_NAMES.items():
        assert c.name_of(code) == name, (year, code)
    assert "30104" not in c and "30105" not in c
    assert c.top_complete
    for lei in ("301", "302", "307", "309", "310", "311", "312"):
        assert c.is_complete_under(lei), (year, lei)
    assert [e.code for e in c.children("301")] == [
        "30101", "30102", "30103", "30106", "30107", "30108", "30109", "30110", "30111", "30112", "30113",
        "30114", "30199",
    ]
    assert c.code_status("30104") is CodeStatus.UNKNOWN
    assert c.code_status("30105") is CodeStatus.UNKNOWN


def test_econ_dept_30311_and_the_pre_2018_codes():
    old = cat.load("econ-dept", 2017)
    assert old.name_of("30104") == "其他社会保障缴费" and old.name_of("30105") == "伙食费"
    assert old.name_of("30311") == "住房公积金"
    assert "30311" not in cat.load("econ-dept", 2020)
    for year in range(2021, 2026):
        c = cat.load("econ-dept", year)
        assert c.name_of("30311") == "代缴社会保险费"
        assert c.is_complete_under("303")
    assert not cat.load("econ-dept", 2020).is_complete_under("303")  # 30311 might already exist there
    assert [y for y, _ in cat.history("econ-dept", "30104")] == [2017]


# --------------------------------------------------------------------------------------- changes.csv


def test_changes_agree_with_the_yearly_files():
    all_changes = cat.changes()
    assert len(all_changes) >= 20
    required = {
        ("20805", "renamed"), ("210", "renamed"), ("207", "renamed"), ("215", "renamed"), ("220", "renamed"),
        ("30104", "removed"), ("30105", "removed"), ("224", "added"), ("234", "added"), ("30311", "added"),
    }
    assert required <= {(c.code, c.kind) for c in all_changes}
    for ch in all_changes:
        yrs = cat.years(ch.system)
        assert ch.year_changed in yrs, ch
        new = cat.load(ch.system, ch.year_changed)
        old = cat.load(ch.system, ch.year_changed - 1) if ch.year_changed - 1 in yrs else None
        checked = 0
        if ch.kind == "renamed":
            assert ch.old_name and ch.new_name and ch.old_name != ch.new_name
            if old is not None and ch.code in old:
                assert old.name_of(ch.code) == ch.old_name, ch
                checked += 1
            if ch.code in new:
                assert new.name_of(ch.code) == ch.new_name, ch
                checked += 1
        elif ch.kind == "removed":
            assert ch.old_name and not ch.new_name
            assert ch.code not in new, ch
            if old is not None:
                assert old.name_of(ch.code) == ch.old_name, ch
                checked += 1
        else:
            assert ch.new_name and not ch.old_name
            assert new.name_of(ch.code) == ch.new_name, ch
            checked += 1
            if old is not None:
                assert ch.code not in old, ch
        assert checked, f"{ch}: nothing in the yearly files to check it against"


def test_history_follows_a_rename():
    names = {y: e.name for y, e in cat.history("func", "20805")}
    assert names[2019] == "行政事业单位离退休" and names[2024] == "行政事业单位养老支出"
    assert cat.changes(code="20805")[0].year_changed == 2021


# --------------------------------------------------------------------------------------- API


def test_normalize_name():
    n = cat.normalize_name
    assert n("维修（护）费") == n("维修(护)费") == n(" 维修 ( 护 ) 费\u3000")
    assert n("因公出国（境）费用") == "因公出国(境)费用"
    assert n("“两庭”建设") == n('"两庭"建设')
    assert n("ＡＢＣ１２") == "abc12"
    assert n("行政\u200b运行") == "行政运行"


def test_load_years_and_fallback():
    assert cat.load("func", 2017) is None
    c = cat.load("func", 2030)
    assert (c.year, c.year_requested, c.is_fallback) == (2025, 2030, True)
    exact = cat.load("func", 2022)
    assert (exact.year, exact.year_requested, exact.is_fallback) == (2022, 2022, False)
    assert cat.load("func", 2022) is exact  # cached
    with pytest.raises(ValueError):
        cat.load("income", 2021)


def test_lookups():
    c = cat.load("func", 2021)
    assert c.get("9999999") is None
    assert [e.code for e in c.children("21011")] == ["2101101", "2101102", "2101103", "2101199"]
    assert [e.code for e in c.ancestors("2080505")] == ["208", "20805"]
    assert [e.code for e in c.find_by_name("行政运行", parent="21201")] == ["2120101"]
    assert [e.code for e in c.find_by_name("机关事业单位基本养老保险缴费支出")] == ["2080505"]
    assert len(c.find_by_name("行政运行")) > 20
    assert [e.code for e in c.find_by_name(" 水 体 ", parent="21103")] == ["2110302"]
    assert c.find_by_name("其他支出", level="类")[0].code == "229"
    assert c.name_matches("2080505", "机关事业单位基本养老保险缴费支出") is True
    assert c.name_matches("21103", "水体") is False
    assert c.name_matches("9999999", "x") is None
    assert c.is_complete_under(None) and c.is_complete_under("21011") and not c.is_complete_under("201")
    assert not c.is_complete_under("9999999")


def test_code_status_never_guesses_from_a_partial_list():
    c = cat.load("func", 2021)
    assert c.code_status("2101101") is CodeStatus.KNOWN
    assert c.code_status("2101104") is CodeStatus.UNKNOWN  # 21011 lists every 项
    assert c.code_status("2010199") is CodeStatus.KNOWN
    assert c.code_status("2010110") is CodeStatus.UNKNOWN  # 20101 lists every 项
    assert c.code_status("2019801") is CodeStatus.NOT_COVERED  # 201 does not list every 款
    assert c.code_status("218") is CodeStatus.UNKNOWN  # the 2021 类 list is complete
    assert c.code_status("2180101") is CodeStatus.UNKNOWN  # under an unknown 类
    assert c.code_status("21301") is CodeStatus.KNOWN
    assert c.code_status("2130199") is CodeStatus.NOT_COVERED
    assert c.code_status("12345") is CodeStatus.UNKNOWN  # not a func code at all
    assert cat.load("func", 2024).code_status("235") is CodeStatus.NOT_COVERED  # 2024 类 list not complete


def test_parent_and_level_helpers():
    assert cat.parent_code("func", "2080505") == "20805"
    assert cat.parent_code("econ-dept", "30101") == "301"
    assert cat.level_of("func", "20805") == "款"
    assert cat.level_of("econ-gov", "5010101") is None
    with pytest.raises(ValueError):
        cat.parent_code("func", "20a05")


def test_catalogue_header_is_kept():
    c = cat.load("func", 2021)
    assert "《2021年政府收支分类科目》" in c.source
    assert "akto-housing-2021-budget" in c.header["cross_checked"]
    assert "类" in c.coverage


# --------------------------------------------------------------------------------------- the reference sample


def _sample_code_rows(text: str):
    """(codes as printed, name) for the sample's coded rows: '208\\t05\\t05\\t名称', '212\\t01\\t01 名称', '201 名称'."""
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 2:
            continue  # prose, not a table row
        lei = [m for m in (re.match(r"^(2\d{2})\s+(\S.*)$", c.strip()) for c in cells) if m]
        if lei:  # '201 一般公共服务支出' in one cell (the 类 list of the summary tables)
            yield [lei[0].group(1)], lei[0].group(2)
            continue
        parts = []
        i = 0
        while i < len(cells) and (cells[i].strip().isdigit() or (cells[i] == "" and parts and i < 3)):
            if cells[i].strip():
                parts.append(cells[i].strip())
            i += 1
        if not parts or len(parts[0]) != 3 or i >= len(cells):
            continue
        name = cells[i].strip()
        m = re.match(r"^(\d{2})\s+(\S.*)$", name)
        if m:
            parts.append(m.group(1))
            name = m.group(2)
        if not name or re.match(r"^[\d.]+$", name) or not all(len(p) == 2 for p in parts[1:]):
            continue
        yield parts, name


def test_reference_sample_codes_against_the_2021_catalogues(akto_path):
    """The 2021 sample's coded rows: every discrepancy the catalogues report is one of its known errors."""
    func, econ = cat.load("func", 2021), cat.load("econ-dept", 2021)
    problems = set()
    for parts, name in _sample_code_rows(akto_path.read_text(encoding="utf-8")):
        code = "".join(parts)
        c = func if code.startswith("2") else econ if code.startswith("3") else None
        if c is None or cat.level_of(c.system, code) is None:
            continue
        if code in c and not c.name_matches(code, name) and len(code) == 5 and c.system == "func":
            # a 项 printed under a repeated 款 code: recognise it by name
            if c.find_by_name(name, parent=code):
                continue
        status = c.code_status(code)
        if status is CodeStatus.KNOWN and c.name_matches(code, name):
            continue
        problems.add((code, name, status.value))
    assert problems == {
        ("30105", "生活补助", "unknown"),  # 生活补助 is 30305; 30105 no longer exists in 2021
        ("30109", "福利费", "known"),  # 30109 is 职业年金缴费; 福利费 is 30229
        ("30228", "电费", "known"),  # 30228 is 工会经费; 电费 is 30206
        ("222", "粮油物资管理支出", "known"),  # 222 is 粮油物资储备支出 (the other table prints it right)
        ("234", "抗疫特别国债还本支出", "known"),  # this catalogue has 抗疫特别国债安排的支出 (see README)
    }


# --------------------------------------------------------------------------------------- import


OFFICIAL_FUNC = [
    ["2021年政府收支分类科目", "", ""],
    ["支出功能分类科目", "", ""],
    ["科目编码", "科目名称", "说明"],
    ["201", "一般公共服务支出", "反映……"],
    ["20101", "  人大事务", ""],
    ["2010101", "    行政运行", ""],
    ["2010199", "    其他人大事务支出", ""],
    ["208", "社会保障和就业支出", ""],
    ["20805", "行政事业单位养老支出", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", ""],
    ["", "注：本表……", ""],
]


def _write_csv(path: Path, rows, encoding="utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_import_official_csv_writes_a_user_catalogue_that_takes_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    shipped = cat.load("func", 2021)
    assert shipped.origin == "shipped"
    src = _write_csv(tmp_path / "2021科目.csv", OFFICIAL_FUNC, encoding="gb18030")
    out = cat.import_official_file(src, 2021)
    assert out == tmp_path / "catalogues" / "func-2021.csv"
    assert cat.user_catalogue_dir() == tmp_path / "catalogues"

    user = cat.load("func", 2021)
    assert user.origin == "user" and user.path == out and len(user) == 7
    assert user.get("20101") == cat.Entry("20101", "人大事务", "款", "201", True)
    assert user.get("2010101").children_complete is None
    assert user.top_complete and user.is_complete_under("20101")
    assert user.code_status("2010102") is CodeStatus.UNKNOWN
    assert user.code_status("202") is CodeStatus.UNKNOWN
    assert "2021科目.csv" in user.source
    # other years and systems still come from the shipped files
    assert cat.load("func", 2022).origin == "shipped"
    assert cat.load("econ-dept", 2021).origin == "shipped"
    assert 2021 in cat.years("func")
    assert cat.history("func", "20101")[3][1] == user.get("20101")

    # and the written file passes the same format checks as the shipped ones
    header, columns, rows = _read(out)
    assert header["lei_complete"] == "yes" and header["year"] == "2021"
    assert all(r["children_complete"] == ("" if r["level"] == "项" else "yes") for r in rows)


def test_import_official_xlsx_with_numeric_codes_and_econ_detection(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "部门预算支出经济分类"
    ws.append(["2021年部门预算支出经济分类科目"])
    ws.append([None, None])
    ws.append(["经济分类科目编码", "经济分类科目名称"])
    for code, name in [(301, "工资福利支出"), (30101, "基本工资"), (30199, "其他工资福利支出"),
                       (303, "对个人和家庭的补助"), (30311, "代缴社会保险费"), ("30399", "其他对个人和家庭的补助")]:
        ws.append([code, name])
    src = tmp_path / "econ.xlsx"
    wb.save(src)

    out = cat.import_official_file(src, 2021)  # system detected from the codes
    assert out.name == "econ-dept-2021.csv"
    c = cat.load("econ-dept", 2021)
    assert c.origin == "user" and len(c) == 6
    assert c.get("30101") == cat.Entry("30101", "基本工资", "款", "301", True)
    assert c.code_status("30102") is CodeStatus.UNKNOWN  # the imported list is the full official one


def test_import_split_lei_kuan_xiang_columns_and_explicit_system(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["类", "款", "项", "科目名称"])
    ws.append(["212", None, None, "城乡社区支出"])
    ws.append([None, "01", None, "城乡社区管理事务"])
    ws.append([None, None, "01", "行政运行"])
    ws.append([None, None, "99", "其他城乡社区管理事务支出"])
    ws.append([None, "99", None, "其他城乡社区支出"])
    ws.append([None, None, "99", "其他城乡社区支出"])
    ws2 = wb.create_sheet("经济分类")
    ws2.append(["科目编码", "科目名称"])
    ws2.append(["301", "工资福利支出"])
    src = tmp_path / "mixed.xlsx"
    wb.save(src)

    with pytest.raises(ValueError, match="several classifications"):
        cat.import_official_file(src, 2030)
    out = cat.import_official_file(src, 2030, system="func")
    c = cat.load("func", 2030)
    assert c.origin == "user" and c.year == 2030 and out.name == "func-2030.csv"
    assert sorted(c.entries) == ["212", "21201", "2120101", "2120199", "21299", "2129999"]
    assert c.name_of("2129999") == "其他城乡社区支出"
    # the newest year is now the imported one
    assert cat.load("func", 2031).year == 2030


def test_import_rejects_what_is_not_a_full_list(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    orphan = _write_csv(tmp_path / "o.csv", [["科目编码", "科目名称"], ["201", "一般公共服务支出"],
                                              ["2010101", "行政运行"]])
    with pytest.raises(ValueError, match="without their parent"):
        cat.import_official_file(orphan, 2021)
    no_header = _write_csv(tmp_path / "n.csv", [["201", "一般公共服务支出"]])
    with pytest.raises(ValueError, match="no expenditure classification codes"):
        cat.import_official_file(no_header, 2021)
    clash = _write_csv(tmp_path / "c.csv", [["科目编码", "科目名称"], ["201", "一般公共服务支出"],
                                             ["201", "别的名字"]])
    with pytest.raises(ValueError, match="appears as"):
        cat.import_official_file(clash, 2021, system="func")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    with pytest.raises(cat.ImportRefused, match="PDF"):
        cat.import_official_file(tmp_path / "x.pdf", 2021)
    assert not (tmp_path / "catalogues" / "func-2021.csv").exists()
    assert cat.load("func", 2021).origin == "shipped"


def test_import_xls(tmp_path, monkeypatch):
    xlwt = pytest.importorskip("xlwt")  # writing .xls needs xlwt; reading uses xlrd
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path))
    book = xlwt.Workbook()
    sheet = book.add_sheet("s")
    for r, row in enumerate([["科目编码", "科目名称"], [501, "机关工资福利支出"], [50101, "工资奖金津补贴"]]):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    src = tmp_path / "gov.xls"
    book.save(str(src))
    cat.import_official_file(src, 2021)
    c = cat.load("econ-gov", 2021)
    assert c.origin == "user" and c.name_of("50101") == "工资奖金津补贴"


def test_docstring_examples():
    import doctest

    result = doctest.testmod(cat, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


def test_values_are_frozen():
    import attrs

    c = cat.load("func", 2021)
    e = c.get("2080505")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        e.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        c.entries["1"] = e  # type: ignore[index]
    assert not hasattr(e, "__dict__")  # slotted


# -- the users of a catalogue: an unreadable catalogue file is "no catalogue", any other error surfaces -----


def _catalogue_users():
    from types import SimpleNamespace

    from budgetrules.reading.assemble import catalogue_xiang_resolver
    from budgetrules_plugins.arithmetic.ar103 import class_catalogue
    from budgetrules_plugins.narrative.nc107 import _catalogue_name

    doc = SimpleNamespace(year=2021)
    return [lambda: class_catalogue(doc), lambda: _catalogue_name(doc, "212"),
            lambda: catalogue_xiang_resolver(2021)("func", "212", "行政运行")]


@pytest.mark.parametrize("error", [FileNotFoundError("gone"), ValueError("row 3: duplicate code 212"),
                                   UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")])
def test_a_catalogue_that_cannot_be_read_or_parsed_means_no_catalogue(monkeypatch, error):
    def load(system, year):
        raise error

    monkeypatch.setattr(cat, "load", load)
    assert [use() for use in _catalogue_users()] == [None, None, None]


def test_any_other_error_while_loading_a_catalogue_is_not_hidden(monkeypatch):
    def load(system, year):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cat, "load", load)
    for use in _catalogue_users():
        with pytest.raises(RuntimeError, match="a bug"):
            use()
