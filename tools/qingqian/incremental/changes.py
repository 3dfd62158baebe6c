"""Which files changed since the stored state, asked of Git instead of reading the tree.

While Git's index file is the one the last check saw (same inode, size and modification
time), a file Git reports neither as modified (`git diff-files`, plumbing that never
rewrites the index) nor as untracked (`git ls-files -o`), and that was not so last time,
still has the content it had then: only the files Git names now or named then are read
again. When the index changed, the keys of clean tracked files come from one
`git ls-files -s` and only the others are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

from ..gitio.listing import blob_id, names, staged
from ..gitio.run import LEDGER_TOPS, finish, start
from ..safefile import MAX_FILE_BYTES, Refused, marker, read_regular


@dataclass(frozen=True)
class Changes:
    """What the working tree holds now, as far as it may differ from the stored state."""

    index: str  # signature of Git's index file: the state's keys were taken against it
    named: frozenset[str]  # ledger files Git names as modified, deleted or untracked
    keys: dict[str, str | None]  # content key (None: gone) of every file that may differ
    whole: bool  # `keys` covers every file of the ledger
    tracked: tuple[str, ...] = ()  # files Git tracks under .qingqian/ (S030): never read


STATE_DIR = ".qingqian"  # where older versions kept state in the work tree


def tracked_state(root: Path, listing: Popen | None = None) -> tuple[str, ...]:
    """Files Git tracks under `.qingqian/`: a finding each (S030), never read.

    `listing`: `state_listing(root)` already started."""
    return tuple(names(finish(listing or state_listing(root)) or b""))


def state_listing(root: Path) -> Popen | None:
    """`git ls-files` of `.qingqian/`, started (see `tracked_state`)."""
    return start(root, "ls-files", "-z", paths=(STATE_DIR,))


def key_of(root: Path, path: str) -> str | None:
    """A file's content key: Git's blob id of its bytes, or of the refusal that stands for
    a link, device, FIFO or oversized file, which is never read (None when it is gone)."""
    try:
        data = read_regular(root / path, MAX_FILE_BYTES)
    except Refused as refused:
        data = marker(refused)
    except OSError:
        return None
    return blob_id(data)


def signature(index: Path) -> str:
    try:
        info = index.stat()
    except OSError:
        return ""
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def working_tree(root: Path, index: Path, stored_index: str | None, disk: list[str]) -> Changes:
    """The changes against a state taken with `stored_index` (`disk`: files keyed from bytes)."""
    from ..loader import discover, is_ledger_file

    sig = signature(index)  # before any listing: a change meanwhile shows next time
    runs = [
        start(root, "diff-files", "--name-only", "--relative", "-z", paths=LEDGER_TOPS),
        start(root, "ls-files", "-o", "-z", paths=LEDGER_TOPS),
        state_listing(root),
    ]
    same = bool(sig) and sig == stored_index
    listing = None if same else start(root, "ls-files", "-s", "-z", paths=LEDGER_TOPS)
    load_rules()
    outputs = [finish(run) for run in runs]
    named = frozenset(p for out in outputs[:2] for p in names(out or b"") if is_ledger_file(p))
    tracked = tuple(names(outputs[2] or b""))
    if any(out is None for out in outputs):
        finish(listing)
        return Changes("", named, {p: key_of(root, p) for p in discover(root)}, True, tracked)
    if same:
        return Changes(
            sig, named, {p: key_of(root, p) for p in sorted(named | set(disk))}, False, tracked
        )
    listed = staged(finish(listing) or b"")
    keys = {
        p: listed[p] if p in listed and p not in named else key_of(root, p) for p in discover(root)
    }
    return Changes(sig, named, keys, True, tracked)


def load_rules() -> None:
    """Import the models and rules while Git lists: about as long as the listing takes, so a
    check with nothing to do waits no longer, and one with an edit has them ready."""
    from .. import rules  # noqa: F401


def against(stored: dict[str, str], changes: Changes) -> dict[str, str | None]:
    """`{path: key now, None when gone}` of the files whose key differs from the stored one."""
    changed = {p: k for p, k in changes.keys.items() if stored.get(p) != k}
    if changes.whole:
        changed.update({p: None for p in stored if p not in changes.keys})
    return changed
