"""`check --staged` from the kept index listing finds what reading the whole index finds."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from qingqian import staged
from qingqian.check import check_tree
from qingqian.demo.generate import generate
from qingqian.loader import discover

AS_OF = date(2026, 11, 30)


def _git(root: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    generate(root, 300, seed=11)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        _git(root, *args)
    return root


def _rows(root: Path) -> list[tuple]:
    return sorted((f.path, f.line, f.rule, f.message) for f in staged.check_staged(root, AS_OF))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_staged_checks_from_the_kept_listing_equal_reading_the_index(repo: Path, monkeypatch) -> None:
    recs = [repo / p for p in discover(repo) if "/AR-" in p]
    debtor = next(repo / p for p in discover(repo) if p.startswith("ledger/debtors/"))
    whole_reads: list[int] = []
    real = staged.entries
    monkeypatch.setattr(staged, "entries", lambda listing: whole_reads.append(1) or real(listing))

    def plain_check() -> None:
        check_tree(repo, AS_OF)  # the working tree's state: other keys, files hashed or gone

    steps = [
        lambda: (_edit(recs[1], "currency:", "currancy:"), _git(repo, "add", "-A")),
        lambda: (_edit(recs[2], "currency:", "currancy:"), plain_check()),  # unstaged edit
        lambda: ((repo / "ledger/new").mkdir(), (repo / "ledger/new/AR-9.yaml").write_bytes(
            recs[3].read_bytes()), plain_check()),  # untracked: hashed, never staged
        lambda: (recs[4].unlink(), plain_check()),  # deleted, not staged: gone, still in the index
        lambda: _git(repo, "add", str(recs[4].relative_to(repo))),  # the deletion staged
        lambda: _git(repo, "add", "ledger/new/AR-9.yaml"),  # a new file staged (S012)
        lambda: (_edit(recs[5], "debtor:", "debtor: D-000001\nx_old_debtor:"), _git(repo, "add", "-A")),
        lambda: (debtor.unlink(), _git(repo, "add", "-A")),  # its receivables name no debtor
        lambda: _git(repo, "commit", "-q", "-m", "y"),
        lambda: (_edit(recs[1], "currancy:", "currency:"), _git(repo, "add", "-A")),
        lambda: _git(repo, "reset", "-q", "--hard", "HEAD~1"),  # the index rewritten whole
    ]
    _rows(repo)  # the first staged check reads the whole index and keeps the listing
    for number, step in enumerate(steps):
        step()
        whole_reads.clear()
        found = _rows(repo)
        if number not in (len(steps) - 1,):
            assert not whole_reads, f"step {number} read the whole index"
        monkeypatch.setenv("QINGQIAN_NO_CACHE", "1")
        assert found == _rows(repo), f"after step {number}"
        monkeypatch.delenv("QINGQIAN_NO_CACHE")
    assert found == _rows(repo)


def test_a_damaged_kept_listing_is_read_again(repo: Path, monkeypatch) -> None:
    rec = next(repo / p for p in discover(repo) if "/AR-" in p)
    _rows(repo)
    kept = next(repo.glob(".qingqian/cache/*/check/list-*.bin"))
    kept.write_bytes(kept.read_bytes()[:-10] + b"x" * 10)
    _edit(rec, "currency:", "currancy:")
    _git(repo, "add", "-A")
    found = _rows(repo)
    monkeypatch.setenv("QINGQIAN_NO_CACHE", "1")
    assert found == _rows(repo) and any(path == str(rec.relative_to(repo)) for path, *_ in found)
