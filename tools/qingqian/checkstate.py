"""What the last check saw and found, so the next one re-checks only the groups that changed.

Kept at `.qingqian/cache/<version>/check-state.pickle`, written whole to a temporary file
and moved into place, so concurrent runs each see a complete state (the last writer wins).
A state that is missing, corrupt, of other code or of another as-of date is not used:
the check then runs in full. Findings are kept as plain tuples, which load many times
faster than frozen dataclasses.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .cache import CACHE_DIR, _ignore_dir, _write_atomic, version_key
from .findings import Finding

Row = tuple  # Finding's fields in order: path, line, col, rule, message, severity, name, hint
FORMAT = 1


@dataclass
class CheckState:
    """The content each file had, its links and group, and the findings of each group."""

    code: str
    as_of: date
    policies: dict[str, str]  # policy path -> content key
    files: dict[str, tuple[str, tuple, str]]  # ledger path -> (content key, links, group anchor)
    found: dict[str, list[Row]]  # group anchor -> findings located in the group's files
    policy_found: list[Row]  # findings located in policy files
    assigned: frozenset[str]  # receivable ids the targets assign

    def usable_for(self, code: str, as_of: date, policies: dict[str, str]) -> bool:
        return self.code == code and self.as_of == as_of and self.policies == policies

    def findings(self) -> list[Finding]:
        rows = [row for group in self.found.values() for row in group]
        rows.extend(self.policy_found)
        rows.sort()
        return [Finding(*row) for row in rows]


def row(f: Finding) -> Row:
    return (f.path, f.line, f.col, f.rule, f.message, f.severity, f.name, f.hint)


def _target(root: Path) -> Path:
    return root / CACHE_DIR / version_key() / "check-state.pickle"


def load_state(root: Path) -> CheckState | None:
    try:
        stored = pickle.loads(_target(root).read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: check in full
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == FORMAT
            and isinstance(stored[1], CheckState)):
        return None
    state = stored[1]
    if not (isinstance(state.files, dict) and isinstance(state.found, dict)
            and isinstance(state.policies, dict) and isinstance(state.policy_found, list)):
        return None
    return state


def save_state(root: Path, state: CheckState) -> None:
    target = _target(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _ignore_dir(root)
        _write_atomic(target, pickle.dumps((FORMAT, state), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full disk makes the next run slower, not wrong
