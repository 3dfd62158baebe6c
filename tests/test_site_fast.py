"""The fast site build (pages on every core, the sidebar cached) writes what MkDocs writes.

Every file of the built site is compared byte for byte with MkDocs' own build of the same
pages: the demo ledger, and small ledgers under theme settings that change the sidebar.
"""

from __future__ import annotations

import filecmp
from decimal import Decimal
import functools
import logging
import os
import types
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import receivable, write_ledger
from mkdocs import utils
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from qingqian.site import build as site_build
from qingqian.site import forks, leaks, navcache, parallel

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 30)


def build_both(root: Path, tmp: Path, monkeypatch, strict: bool = False) -> tuple[Path, Path]:
    """The ledger's site built the fast way and MkDocs' own way; both results must be ok."""
    fast = site_build.build_site(root, AS_OF, tmp / "fast", strict=strict, src=tmp / "src")
    plain_run = functools.partial(site_build.run_mkdocs, fast=False)
    monkeypatch.setattr(site_build, "run_mkdocs", plain_run)
    plain = site_build.build_site(root, AS_OF, tmp / "plain", strict=strict, src=tmp / "src")
    assert fast.ok and plain.ok, (fast.problems, plain.problems)
    assert (fast.warnings, fast.pages) == (plain.warnings, plain.pages)
    return tmp / "fast", tmp / "plain"


def differences(a: Path, b: Path) -> list[str]:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return [str(p) for p in files if not filecmp.cmp(a / p, b / p, shallow=False)]


def test_the_demo_site_is_the_same_file_for_file(tmp_path, monkeypatch):
    fast, plain = build_both(ROOT, tmp_path, monkeypatch, strict=True)
    assert differences(fast, plain) == []
    assert len(list(fast.glob("debtors/*/index.html"))) > 3


THEMES = {
    "plain material": "",
    "tabs, sections, indexes, prune, integrated toc": (
        "  features: [navigation.tabs, navigation.sections, navigation.indexes, "
        "navigation.prune, toc.integrate]\n"),
    "file URLs": "  features: [navigation.sections]\nuse_directory_urls: false\n",
}


def small_ledger(root: Path, theme: str) -> Path:
    """Six debtors with receivables, a policy page linking into a generated page, a theme."""
    files = {f"ledger/debtors/D-000{i}.yaml": f"id: D-000{i}\nname: 债务人{i}号\ntype: private\n"
             for i in range(1, 7)}
    for i in range(1, 7):
        files[f"ledger/east/2026/AR-{i}.yaml"] = receivable(f"AR-{i}", f"""
            - {{date: 2026-0{i}-05, type: invoice, amount: "{i}000.00", due: 2026-0{i}-20}}
            - {{date: 2026-0{i + 2}-10, type: payment, amount: "500.00", method: bank, ref: P{i}}}
            """, debtor=f"D-000{i}")
    files["policies/index.md"] = ("# 制度\n\n[账龄](../status/aging.md#no-such-part) "
                                  "[债务人](../debtors/D-0001.md)\n")
    files["mkdocs.yml"] = ("site_name: 测试\ndocs_dir: policies\ntheme:\n  name: material\n"
                           "  language: zh\n  font: false\n" + theme)
    return write_ledger(root, files)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_small_sites_are_the_same_file_for_file(tmp_path, monkeypatch, theme):
    root = small_ledger(tmp_path / "ledger", THEMES[theme])
    fast, plain = build_both(root, tmp_path, monkeypatch)
    assert differences(fast, plain) == []
    assert "债务人3号" in leaks.readable(fast / "search" / "search_index.json")


def tiny_project(root: Path) -> Path:
    """A plain MkDocs project whose pages all have nav titles, so the page processes convert
    them; one links to a page that does not exist."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for name in "abcdef":
        (docs / f"{name}.md").write_text(f"# 页{name}\n\n正文 {name}\n", encoding="utf-8")
    (docs / "e.md").write_text("# 页e\n\n[丢失](missing.md)\n", encoding="utf-8")
    nav = "".join(f"  - 页{n}: {n}.md\n" for n in "abcdef")
    (root / "mkdocs.yml").write_text(f"site_name: t\ntheme: {{name: material}}\nnav:\n{nav}",
                                     encoding="utf-8")
    return root / "mkdocs.yml"


def counted(run, config_file: Path, site: Path) -> tuple[int, int]:
    """(warnings seen by this process's handlers, warnings `run` reported)."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        reported = run(load_config(str(config_file), site_dir=str(site)))
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return sum(counter.counts.values()), reported or 0


def test_warnings_of_the_page_processes_are_counted(tmp_path):
    config_file = tiny_project(tmp_path)
    plain, _ = counted(mkdocs_build, config_file, tmp_path / "plain")
    here, theirs = counted(lambda c: parallel.run(c, processes=2), config_file, tmp_path / "fast")
    assert plain == 1 and here + theirs == 1
    assert differences(tmp_path / "fast", tmp_path / "plain") == []


def test_other_plugins_use_mkdocs_own_build(tmp_path):
    config_file = tiny_project(tmp_path)
    assert parallel.supported(load_config(str(config_file)))
    config_file.write_text(config_file.read_text() + "plugins: [search, tags]\n")
    assert not parallel.supported(load_config(str(config_file)))


def test_material_nav_item_template_is_the_one_the_cache_wraps():
    import material

    source = (Path(material.__file__).parent / "templates" / navcache.TEMPLATE).read_text()
    patched = navcache.patch_source(source)
    assert patched is not None and patched.count("{% call qq_nav_item(") == 1
    assert navcache.patch_source("{% macro other() %}{% endmacro %}") is None


def test_a_rebuild_keeps_hidden_files_and_leaves_nothing_beside(tmp_path):
    config_file = tiny_project(tmp_path)
    site = tmp_path / "site"
    for _ in range(2):
        parallel.run(load_config(str(config_file), site_dir=str(site)), processes=2)
        (site / ".keep").write_text("x")
        (site / "stale.html").write_text("old")
    parallel.run(load_config(str(config_file), site_dir=str(site)), processes=2)
    assert (site / ".keep").exists() and not (site / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "site"]


def old_leaks(out: Path, values: set[str]) -> list[str]:
    """The scan as it was: every file, every value."""
    return [f"{p.relative_to(out)}: {v}" for p in sorted(q for q in out.rglob("*") if q.is_file())
            for text in [leaks.readable(p)] for v in sorted(values) if v in text]


def test_leak_scan_finds_what_the_file_by_file_scan_finds(tmp_path):
    out = tmp_path / "site"
    (out / "a" / "b").mkdir(parents=True)
    (out / "index.html").write_text("<li>张三</li>\n<p>13800001111 &amp; 李&#22235;</p>\n"
                                    "<nav>甲</li>\n乙</nav>", encoding="utf-8")
    (out / "a" / "b" / "index.html").write_text("<li>王\u200b五</li>\n", encoding="utf-8")
    (out / "search.json").write_text('{"t": "\\u8d75\\u516d\\n\\u7532"}', encoding="utf-8")
    values = {"张三", "13800001111", "李四", "王五", "赵六", "赵六\n甲", "甲</li>\n乙", "& 李",
              "钱七", "</li>", "li>张"}
    found = leaks.leaks(out, values)
    assert found == old_leaks(out, values)
    assert "a/b/index.html: 王五" in found and "search.json: 赵六" in found
    assert leaks.leaks(out, {"钱七", "孙八"}) == [] and leaks.leaks(out, set()) == []


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789 \t-.()（）/a,\u200b", max_size=60),
       number=st.text(alphabet="0123456789", min_size=7, max_size=12))
def test_numbers_found_in_one_pass_are_those_each_pattern_finds(text, number):
    """The one-pass search of private numbers (a 10,000-receivable site searched 2,000 phone
    patterns one by one for an hour) finds a number exactly where its own pattern does."""
    placed = text[: len(text) // 2] + " ".join(number[i:i + 3] for i in range(0, len(number), 3)) \
        + text[len(text) // 2:]
    for haystack in (text, placed):
        alone = leaks.number_pattern(number).search(haystack) is not None  # type: ignore[union-attr]
        assert (number in leaks.numbers_in(haystack, {number, "99999999999"})) == alone, haystack


def test_forked_work_comes_back_in_order_and_failures_are_raised():
    assert forks.map_forked(lambda xs: [x * x for x in xs], forks.split(range(7), 3)) == \
        [[0, 9, 36], [1, 16], [4, 25]]
    parent = os.getpid()

    def fail_in_child(share: list[int]) -> int:
        if os.getpid() != parent:
            raise ValueError("boom")
        return 1

    with pytest.raises(forks.WorkerFailed, match="boom"):
        forks.map_forked(fail_in_child, [[1], [2]])


@pytest.mark.skipif(forks.cores() < 2, reason="one core: every share runs in one process")
def test_a_worker_that_comes_free_takes_the_next_share():
    """A share that runs long holds up no other: the other worker takes every share after it
    (static halves would have left two of them waiting behind the slow one)."""
    import time

    def work(seconds: float) -> int:
        time.sleep(seconds)
        return os.getpid()

    slow, *rest = forks.map_forked(work, [1.5, 0.0, 0.0, 0.0, 0.0])
    assert len(set(rest)) == 1 and slow not in rest


def test_pages_are_shared_costliest_first_in_shares_of_about_equal_cost(monkeypatch):
    """Processes take shares in order: the big pages go first, alone, and the small pages
    fill the shares at the end."""
    sizes = [5_000, 400_000, 1_000, 90_000, 2_000, 3_000, 1_000, 250_000]
    pages = [types.SimpleNamespace(size=size) for size in sizes]
    monkeypatch.setattr(parallel, "_size", lambda page: page.size)
    read = {id(page) for page in pages}  # converted before the fork: cost is the size alone
    shares = parallel.share(pages, read, 4)  # type: ignore[arg-type]
    assert sorted(i for s in shares for i in s) == list(range(len(sizes)))
    assert shares[0] == [1] and shares[1] == [7]  # the two biggest, alone and first
    costs = [sum(sizes[i] + 20_000 for i in s) for s in shares]
    assert costs[-1] <= costs[0]


def test_changed_mkdocs_internals_fall_back_to_mkdocs_own_build(tmp_path, monkeypatch, capsys):
    """A private MkDocs function gone: the site is still built, by MkDocs, with one notice."""
    import types

    from mkdocs.commands import build as mk

    # the MkDocs the parallel build sees lacks `_build_page` (MkDocs' own build keeps it)
    changed = types.ModuleType(mk.__name__)
    changed.__dict__.update({k: v for k, v in vars(mk).items() if k != "_build_page"})
    monkeypatch.setattr(parallel, "mk", changed)
    assert parallel.unusable() == "mkdocs.commands.build._build_page is missing"
    result = site_build.build_site(small_ledger(tmp_path / "ledger", ""), AS_OF,
                                   tmp_path / "site", src=tmp_path / "src")
    assert result.ok, result.problems
    assert (tmp_path / "site" / "index.html").is_file()
    notices = [line for line in capsys.readouterr().err.splitlines() if "MkDocs' own build" in line]
    assert notices == ["qingqian: 站点改用 MkDocs 自带构建（较慢）: MkDocs internals changed "
                       "(mkdocs.commands.build._build_page is missing); using MkDocs' own build"]


def test_a_private_function_of_another_shape_is_refused(monkeypatch):
    import types

    from mkdocs.commands import build as mk

    changed = types.ModuleType(mk.__name__)
    changed.__dict__.update(vars(mk))
    changed._populate_page = lambda page, files, config: None  # type: ignore[attr-defined]
    monkeypatch.setattr(parallel, "mk", changed)
    assert parallel.unusable() == "mkdocs.commands.build._populate_page takes (page, files, config)"
    monkeypatch.undo()
    assert parallel.unusable() is None


def test_a_worker_that_dies_is_a_failure_not_a_hang():
    def die_in_child(share: int) -> int:
        if share:
            os._exit(3)
        return 0

    with pytest.raises(forks.WorkerFailed, match="BrokenProcessPool"):
        forks.map_forked(die_in_child, [0, 1])


def test_a_generated_table_is_set_aside_unparsed_and_renders_the_same():
    """Tables without links skip Markdown's HTML parser (tablestash), with the same HTML;
    a table with links is still read by it, so MkDocs can check and rewrite the links."""
    import markdown

    from qingqian.site.pages import Link, md_table
    from qingqian.site.tablestash import TableStashExtension

    plain = md_table([("债务人", "text"), ("余额", "money")], [("甲 <b>", Decimal("1234.50"))])
    linked = md_table([("债务人", "text")], [(Link("甲", "D-1.md"),)])
    page = f"# 标题\n\n{plain}\n段落\n\n{linked}\n"
    exts = ["tables", "attr_list", "md_in_html"]
    parsed = markdown.Markdown(extensions=exts)
    stashed = markdown.Markdown(extensions=[*exts, TableStashExtension()])
    def lines(html: str) -> list[str]:  # the same HTML, but for a blank line between blocks
        return [line for line in html.split("\n") if line]

    assert lines(stashed.convert(page)) == lines(parsed.convert(page))
    stashed.reset()
    left = stashed.preprocessors["qq_table_stash"].run(page.split("\n"))
    # the plain table was taken out whole, the linked one left for the HTML parser
    assert sum(line.startswith('<div class="qq-table') for line in left) == 1
    assert stashed.htmlStash.html_counter == 1 and "甲 &lt;b&gt;" in stashed.htmlStash.rawHtmlBlocks[0]
