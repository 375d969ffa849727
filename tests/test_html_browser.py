"""The HTML report opened in a real headless Chromium (Debian's ``chromium`` package, installed by
scripts/install.sh; driven by Playwright, which is never asked to download a browser of its own): it renders,
the browser reports no console error and loads nothing from anywhere, the summary table comes first, the
findings with their source lines and nested consequences show, it prints to PDF, and a screenshot is taken.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from budgetrules.core.report import FileReport
from budgetrules.engine.check import check_paths
from budgetrules.engine.plugins import get_registry

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.access(CHROMIUM, os.X_OK), "Debian's chromium is not installed: run scripts/install.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def report_file(akto_path, tmp_path_factory) -> Path:
    reports = [*check_paths([akto_path]), FileReport(path="不可读.pdf", error="不可读.pdf: 文件为空"),
               FileReport(path="clean.txt", ruleset="national-budget", kind="预算", year=2021, department="测试局")]
    path = tmp_path_factory.mktemp("html") / "报告.html"
    path.write_text(get_registry().renderers["html"].render(reports), encoding="utf-8")
    return path


def test_the_report_renders_in_chromium_without_errors(browser, report_file, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    problems, requests = [], []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    assert problems == []
    assert requests == [report_file.as_uri()]  # nothing but the file itself: self-contained

    assert page.title() == "部门预算/决算公开检查报告"
    summary = page.locator("#summary table")
    assert summary.is_visible()
    assert summary.locator("tbody tr").count() == 3
    first_file = page.locator("section.file").first
    assert summary.bounding_box()["y"] < first_file.bounding_box()["y"]  # the summary is shown first
    assert "克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局" in summary.inner_text()

    findings = page.locator("section.file >> nth=0 >> li.finding")
    assert findings.count() > 20
    assert page.locator("pre.src").first.is_visible()
    nested = page.locator("ol.nested li.finding")
    assert nested.count() >= 10
    assert "由此引起" in page.locator("ol.nested").first.inner_text()
    assert page.locator(".unreadable").inner_text().startswith("无法读取")
    assert page.locator(".clean").inner_text() == "未发现问题。"

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") > 2  # printable: several A4 pages
    page.close()


def test_document_text_cannot_inject_markup(browser, tmp_path):
    from budgetrules.core.findings import Finding, Location, Severity

    evil = "<script>window.pwned = 1</script><img src=x onerror='window.pwned=2'>\x1b[2J"
    report = FileReport(path=f"{evil}.txt", findings=(Finding(
        rule="AR101", severity=Severity.ERROR, message=evil, location=Location(path="a.txt", line=1, table=evil),
        snippet=evil),))
    path = tmp_path / "evil.html"
    path.write_text(get_registry().renderers["html"].render([report]), encoding="utf-8")
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert "<script>" in page.locator("p.msg").inner_text()
    assert requests == [path.as_uri()]
    page.close()
