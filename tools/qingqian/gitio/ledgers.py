"""Ledgers read out of Git without a checkout: a commit's tree (`--as-known-at`), or blobs.

Files are parsed once per (path, blob) in a run; nothing is cached between runs.
"""

from __future__ import annotations

from pathlib import Path

from ..ledger import Ledger, assemble
from ..loader import Loaded, kind_of, load_file
from ..safefile import name_refused
from .listing import UNDECODED
from .repo import Git, open_git, resolve, tree_entries


def ledger_of(git: Git, entries: dict[str, str]) -> Ledger:
    """Build a ledger from blob shas; files already parsed in this run are reused by content."""
    paths = sorted(entries)
    git.read([entries[p] for p in paths if (p, entries[p]) not in git.loaded])
    return assemble(git.root, paths, [loaded(git, p, entries[p]) for p in paths])


def loaded(git: Git, path: str, blob: str) -> Loaded:
    """One file parsed and validated, once per (path, content) in a run."""
    key = (path, blob)
    if key not in git.loaded:
        git.read([blob])
        data = name_refused() if path in UNDECODED else git.blobs[blob]  # S020, as on disk
        git.loaded[key] = load_file(path, data, kind_of(path))  # type: ignore[arg-type]
    return git.loaded[key]  # type: ignore[return-value]


def ledger_at(git: Git, rev_or_date: str) -> Ledger:
    return ledger_of(git, tree_entries(git, resolve(git, rev_or_date)))


def ledger_as_known_at(root: Path, rev_or_date: str) -> Ledger:
    """The ledger as a commit (or the last commit on a date) held it: blobs only, no checkout."""
    with open_git(root) as git:
        return ledger_at(git, rev_or_date)
