"""Files outside the ledger that a ledger rule reads: write-off evidence (P016).

The engine notices ledger files changing, but an evidence file deleted or replaced
changes no ledger file. So the paths the evidence facts name are kept with a signature
of each (type, size and modification time, or absence), and a check that finds another
signature runs the ledger rules again. One `lstat` per evidence item keeps a warm check
cheap.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

EVIDENCE_RULE = "P016"


def targets(facts: Mapping[str, Mapping[str, tuple]]) -> list[str]:
    """The repository paths that the stored evidence facts name."""
    return sorted({item[1] for by_rule in facts.values()
                   for item in by_rule.get(EVIDENCE_RULE, ()) if item[1]})


def signature(root: Path, paths: list[str]) -> str:
    """What the disk says of each path now, as text to compare with the kept one."""
    out: list[list] = []
    for path in paths:
        try:
            info = os.lstat(os.path.join(root, path))
            out.append([path, info.st_mode, info.st_size, info.st_mtime_ns])
        except (OSError, ValueError):
            out.append([path, None])
    return json.dumps(out)


def remember(root: Path, store, facts: Mapping[str, Mapping[str, tuple]]) -> None:  # type: ignore[no-untyped-def]
    """Keep the evidence paths of these facts and their signature (after a ledger pass)."""
    paths = targets(facts)
    store.set_meta(evidence=json.dumps(paths), evidence_signature=signature(root, paths))


def moved(root: Path, store) -> bool:  # type: ignore[no-untyped-def]
    """Whether an evidence file changed since the ledger rules last ran."""
    kept = store.meta("evidence")
    if not kept or kept == "[]":
        return False
    return signature(root, json.loads(kept)) != store.meta("evidence_signature")
