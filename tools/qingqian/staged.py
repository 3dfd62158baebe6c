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

from .cache import INDEX_RECORD
from .findings import Finding
from .gitplain import SCOPE, Blobs, GitProblem, run
from .loader import build_validators, is_ledger_file


def index_entries(root: Path) -> dict[str, str]:
    """`{ledger path: blob sha}` of the staged ledger files, from one `git ls-files -s`.

    Records are cut at fixed offsets (`%06o %s %d\t%s`), five times faster than a regular
    expression over 100,000 records; regular files only, and a conflicted path (stages 1-3,
    no staged content yet) by "ours" (2).
    """
    out = run(root, "ls-files", "-s", "-z", *SCOPE) or b""
    records = out.decode("utf-8", "surrogateescape").split("\0")[:-1]
    if not records:
        return {}
    width = records[0].find(" ", 7) - 7  # of the object name: SHA-1 or SHA-256
    cut = width + 10
    return {path: r[7:7 + width] for r in records
            if r[cut - 2] in "02" and r[:6] in _REGULAR and is_ledger_file(path := r[cut:])}


_REGULAR = ("100644", "100755")


def _entries_of_listing(out: bytes) -> dict[str, str]:
    """`index_entries` by a regular expression per record: the reference the tests hold it to."""
    staged = {path.decode("utf-8", "surrogateescape"): blob.decode()
              for mode, blob, stage, path in INDEX_RECORD.findall(out)
              if stage in b"02" and mode in (b"100644", b"100755")}
    return {path: blob for path, blob in staged.items() if is_ledger_file(path)}


def staged_changes(root: Path, entries: dict[str, str]) -> list[str]:
    """Ledger files whose staged content differs from HEAD (every staged one before a first commit)."""
    out = run(root, "diff", "--cached", "--name-only", "--no-renames", "--relative", "-z", "HEAD",
              *SCOPE, check=False)
    if out is None:
        if run(root, "rev-parse", "--verify", "-q", "HEAD", check=False) is not None:
            raise GitProblem("git diff --cached failed")
        return sorted(entries)
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
    from .worktree import index_signature

    index = index_signature(root)  # before the listing, as the keys below are the index's
    validators = threading.Thread(target=build_validators, daemon=True)
    validators.start()  # while Git lists the index: the edited files will need them
    entries = index_entries(root)
    changed = staged_changes(root, entries)
    validators.join()
    store = os.environ.get("QINGQIAN_NO_CACHE", "") in ("", "0")
    with Blobs(root) as blobs:

        def read(paths: list[str]) -> dict[str, bytes]:
            found = blobs.read([entries[p] for p in paths])
            return {p: found[entries[p]] for p in paths}

        keys = {p: "g" + blob for p, blob in entries.items()}
        outcome = check_content(root, as_of, keys, read, store=store, index=index)
        if not changed or any(p.startswith("policies/") for p in changed):
            return [Finding(*r) for r in outcome.rows()]  # nothing staged (`--all-files`) or policy moved
        ids = {PurePosixPath(p).stem for p in changed}
        pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, sorted(ids))) + r")(?![\w.-])")
        naming: dict[str, bool] = {}

        def refers(path: str) -> bool:
            if path not in naming:
                sha = entries.get(path)
                blob = blobs.read([sha])[sha] if sha else b""
                naming[path] = bool(pattern.search(blob.decode("utf-8", "replace")))
            return naming[path]

        touched = set(changed)
        return [Finding(*r) for r in outcome.rows_near(changed) if r[0] in touched
                or ((r[3].startswith("R") or r[3] == "S012") and refers(r[0]))]
