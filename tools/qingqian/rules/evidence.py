"""Evidence that exists: a write-off's evidence path must be a file in the repository, matching
its recorded sha256 when one is given (rule P016). Light on imports: the check engine
re-runs it when an evidence file changes, without loading the models (qingqian.incremental.outside)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

RULE, NAME = "P016", "evidence-missing"
HINT = "commit the file at that path, or give `{kind, sha256, held}` for a paper original"


def problem(root: Path, files: Mapping[str, bytes | None] | None, target: str,
            digest: str) -> str | None:
    """What is wrong with one evidence item, or None. `files`: a commit's files (else the disk)."""
    if not target:
        return None if digest else "item names neither a path nor a sha256"
    if target.startswith(("/", "~", "..")) or "://" in target or ":" in target[:3]:
        return None  # R006: outside the repository
    if files is not None:
        if target not in files:
            return f"`{target}` is not in the repository"
        data = files[target]
        if data is None and digest:
            return f"`{target}` could not be read to compare its sha256"
    else:
        where = Path(root, target)
        if where.is_symlink() or not where.is_file():
            return f"`{target}` is not in the repository"
        data = where.read_bytes() if digest else None
    if digest and hashlib.sha256(data or b"").hexdigest() != digest.lower():
        return f"`{target}` does not match its sha256 {digest[:12]}…"
    return None


def message(text: str) -> str:
    return f"evidence {text} (核销证据不存在或不符)"


def rows(root: Path, facts: Mapping[str, tuple], severity: str) -> list[tuple]:
    """P016 findings as check rows, from kept facts {path: ((line, target, sha256), …)}."""
    out = []
    for path in sorted(facts):
        for line, target, digest in facts[path]:
            found = problem(root, None, target, digest)
            if found:
                out.append((path, line, 1, RULE, message(found), severity, NAME, HINT))
    return out
