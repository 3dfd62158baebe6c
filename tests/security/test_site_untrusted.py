"""Attacks on `site build` through the ledger repository: linked pages and folders, live script
in policies, code in mkdocs.yml, reserved debtor ids, disguised private values."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from conftest import DEBTOR, receivable, write_ledger
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
            "<img src=x onerror=\"alert('img')\">\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n")
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
