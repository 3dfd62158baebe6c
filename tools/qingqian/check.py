"""The check pipeline: load the ledger, run every rule, keep what the user asked about."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .findings import Finding
from .ledger import load
from .rules import check


def check_ledger(root: Path, as_of: date) -> list[Finding]:
    """Every finding in the ledger at `root` as of a date."""
    return check(load(root), as_of)


def in_paths(findings: list[Finding], root: Path, paths: tuple[str, ...]) -> list[Finding]:
    """Only findings in the given files or folders (the whole ledger is still loaded)."""
    if not paths:
        return findings
    wanted = []
    for path in paths:
        rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
        wanted.append("" if rel == "." else rel)
    return [f for f in findings
            if any(not w or f.path == w or f.path.startswith(w.rstrip("/") + "/") for w in wanted)]
