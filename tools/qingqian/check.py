"""The check pipeline: read the ledger, run every rule by group, keep what the user asked about.

A full check reads every file (cached ones from `.qingqian/cache`, the rest parsed on every
core), splits the ledger into groups (qingqian.partition) and runs the rules over batches
of groups, again on every core. It then keeps what it saw and found (qingqian.checkstate);
the next check re-reads only files whose content changed and re-runs the rules only over
the groups those files were or are now in, found by walking the stored links from the
changed files. Cached or not, whole or in parts, the findings are the same:
tests/test_partition.py compares them with one pass over the whole ledger.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import cache as file_cache
from . import worktree
from .checkstate import Broken, CheckState, Row, load_state, new_state, save_state
from .findings import Finding
from .partition import assigned_ids, component, is_policy
from .render.text import encode
from .timing import phase

if TYPE_CHECKING:
    from .loader import Loaded

INCREMENTAL_SHARE = 0.2  # above this share of files in changed groups, a parallel full run is faster
Keys = dict[str, str]


class Outcome:
    """A check's findings: counted, as sorted rows, and as the text `check` prints."""

    def __init__(self, state: CheckState, rows: list[Row] | None = None,
                 rechecked: set[str] | None = None) -> None:
        self.state, self._rows, self.rechecked = state, rows, rechecked
        self.errors, self.warnings = state.errors, state.warnings
        self.extra: list[Row] = []  # ledger-rule findings (qingqian.ledgerpass), never stored

    def add(self, rows: list[Row]) -> None:
        """Findings of the ledger rules, shown with the stored ones."""
        self.extra = rows
        errors = sum(r[5] == "error" for r in rows)
        self.errors += errors
        self.warnings += len(rows) - errors
        if rows and self._rows is not None:
            self._rows = sorted(self._rows + rows)

    def rows(self) -> list[Row]:
        """Every finding, sorted."""
        if self._rows is None:
            self._rows = sorted(self.state.all_rows() + self.extra)
        return self._rows

    def text(self) -> bytes | None:
        """Every finding as printed, UTF-8, when the state keeps it (else render `rows`)."""
        return None if self.extra else self.state.text

    def rows_near(self, paths: Iterable[str]) -> list[Row]:
        """The findings in the files of the groups of `paths`, or that name a path's id."""
        start = {p for p in paths if p in self.state.links}
        for path in paths:
            start.update(self.state.ids.get(PurePosixPath(path).stem) or ())  # type: ignore[arg-type]
        near = component(start, self._links, self._linking)
        return sorted([r for p in near for r in self.state.rows.get(p) or ()]  # type: ignore[union-attr]
                      + [r for r in self.extra if r[0] in near or r[0] in paths])

    def _links(self, path: str) -> tuple:
        return self.state.links.get(path) or ()  # type: ignore[return-value]

    def _linking(self, ident: str) -> tuple:
        return self.state.ids.get(ident) or ()  # type: ignore[return-value]


def check_ledger(root: Path, as_of: date, cache: bool | None = None) -> list[Finding]:
    """Every finding in the working tree's ledger at `root` as of a date.

    With the cache (the default; `cache=False` or QINGQIAN_NO_CACHE=1 turn it off) an
    unchanged ledger returns the stored findings and a changed one re-checks its changes.
    """
    return [Finding(*r) for r in check_tree(root, as_of, cache).rows()]


def check_tree(root: Path, as_of: date, cache: bool | None = None) -> Outcome:
    """`check_ledger` as an Outcome: a large ledger's findings print faster from it.

    Git is asked what changed before the heavy imports (YAML, pydantic, the rules), which
    a thread makes while Git works.
    """
    if cache is False or os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0"):
        from .loader import discover

        return check_content(root, as_of, dict.fromkeys(discover(root), ""), store=False)
    index = worktree.index_signature(root)  # before any listing: a change meanwhile shows next time
    asked = worktree.ask_changes(root) if index is not None else None  # Git works while we load
    preparing = _prepare_meanwhile()  # while Git works: an edited file will need them
    with phase("load state"):
        state = load_state(root)
    if asked is not None and state is not None and state.index == index:
        with phase("keys from git"):
            delta = worktree.changed_keys(root, state.hashed, asked)
        if delta is not None:
            if delta:  # when nothing changed, nothing waits for the models
                with phase("models ready"):
                    preparing.join()
            outcome = check_content(root, as_of, read=None, state=state, index=index, delta=delta)
            if outcome is not None:
                return outcome
            state = None
    elif asked is not None:
        worktree.drop(asked)
    preparing.join()
    listing = file_cache.GitListing(root)  # runs while the folders are listed
    from .loader import discover

    with phase("discover"):
        paths = discover(root)
    with phase("content keys"):
        keys = file_cache.content_keys(root, paths, listing)
    return check_content(root, as_of, keys, state=state, index=index,  # type: ignore[return-value]
                         listing=listing.listing)


def _prepare() -> None:
    """Build the models' validators and import the rules (a quarter of a second, mostly pydantic)."""
    from . import ledger, rules  # noqa: F401
    from .loader import build_validators

    build_validators()


_PREPARING = "qingqian-prepare"


def _prepare_meanwhile() -> threading.Thread:
    thread = threading.Thread(target=_prepare, daemon=True, name=_PREPARING)
    thread.start()
    return thread


@atexit.register
def finish_preparing() -> None:
    """Let a thread still preparing finish before the interpreter shuts down: stopped by the
    shutdown inside pydantic-core, it would be unwound through native frames. (The command
    line ends with os._exit instead, which stops it whole: qingqian.cli.main.)"""
    for thread in threading.enumerate():
        if thread.name == _PREPARING:
            thread.join()


def check_content(root: Path, as_of: date, keys: Keys | None = None, read: file_cache.Reader | None = None,
                  store: bool = True, state: CheckState | None = None, index: tuple | None = None,
                  delta: dict[str, str | None] | None = None, listing: bytes | None = None,
                  gone: set[str] | None = None) -> Outcome | None:
    """The findings for files of the given content keys (`read` supplies content not on disk).

    `state` is the stored one when the caller has loaded it; `index` the Git index
    signature the keys were taken with, and `listing` the index listing the Git keys
    came from, kept for the next run (qingqian.worktree, qingqian.listing), with the
    listed files that have no key (`gone`; worked out from `keys` when not given). Given
    `delta` (the keys of the only files that may have changed) instead of `keys`, returns
    None when that is not enough: the caller then lists every file.
    """
    code = file_cache.code_key()
    if state is None and store:
        with phase("load state"):
            state = load_state(root)
    outcome = None
    if store and state is not None and state.usable_for(code, as_of):
        try:
            outcome = _incremental(root, as_of, state, keys, delta, read)
        except Broken:
            outcome = None
    if outcome is None:
        if keys is None:
            return None
        outcome = _full(root, as_of, keys, read, store, code)
    elif outcome.rechecked == set() and outcome.state.index == index and listing is None:
        return _with_ledger_rules(root, as_of, outcome, read, store)  # nothing changed, nothing to write
    if store:
        outcome.state.index = index
        if listing is not None:
            if gone is None:
                gone = _unkeyed(listing, keys if keys is not None else outcome.state.all_keys())
            outcome.state.keep_listing(listing, gone)
        with phase("save state"):
            save_state(root, outcome.state)
    return _with_ledger_rules(root, as_of, outcome, read, store)


def _with_ledger_rules(root: Path, as_of: date, outcome: Outcome, read: file_cache.Reader | None,
                       store: bool) -> Outcome:
    from .ledgerpass import ledger_rows

    with phase("ledger rules"):
        outcome.add(ledger_rows(root, as_of, outcome.state, read, store))
    return outcome


def _unkeyed(listing: bytes, keys: Keys) -> set[str]:
    from .listing import ledger_paths

    return {p for p in ledger_paths(listing) if p not in keys}


def _incremental(root: Path, as_of: date, state: CheckState, keys: Keys | None,
                 delta: dict[str, str | None] | None, read: file_cache.Reader | None) -> Outcome | None:
    """The stored findings, re-checked where files changed; None when a full run is due."""
    if delta is not None:
        changed = {p: k for p, k in delta.items() if state.keys.get(p) != k}
    else:
        stored = state.all_keys()
        changed = {p: keys.get(p) for p, _ in keys.items() ^ stored.items()}  # type: ignore[union-attr]
    if any(is_policy(p) for p in changed):
        return None  # every finding may read the policies
    if not changed:
        return Outcome(state, rechecked=set())
    with phase(f"recheck {len(changed)} files"):
        rechecked = _recheck(root, as_of, state, changed, read)
    return None if rechecked is None else Outcome(state, rechecked=rechecked)


# --- the whole ledger, on every core ------------------------------------------------------


def _full(root: Path, as_of: date, keys: Keys, read: file_cache.Reader | None, store: bool,
          code: str) -> Outcome:
    from .fullcheck import check_all

    policy_keys = {p: k for p, k in keys.items() if is_policy(p)}
    policy = file_cache.checked_out(root, file_cache.entries(root, policy_keys, read, store=store),
                                    keys, read)
    models = _models(policy)
    rows, links = check_all(root, as_of, keys, read, store, models)
    assigned = assigned_ids(models)
    wanted = {p: keys[p] for p, linked in links.items() if linked and linked[0] in assigned}
    with phase("policy findings"):
        rows.extend(_policy_rows(root, as_of, models, wanted, read, store))
    rows.sort()
    by_path: dict[str, list[Row]] = {}
    for found in rows:
        by_path.setdefault(found[0], []).append(found)
    errors = sum(r[5] == "error" for r in rows)
    with phase("state"):
        state = new_state(root, code, as_of, keys, {p: tuple(rs) for p, rs in by_path.items()}, links,
                          policy_keys, assigned, errors, len(rows) - errors, encode(rows))
    return Outcome(state, rows)


def group_rows(root: Path, as_of: date, policy: list[Loaded], items: list[Loaded]) -> list[Row]:
    """Findings located in the files of whole groups, from a ledger of those groups and the policies."""
    from .ledger import assemble
    from .rules import check

    loaded = sorted([*policy, *items], key=lambda item: item.path)
    ledger = assemble(root, [item.path for item in loaded], loaded)
    return [row(f) for f in check(ledger, as_of, scopes=("group",)) if not is_policy(f.path)]


def row(f: Finding) -> Row:
    return (f.path, f.line, f.col, f.rule, f.message, f.severity, f.name, f.hint)


def _models(policy: dict[str, tuple[Loaded, tuple]]) -> list[Loaded]:
    return [policy[p][0] for p in sorted(policy)]


def _policy_rows(root: Path, as_of: date, policy: list[Loaded], wanted: Keys,
                 read: file_cache.Reader | None, store: bool = True) -> list[Row]:
    """Findings located in policy files: they read the policies and the assigned receivables
    that exist (`wanted`: the files defining them)."""
    from .ledger import assemble
    from .rules import check

    items = file_cache.checked_out(root, file_cache.entries(root, wanted, read, store=store), wanted, read)
    loaded = sorted([*policy, *(i for i, _ in items.values())], key=lambda item: item.path)
    ledger = assemble(root, [item.path for item in loaded], loaded)
    return [row(f) for f in check(ledger, as_of, scopes=("group",)) if is_policy(f.path)]


# --- only the groups a change touches -------------------------------------------------------


def _recheck(root: Path, as_of: date, state: CheckState, changed: dict[str, str | None],
             read: file_cache.Reader | None) -> set[str] | None:
    """Re-check the groups the changed files were or are now in, and update the state.

    Returns the files whose findings were recomputed, or None when so much changed that a
    full run on every core is faster (the state is then left half-updated: drop it).
    """
    present = {p: k for p, k in changed.items() if k is not None}
    fresh = file_cache.checked_out(root, file_cache.entries(root, present, read), present, read)
    old_links = {p: state.links.get(p) for p in changed}
    before = component([p for p, linked in old_links.items() if linked is not None],
                       lambda p: state.links.get(p) or (), lambda i: state.ids.get(i) or ())  # type: ignore[arg-type,return-value]
    _relink(state, old_links, {p: entry[1] for p, entry in fresh.items()})
    after = component(fresh, lambda p: state.links.get(p) or (), lambda i: state.ids.get(i) or ())  # type: ignore[arg-type,return-value]
    recheck = (before | after) - {p for p, k in changed.items() if k is None}
    if len(recheck) > file_cache.POOL_THRESHOLD and len(recheck) > INCREMENTAL_SHARE * state.files:
        return None
    _rekey(state, changed)
    unchanged: Keys = {p: state.keys.get(p) for p in recheck if p not in fresh}  # type: ignore[misc]
    items = file_cache.checked_out(root, file_cache.entries(root, unchanged, read), unchanged, read)
    items.update(fresh)
    policy = _models(file_cache.checked_out(root, file_cache.entries(root, state.policies, read),
                                            state.policies, read))
    updates: dict[str, list[Row]] = {p: [] for p in (*recheck, *changed)}
    for found in group_rows(root, as_of, policy, [items[p][0] for p in sorted(items)]):
        updates[found[0]].append(found)
    moved = any(old_links[p] != (fresh[p][1] if p in fresh else None) for p in changed)
    ids = {i for p in changed for i in (*(old_links[p] or ()), *(fresh[p][1] if p in fresh else ()))}
    if moved and ids & state.assigned:  # whether an assigned receivable exists may have changed
        updates.update({p: [] for p in state.policies})
        for found in _policy_rows(root, as_of, policy, _definers(state), read):
            updates[found[0]].append(found)
    _refind(state, updates)
    return set(updates)


def _relink(state: CheckState, old: dict[str, tuple | None], new: dict[str, tuple]) -> None:
    """Move the changed files' links, and the inverted index of ids, to what they link now."""
    for path, linked in old.items():
        if linked is not None and new.get(path) != linked:
            state.links.pop(path)
            for ident in linked:
                others = tuple(p for p in state.ids.get(ident) or () if p != path)  # type: ignore[union-attr]
                if others:
                    state.ids.set(ident, others)
                else:
                    state.ids.pop(ident)
    for path, linked in new.items():
        if old.get(path) != linked:
            state.links.set(path, linked)
            for ident in linked:
                state.ids.set(ident, (*(state.ids.get(ident) or ()), path))  # type: ignore[misc]


def _rekey(state: CheckState, changed: dict[str, str | None]) -> None:
    for path, key in changed.items():
        known = path in state.keys
        if key is None:
            state.files -= known
            state.keys.pop(path)
            state.hashed.pop(path, None)
            state.gone.add(path)  # if the kept index listing names it, it is there without a key
            continue
        state.files += not known
        state.keys.set(path, key)
        if key.startswith("g"):
            state.hashed.pop(path, None)
        else:
            state.hashed[path] = key


def _refind(state: CheckState, updates: dict[str, list[Row]]) -> None:
    """Replace the findings of the re-checked files, their counts and their printed text."""
    blocks: dict[str, bytes | None] = {}
    for path, found in updates.items():
        old: tuple = state.rows.get(path) or ()  # type: ignore[assignment]
        old_errors = sum(r[5] == "error" for r in old)
        found.sort()
        new_errors = sum(r[5] == "error" for r in found)
        state.errors += new_errors - old_errors
        state.warnings += (len(found) - new_errors) - (len(old) - old_errors)
        if found:
            state.rows.set(path, tuple(found))
        else:
            state.rows.pop(path)
        if old or found:
            blocks[path] = encode(found)
    state.mend_text(blocks)


def _definers(state: CheckState) -> Keys:
    """The files that define a receivable the targets assign, with their content keys."""
    wanted: Keys = {}
    for ident in sorted(state.assigned):
        for path in state.ids.get(ident) or ():  # type: ignore[union-attr]
            if (state.links.get(path) or ())[:1] == (ident,):  # type: ignore[index]
                wanted[path] = state.keys.get(path)  # type: ignore[assignment]
    return wanted


def in_paths(rows: list[Row], root: Path, paths: tuple[str, ...]) -> list[Row]:
    """Only findings in the given files or folders (the whole ledger is still checked)."""
    if not paths:
        return rows
    wanted = []
    for path in paths:
        rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
        wanted.append("" if rel == "." else rel)
    return [r for r in rows
            if any(not w or r[0] == w or r[0].startswith(w.rstrip("/") + "/") for w in wanted)]

