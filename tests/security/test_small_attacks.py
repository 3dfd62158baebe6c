"""The small attacks: a unit that is a path, impossible dates, echoed private values, a shallow
clone's log, a linked letter template."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT, DEBTOR, receivable, write_ledger
from qingqian.cli import cli
from test_git_history import AR1, GitRepo, closed_rules
from conftest import policy_files

AS_OF = "2026-11-30"


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def test_unit_that_is_a_path_cannot_write_outside_the_ledger(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "a" / "b" / "l", {})
    result = run(root, "new", "receivable", "--debtor", "D-0001", "--unit", "../../x",
                 "--title", "t", "--responsible", "li.si", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "units.yaml" in result.output
    assert not (tmp_path / "a" / "x").exists() and not list(tmp_path.rglob("AR-*.yaml"))


def test_impossible_as_known_at_dates_are_refused(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1},
                when="2026-10-20T10:00:00+08:00")
    for bad in ("2026-11-31", "0000-00-00", "2026-02-29"):
        code, out = repo.qq("total", "--as-of", AS_OF, "--as-known-at", bad)
        assert code == 2, (bad, out)
    code, _ = repo.qq("total", "--as-of", AS_OF, "--as-known-at", "2026-11-30")
    assert code == 0


def test_ambiguous_scalar_finding_never_echoes_the_value(tmp_path: Path) -> None:
    debtor = DEBTOR + "bank_account: 0123_4567_0001\n"
    root = write_ledger(tmp_path, {"ledger/debtors/D-0001.yaml": debtor})
    for fmt in ("json", "text", "github"):
        result = run(root, "check", "--as-of", AS_OF, "--format", fmt)
        assert "S013" in result.output, result.output
        assert "0123" not in result.output, fmt


def test_log_in_a_shallow_clone_says_the_history_is_cut(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), "ledger/east/2026/AR-1.yaml": AR1},
                author=("真作者", "real@example.com"))
    repo.commit("edit", {"ledger/east/2026/AR-1.yaml": AR1.replace("zhang.san", "wang.wu")},
                author=("冒名者", "tip@example.com"))
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
                   check=True, capture_output=True)
    result = run(clone, "log", "AR-1")
    assert result.exit_code == 0, result.output
    assert "history is cut" in result.output and "created" not in result.output.replace(
        "was created at or before", "")


def test_symlinked_letter_template_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("TOKEN=very-secret $debtor_name\n", encoding="utf-8")
    root = write_ledger(tmp_path / "l", {"ledger/east/AR-1.yaml": receivable(
        "AR-1", "- {date: 2024-01-05, type: invoice, amount: '5000.00', ref: JS-1}")})
    shutil.copytree(ROOT / "policies" / "templates", root / "policies" / "templates")
    (root / "policies" / "templates" / "demand.md").unlink()
    os.symlink(secret, root / "policies" / "templates" / "demand.md")
    result = run(root, "letter", "AR-1", "--out", str(tmp_path / "out"), "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "S019" in result.output
    assert not any("very-secret" in p.read_text(encoding="utf-8")
                   for p in (tmp_path / "out").rglob("*") if p.is_file())
