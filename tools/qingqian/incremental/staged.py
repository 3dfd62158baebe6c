"""`check --staged`: the index checked as it would be committed, for the pre-commit hook.

The index listing (`git ls-files -s`) gives every staged file's blob id, which is its
content key: the files whose key differs from the stored one are read from Git and their
groups checked again (run.update), as for the working tree. The store then describes
the index, so the next working-tree check compares every key again.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from subprocess import Popen

from ..findings import Finding
from ..gitio.links import index_links
from ..gitio.listing import UNDECODED, names, staged
from ..gitio.run import LEDGER_TOPS, Blobs, GitProblem, finish, locate, run, start
from ..safefile import name_refused
from .changes import load_rules, state_listing, tracked_state
from .files import Reader
from .groups import component, is_policy
from .run import Outcome, fresh, full, no_cache, through_store, update
from .store import Store

LISTING = ("ls-files", "-s", "-z")
CHANGES = ("diff", "--cached", "--name-only", "--no-renames", "--relative", "-z", "HEAD")


def index_entries(root: Path, listing: Popen | None = None) -> tuple[dict[str, str], list[Finding]]:
    """`{ledger path: blob sha}` of the staged ledger files, and an S019 finding for each
    ledger file staged as a symbolic link (mode 120000: never read, always reported).

    `listing`: the listing already started; the models and rules are imported while Git
    writes it (a staged file is checked next)."""
    from ..loader import is_ledger_file

    listing = listing or start(root, *LISTING, paths=LEDGER_TOPS)
    load_rules()
    out = finish(listing)
    if out is None:  # Git failed: ask again to say why
        out = run(root, *LISTING, paths=LEDGER_TOPS) or b""
    entries = {p: sha for p, sha in staged(out).items() if is_ledger_file(p)}
    return entries, index_links(out)


def staged_changes(root: Path, entries: dict[str, str], diff: Popen | None = None) -> list[str]:
    """Ledger files staged unlike HEAD (every staged one before a first commit).

    `diff`: the `git diff --cached` already started."""
    from ..loader import is_ledger_file

    out = finish(diff or start(root, *CHANGES, paths=LEDGER_TOPS))
    if out is None:
        if run(root, "rev-parse", "--verify", "-q", "HEAD", check=False) is not None:
            raise GitProblem("git diff --cached failed")
        return sorted(entries)
    return sorted(
        p for p in names(out) if is_ledger_file(p)
    )  # a README beside the records is no change


def check_staged(root: Path, as_of: date) -> list[Finding]:
    """Check the staged content and keep what the change touches.

    Kept: findings in changed files, and reference findings (R…, S012) in the files of
    their groups that name a changed file's id. A changed policy file can move any
    finding, so then all are kept, as they are when no ledger file is staged at all
    (`pre-commit run --all-files`).
    """
    where = locate(root)
    if where is None:
        raise GitProblem(f"{Path(root).resolve()} is not inside a Git repository")
    # the three listings run side by side
    listing = start(root, *LISTING, paths=LEDGER_TOPS)
    diff = start(root, *CHANGES, paths=LEDGER_TOPS)
    state = state_listing(root)
    entries, links = index_entries(root, listing)
    changed = staged_changes(root, entries, diff)
    tracked = tracked_state(root, state)
    with Blobs(root) as blobs:

        def read(paths: list[str]) -> dict[str, bytes]:
            found = blobs.read([entries[p] for p in paths if p in entries])
            # a name that is not UTF-8 is refused as the working tree's is (S020)
            return {p: name_refused() if p in UNDECODED else found[entries[p]]
                    for p in paths if p in entries}

        kept = (
            None
            if no_cache()
            else through_store(
                where[0],
                lambda store: _through(root, as_of, store, entries, read, changed, tracked),
            )
        )
        if kept is None:
            rows = fresh(root, as_of, sorted(entries), read, tracked=tracked).rows or []
            near = None
        else:
            rows, near = kept
        if not changed or any(is_policy(p) for p in changed):
            return links + [Finding(*r) for r in rows]
        return links + _touched(rows, changed, near, entries, blobs)


def _through(
    root: Path,
    as_of: date,
    store: Store,
    entries: dict[str, str],
    read: Reader,
    changed: list[str],
    tracked: tuple[str, ...],
) -> tuple[list[tuple], set[str]]:
    """The staged findings through the store, and the files of the changed files' groups."""
    from .changes import Changes, against

    changes = Changes("", frozenset(), dict(entries), True)
    ready = store.meta("as_of") == as_of.isoformat() and store.meta("tracked") == json.dumps(
        tracked
    )
    delta = against(store.keys(), changes) if ready else None
    if delta is None or (delta and not update(root, as_of, store, delta, (), read)):
        full(root, as_of, sorted(entries), store, (), read, tracked)
    store.set_meta(index="")  # the state is the index's, not the working tree's
    start = set(changed) | {p for path in changed for p in store.linking(Path(path).stem)}
    near = component(start, store.links, store.linking)
    return store.all_rows() if not changed else sorted(
        {r for p in near for r in store.path_rows(p)}
    ), near


def _touched(
    rows: list[tuple],
    changed: list[str],
    near: set[str] | None,
    entries: dict[str, str],
    blobs: Blobs,
) -> list[Finding]:
    """Findings in changed files, and R/S012 findings in files that name a changed file's id."""
    ids = {Path(p).stem for p in changed}
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, sorted(ids))) + r")(?![\w.-])")
    naming: dict[str, bool] = {}

    def refers(path: str) -> bool:
        if path not in naming:
            sha = entries.get(path)
            blob = blobs.read([sha])[sha] if sha else b""
            naming[path] = bool(pattern.search(blob.decode("utf-8", "replace")))
        return naming[path]

    touched = set(changed)
    return [
        Finding(*r)
        for r in sorted(rows)
        if (near is None or r[0] in near)
        and (r[0] in touched or ((r[3].startswith("R") or r[3] == "S012") and refers(r[0])))
    ]


__all__ = ["Outcome", "check_staged", "index_entries", "staged_changes"]
