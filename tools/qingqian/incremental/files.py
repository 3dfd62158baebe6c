"""Files read and checked: content keys, bytes, parsed models, and the worker that checks a batch.

A file's content key is the id Git gives its bytes as a blob: Git reports it for clean
tracked files (`ls-files -s`), and `gitio.listing.blob_id` computes the same for the rest.
A full check reads, validates and checks batches of whole groups in one worker process per
core (`check_batch`): models never travel between processes, only findings and each file's
key, links and ledger-rule facts do.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..gitio.listing import blob_id
from ..loader import POOL_THRESHOLD
from ..safefile import read_ledger_bytes
from .groups import guess_links, is_policy, links_of

Reader = Callable[[list[str]], dict[str, bytes]]  # paths -> bytes (the index, not the disk)
Row = tuple  # a Finding's fields in order: path, line, col, rule, message, severity, name, hint
Printed = tuple[bytes, int, int]  # the text `check` prints for one file, its errors and warnings
BATCHES_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class Seen:
    """What a run keeps of one file: its content key, the ids it links, its ledger-rule facts."""

    path: str
    key: str
    links: tuple[str, ...]
    facts: dict


def read_bytes(path: Path | str) -> bytes:
    """A ledger file's bytes, never through a link (safefile.read_ledger_bytes)."""
    return read_ledger_bytes(path)


def parse(root: Path, paths: Iterable[str], read: Reader | None = None) -> list[tuple]:
    """`(Loaded, Seen)` of each file, read from `read` or the disk and validated afresh."""
    from ..loader import kind_of, load_file
    from ..rules import ALL_RULES
    from ..rules.registry import file_facts

    paths = list(paths)
    data = read(paths) if read is not None and paths else {}
    ledger_rules = [r for r in ALL_RULES if r.facts is not None]
    out = []
    for path in paths:
        content = data[path] if path in data else read_bytes(root / path)
        item = load_file(path, content, kind_of(path))  # type: ignore[arg-type]
        out.append(
            (
                item,
                Seen(
                    path,
                    blob_id(content),
                    links_of(item),
                    file_facts(ledger_rules, path, item.model),
                ),
            )
        )
    return out


def group_rows(root: Path, as_of: date, policy: list, items: list) -> list[Row]:
    """Findings of the group rules located in the files of whole groups (not in policy files)."""
    from ..ledger import assemble
    from ..rules import ALL_RULES
    from ..rules.registry import GROUP, run

    loaded = sorted([*policy, *items], key=lambda item: item.path)
    ledger = assemble(root, [item.path for item in loaded], loaded)
    return [f.row() for f in run(ALL_RULES, ledger, as_of, scope=GROUP) if not is_policy(f.path)]


def given(data: dict[str, bytes]) -> Reader:
    """A reader of the bytes at hand (a path not among them is read from the disk)."""
    return lambda paths: {p: data[p] for p in paths if p in data}


def check_batch(
    root: str,
    as_of: date,
    policy: list[tuple[str, bytes]],
    job: list[tuple[str, bytes | None]],
    lang: str | None = None,
) -> tuple[list[Row], list[Seen], dict[str, Printed]]:
    """In a worker: read and validate a batch of whole groups, then run the group rules on
    it; with `lang`, also each file's group findings as `check` prints them."""
    base = Path(root)
    policy_data = dict(policy)
    policy_items = [item for item, _ in parse(base, list(policy_data), given(policy_data))]
    parsed = parse(base, [p for p, _ in job], given({p: d for p, d in job if d is not None}))
    rows = group_rows(base, as_of, policy_items, [item for item, _ in parsed])
    texts: dict[str, Printed] = {}
    if lang is not None:
        by_path: dict[str, list[Row]] = {}
        for row in rows:
            by_path.setdefault(row[0], []).append(row)
        texts = {p: printed(found, lang) for p, found in by_path.items()}
    return rows, [seen for _, seen in parsed], texts


def printed(rows: Iterable[tuple], lang: str = "en") -> Printed:
    """The text `check` prints for one file's findings in `lang`, its errors and warnings."""
    from ..render.findings import render_rows

    found = sorted({tuple(r) for r in rows})
    errors = sum(r[5] == "error" for r in found)
    return render_rows(found, "text", lang).encode("utf-8"), errors, len(found) - errors


def scan(root: str, paths: list[str]) -> dict[str, tuple]:
    """In a worker: the links of unread files guessed from their bytes (`groups.guess_links`)."""
    return {p: guess_links(p, read_bytes(os.path.join(root, p))) for p in paths}


def workers_for(count: int) -> int:
    """How many processes `count` files are worth (1: no pool)."""
    return (os.cpu_count() or 1) if count >= POOL_THRESHOLD else 1
