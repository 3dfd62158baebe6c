"""`check --staged`: the index checked as it would be committed, for the pre-commit hook.

Runs on every commit, so it reads the index with plain `git` (qingqian.gitplain) and
reuses the working tree's check state: only the groups the staged files touch are
checked again (qingqian.check).
"""

from __future__ import annotations

import os
import re
import threading
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .checkstate import Broken
from .findings import Finding
from .gitlinks import index_links
from .gitplain import SCOPE, Blobs, GitProblem, run
from .listing import changed_entries, entries
from .loader import build_validators, is_ledger_file

if TYPE_CHECKING:
    from .checkstate import CheckState


def index_entries(root: Path) -> dict[str, str]:
    """`{ledger path: blob sha}` of the staged ledger files (qingqian.listing.entries)."""
    return entries(run(root, "ls-files", "-s", "-z", *SCOPE) or b"")


def staged_changes(root: Path, listing: bytes) -> list[str]:
    """Ledger files whose staged content differs from HEAD (every staged one before a first commit)."""
    out = run(root, "diff", "--cached", "--name-only", "--no-renames", "--relative", "-z", "HEAD",
              *SCOPE, check=False)
    if out is None:
        if run(root, "rev-parse", "--verify", "-q", "HEAD", check=False) is not None:
            raise GitProblem("git diff --cached failed")
        return sorted(entries(listing))
    named = (p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)
    return sorted(p for p in named if is_ledger_file(p))  # a README beside the records is no change


def check_staged(root: Path, as_of: date) -> list[Finding]:
    """Check the staged content (the index, not the working tree) and keep what the change touches.

    Kept: findings in changed files, and reference findings (R…, S012) in the files of
    their groups (qingqian.partition) that name a changed file's id. A changed policy file
    can move any finding, so then all are kept, as
    they are when no ledger file is staged at all (`pre-commit run --all-files`).
    """
    from .check import check_content
    from .checkstate import load_state
    from .worktree import index_signature

    index = index_signature(root)  # before the listing, as the keys below are the index's
    validators = threading.Thread(target=build_validators, daemon=True)
    validators.start()  # while Git lists the index: the edited files will need them
    listing = run(root, "ls-files", "-s", "-z", *SCOPE) or b""
    changed = staged_changes(root, listing)
    store = os.environ.get("QINGQIAN_NO_CACHE", "") in ("", "0")
    state = load_state(root) if store else None
    delta = _staged_delta(state, listing)
    validators.join()
    shas: dict[str, str] = {p: k[1:] for p, k in (delta or {}).items() if k}
    with Blobs(root) as blobs:

        def sha_of(path: str) -> str | None:
            if path not in shas and state is not None and delta is not None:
                key = state.keys.get(path)  # unchanged since the kept listing: the index's
                return key[1:] if isinstance(key, str) and key.startswith("g") else None
            return shas.get(path)

        def read(paths: list[str]) -> dict[str, bytes]:
            found = blobs.read([sha_of(p) for p in paths])  # type: ignore[misc]
            return {p: found[sha_of(p)] for p in paths}  # type: ignore[index]

        outcome = None
        if delta is not None:
            outcome = check_content(root, as_of, None, read, store=store, state=state, index=index,
                                    delta=delta, listing=listing, gone=set())
        if outcome is None:  # no listing kept, or too much changed: the whole index
            state, delta = None, None
            shas = entries(listing)
            outcome = check_content(root, as_of, {p: "g" + blob for p, blob in shas.items()}, read,
                                    store=store, index=index, listing=listing, gone=set())
        links = index_links(listing)  # mode 120000: never read, always reported
        if not changed or any(p.startswith("policies/") for p in changed):
            return links + [Finding(*r) for r in outcome.rows()]  # nothing staged or policy moved
        ids = {PurePosixPath(p).stem for p in changed}
        pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, sorted(ids))) + r")(?![\w.-])")
        naming: dict[str, bool] = {}

        def refers(path: str) -> bool:
            if path not in naming:
                sha = sha_of(path)
                blob = blobs.read([sha])[sha] if sha else b""
                naming[path] = bool(pattern.search(blob.decode("utf-8", "replace")))
            return naming[path]

        touched = set(changed)
        return links + [Finding(*r) for r in outcome.rows_near(changed) if r[0] in touched  # type: ignore[union-attr]
                or ((r[3].startswith("R") or r[3] == "S012") and refers(r[0]))]


def _staged_delta(state: CheckState | None, listing: bytes) -> dict[str, str | None] | None:
    """The keys of the files the index may have changed since the state's listing; None when
    there is no such listing or too much changed to look up file by file."""
    if state is None or state.listing_kept.name is None:
        return None
    try:
        found = changed_entries(state.listing, listing, {*state.hashed, *state.gone})  # type: ignore[arg-type]
    except Broken:
        return None
    return None if found is None else {p: "g" + sha if sha else None for p, sha in found.items()}
