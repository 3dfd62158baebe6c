"""Attacks on `site build` through the ledger repository: linked pages and folders, live script
in policies, code in mkdocs.yml, reserved debtor ids, disguised private values."""

from __future__ import annotations

import html
import json
import os
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DEBTOR, UNITS, receivable, write_ledger
from qingqian.site.build import build_site

AS_OF = date(2026, 11, 30)
REC = receivable("AR-1", "- {date: 2026-01-05, type: invoice, amount: '100.00', ref: INV-1}")


def _ledger(root: Path, files: dict | None = None) -> Path:
    return write_ledger(root, {"ledger/east/AR-1.yaml": REC, **(files or {})})


def _site_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in out.rglob("*") if p.is_file())


def test_symlinked_policy_page_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "environ"
    secret.write_text("AWS_SECRET_ACCESS_KEY=very-secret-token\n", encoding="utf-8")
    root = _ledger(tmp_path / "l", {"policies/collection.md": "# 清收制度\n\n正文\n"})
    os.symlink(secret, root / "policies" / "env.md")
    result = build_site(root, AS_OF, tmp_path / "site", src=tmp_path / "src")
    assert any("policies/env.md" in p and "S019" in p for p in result.problems), result.problems
    assert "very-secret-token" not in _site_text(tmp_path / "site")
    assert (tmp_path / "site" / "policies" / "collection" / "index.html").is_file()


def test_script_in_policy_never_reaches_the_built_page(tmp_path: Path) -> None:
    page = ("# 清收制度 {: onclick=\"alert('attr')\" }\n\n"
            "<script>alert('xss')</script>\n\n"
            "[点击](javascript:alert('link')) and <a href=\"javascript:alert('raw')\">raw</a>\n\n"
            "<img src=x onerror=\"alert('img')\">\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n"
            # the opening line of a generated table: its block is set aside unparsed
            '<div class="qq-table">\n<script>alert(\'stash\')</script>\n</div>\n')
    root = _ledger(tmp_path / "l", {"policies/collection.md": page})
    result = build_site(root, AS_OF, tmp_path / "site", src=tmp_path / "src")
    assert result.ok, result.problems
    built = (tmp_path / "site" / "policies" / "collection" / "index.html").read_text(encoding="utf-8")
    article = built[built.index("<article"):built.index("</article>")]
    assert "清收制度" in article and "点击" in article
    for bad in ("<script>alert", "javascript:", "onclick", "onerror"):
        assert bad not in article, bad
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "javascript:" not in index and "<script>alert" not in index
    assert "text-align:right" in article  # table alignment survives the cleaning


def test_python_tag_in_mkdocs_config_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    config = (f"site_name: x\nextra:\n  boom: !!python/object/apply:os.system [\"touch {marker}\"]\n")
    root = _ledger(tmp_path / "l", {"mkdocs.yml": config})
    result = build_site(root, AS_OF, tmp_path / "site", src=tmp_path / "src")
    assert not result.ok and any("python/object/apply" in p for p in result.problems)
    assert not marker.exists()


def test_linked_site_folder_is_not_emptied(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", encoding="utf-8")
    root = _ledger(tmp_path / "l")
    os.symlink(elsewhere, root / "site")
    result = build_site(root, AS_OF, src=tmp_path / "src")
    assert not result.ok
    assert (elsewhere / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_linked_work_folder_is_not_emptied(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "docs").mkdir(parents=True)
    (elsewhere / "docs" / "precious.txt").write_text("keep me", encoding="utf-8")
    root = _ledger(tmp_path / "l")
    (root / ".qingqian").mkdir()
    os.symlink(elsewhere, root / ".qingqian" / "site-src")
    result = build_site(root, AS_OF, tmp_path / "site")
    assert not result.ok
    assert (elsewhere / "docs" / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_debtor_id_index_does_not_replace_the_debtor_index(tmp_path: Path) -> None:
    index_debtor = DEBTOR.replace("id: D-0001", "id: index").replace("华东某置业有限公司", "冒名债务人")
    root = _ledger(tmp_path / "l", {"ledger/debtors/index.yaml": index_debtor})
    result = build_site(root, AS_OF, tmp_path / "site", src=tmp_path / "src")
    assert result.ok, result.problems
    listing = (tmp_path / "site" / "debtors" / "index.html").read_text(encoding="utf-8")
    assert "华东某置业有限公司" in listing and "冒名债务人" in listing  # still the list of debtors
    assert "冒名债务人" in (tmp_path / "site" / "debtors" / "_index" / "index.html").read_text(encoding="utf-8")


def test_phone_with_tabs_inside_is_caught_and_removed(tmp_path: Path) -> None:
    debtor = DEBTOR + "contacts:\n  - {name: 钱七, role: 财务, phone: '13800138000'}\n"
    rec = REC.replace("title: 某工程进度款", 'title: "联系 138\\t0013\\t8000"')
    root = _ledger(tmp_path / "l", {"ledger/debtors/D-0001.yaml": debtor, "ledger/east/AR-1.yaml": rec})
    result = build_site(root, AS_OF, tmp_path / "site", src=tmp_path / "src")
    assert not result.ok
    leaked = [p for p in result.problems if "private value" in p]
    assert leaked and not any("13800138000" in p for p in leaked)  # the value is not echoed
    site = _site_text(tmp_path / "site")
    assert "138\t0013\t8000" not in site and "138 0013 8000" not in site


class _Page(HTMLParser):
    """A built page as the browser reads it: the tags and the text of the primary navigation
    (Material's sidebar), and the <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.in_title = 0, False
        self.nav_tags: list[str] = []
        self.nav_text: list[str] = []
        self.title = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        primary = tag == "nav" and "md-nav--primary" in (dict(attrs).get("class") or "")
        if self.depth or primary:
            self.nav_tags.append(tag)
            self.depth += tag == "nav"
        self.in_title = tag == "title" and not self.title

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.nav_text.append(data.strip())
        if self.in_title:
            self.title += data


HOSTILE = "<b>x</b>&amp;"
BREAKOUT = "</title><script>alert(1)</script>"


@pytest.fixture(scope="module")
def named_site(tmp_path_factory) -> Path:
    """One small site: debtors with a plain, a hostile and a shared name, a hostile unit name."""
    tmp = tmp_path_factory.mktemp("named")
    invoice = "- {date: 2026-01-05, type: invoice, amount: '100.00', due: 2026-02-05, ref: INV-%s}"
    files = {f"ledger/debtors/D-000{n}.yaml": DEBTOR.replace("D-0001", f"D-000{n}")
             .replace("华东某置业有限公司", name) for n, name in
             ((2, HOSTILE), (3, BREAKOUT), (4, "华东某置业有限公司"))}
    files.update({f"ledger/east/AR-{n}.yaml": receivable(f"AR-{n}", invoice % n, debtor=f"D-000{n}")
                  for n in (1, 2, 3)})
    files["policies/units.yaml"] = UNITS.replace("西部销售公司", "<i>west</i>")
    root = write_ledger(tmp / "l", files)
    result = build_site(root, AS_OF, tmp / "site", src=tmp / "src")
    assert result.ok, result.problems
    return tmp / "site"


def test_hostile_names_in_the_navigation_stay_text(named_site: Path) -> None:
    """MkDocs Material prints nav titles as they are: a debtor or unit name is escaped once,
    so no page carries its tags, the sidebar shows it as written, and the <title> (where
    the theme's `striptags` would unescape it) cannot be closed early."""
    pages = sorted(named_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<b>x</b>" not in text and "<script>alert(1)" not in text, path
        assert "<i>west</i>" not in text, path
        page = _Page(text)
        assert not {"b", "i", "script"} & set(page.nav_tags), path
    debtor = _Page((named_site / "debtors" / "D-0002" / "index.html").read_text(encoding="utf-8"))
    assert HOSTILE in debtor.nav_text and BREAKOUT in debtor.nav_text
    assert "<i>west</i>" in debtor.nav_text
    assert debtor.title == f"{HOSTILE} - 清收清欠"  # `&amp;` shows as `&amp;`: escaped once
    breakout = (named_site / "debtors" / "D-0003" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(BREAKOUT)} - 清收清欠</title>" in breakout


def test_the_navigation_names_debtors_people_and_units(named_site: Path) -> None:
    """The sidebar lists debtors and work queues by name, not id; a name two debtors share
    carries each one's id."""
    nav = _Page((named_site / "index.html").read_text(encoding="utf-8")).nav_text
    assert {"华东某置业有限公司（D-0001）", "华东某置业有限公司（D-0004）", "李四", "华东工程公司"} \
        <= set(nav)
    assert not {"D-0001", "D-0002", "D-0003", "li.si", "unit-east"} & set(nav)
