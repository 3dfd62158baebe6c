"""What the last check saw and found, so the next one re-checks only the groups that changed.

Kept in two files under `.qingqian/cache/<version>/`: `check-state.bin` holds each file's
content key and the findings, all an unchanged ledger needs; `check-groups.bin` holds each
file's links and group, read only when something changed. Both carry the same random token
and are written whole to a temporary file, then moved into place, so a run sees complete
files; a pair that does not match (a concurrent run wrote one), a file that is missing or
corrupt, or a state of other code or another as-of date is not used: the check then runs
in full. Findings are kept as plain tuples, sorted, which load far faster than dataclasses.

Both hold only str, int, tuple, list, dict and frozenset, so they are written with marshal
rather than pickle: four times faster to write at 100,000 files, which every check after an
edit does. A CRC-32 of the payload guards against a torn or damaged file (marshal is not
meant for damaged input), checked before anything is decoded.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cache import CACHE_DIR, _ignore_dir, _write_atomic, bulk, version_key
from .findings import Finding

Row = tuple  # Finding's fields in order: path, line, col, rule, message, severity, name, hint
FORMAT = 4
_MAGIC = b"QQCS"


@dataclass
class CheckState:
    """The content each file had and every finding; its groups are loaded when needed."""

    code: str
    as_of: date
    policies: dict[str, str]  # policy path -> content key
    keys: dict[str, str]  # every file (policies too) -> content key
    rows: list[Row]  # every finding, sorted
    assigned: frozenset[str]  # receivable ids the targets assign
    token: str = field(default_factory=lambda: os.urandom(8).hex())
    _groups: dict[str, tuple[tuple, str]] | None = None  # ledger path -> (links, group anchor)
    root: Path | None = None
    groups_changed: bool = True  # False: the groups file on disk still holds, keep it
    index: tuple | None = None  # Git's index file as `keys` were taken (qingqian.worktree)

    def usable_for(self, code: str, as_of: date, policies: dict[str, str]) -> bool:
        return self.code == code and self.as_of == as_of and self.policies == policies

    @property
    def groups(self) -> dict[str, tuple[tuple, str]] | None:
        """Each file's links and group, read from disk on first use (None when unusable)."""
        if self._groups is None and self.root is not None:
            self._groups = _load_groups(self.root, self.token)
        return self._groups

    def findings(self) -> list[Finding]:
        return [Finding(*r) for r in self.rows]


def row(f: Finding) -> Row:
    return (f.path, f.line, f.col, f.rule, f.message, f.severity, f.name, f.hint)


def _dir(root: Path) -> Path:
    return root / CACHE_DIR / version_key()


def load_state(root: Path) -> CheckState | None:
    try:
        stored = _decode((_dir(root) / "check-state.bin").read_bytes())
        fmt, token, code, as_of, policies, keys, rows, assigned, index = stored
        as_of = date.fromisoformat(as_of)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: check in full
        return None
    if fmt != FORMAT or not (isinstance(keys, dict) and isinstance(rows, list)
                             and isinstance(policies, dict) and isinstance(assigned, frozenset)):
        return None
    return CheckState(code, as_of, policies, keys, rows, assigned, token, None, root, index=index)


def _load_groups(root: Path, token: str) -> dict[str, tuple[tuple, str]] | None:
    try:
        stored_token, groups = _decode((_dir(root) / "check-groups.bin").read_bytes())
    except Exception:  # noqa: BLE001
        return None
    return groups if stored_token == token and isinstance(groups, dict) else None


def _encode(value: object) -> bytes:
    payload = marshal.dumps(value)
    return _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def _decode(data: bytes) -> object:
    """The value `_encode` wrote; ValueError for anything else, before marshal reads a byte."""
    payload = memoryview(data)[8:]  # not a copy of 25 MB
    if data[:4] != _MAGIC or int.from_bytes(data[4:8], "big") != zlib.crc32(payload):
        raise ValueError("not a check state, or damaged")
    with bulk():  # a million small objects and no cycles: the collector's passes only cost time
        value = marshal.loads(payload)
        # they live until the command ends: out of the collector's sight (qingqian.cli thaws)
        gc.freeze()
    return value


def save_state(root: Path, state: CheckState) -> None:
    """Write the groups (when they changed), then the state naming them by token.

    A reader never pairs two runs' files: a groups file rewritten by another run since
    ours was read carries another token, and the pair is then not used.
    """
    base = _dir(root)
    try:
        base.mkdir(parents=True, exist_ok=True)
        _ignore_dir(root)
        if state.groups_changed:
            state.token = os.urandom(8).hex()
            _write_atomic(base / "check-groups.bin", _encode((state.token, state.groups)))
        _write_atomic(base / "check-state.bin", _encode(
            (FORMAT, state.token, state.code, state.as_of.isoformat(), state.policies, state.keys,
             state.rows, frozenset(state.assigned), state.index)))
    except (OSError, ValueError):
        pass  # a read-only or full disk (or a value marshal cannot write) slows the next run only
