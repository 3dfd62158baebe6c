"""The generated MkDocs config: INHERITs the ledger's mkdocs.yml, adds the paths, nav and language.

Nav titles are our own words and months, and the names of debtors, people and units for
their pages. MkDocs Material prints nav titles unescaped (`{{ nav_item.title }}`), so a
name from the ledger goes in escaped once (`safe.html_text`): the browser shows
`<b>x</b>&amp;` as written. The same escaped text is the page's `title:` front matter
(`build.front_matter`), since Material's `<title>` runs the nav title through `striptags`,
which would unescape it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import yaml

from ..reports.labels import word
from .safe import html_text
from .untrusted import debtor_page

# Used when the ledger has no mkdocs.yml of its own: the one `qingqian init` writes, which is
# also this repository's (tests/test_init.py keeps the two the same).
DEFAULT_CONFIG = (resources.files("qingqian") / "scaffold" / "template" / "mkdocs.yml").read_text(
    encoding="utf-8")

STATUS = ("aging", "units", "collectors", "cases", "limitation", "holds", "writeoffs")
CSS = "assets/qingqian.css"


def nav(lang: str, pages: dict[str, str], policies: list[str], debtors: list[str],
        months: list[str], titles: Mapping[str, str] | None = None) -> list:
    """Overview, status, monthly archive, debtors, policies, reference; only pages that exist.

    `titles` names pages by ledger text (page → debtor, person or unit name); others by id.
    """
    def w(key: str) -> str:
        return word(key, lang)

    def title(page: str, ident: str) -> str:
        return html_text(titles[page]) if titles and titles.get(page) else ident

    out: list = [{w("overview"): "index.md"},
                 {w("status"): [{w(name): f"status/{name}.md"} for name in STATUS
                                if f"status/{name}.md" in pages]}]
    todo = sorted(p for p in pages if p.startswith("todo/") and p != "todo/index.md")
    if "todo/index.md" in pages:
        out.append({word("todo", lang): ["todo/index.md",
                                         *({title(p, p[5:-3]): p} for p in todo)]})
    out.append({w("monthly"): ["monthly/index.md", *({m: f"monthly/{m}.md"} for m in months)]})
    if debtors:
        out.append({w("debtors"): ["debtors/index.md",
                                   *({title(debtor_page(d), d): debtor_page(d)}
                                     for d in debtors)]})
    if policies:
        out.append({w("policies"): [f"policies/{p}" for p in policies]})
    out.append({w("reference"): [{w("rules"): "reference/rules.md"},
                                 {w("formats"): "reference/formats.md"}]})
    return out


def write_config(root: Path, src: Path, out: Path, lang: str, site_nav: list,
                 title: str | None, strict: bool) -> Path:
    """Write `src/mkdocs.yml`; the ledger's mkdocs.yml (or DEFAULT_CONFIG) is its parent."""
    parent = root / "mkdocs.yml"
    if not parent.is_file():
        parent = src / "base.yml"
        parent.write_text(DEFAULT_CONFIG, encoding="utf-8")
    config: dict = {"INHERIT": str(parent.resolve()), "docs_dir": "docs",
                    "site_dir": str(out.resolve()), "theme": {"language": lang},
                    "extra_css": [CSS], "nav": site_nav, "strict": strict}
    if title:
        config["site_name"] = title
    path = src / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


STYLE = """\
/* qingqian: generated pages. Wide tables scroll in their own box, phones get cards. */
.qq-headline { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
.qq-kpi { flex: 1 1 11rem; padding: .6rem .8rem; min-width: 0;
  border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; }
.qq-kpi-label { display: block; font-size: .7rem; color: var(--md-default-fg-color--light); }
.qq-kpi-value { font-size: 1.1rem; overflow-wrap: anywhere; }
.qq-kpi-currency { font-size: .65rem; color: var(--md-default-fg-color--light); }
.qq-chart { margin: .8rem 0; }
.qq-chart svg { display: block; max-width: 100%; height: auto; }
.qq-chart .qq-chart-narrow { display: none; }
.md-typeset .qq-chart-title { margin: 0 0 .3em; font-size: .75rem; font-weight: 700; }
/* Generated pages use the whole window: no 61rem cap on the grid. */
.md-grid { max-width: 100rem; }
.md-typeset .qq-table { position: relative; max-width: 100%; max-height: 80vh; overflow: auto;
  margin: 1em 0; border: 1px solid var(--md-default-fg-color--lightest); border-radius: .1rem;
  /* scroll shadows: a grey edge appears on a side that has more columns to show */
  background: linear-gradient(to right, var(--md-default-bg-color) 30%, transparent),
    linear-gradient(to left, var(--md-default-bg-color) 30%, transparent) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), transparent),
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), transparent) 100% 0;
  background-repeat: no-repeat;
  background-size: 2.5rem 100%, 2.5rem 100%, .8rem 100%, .8rem 100%;
  background-attachment: local, local, scroll, scroll; }
.md-typeset .qq-table table.qq-t { display: table; width: 100%; margin: 0; border: 0;
  border-collapse: separate; border-spacing: 0; font-size: .68rem; background: transparent; }
.md-typeset .qq-t th, .md-typeset .qq-t td { padding: .45em .8em; vertical-align: top;
  border-top: 1px solid var(--md-default-fg-color--lightest); }
.md-typeset .qq-t th { position: sticky; top: 0; z-index: 2; white-space: nowrap;
  background: var(--md-default-bg-color); border-top: 0; font-weight: 700; text-align: left;
  box-shadow: inset 0 -1px 0 var(--md-default-fg-color--lighter); }
.md-typeset .qq-t th:first-child, .md-typeset .qq-t td:first-child { position: sticky; left: 0;
  z-index: 1; background: var(--md-default-bg-color);
  box-shadow: inset -1px 0 0 var(--md-default-fg-color--lightest); }
.md-typeset .qq-t th:first-child { z-index: 3; }
.md-typeset .qq-t .qq-num { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.md-typeset .qq-t td.qq-text { min-width: 9em; }
.md-typeset .qq-t .qq-nowrap, .md-typeset .qq-t td.qq-nowrap { white-space: nowrap; min-width: 0; }
.md-typeset .qq-t tr.qq-total td { font-weight: 700; }
.md-typeset .qq-t tbody tr:hover td { background-color: var(--md-accent-fg-color--transparent); }
/* The hint shows only when the table is wider than its box (where the browser can tell). */
.md-typeset .qq-scroll-hint { position: sticky; left: 0; top: 0; display: none; margin: 0;
  padding: .2em .8em; font-size: .62rem; color: var(--md-default-fg-color--light); }
.qq-scroll-hint::after { content: "\\21C6  Scroll sideways for more columns"; }
html[lang^="zh"] .qq-scroll-hint::after { content: "\\21C6  表格可左右滚动，查看全部列"; }
@supports not (container-type: scroll-state) {
  @media screen and (max-width: 100em) { .md-typeset .qq-scroll-hint { display: block; } } }
@supports (container-type: scroll-state) {
  .md-typeset .qq-table { container-type: scroll-state; }
  @container scroll-state(scrollable: inline) { .md-typeset .qq-scroll-hint { display: block; } } }
/* Phones: each row a card, each value beside its column title. */
@media screen and (max-width: 44.9375em) {
  .md-typeset .qq-cards .qq-scroll-hint { display: none; }
  .qq-chart .qq-chart-wide { display: none; }
  .qq-chart .qq-chart-narrow { display: block; }
  .qq-kpi { flex-basis: 8rem; }
  .qq-kpi-value { font-size: .9rem; }
  .md-typeset .qq-cards { max-height: none; overflow: visible; border: 0; background: none; }
  .md-typeset .qq-cards table.qq-t, .md-typeset .qq-cards .qq-t tbody,
  .md-typeset .qq-cards .qq-t tr,
  .md-typeset .qq-cards .qq-t td { display: block; width: 100%; }
  .md-typeset .qq-cards .qq-t thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .md-typeset .qq-cards .qq-t tr { margin: 0 0 .6rem;
    border: 1px solid var(--md-default-fg-color--lightest);
    border-radius: .2rem; }
  .md-typeset .qq-cards .qq-t td, .md-typeset .qq-cards .qq-t td:first-child {
    position: static; display: flex;
    justify-content: space-between; gap: .8em; text-align: right; white-space: normal;
    border-top: 1px solid var(--md-default-fg-color--lightest); box-shadow: none;
    overflow-wrap: anywhere; min-width: 0; }
  .md-typeset .qq-cards .qq-t td:first-child { border-top: 0; font-weight: 700; }
  .md-typeset .qq-cards .qq-t td::before { content: attr(data-label); flex: 0 0 auto;
    max-width: 45%;
    text-align: left; font-weight: 400; color: var(--md-default-fg-color--light); }
  .md-typeset .qq-cards .qq-t td.qq-empty { display: none; }
}
"""
