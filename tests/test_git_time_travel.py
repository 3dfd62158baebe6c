"""Every report's `--as-known-at REV|DATE` equals running it in a checkout of that commit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_git_review import branch, checkout  # noqa: F401 - the fixture is used by name

from qingqian.cli import cli

REPORTS = [["age"], ["total"], ["monthly", "--month", "2026-11"], ["targets", "--year", "2026"],
           ["commission", "--period", "2026-11"], ["limitation"], ["holds"], ["focus"], ["cases"]]


def run(root: Path, *args: str) -> str:
    """The report's output, less the `as_known_at` key naming the commit read (checked below)."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False,
                                env={"QINGQIAN_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    if "--as-known-at" in args:
        doc = json.loads(result.stdout)
        assert len(doc.pop("as_known_at")["commit"]) == 40
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return result.stdout


@pytest.mark.parametrize("report", REPORTS, ids=[r[0] for r in REPORTS])
def test_as_known_at_a_commit_equals_a_checkout(report, branch, tmp_path):  # noqa: F811
    repo, base = branch
    past = checkout(repo, base, tmp_path / "past")
    args = [*report, "--as-of", "2026-11-30", "--format", "json"]
    known = run(repo.path, *args, "--as-known-at", base)
    assert known == run(past, *args)
    assert known != run(repo.path, *args) or report[0] in ("holds", "focus", "targets")


def test_as_known_at_a_date_takes_the_last_commit_on_or_before_it(branch, tmp_path):  # noqa: F811
    repo, base = branch
    past = checkout(repo, base, tmp_path / "past")
    args = ["total", "--as-of", "2026-11-30", "--format", "json"]
    assert run(repo.path, *args, "--as-known-at", "2026-10-31") == run(past, *args)


def test_as_known_at_names_the_commit_and_takes_a_time(branch):  # noqa: F811
    """The header names the commit read; `--as-known-at "YYYY-MM-DD HH:MM"` is a moment."""
    repo, base = branch
    sha = subprocess.run(["git", "rev-parse", base], cwd=repo.path, capture_output=True,
                         text=True, check=True).stdout.strip()
    when = subprocess.run(["git", "show", "-s", "--format=%cd", "--date=format:%Y-%m-%d %H:%M",
                           base], cwd=repo.path, capture_output=True, text=True,
                          check=True).stdout.strip()
    result = CliRunner().invoke(cli, ["--root", str(repo.path), "total", "--as-of", "2026-11-30",
                                      "--as-known-at", base, "--lang", "zh"],
                                env={"QINGQIAN_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"数据截至 2026-11-30；台账按 {sha[:10]} 版本（{when} 提交）"
    moment = CliRunner().invoke(cli, ["--root", str(repo.path), "total", "--as-of", "2026-11-30",
                                      "--as-known-at", f"{when}", "--format", "json"],
                                env={"QINGQIAN_NO_CACHE": "1"})
    assert moment.exit_code == 0, moment.output
    assert json.loads(moment.stdout)["as_known_at"]["commit"] == sha
