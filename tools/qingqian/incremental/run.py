"""The check run: everything once (`full`), or only the groups a change touches (`update`).

A full run checks whole groups in worker processes (files.check_batch), grouping unread
files by their guessed links; the true groups are known once the files are read, and any
group the guess split across batches is checked again here. Then the findings located in
policy files (the group rules over the policies alone) and those of the ledger rules over
every file's facts. An update re-reads the changed files, walks the stored links to the
groups they were and are now in, re-runs the group rules over those groups only and the
ledger rules over every file's facts, and rewrites the findings of the files it touched.

Stored or not, in parts or whole, the findings are the same (tests/test_incremental.py):
the store keeps rows and their text by file, and `reprint` makes the text of a file the
same way in both.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..render.findings import render_rows
from . import files, outside
from .groups import component, groups, guess_links, is_policy, members
from .store import Store, facts_text, remove

T = TypeVar("T")

INCREMENTAL_SHARE = 0.2  # above this share of files to re-check, a full run on every core is faster
Broken = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError)


@dataclass(frozen=True)
class Outcome:
    """A check's findings: counted, and as printed text or as sorted rows."""

    errors: int
    warnings: int
    text: bytes | None = None
    rows: list[files.Row] | None = None


def no_cache() -> bool:
    return os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0")


def check_tree(root: Path, as_of: date, cache: bool | None = None,
               text: str | None = None) -> Outcome:
    """Every finding in the working tree's ledger at `root`, through the store when there is one.

    `text`: the language to print the findings in (then `Outcome.text`), else rows.
    `cache=False` (or QINGQIAN_NO_CACHE=1) reads and checks every file and keeps nothing.
    """
    from ..gitio.run import locate

    where = None if cache is False or no_cache() else locate(root)
    if where is not None:
        outcome = through_store(where[0], lambda store: _tree(root, as_of, store, where[1], text))
        if outcome is not None:
            return outcome
    from ..loader import discover
    from .changes import tracked_state

    return fresh(root, as_of, discover(root), text=text, tracked=tracked_state(root))


def through_store(git_dir: Path, work: Callable[[Store], T]) -> T | None:
    """`work(store)` in one transaction; None when there is no usable store (then run without).

    A store that proves damaged or foreign is deleted and built anew, once.
    """
    for attempt in range(2):
        store = Store.open(git_dir)
        if store is None:
            return None
        try:
            with store.write():
                return work(store)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or attempt:
                return None  # another run holds it too long, or the disk refuses: no store
            remove(git_dir)
        except UnicodeError:
            return None  # a path Python could only decode with surrogates: not storable text
        except Broken:
            if attempt:
                raise
            remove(git_dir)
        finally:
            store.close()
    return None


def _tree(root: Path, as_of: date, store: Store, index: Path, text: str | None) -> Outcome:
    from .changes import against, working_tree

    if text is not None and _language(store) != text:
        # the text is kept in the language asked last: another one is printed once, then kept
        store.set_meta(printed_lang=text)
        reprint(store, store.printed_paths())
    ready = store.meta("as_of") == as_of.isoformat()
    changes = working_tree(root, index, store.meta("index") if ready else None, store.disk_paths())
    if ready and store.meta("tracked") == json.dumps(changes.tracked):
        changed = against(store.keys(None if changes.whole else changes.keys), changes)
        if not changed or update(root, as_of, store, changed, changes.named):
            if outside.moved(root, store):  # an evidence file changed: P016 again
                reprint(store, _ledger_pass(root, as_of, store, _policy_items(root, store)))
            store.unmark_disk(p for p in store.disk_paths() if p not in changes.named)
            store.set_meta(index=changes.index)
            return stored(store, text)
    paths = sorted(p for p, k in changes.keys.items() if k is not None) if changes.whole else None
    if paths is None:
        from ..loader import discover

        paths = discover(root)
    full(root, as_of, paths, store, changes.named, tracked=changes.tracked)
    store.set_meta(index=changes.index)
    return stored(store, text)


def stored(store: Store, text: str | None) -> Outcome:
    errors, warnings = store.counts()
    return Outcome(
        errors, warnings, store.text() if text else None, None if text else store.all_rows()
    )


def _language(store: Store) -> str:
    return store.meta("printed_lang") or "en"


def fresh(
    root: Path,
    as_of: date,
    paths: list[str],
    read: files.Reader | None = None,
    text: str | None = None,
    tracked: tuple[str, ...] = (),
) -> Outcome:
    """Every finding of these files, checked now and kept nowhere."""
    by_path, _, _ = _check_all(root, as_of, paths, read, tracked)
    rows = sorted({tuple(r) for found in by_path.values() for r in found})
    errors = sum(r[5] == "error" for r in rows)
    return Outcome(
        errors,
        len(rows) - errors,
        render_rows(rows, "text", text).encode("utf-8", "surrogateescape") if text else None,
        rows,
    )


# --- everything ------------------------------------------------------------------------------


def full(
    root: Path,
    as_of: date,
    paths: list[str],
    store: Store,
    named: Iterable[str],
    read: files.Reader | None = None,
    tracked: tuple[str, ...] = (),
) -> None:
    """Check every file and replace the stored state with what was seen and found."""
    lang = _language(store)
    by_path, seen, texts = _check_all(root, as_of, paths, read, tracked, lang)
    named = set(named)
    store.clear_state()
    store.put_files((s.path, s.key, s.path in named, s.links, s.facts) for s in seen)
    sources: dict[str, dict[str, list]] = {}
    every: dict[str, list[files.Row]] = {}
    for (source, path), rows in by_path.items():
        sources.setdefault(source, {})[path] = rows
        every.setdefault(path, []).extend(rows)
    for source, rows_by_path in sources.items():
        store.put_rows(source, rows_by_path)
    # a file with group findings alone was printed by its worker
    others = {path for source, path in by_path if source != "group"}
    for path, rows in every.items():
        kept = texts.get(path) if path not in others else None
        store.put_printed(path, *(kept or files.printed(rows, lang)))
    store.set_meta(as_of=as_of.isoformat(), tracked=json.dumps(tracked))
    outside.remember(root, store, {s.path: s.facts for s in seen if s.facts})


def _check_all(
    root: Path,
    as_of: date,
    paths: list[str],
    read: files.Reader | None,
    tracked: tuple[str, ...],
    lang: str | None = None,
) -> tuple[dict[tuple[str, str], list[files.Row]], list[files.Seen], dict[str, files.Printed]]:
    """`{(source, path): findings}` of every file, what was seen of each, and the printed
    text (in `lang`) of each file's group findings where worker processes made it."""
    policy = files.parse(root, [p for p in paths if is_policy(p)], read)
    policy_items = [item for item, _ in policy]
    ledger_paths = [p for p in paths if not is_policy(p)]
    texts: dict[str, files.Printed] = {}
    if files.workers_for(len(ledger_paths)) > 1:
        rows, seen, texts = _on_every_core(root, as_of, ledger_paths, read, policy_items, lang)
    else:
        parsed = files.parse(root, ledger_paths, read)
        rows = files.group_rows(root, as_of, policy_items, [item for item, _ in parsed])
        seen = [s for _, s in parsed]
    seen = [s for _, s in policy] + seen
    out: dict[tuple[str, str], list[files.Row]] = {}
    for row in rows:
        out.setdefault(("group", row[0]), []).append(row)
    for row in _policy_rows(root, as_of, policy_items, tracked):
        out.setdefault(("policy", row[0]), []).append(row)
    for row in _ledger_rows(root, as_of, policy_items, {s.path: s.facts for s in seen if s.facts}):
        out.setdefault(("ledger", row[0]), []).append(row)
    return out, seen, texts


PROGRESS_FROM = 2_000  # files to read before a bar is worth drawing


def _on_every_core(
    root: Path,
    as_of: date,
    paths: list[str],
    read: files.Reader | None,
    policy_items: list,
    lang: str | None,
) -> tuple[list[files.Row], list[files.Seen], dict[str, files.Printed]]:
    """Group rows, files seen and their group findings printed in `lang`, from batches of
    guessed groups checked in worker processes."""
    content = read(paths) if read is not None else {}
    policy = [(i.path, content_of(root, i.path, read)) for i in policy_items]
    from ..loader import pool
    from ..progress import each

    with pool() as workers:
        if content:
            guessed = {p: guess_links(p, content[p]) for p in paths}
        else:
            chunks = [paths[i : i + 2000] for i in range(0, len(paths), 2000)]
            guessed = {
                p: ln
                for part in workers.map(files.scan, [str(root)] * len(chunks), chunks)
                for p, ln in part.items()
            }
        batches = _batches(members(groups(guessed)), os.cpu_count() or 1)
        jobs = [[(p, content.get(p)) for p in batch] for batch in batches]
        done = workers.map(files.check_batch, [str(root)] * len(jobs), [as_of] * len(jobs),
                           [policy] * len(jobs), jobs, [lang] * len(jobs))
        # a bar on a terminal, one step per batch, once a cold check is long enough to wait for
        results = list(each(done, len(jobs) if len(paths) > PROGRESS_FROM else 0, "check"))
    rows = [r for job_rows, _, _ in results for r in job_rows]
    seen = {s.path: s for _, job_seen, _ in results for s in job_seen}
    texts = {p: t for _, _, job_texts in results for p, t in job_texts.items()}
    batch_of = {p: n for n, batch in enumerate(batches) for p in batch}
    anchor_of = groups({p: s.links for p, s in seen.items()})
    split = {
        p
        for group in members(anchor_of).values()
        if len({batch_of[p] for p in group}) > 1
        for p in group
    }
    if split:  # a wrong guess costs time, never a finding: check those groups again here
        parsed = files.parse(root, sorted(split), read)
        rows = [r for r in rows if r[0] not in split] + files.group_rows(
            root, as_of, policy_items, [item for item, _ in parsed]
        )
        seen.update({s.path: s for _, s in parsed})
        texts = {p: t for p, t in texts.items() if p not in split}
    return rows, [seen[p] for p in paths], texts


def content_of(root: Path, path: str, read: files.Reader | None) -> bytes:
    return read([path])[path] if read is not None else files.read_bytes(root / path)


def _batches(by_anchor: dict[str, list[str]], workers: int) -> list[list[str]]:
    """Whole groups packed into batches of about equal size, a few per worker."""
    total = sum(len(paths) for paths in by_anchor.values())
    size = max(1, total // (workers * files.BATCHES_PER_WORKER))
    batches: list[list[str]] = [[]]
    for anchor in sorted(by_anchor):
        if len(batches[-1]) >= size:
            batches.append([])
        batches[-1].extend(by_anchor[anchor])
    return [b for b in batches if b]


def _policy_rows(
    root: Path, as_of: date, policy_items: list, tracked: tuple[str, ...]
) -> list[files.Row]:
    """Findings located in policy files (the group rules over the policies alone), and a
    finding for each tracked file under .qingqian/ (S030)."""
    from ..findings import Finding
    from ..ledger import assemble
    from ..rules import ALL_RULES
    from ..rules.registry import GROUP, run

    ledger = assemble(root, [i.path for i in policy_items], policy_items)
    ledger.findings.extend(
        Finding(
            path,
            1,
            1,
            "S030",
            "tracked by Git (被 Git 跟踪): qingqian keeps its state in the Git "
            "directory and never reads this file",
            hint="git rm -r --cached .qingqian",
        )
        for path in tracked
    )
    return [
        f.row()
        for f in run(ALL_RULES, ledger, as_of, scope=GROUP)
        if is_policy(f.path) or f.rule == "S030"
    ]


def _ledger_rows(
    root: Path, as_of: date, policy_items: list, facts: dict[str, dict]
) -> list[files.Row]:
    """Findings of the ledger rules over every file's facts (tuples, as `registry.thaw` makes)."""
    from ..ledger import assemble
    from ..rules import ALL_RULES
    from ..rules.registry import LEDGER, run

    if not any(r.scope == LEDGER for r in ALL_RULES):
        return []
    ledger = assemble(root, [i.path for i in policy_items], policy_items)
    return [f.row() for f in run(ALL_RULES, ledger, as_of, scope=LEDGER, facts=facts)]


def _policy_items(root: Path, store: Store, read: files.Reader | None = None) -> list:
    return [item for item, _ in files.parse(root, store.policy_paths(), read)]


def reprint(store: Store, paths: Iterable[str]) -> None:
    """Store the printed text and counts of each path's findings, from its stored rows."""
    lang = _language(store)
    for path in paths:
        store.put_printed(path, *files.printed(store.path_rows(path), lang))


# --- only the groups a change touches ------------------------------------------------------------


def update(
    root: Path,
    as_of: date,
    store: Store,
    changed: dict[str, str | None],
    named: Iterable[str],
    read: files.Reader | None = None,
) -> bool:
    """Re-check the groups the changed files were or are now in; False when a full run is due
    (a policy changed, or so much that a full run on every core is faster)."""
    if any(is_policy(p) for p in changed):
        return False
    gone = {p for p, k in changed.items() if k is None}
    before = component(
        [p for p in changed if store.links(p) is not None], store.links, store.linking
    )
    parsed = files.parse(root, [p for p in changed if p not in gone], read)
    old_facts = store.facts_texts(changed)
    same_facts = all(old_facts.get(p, "") == "" for p in gone) and all(
        old_facts.get(s.path, "") == facts_text(s.facts) for _, s in parsed
    )
    named = set(named)
    store.drop_files(gone)
    store.put_files((s.path, s.key, s.path in named, s.links, s.facts) for _, s in parsed)
    after = component([s.path for _, s in parsed], store.links, store.linking)
    recheck = (before | after) - gone
    if len(recheck) > max(1000, INCREMENTAL_SHARE * store.count()):
        return False
    fresh = {s.path for _, s in parsed}
    items = [item for item, _ in parsed] + [
        item for item, _ in files.parse(root, sorted(recheck - fresh), read)
    ]
    policy_items = _policy_items(root, store, read)
    by_path: dict[str, list[files.Row]] = {p: [] for p in recheck | set(changed)}
    for row in files.group_rows(root, as_of, policy_items, items):
        by_path.setdefault(row[0], []).append(row)
    store.put_rows("group", by_path)
    if (
        not same_facts
    ):  # the ledger rules read facts and policies only: unchanged, so are their findings
        by_path.update({p: [] for p in _ledger_pass(root, as_of, store, policy_items)})
    reprint(store, by_path)
    return True


def _ledger_pass(root: Path, as_of: date, store: Store, policy_items: list) -> set[str]:
    """Run the ledger rules over every file's stored facts; the paths whose findings changed."""
    old = store.rows_of("ledger")
    new: dict[str, list[files.Row]] = {}
    facts = store.facts()
    for row in _ledger_rows(root, as_of, policy_items, facts):
        new.setdefault(row[0], []).append(row)
    outside.remember(root, store, facts)
    if old == {p: [list(r) for r in rs] for p, rs in new.items()}:
        return set()
    store.put_rows("ledger", {p: new.get(p, []) for p in {*old, *new}})
    return {*old, *new}
