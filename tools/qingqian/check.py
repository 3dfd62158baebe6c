"""The check pipeline: read the ledger, run every rule by group, keep what the user asked about.

A full check reads every file (cached ones from `.qingqian/cache`, the rest parsed on every
core), splits the ledger into groups (qingqian.partition) and runs the rules over batches
of groups, again on every core. It then keeps what it saw and found (qingqian.checkstate);
the next check re-reads only files whose content changed and re-runs the rules only over
the groups those files were or are now in. Cached or not, whole or in parts, the findings
are the same: tests/test_partition.py compares them with one pass over the whole ledger.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from . import cache as file_cache
from . import worktree
from .checkstate import CheckState, Row, load_state, row, save_state
from .findings import Finding
from .fullcheck import check_all
from .loader import Loaded, discover
from .partition import assigned_ids, groups, is_policy
from .timing import phase

INCREMENTAL_SHARE = 0.2  # above this share of files in changed groups, a parallel full run is faster


def check_ledger(root: Path, as_of: date, cache: bool | None = None) -> list[Finding]:
    """Every finding in the working tree's ledger at `root` as of a date.

    With the cache (the default; `cache=False` or QINGQIAN_NO_CACHE=1 turn it off) an
    unchanged ledger returns the stored findings and a changed one re-checks its changes.
    """
    return [Finding(*r) for r in ledger_rows(root, as_of, cache)]


def ledger_rows(root: Path, as_of: date, cache: bool | None = None) -> list[Row]:
    """`check_ledger` as sorted tuples (checkstate.Row): a large ledger's findings print faster."""
    if cache is False or os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0"):
        return check_content(root, as_of, dict.fromkeys(discover(root), ""), store=False)
    index = worktree.index_signature(root)  # before any listing: a change meanwhile shows next time
    asked = worktree.ask_changes(root) if index is not None else None  # Git works while we load
    with phase("load state"):
        state = load_state(root)
    keys = None
    if asked is not None and state is not None and state.index == index:
        with phase("keys from git"):
            keys = worktree.keys_since(root, state.keys, asked)
    elif asked is not None:
        worktree.drop(asked)
    if keys is None:
        listing = file_cache.GitListing(root)  # runs while the folders are listed
        with phase("discover"):
            paths = discover(root)
        with phase("content keys"):
            keys = file_cache.content_keys(root, paths, listing)
    return check_content(root, as_of, keys, state=state, index=index)


def check_content(root: Path, as_of: date, keys: dict[str, str], read: file_cache.Reader | None = None,
                  store: bool = True, state: CheckState | None = None, index: tuple | None = None
                  ) -> list[Row]:
    """The findings for files of the given content keys (`read` supplies content not on disk).

    `state` is the stored one when the caller has loaded it; `index` the Git index
    signature the keys were taken with, kept for the next run (qingqian.worktree).
    """
    policies = {p: k for p, k in keys.items() if p.startswith("policies/")}
    code = file_cache.code_key()
    if state is None and store:
        with phase("load state"):
            state = load_state(root)
    if state is not None and state.usable_for(code, as_of, policies):
        if state.keys == keys:
            if state.index != index:
                state.index = index
                state.groups_changed = False
                save_state(root, state)
            return state.rows
        changed = sorted({p for p, _key in keys.items() ^ state.keys.items() if p not in policies})
        with phase(f"recheck {len(changed)} files"):
            state = _recheck(root, as_of, keys, read, state, changed)
    else:
        state = None
    if state is None:
        state = _full(root, as_of, keys, read, store, code)
    if store:
        state.index = index
        with phase("save state"):
            save_state(root, state)
    return state.rows


# --- the whole ledger, on every core ------------------------------------------------------


def _full(root: Path, as_of: date, keys: dict[str, str], read: file_cache.Reader | None, store: bool,
          code: str) -> CheckState:
    policy_keys = {p: k for p, k in keys.items() if is_policy(p)}
    policy = file_cache.checked_out(root, file_cache.entries(root, policy_keys, read, store=store),
                                    keys, read)
    rows, links = check_all(root, as_of, keys, read, store, _models(policy))
    state = CheckState(code, as_of, policy_keys, dict(keys), rows,
                       assigned_ids(_models(policy)))
    state._groups = {p: (links[p], anchor) for p, anchor in groups(links).items()}
    with phase("policy findings"):
        state.rows.extend(_policy_rows(root, as_of, state, policy, keys, read, store))
    state.rows.sort()
    return state


def group_rows(root: Path, as_of: date, policy: list[Loaded], items: list[Loaded]) -> list[Row]:
    """Findings located in the files of whole groups, from a ledger of those groups and the policies."""
    from .ledger import assemble
    from .rules import check

    loaded = sorted([*policy, *items], key=lambda item: item.path)
    ledger = assemble(root, [item.path for item in loaded], loaded)
    return [row(f) for f in check(ledger, as_of) if not is_policy(f.path)]


def _models(policy: dict[str, tuple[Loaded, tuple]]) -> list[Loaded]:
    return [policy[p][0] for p in sorted(policy)]


def _policy_rows(root: Path, as_of: date, state: CheckState, policy: dict[str, tuple[Loaded, tuple]],
                 keys: dict[str, str], read: file_cache.Reader | None, store: bool = True) -> list[Row]:
    """Findings located in policy files: they read the policies and which assigned receivables exist."""
    from .ledger import assemble
    from .rules import check

    wanted = {p: keys[p] for p, (links, _anchor) in (state.groups or {}).items()
              if links and links[0] in state.assigned}
    items = file_cache.checked_out(root, file_cache.entries(root, wanted, read, store=store), keys, read)
    loaded = sorted([*_models(policy), *(i for i, _ in items.values())], key=lambda item: item.path)
    ledger = assemble(root, [item.path for item in loaded], loaded)
    return [row(f) for f in check(ledger, as_of) if is_policy(f.path)]


# --- only the groups a change touches -------------------------------------------------------


def _recheck(root: Path, as_of: date, keys: dict[str, str], read: file_cache.Reader | None,
             state: CheckState, changed: list[str]) -> CheckState | None:
    """The state after re-checking the groups the changed files were or are now in; None when
    the stored groups are unusable or so much changed that a full run on every core is faster."""
    known = state.groups
    if known is None:
        return None
    present = [p for p in changed if p in keys]
    fresh = file_cache.checked_out(root, file_cache.entries(root, {p: keys[p] for p in present}, read),
                                   keys, read)
    old_links = {p: known[p][0] for p in changed if p in known}
    touched = {known[p][1] for p in old_links}
    moved = any(old_links.get(p) != (fresh[p][1] if p in fresh else None) for p in changed)
    if moved:  # files came, went or link other ids: to which groups?
        by_id = {ident: anchor for links_, anchor in known.values() for ident in links_}
        touched.update(by_id[i] for p in present for i in fresh[p][1] if i in by_id)
    before = [p for p, entry in known.items() if entry[1] in touched]
    links = {p: known[p][0] for p in before if p in keys}
    links.update({p: fresh[p][1] for p in present})
    if len(links) > file_cache.POOL_THRESHOLD and len(links) > INCREMENTAL_SHARE * len(keys):
        return None
    unchanged = {p: keys[p] for p in links if p not in fresh}
    items = file_cache.checked_out(root, file_cache.entries(root, unchanged, read), keys, read)
    items.update(fresh)
    policy_keys = {p: k for p, k in keys.items() if is_policy(p)}
    policy = file_cache.checked_out(root, file_cache.entries(root, policy_keys, read), keys, read)
    new_rows = group_rows(root, as_of, _models(policy), [items[p][0] for p in sorted(items)])
    gone = set(before) | set(changed)
    anchor_of = groups(links)
    regrouped = {p: (links[p], anchor_of[p]) for p in links}
    state.groups_changed = len(regrouped) != len(before) or any(known.get(p) != g for p, g in regrouped.items())
    for path in changed:
        known.pop(path, None)
        state.keys.pop(path, None)
    known.update(regrouped)
    state.keys.update({p: keys[p] for p in present})
    ids = {i for p in changed for i in (*old_links.get(p, ()), *(fresh[p][1] if p in fresh else ()))}
    if moved and ids & state.assigned:  # whether an assigned receivable exists may have changed
        gone.update(p for p in policy_keys)
        new_rows.extend(_policy_rows(root, as_of, state, policy, keys, read))
    state.rows = [r for r in state.rows if r[0] not in gone]
    state.rows.extend(new_rows)
    state.rows.sort()
    return state


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
