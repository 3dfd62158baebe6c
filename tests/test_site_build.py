"""The published site: demo build (strict), no private value anywhere, escaping, same figures."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import receivable, write_ledger
from qingqian.cli import cli
from qingqian.site.build import build_site
from qingqian.site.safe import esc

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    """The demo ledger's site, built once with --strict into a temporary folder."""
    from datetime import date

    tmp = tmp_path_factory.mktemp("demo-site")
    result = build_site(ROOT, date(2026, 11, 30), tmp / "site", strict=True, src=tmp / "src")
    assert result.ok, result.problems
    assert result.warnings == 0
    return tmp / "site"


def readable(path: Path) -> str:
    """What a reader (or a search) can get from a file: JSON decoded, entities resolved."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(html.unescape(text)).replace("\u200b", "")


def demo_private_values() -> set[str]:
    """Contacts' names, phones and emails, ID numbers and bank accounts of the demo debtors.

    An individual debtor's own name (also written as its contact) is the debtor's name,
    which is published, so it is left out.
    """
    values, names = set(), set()
    for path in (ROOT / "ledger" / "debtors").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.add(doc["name"])
        for contact in doc.get("contacts") or []:
            values.update(str(contact[k]) for k in ("name", "phone", "email") if contact.get(k))
        values.update(str(doc[k]) for k in ("id_number", "bank_account", "phone") if doc.get(k))
    return values - names


def test_demo_site_has_every_page(demo_site: Path):
    for page in ("index.html", "status/aging/index.html", "status/units/index.html",
                 "status/collectors/index.html", "status/cases/index.html",
                 "status/limitation/index.html", "status/holds/index.html",
                 "status/writeoffs/index.html", "monthly/index.html", "monthly/2026-11/index.html",
                 "debtors/index.html", "debtors/D-0001/index.html", "policies/index.html",
                 "policies/writeoff/index.html", "reference/rules/index.html",
                 "reference/formats/index.html", "search/search_index.json"):
        assert (demo_site / page).is_file(), page
    rules = (demo_site / "reference/rules/index.html").read_text(encoding="utf-8")
    from qingqian.rules import ALL_RULES
    assert all(r.id in rules for r in ALL_RULES)


def test_no_private_value_anywhere_in_the_demo_site(demo_site: Path):
    values = demo_private_values()
    assert len(values) > 20  # the demo has contacts, phones and id numbers to hide
    found = [(str(p.relative_to(demo_site)), v) for p in demo_site.rglob("*") if p.is_file()
             for text in [readable(p)] for v in values if v in text]
    assert found == []


def test_no_outside_host_in_the_built_html(demo_site: Path):
    hosts = set()
    for path in demo_site.rglob("*.html"):
        text = re.sub(r'xmlns(:\w+)?="[^"]*"', "", path.read_text(encoding="utf-8"))
        hosts |= set(re.findall(r'(?:src|href)="(https?://[^"/]+)', text))
        hosts |= set(re.findall(r"url\((?:'|\")?(https?://[^)'\"/]+)", text))
    assert hosts == set()


def test_overview_numbers_equal_the_total_report(demo_site: Path):
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "total", "--as-of", AS_OF,
                                      "--format", "json"])
    totals = json.loads(result.stdout)["totals"]
    totals = totals if isinstance(totals, list) else [{"currency": "CNY", **totals}]
    page = (demo_site / "index.html").read_text(encoding="utf-8")
    for body in totals:
        for key in ("outstanding", "overdue", "collected", "written_off", "interest"):
            pattern = (rf'data-figure="{esc(key)}" data-currency="{body["currency"]}">'
                       rf'.*?class="qq-kpi-value">([^<]*)<')
            shown = html.unescape(re.search(pattern, page).group(1)).replace(",", "")
            assert shown == body[key], (body["currency"], key)


def test_charts_are_inline_svg(demo_site: Path):
    page = (demo_site / "index.html").read_text(encoding="utf-8")
    assert page.count('<div class="qq-chart"><svg') >= 3
    assert "<polyline" in page and "<rect" in page


EVIL = "<script>alert(1)</script>"
EVIL2 = "a|b*c_[x](javascript:alert(1))"


def test_values_from_yaml_show_as_text(tmp_path: Path):
    write_ledger(tmp_path, {
        "ledger/debtors/D-0001.yaml": f"id: D-0001\nname: '{EVIL}'\ntype: private\n"
                                      "contacts: [{name: 秘密联系人, phone: '13900001111'}]\n"
                                      "id_number: '110101199001011234'\n",
        "ledger/debtors/D-0002.yaml": f"id: D-0002\nname: '{EVIL2}'\ntype: private\n"
                                      "bank_account: '6222020200112233445'\n",
        "ledger/east/AR-1.yaml": receivable("AR-1", "- {date: 2026-01-05, type: invoice, amount: '1000.00'}\n"
                                            ).replace("某工程进度款", "'`code` **b** <img src=x onerror=alert(2)>'"),
        "ledger/east/AR-2.yaml": receivable("AR-2", "- {date: 2025-01-05, type: invoice, amount: '5000.00'}\n",
                                            debtor="D-0002"),
    })
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "site", "build", "--as-of", AS_OF,
                                      "--strict"])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert not re.search(r"""href=["']?\s*javascript""", text, re.IGNORECASE), path
        article = text.split("<article", 1)[1].split("</article>", 1)[0]
        assert "<script" not in article and "<img" not in article, path
    debtor = readable(site / "debtors/D-0001/index.html")
    assert EVIL in debtor  # shown as text: the reader sees the characters
    other = readable(site / "debtors/D-0002/index.html")
    assert EVIL2 in other
    page = (site / "debtors/D-0002/index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<em>" not in article  # `*` and `_` of the name stay characters
    for value in ("秘密联系人", "13900001111", "110101199001011234", "6222020200112233445"):
        assert not any(value in readable(p) for p in site.rglob("*") if p.is_file()), value


def test_escape_makes_markdown_and_html_inert():
    import markdown

    for text in (EVIL, EVIL2, "`x` *y* _z_ | [a](b) <b>c</b>"):
        rendered = markdown.markdown(f"| h |\n|---|\n| {esc(text)} |", extensions=["tables"])
        assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip().endswith(text)
        assert "<script" not in rendered and "<em>" not in rendered and "<a " not in rendered
        assert "<code>" not in rendered and "<b>" not in rendered


def test_policy_lines_joined_between_chinese_characters():
    """A line break inside a Chinese sentence would show as a space ("或者 发现")."""
    from qingqian.site.build import join_cjk_lines

    text = "## 第四章\n第八条 恢复清偿能力或者\n发现可供执行财产的。\n\n- 一\n- 二\n```\n中\n文\n```\nabc\n中"
    assert join_cjk_lines(text) == ("## 第四章\n第八条 恢复清偿能力或者发现可供执行财产的。\n\n- 一\n- 二\n"
                                    "```\n中\n文\n```\nabc\n中")


def test_search_finds_debtor_pages_and_policies_but_not_status_or_work_queue_rows(demo_site: Path):
    """Status lists and work queues repeat rows of the debtor pages: they stay out of the
    search index (a name finds its debtor page once), and every other page is in it."""
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"debtors/D-0001/", "policies/writeoff/", "reference/rules/", ""} <= pages
    assert not [p for p in pages if p.startswith(("status/", "todo/"))]
    assert (demo_site / "status/limitation/index.html").is_file()
    assert (demo_site / "todo/index.html").is_file()
