"""Every report's `--as-known-at REV|DATE` equals running it in a checkout of that commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_git_review import branch, checkout  # noqa: F401 - the fixture is used by name

from qingqian.cli import cli

REPORTS = [["age"], ["total"], ["monthly", "--month", "2026-11"], ["targets", "--year", "2026"],
           ["commission", "--period", "2026-11"], ["limitation"], ["holds"], ["focus"], ["cases"]]


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False,
                                env={"QINGQIAN_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
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
