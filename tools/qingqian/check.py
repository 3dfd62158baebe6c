"""The check pipeline: load the ledger, run every rule, keep what the user asked about."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .findings import Finding


def check_ledger(root: Path, as_of: date, cache: bool | None = None) -> list[Finding]:
    """Every finding in the ledger at `root` as of a date.

    With the cache (the default; see qingqian.cache) an unchanged ledger returns the
    stored findings, and changed files alone are read again.
    """
    from .cache import cached_run

    def run(ledger) -> list[Finding]:  # type: ignore[no-untyped-def]
        from .rules import check
        return check(ledger, as_of)

    if cache is False:
        from .ledger import load
        return run(load(root, cache=False))
    return cached_run(root, "check", (as_of,), run)


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
