"""One writer at a time: an advisory lock held from reading the ledger to replacing its files.

`apply` compares each file with what was read, but two processes that both read
before either writes pass that comparison and the second replace loses the first
event. Every writing command therefore holds an exclusive `fcntl.flock` on
`.qingqian/write.lock` (ignored by Git) while it re-reads, validates and replaces;
a second writer waits for it and then reads the first one's result.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = Path(".qingqian") / "write.lock"


class LockProblem(Exception):
    """The lock file cannot be made or opened (a linked `.qingqian`, a read-only tree)."""


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Hold the ledger's write lock for the duration of the block (blocks until free)."""
    path = root / LOCK_FILE
    if path.parent.is_symlink():
        raise LockProblem(f"{path.parent} is a symbolic link; refusing to lock through it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise LockProblem(f"cannot open the write lock {LOCK_FILE}: {exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
