"""The demo site in a real browser: Debian's Chromium driven by Python Playwright.

Every request to a host other than 127.0.0.1/localhost is blocked and fails the test,
as do page errors, console errors and dialogs. Skipped only outside CI when
/usr/bin/chromium is missing (`.ci/system-deps` installs it); in CI it always runs.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from qingqian.cli import cli
from qingqian.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = {"127.0.0.1", "localhost"}
SEARCH_FOR = "江州市住房和城乡建设局"  # a Chinese debtor name of the demo ledger (D-0001)

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(f"Chromium not found at {CHROMIUM}: run .ci/system-deps", allow_module_level=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo site built into a temporary folder and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("browser-site")
    result = build_site(ROOT, date(2026, 11, 30), tmp / "site", strict=True, src=tmp / "src")
    assert result.ok, result.problems
    handler = functools.partial(_Quiet, directory=str(tmp / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        instance = play.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A page that records outside requests, page errors, console errors and dialogs."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")

    def route(route):
        host = urlparse(route.request.url).hostname
        if host in LOCAL:
            route.continue_()
        else:
            problems.append(f"outside request: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    tab.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
           if msg.type == "error" else None)

    def dialog(d):
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    tab.on("dialog", dialog)
    yield tab
    context.close()
    assert problems == []


def test_overview_headline_and_charts(served, page):
    page.goto(served, wait_until="networkidle")
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "total", "--as-of", "2026-11-30",
                                      "--format", "json"])
    totals = json.loads(result.stdout)["totals"]
    totals = totals if isinstance(totals, list) else [{"currency": "CNY", **totals}]
    for body in totals:
        for key in ("outstanding", "overdue", "collected"):
            cell = page.locator(f'[data-figure="{key}"][data-currency="{body["currency"]}"] '
                                ".qq-kpi-value")
            assert cell.inner_text().replace(",", "") == body[key], (body["currency"], key)
    charts = page.locator(".qq-chart svg")
    assert charts.count() >= 3
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
    assert page.locator(".qq-chart svg rect").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)


def test_search_finds_a_chinese_debtor(served, page):
    page.goto(served, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()  # the desktop header's search field (the label is the mobile button)
    box.fill(SEARCH_FOR)
    box.press("End")  # Material reads the query on keyup; filling CJK text sends none
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    text = page.locator(".md-search-result").inner_text()
    assert "江州市住房和城乡建设局" in text.replace("\u200b", "")
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    assert any("debtors/D-0001" in (href or "") for href in links), links


def test_debtor_page_and_status_pages_load(served, page):
    for path in ("debtors/D-0001/", "status/aging/", "status/cases/", "monthly/",
                 "reference/rules/", "policies/"):
        response = page.goto(served + path, wait_until="networkidle")
        assert response is not None and response.ok, path
        assert page.locator("article h1").count() == 1, path
