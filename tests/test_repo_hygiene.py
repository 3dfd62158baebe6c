"""The repository keeps what it shows: every demo ledger file tracked by Git, no ignore pattern
that hides a unit, and no link in the README or docs/ that leaves the repository."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SCAFFOLD

from qingqian.loader import discover

DOCS = [ROOT / "README.md", ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*(?:<([^>]+)>|([^)\s]+))|^\s*\[[^\]]+\]:\s*(\S+)", re.M)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def test_every_demo_ledger_file_is_tracked() -> None:
    """What `check` and the reports read is what Git, pre-commit and CI see."""
    if git(ROOT, "rev-parse", "--show-prefix", check=False).stdout.strip() != "":
        pytest.skip("not a Git checkout of this repository")
    tracked = set(git(ROOT, "-c", "core.quotepath=off", "ls-files", "--", "ledger", "cases",
                      "policies").stdout.splitlines())
    walked = set(discover(ROOT))
    assert walked, "the demo ledger is empty"
    assert sorted(walked - tracked) == [], "ledger files Git does not track (ignored or never added)"


@pytest.mark.parametrize("ignore", [ROOT / ".gitignore", SCAFFOLD / "gitignore"],
                         ids=["demo", "scaffold"])
def test_no_ignore_pattern_hides_a_ledger_file(tmp_path: Path, ignore: Path) -> None:
    """`build/` unanchored ignored ledger/build/: each pattern's name is tried as a unit folder."""
    names = {"build", "dist", "site", "docs", "tests", "cache", "out", "tmp"}
    for line in ignore.read_text(encoding="utf-8").splitlines():
        word = line.strip().strip("/").lstrip("*.").rstrip("/*")
        if re.fullmatch(r"[A-Za-z0-9][\w-]*", word) and not line.startswith("#"):
            names.add(word)
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text(ignore.read_text(encoding="utf-8"), encoding="utf-8")
    paths = [p for n in sorted(names) for p in (f"ledger/{n}/2026/AR-2026-0001.yaml",
                                                 f"ledger/{n}/AR-1.yaml", f"cases/{n}/C-1.yaml",
                                                 f"policies/targets/{n}.yaml")]
    done = git(tmp_path, "check-ignore", "--no-index", *paths, check=False)
    assert done.stdout.split() == [], f"{ignore.name} ignores ledger files"


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # commands in code blocks are not links
    return ["".join(groups) for groups in LINK.findall(text)]


@pytest.mark.parametrize("doc", DOCS, ids=[p.relative_to(ROOT).as_posix() for p in DOCS])
def test_no_link_leaves_the_repository(doc: Path) -> None:
    """Relative links resolve inside the repository and exist; no web links, no `../shared`."""
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text and "DESIGN.md" not in text
    for target in links(doc):
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I), f"{doc.name}: web link {target}"
        rel = target.split("#")[0]
        if not rel:
            continue
        resolved = (doc.parent / rel).resolve()
        assert resolved.is_relative_to(ROOT), f"{doc.name}: {target} leaves the repository"
        assert resolved.exists(), f"{doc.name}: {target} does not exist"


def test_the_link_pattern_sees_links() -> None:
    text = "see [a](../shared/DESIGN.md) and [b](<docs/x y.md>) and\n[ref]: https://example.com\n"
    found = ["".join(groups) for groups in LINK.findall(text)]
    assert found == ["../shared/DESIGN.md", "docs/x y.md", "https://example.com"]
