"""Which files changed since the last check, asked of Git instead of listing and hashing the tree.

While Git's index file is the one the last check saw (same inode, size and modification
time), every tracked file clean now has the content key it had then. So only files Git
reports as modified, deleted or untracked now, and files that were so then, are hashed
again; the stored keys of all the others are not even read. `git diff-files` (plumbing: unlike
`git diff` it never rewrites the index, which would change its signature; a file it
reports only for a changed timestamp is hashed, no harm) and `git ls-files -o` run in C; a 100,000-file ledger is compared in a fraction of the time
a listing and a parse of `git ls-files -s` take. Any doubt (no Git, an error, another
index) returns None and the caller lists and hashes everything.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .cache import _hash_file

Signature = tuple[int, int, int]
_SCOPE = ("--", "ledger", "cases", "policies")


def _git(root: Path, *args: str) -> subprocess.Popen | None:
    try:
        return subprocess.Popen(["git", "-C", str(root), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except OSError:
        return None


def _output(run: subprocess.Popen | None) -> bytes | None:
    if run is None:
        return None
    try:
        out, _ = run.communicate(timeout=60)
    except subprocess.SubprocessError:
        run.kill()
        return None
    return out if run.returncode == 0 else None


def index_signature(root: Path) -> Signature | None:
    """Inode, size and mtime of the index file; taken before any listing, so a later change shows."""
    out = _output(_git(root, "rev-parse", "--git-path", "index"))
    if not out:
        return None
    path = Path(out.decode("utf-8", "surrogateescape").strip())
    try:
        info = (root / path).stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def ask_changes(root: Path) -> tuple[subprocess.Popen | None, ...]:
    """Start the two Git listings `changed_keys` reads; they run while the caller loads its state."""
    return (_git(root, "diff-files", "--name-only", "--relative", "-z", *_SCOPE),
            _git(root, "ls-files", "-o", "-z", *_SCOPE))


def changed_keys(root: Path, hashed: dict[str, str],
                 runs: tuple[subprocess.Popen | None, ...] | None = None) -> dict[str, str | None] | None:
    """The content key now (None: gone) of every file that may differ from the stored state.

    Those are the files Git names as modified, deleted or untracked, and the files that
    were keyed by a hash of their bytes last time (`hashed`); every other file is clean
    against an index that has not changed, so its stored key holds. `runs` are the
    listings `ask_changes` started, started here when not given.
    """
    from .loader import is_ledger_file

    outputs = [_output(run) for run in (runs or ask_changes(root))]
    if any(out is None for out in outputs):
        return None
    named = {p.decode("utf-8", "surrogateescape") for out in outputs for p in out.split(b"\0") if p}  # type: ignore[union-attr]
    suspects = {p for p in named if is_ledger_file(p)} | set(hashed)
    return {path: "b" + _hash_file(root / path) if os.path.isfile(root / path) else None
            for path in sorted(suspects)}


def drop(runs: tuple[subprocess.Popen | None, ...]) -> None:
    """End listings that are no longer wanted (there was no usable state to compare with)."""
    for run in runs:
        if run is not None and run.poll() is None:
            run.kill()
        if run is not None:
            run.communicate()
