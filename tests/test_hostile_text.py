"""Hostile text inputs (issue 14, items 3 and 5): each case is built here, run in a forked child, and bounded in
CPU time and peak memory (:mod:`hostile_kit`); nothing large is committed.

The bounds are generous (several times what the case costs on a loaded two-core machine): they catch
super-linear work — a quadratic regex, a paragraph copied once per line — not a slow machine.
"""

from __future__ import annotations

import time

import pytest
from hostile_kit import assert_cheap, bounded, check_outcome, load_outcome


@pytest.fixture(scope="module", autouse=True)
def _warm(registry):
    """The registry and the claim patterns are built once in the parent, so each child measures only its case."""
    from budgetrules_plugins.claims.patterns import number_tokens

    number_tokens("预算 1.00 万元")


def _with_prose(akto_path, tmp_path, prose: str, name: str = "case.txt"):
    text = akto_path.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text + "\n" + prose + "\n", encoding="utf-8")
    return path


# --- linear-time tokenisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", [20_000, 100_000])
def test_a_long_run_of_digits_costs_linear_time_in_the_tokeniser(digits):
    from budgetrules_plugins.claims.patterns import number_tokens, word_tokens

    text = "本年收入预算" + "7" * digits + "万元，比上年增加" + "3" * digits + "万元，其中基本支出12.50万元，与上年持平。"

    def tokenise():
        return [(t.kind, str(t.value)) for t in (*number_tokens(text), *word_tokens(text))]

    cost = bounded(tokenise)
    assert cost.error is None, cost.error
    # the runs are scanned once and are no number (more digits than any amount has); what follows is read
    assert cost.result == [("amount", "12.50"), ("change", "0")]
    assert_cheap(cost, cpu=0.5, mem_mb=200)


def test_digit_runs_between_words_cost_linear_time_in_claims_extraction():
    from budgetrules_plugins.claims.extract import extract
    from budgetrules_plugins.loaders.textfile import parse_text

    prose = "，".join(f"支出{'9' * 5_000}万元" for _ in range(18))
    document = parse_text("某某局 2021 年部门预算\n一、部门预算情况说明\n" + prose + "。\n", "p.txt")
    assert any(p.text.startswith("支出") for s in document.sections for sec in s.walk() for p in sec.paragraphs)

    cost = bounded(lambda: len(list(extract(document))))
    assert cost.error is None, cost.error
    assert_cheap(cost, cpu=1.0, mem_mb=200)


@pytest.mark.parametrize("digits", [20_000, 90_000])
def test_a_disclosure_with_a_long_digit_run_is_checked_in_well_under_a_second(akto_path, tmp_path, digits):
    path = _with_prose(akto_path, tmp_path, "本年收入" + "1" * digits + "万元。")
    cost = bounded(check_outcome, str(path))
    assert cost.error is None, cost.error
    error, findings = cost.result
    assert error is None and findings
    assert_cheap(cost, cpu=3.0, mem_mb=300)  # the whole check of the sample: about 0.4 s


# --- unbounded text ---------------------------------------------------------------------------------------


def test_a_50_mb_single_line_is_refused_at_once(tmp_path):
    path = tmp_path / "line.txt"

    def case():
        path.write_bytes(b"x\t" + b"1" * (50 * 2**20) + b"\n")
        return load_outcome(str(path))

    cost = bounded(case)
    assert cost.error is None, cost.error
    assert "超过上限" in cost.result and "第 1 行" in cost.result
    assert_cheap(cost, cpu=5.0, mem_mb=600)


def test_a_document_of_more_than_a_million_characters_is_refused(akto_path, tmp_path):
    prose = "\n".join("一般公共预算财政拨款支出比上年增加123.45万元，增长12.3%。" for _ in range(40_000))
    path = _with_prose(akto_path, tmp_path, prose)
    cost = bounded(load_outcome, str(path))
    assert cost.error is None, cost.error
    assert "文字内容超过" in cost.result
    assert_cheap(cost, cpu=5.0, mem_mb=600)


# --- no disclosure structure: not recognised, never clean -----------------------------------------------


def test_one_tab_separated_line_is_not_recognised(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("项目\t金额\n", encoding="utf-8")
    cost = bounded(check_outcome, str(path))
    error, findings = cost.result
    assert error is not None and "不是部门预算/决算公开文件" in error and not findings


def test_big5_text_read_as_garbage_is_not_recognised(akto_path, tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(akto_path.read_text(encoding="utf-8").encode("big5", errors="replace"))
    cost = bounded(check_outcome, str(path))
    error, findings = cost.result
    assert error is not None and not findings


def test_a_small_tsv_saved_as_xls_is_not_recognised(tmp_path):
    path = tmp_path / "data.xls"
    path.write_text("编号\t名称\t数量\n1\t桌子\t3\n2\t椅子\t12\n", encoding="utf-8")
    error, findings = bounded(check_outcome, str(path)).result
    assert error is not None and "不是部门预算/决算公开文件" in error and not findings
    assert "扩展名为 .xls，内容却是纯文本" in error


def test_a_real_disclosure_saved_as_xls_as_tsv_is_read_by_its_content(akto_path, tmp_path):
    path = tmp_path / "akto.xls"
    path.write_bytes(akto_path.read_bytes())
    error, findings = bounded(check_outcome, str(path)).result
    assert error is None and findings


@pytest.mark.parametrize("suffix, word", [(".xls", "Excel"), (".doc", "Word"), (".txt", "HTML")])
def test_a_web_page_is_named_as_such(tmp_path, suffix, word):
    path = tmp_path / f"export{suffix}"
    path.write_text(
        "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\"></head><body>"
        "<table><tr><td>项目</td><td>2021 年预算数</td></tr><tr><td>合计</td><td>1.00</td></tr></table></body></html>",
        encoding="utf-8",
    )
    error, findings = bounded(check_outcome, str(path)).result
    assert error is not None and "HTML 网页" in error and word in error and not findings


# --- unreadable amounts are reported, never dropped -------------------------------------------------------


@pytest.mark.parametrize("printed", ["NaN", "1e309", "Infinity", "3.44E+2", "-inf", "#VALUE!", "####"])
def test_an_unreadable_amount_is_reported_and_never_makes_a_table_consistent(akto_path, tmp_path, printed):
    original = akto_path.read_text(encoding="utf-8")
    assert "344.02" in original
    path = tmp_path / "bad.txt"
    path.write_text(original.replace("344.02", printed), encoding="utf-8")
    error, findings = bounded(check_outcome, str(path)).result
    assert error is None
    br004 = [f for f in findings if f[0] == "BR004"]
    assert br004 and all(severity == "error" for _, severity in br004)
    # every cell printing 344.02 is reported; none passes silently
    assert len(br004) == sum(line.split("\t").count("344.02") for line in original.splitlines())
    assert sum(1 for f in findings if f[1] == "error") >= len(br004)


def test_a_plain_number_is_never_unreadable():
    from budgetrules.core.amounts import is_unreadable_number

    for text in ("344.02", "1,117.50", "-", "—", "(3.00)", "0", "无", "", "合计", "2021年"):
        assert not is_unreadable_number(text), text


# --- full-width and other Unicode digits ------------------------------------------------------------------


def _translated_tables(text: str, table: dict) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            line = line.translate(table)
        out.append(line)
    return "\n".join(out)


def test_full_width_digits_give_the_findings_of_ascii_digits(akto_path, tmp_path):
    original = akto_path.read_text(encoding="utf-8")
    path = tmp_path / "fw.txt"
    path.write_text(_translated_tables(original, str.maketrans("0123456789", "０１２３４５６７８９")), encoding="utf-8")
    cost = bounded(check_outcome, str(path))
    assert cost.error is None, cost.error
    error, findings = cost.result
    assert error is None
    assert not [f for f in findings if f[0].startswith("BR00")]
    _, expected = bounded(check_outcome, str(akto_path)).result
    assert sorted(findings) == sorted(expected)


@pytest.mark.parametrize("digits", ["⁰¹²³⁴⁵⁶⁷⁸⁹", "0①②③④⑤⑥⑦⑧⑨", "٠١٢٣٤٥٦٧٨٩"])
def test_other_unicode_digits_in_code_cells_crash_no_rule(akto_path, tmp_path, digits):
    original = akto_path.read_text(encoding="utf-8")
    lines = []
    for line in original.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            cells[0] = cells[0].translate(str.maketrans("0123456789", digits))
            line = "\t".join(cells)
        lines.append(line)
    path = tmp_path / "digits.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    error, findings = bounded(check_outcome, str(path)).result
    assert error is None
    assert not [f for f in findings if f[0] in ("BR002", "BR003")]


# --- decoding errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, byte",
    [
        # a UTF-8 BOM, then bytes that are not UTF-8; read as GB18030, 0x80 (the 6th byte) is the first it refuses
        (b"\xef\xbb\xbf\xe4\xb8\x80\t1\n\x81\xff", 6),
        (b"abc\xff\xff", 4),
        (b"\xff\xfeA\x00\x00\xd8", 5),  # UTF-16 with a lone surrogate half at the 5th byte
    ],
)
def test_a_decoding_error_names_the_byte_counted_from_one_in_the_file(tmp_path, data, byte):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    start = time.process_time()
    error = load_outcome(str(path))
    assert error is not None and f"第 {byte} 字节" in error
    assert time.process_time() - start < 2


# --- absurd numbers: refused where they are read, never a rule's crash -------------------------------------


@pytest.mark.parametrize("printed", ["9" * 90_000 + ".02", "344." + "0" * 90_000, "1" * 19, "1.0000000000001"])
def test_an_amount_of_absurd_digits_is_unreadable_not_a_crash(akto_path, tmp_path, printed):
    original = akto_path.read_text(encoding="utf-8")
    path = tmp_path / "absurd.txt"
    path.write_text(original.replace("344.02", printed, 1), encoding="utf-8")
    cost = bounded(check_outcome, str(path))
    assert cost.error is None, cost.error
    error, findings = cost.result
    assert error is None
    assert ("BR004", "error") in findings
    assert not [f for f in findings if f[0] in ("BR002", "BR003")]
    assert_cheap(cost, cpu=6.0, mem_mb=300)


def test_absurd_numbers_in_the_prose_bind_no_claim_and_crash_nothing(akto_path, tmp_path):
    prose = ("本年收入" + "9" * 60_000 + "万元，比上年增长" + "5" * 5_000 + ".5%，共" + "7" * 8_000 + "人，编制"
             + "3" * 6_000 + "人。")
    path = _with_prose(akto_path, tmp_path, prose)
    cost = bounded(check_outcome, str(path))
    assert cost.error is None, cost.error
    error, findings = cost.result
    assert error is None
    assert not [f for f in findings if f[0] in ("BR002", "BR003")]
    _, expected = bounded(check_outcome, str(akto_path)).result
    assert sorted(findings) == sorted(expected)
    assert_cheap(cost, cpu=6.0, mem_mb=300)


def test_a_staffing_count_of_absurd_digits_is_not_a_fact(akto_path, tmp_path):
    original = akto_path.read_text(encoding="utf-8")
    assert "编制数 10" in original
    path = tmp_path / "staff.txt"
    path.write_text(original.replace("编制数 10", "编制数 " + "1" * 90_000, 1), encoding="utf-8")
    error = bounded(load_outcome, str(path)).result
    assert error is None
