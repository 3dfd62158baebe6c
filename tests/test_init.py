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
    assert again.returncode == 2 and "already holds a ledger" in again.stderr
