"""`qingqian init` scaffolds a ledger that passes check, and refuses to overwrite one."""

import subprocess
import sys


def qingqian(*args, cwd):
    return subprocess.run([sys.executable, "-m", "qingqian", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_init_then_check_passes(tmp_path):
    result = qingqian("init", "books", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    books = tmp_path / "books"
    for rel in ("policies/rules.yaml", "policies/people.yaml", "policies/units.yaml", "policies/index.md",
                "mkdocs.yml", ".gitignore", "ledger/debtors", "cases", "schemas/receivable.schema.json",
                "CODEOWNERS", ".pre-commit-config.yaml", ".gitlab-ci.yml", ".github/workflows/qingqian.yml"):
        assert (books / rel).exists(), rel
    check = qingqian("check", "--as-of", "2026-11-30", cwd=books)
    assert check.returncode == 0, check.stdout + check.stderr


def test_init_refuses_an_existing_ledger(tmp_path):
    assert qingqian("init", "books", cwd=tmp_path).returncode == 0
    again = qingqian("init", "books", cwd=tmp_path)
    assert again.returncode == 2 and "已经是台账" in again.stderr  # said in Chinese


ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
HELD_DEBTOR = """\
id: D-0001
name: 江州某建材有限公司
type: private
status: active
condition: weak
"""
HELD_RECEIVABLE = """\
id: AR-2025-0001
debtor: D-0001
unit: hq
kind: goods
title: 建材货款
responsible: {person}
collector: {person}
difficulty: normal
events:
  - {{type: invoice, date: 2025-01-10, amount: "50000.00", due: 2025-02-10}}
"""


def _held_books(tmp_path):
    """An `init` ledger with one debtor on credit hold (50,000 overdue since 2025)."""
    assert qingqian("init", "books", cwd=tmp_path).returncode == 0
    books = tmp_path / "books"
    import yaml

    people = yaml.safe_load((books / "policies" / "people.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((books / "policies" / "units.yaml").read_text(encoding="utf-8"))
    person = people["people"][0]["id"]
    text = HELD_RECEIVABLE.format(person=person).replace("unit: hq", f"unit: {units['units'][0]['id']}")
    (books / "ledger" / "debtors" / "D-0001.yaml").write_text(HELD_DEBTOR, encoding="utf-8")
    (books / "ledger" / "D-0001").mkdir(parents=True, exist_ok=True)
    (books / "ledger" / "D-0001" / "AR-2025-0001.yaml").write_text(text, encoding="utf-8")
    return books


def test_init_site_shares_the_demo_configuration():
    """`init` writes the same mkdocs.yml as the demo site's (admonition, md_in_html, no
    "Made with Material" link, no web fonts)."""
    scaffold = ROOT / "tools" / "qingqian" / "scaffold" / "template" / "mkdocs.yml"
    assert scaffold.read_text(encoding="utf-8") == (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = scaffold.read_text(encoding="utf-8")
    for needed in ("- admonition", "- md_in_html", "generator: false", "font: false"):
        assert needed in text, needed


def test_init_site_renders_a_held_debtor(tmp_path):
    books = _held_books(tmp_path)
    check = qingqian("check", "--as-of", "2026-11-30", cwd=books)
    assert check.returncode == 0, check.stdout
    built = qingqian("site", "build", "--strict", "--as-of", "2026-11-30", cwd=books)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (books / "site" / "debtors" / "D-0001" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition warning"' in page
    assert "!!!" not in page


def test_strict_build_fails_on_raw_extension_syntax(tmp_path):
    """Without `admonition` the hold box would print as `!!! warning …`: --strict refuses."""
    books = _held_books(tmp_path)
    config = books / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - admonition\n", ""),
                      encoding="utf-8")
    built = qingqian("site", "build", "--strict", "--as-of", "2026-11-30", cwd=books)
    assert built.returncode == 1
    assert "debtors/D-0001/index.html: raw Markdown `!!! warning" in built.stderr
    assert "admonition" in built.stderr
