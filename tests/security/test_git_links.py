"""Attack: a ledger file committed or staged as a symbolic link (mode 120000) passed
`check --since` and `check --staged` unseen."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import policy_files
from test_git_history import AR1, GitRepo, closed_rules

AS_OF = "2026-11-30"


def _linked(repo: GitRepo) -> None:
    os.symlink("/proc/self/environ", repo.path / "ledger/east/2026/AR-9.yaml")
    repo.git("add", "-A")


def _rules(out: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["path"]) for f in json.loads(out)["findings"]]


def test_symlink_committed_in_the_range_is_flagged_by_check_since(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    base = repo.git("rev-parse", "HEAD")
    _linked(repo)
    repo.git("commit", "-q", "-m", "link")
    code, out = repo.qq("check", "--since", base, "--as-of", AS_OF, "--format", "json")
    assert code == 1, out
    assert ("S019", "ledger/east/2026/AR-9.yaml") in _rules(out)


def test_staged_symlink_is_flagged_by_check_staged(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    _linked(repo)
    code, out = repo.qq("check", "--staged", "--as-of", AS_OF, "--format", "json")
    assert code == 1, out
    assert ("S019", "ledger/east/2026/AR-9.yaml") in _rules(out)


def test_linked_folder_committed_or_staged_is_flagged(tmp_path: Path) -> None:
    """A link named like a folder (`ledger/west → /etc`) was left out of `--since` and
    `--staged` as not a ledger file; every link under the ledger folders is flagged."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    base = repo.git("rev-parse", "HEAD")
    os.symlink("/etc", repo.path / "ledger/west")
    repo.git("add", "-A")
    code, out = repo.qq("check", "--staged", "--as-of", AS_OF, "--format", "json")
    assert code == 1 and ("S019", "ledger/west") in _rules(out), out
    repo.git("commit", "-q", "-m", "link a folder")
    code, out = repo.qq("check", "--since", base, "--as-of", AS_OF, "--format", "json")
    assert code == 1 and ("S019", "ledger/west") in _rules(out), out


def test_non_utf8_file_name_committed_or_staged_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """A file name that is not UTF-8 made `--since` and `--staged` exit 2 with
    UnicodeEncodeError; it is an S020 finding (or passes as a file Git lists), never a
    traceback."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    base = repo.git("rev-parse", "HEAD")
    folder = os.fsencode(repo.path / "ledger/east/2026")
    with open(os.path.join(folder, b"AR-\xff.yaml"), "wb") as handle:
        handle.write(b"id: AR-2\n")
    repo.git("add", "-A")
    for args in (("--staged",), ("--since", base)):
        code, out = repo.qq("check", *args, "--as-of", AS_OF, "--format", "json")
        assert code in (0, 1), out  # a verdict, not exit 2
        json.loads(out)
        if args == ("--since", base):
            break
        repo.git("commit", "-q", "-m", "odd name")
    code, out = repo.qq("check", "--as-of", AS_OF, "--format", "json")
    assert code == 1 and "S020" in {f["rule"] for f in json.loads(out)["findings"]}, out
