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


def _watched(browser, width: int, problems: list[str]):
    """A context and tab that record outside requests, page errors, console errors, dialogs."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")

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
    return context, tab


@pytest.fixture
def page(browser):
    """A 1280 px wide tab; any outside request, page error or dialog fails the test."""
    problems: list[str] = []
    context, tab = _watched(browser, 1280, problems)
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
    charts = page.locator(".qq-chart svg:visible")
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


# The six pages a finance manager opens most, at a laptop's and a phone's width.
SIX = {"overview": "", "aging": "status/aging/", "limitation": "status/limitation/",
       "debtor": "debtors/D-0001/", "cases": "status/cases/", "writeoffs": "status/writeoffs/"}

# Geometry in the page: every table's column headers, as a table or as phone cards.
COLUMNS_JS = """() => {
  const out = [], vw = document.documentElement.clientWidth;
  const inside = (r, c) => r.left >= c.left - 1 && r.right <= c.right + 1;
  document.querySelectorAll('.md-content .qq-table').forEach((box, n) => {
    const ths = [...box.querySelectorAll('thead th')].map(th => th);
    const titles = ths.map(th => th.textContent.trim());
    const c = box.getBoundingClientRect();
    if (c.right > vw + 1) out.push(`table ${n}: its box ends at ${c.right} past the window ${vw}`);
    const cards = getComputedStyle(box.querySelector('tbody')).display === 'block';
    if (cards) {
      box.querySelectorAll('tbody tr').forEach(tr => [...tr.children].forEach((td, i) => {
        if (getComputedStyle(td).display === 'none') return;  // an empty value, left out
        const label = getComputedStyle(td, '::before').content.replace(/^"|"$/g, '');
        if (label !== titles[i]) out.push(`table ${n}: card label ${label} for column ${titles[i]}`);
        if (!inside(td.getBoundingClientRect(), {left: 0, right: vw}))
          out.push(`table ${n}: card cell ${titles[i]} outside the window`);
      }));
      return;
    }
    const scroll = getComputedStyle(box).overflowX;
    if (box.scrollWidth > box.clientWidth + 1 && !['auto', 'scroll'].includes(scroll))
      out.push(`table ${n}: wider than its box, which does not scroll (overflow-x ${scroll})`);
    const hint = box.querySelector('.qq-scroll-hint');
    if (box.scrollWidth > box.clientWidth + 1 && !(hint && hint.getBoundingClientRect().height > 0))
      out.push(`table ${n}: scrolls sideways without the hint`);
    const first = ths.length ? ths[0].getBoundingClientRect().width : 0;
    ths.forEach((th, i) => {
      const offset = th.getBoundingClientRect().left - c.left + box.scrollLeft;
      box.scrollLeft = Math.max(0, offset - first);
      const r = th.getBoundingClientRect(), now = box.getBoundingClientRect();
      if (r.width < 1 || !inside(r, now) || !inside(r, {left: 0, right: vw}))
        out.push(`table ${n}: column ${titles[i]} at ${r.left}-${r.right} not reachable in ${now.left}-${now.right}`);
      box.scrollLeft = 0;
    });
  });
  return out;
}"""

# Text that does not fit its box: cells, headings, paragraphs, figures; and a page wider than
# the window (something pushing the layout sideways).
OVERFLOW_JS = """() => {
  const out = [], vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1)
    out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  document.querySelectorAll('.md-content th, .md-content td, .md-content h1, .md-content h2, '
      + '.md-content h3, .md-content p, .md-content .qq-kpi, .md-content li').forEach(el => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.clientWidth === 0 || style.overflowX === 'auto') return;
    if (el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" needs ${el.scrollWidth}px in ${el.clientWidth}px`);
  });
  return out;
}"""

# Chart text as drawn: the SVG's font size times its scale on screen.
CHART_JS = """() => [...document.querySelectorAll('.qq-chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => ({px: 12 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
                ticks: [...svg.querySelectorAll('text')].map(t => t.textContent)}))"""


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("name", list(SIX))
def test_every_column_reachable_and_no_text_overflows(served, browser, name, width):
    """Each column header is on screen or reachable by scrolling its own table (a phone: each
    card names its columns); no text overflows its box; chart text is drawn at 10 px or more."""
    problems: list[str] = []
    context, tab = _watched(browser, width, problems)
    try:
        response = tab.goto(served + SIX[name], wait_until="networkidle")
        assert response is not None and response.ok
        assert tab.locator(".md-content .qq-table").count() >= 1
        assert tab.evaluate(COLUMNS_JS) == []
        assert tab.evaluate(OVERFLOW_JS) == []
        for chart in tab.evaluate(CHART_JS):
            assert chart["px"] >= 10, chart
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert problems == []


def test_chart_ticks_in_wan_on_chinese_pages(served, page):
    """Axis ticks are round amounts in 万 (¥1,000万), not 6.1M."""
    page.goto(served, wait_until="networkidle")
    ticks = [t for chart in page.evaluate(CHART_JS) for t in chart["ticks"]]
    assert any(t.startswith("¥") and t.endswith("万") for t in ticks), ticks
    assert not any(t.endswith(("M", "K")) for t in ticks), ticks


def test_site_has_no_outside_link(served, page):
    """No "Made with Material" or any other link leaving the site (it is read offline)."""
    for path in SIX.values():
        page.goto(served + path, wait_until="networkidle")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        outside = [h for h in hrefs if urlparse(h).hostname not in LOCAL and h.startswith("http")]
        assert outside == [], (path, outside)
