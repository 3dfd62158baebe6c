"""Ledger-scope rules in the check pipeline: facts of every file, then one cheap check.

Group rules run by group (qingqian.check); a `ledger` rule (RULE-SCOPE) may compare two
groups, so it runs once over the facts of every file. Facts are kept beside the check
state, keyed by each file's content key, so an unchanged file is never read again for
them; the findings are added to the group findings when they are shown, never stored.
This interim wiring is what the architecture's incremental engine replaces.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import cache as file_cache
from .checkstate import CheckState, Row, folder
from .partition import is_policy

FACTS_FILE = "ledger-facts.bin"
VOLATILE = frozenset({"P016"})  # rules that read files outside the ledger (evidence): run every time


def ledger_rules() -> tuple:
    from .rules import ALL_RULES

    return tuple(r for r in ALL_RULES if r.scope == "ledger" and r.check is not None)


def ledger_rows(root: Path, as_of: date, state: CheckState, read: file_cache.Reader | None = None,
                store: bool = True) -> list[Row]:
    """Findings of every ledger rule over the files the check state lists and its policies.

    The findings are kept with the date, the names of the state's key shards (named by a
    hash of their content) and the policies they were found with: an unchanged ledger
    reads neither its keys nor its facts."""
    rules = ledger_rules()
    if not rules:
        return []
    names = (file_cache.code_key(), *(r.id for r in rules))
    policy_keys = state.policies
    memo = (as_of.isoformat(), tuple(state.keys.names), tuple(sorted(policy_keys.items())))
    kept = _load(root, names) if store else ({}, None)
    if kept[1] is not None and kept[1][0] == memo:  # only the rules that read other files again
        stable = [r for r in kept[1][1] if r[3] not in VOLATILE]
        return sorted(stable + _run(root, as_of, rules, kept[1][2], policy_keys, read, store, VOLATILE))
    keys = state.all_keys()
    facts = _facts(root, rules, {p: k for p, k in keys.items() if not is_policy(p)}, read, store,
                   kept[0])
    rows = _run(root, as_of, rules, facts, policy_keys, read, store)
    if store:
        volatile = {p: (f[0], *(x if r.id in VOLATILE else () for r, x in zip(rules, f[1:])))
                    for p, f in facts.items() if any(x for r, x in zip(rules, f[1:]) if r.id in VOLATILE)}
        _save(root, names, {p: (keys[p], facts[p]) for p in facts if keys[p]},
              (memo, tuple(rows), volatile))
    return rows


def _run(root: Path, as_of: date, rules: tuple, facts: dict[str, tuple],
         policy_keys: Mapping[str, str], read: file_cache.Reader | None, store: bool,
         only: frozenset[str] | None = None) -> list[Row]:
    from .check import row
    from .ledger import assemble
    from .rules.registry import run_rule

    policy = file_cache.checked_out(root, file_cache.entries(root, dict(policy_keys), read, store=store),
                                    dict(policy_keys), read)
    loaded = [policy[p][0] for p in sorted(policy)]
    ledger = assemble(root, [item.path for item in loaded], loaded)
    overrides = dict(ledger.rules.severity) if ledger.rules else {}
    first: set[str] = set()
    for path in sorted(facts):  # a file whose id an earlier file holds is not in the ledger (S012)
        ident = facts[path][0]
        if ident is not None and ident in first:
            facts = {p: f for p, f in facts.items() if p != path}
        elif ident is not None:
            first.add(ident)
    out = []
    for index, item in enumerate(rules, start=1):
        level = overrides.get(item.id, overrides.get(item.name, item.severity))
        if level == "off" or (only is not None and item.id not in only):
            continue
        by_path = {p: f[index] for p, f in facts.items() if f[index]}
        for found in run_rule(item, ledger, as_of, by_path):
            out.append(row(replace(found, name=item.name, severity=level)))
    return sorted(set(out))


def _facts(root: Path, rules: tuple, keys: dict[str, str], read: file_cache.Reader | None,
           store: bool, kept: dict[str, tuple]) -> dict[str, tuple]:
    """{path: (its id, facts of rule 1, facts of rule 2, …)}, kept ones where the key matches."""
    todo = {p: k for p, k in keys.items() if not k or p not in kept or kept[p][0] != k}
    out = {p: kept[p][1] for p in keys if p not in todo}
    if todo:
        items = file_cache.checked_out(root, file_cache.entries(root, todo, read, store=store), todo, read)
        for path, (item, _links) in items.items():
            model = item.model
            ident = getattr(model, "id", None) if model is not None else None
            out[path] = (ident, *(r.facts(path, model) if model is not None else () for r in rules))
    return out


def _load(root: Path, names: tuple) -> tuple[dict[str, tuple], tuple | None]:
    """The kept facts by path and the last findings with what they were found for."""
    try:
        stored = marshal.loads((folder(root) / FACTS_FILE).read_bytes())
        if stored[0] == names and isinstance(stored[1], dict):
            return stored[1], stored[2]
    except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
        pass  # missing or damaged: computed again, never trusted
    return {}, None


def _save(root: Path, names: tuple, facts: dict[str, tuple], memo: tuple) -> None:
    base = folder(root)
    try:
        base.mkdir(parents=True, exist_ok=True)
        temp = base / f"{FACTS_FILE}.{os.getpid()}.tmp"
        temp.write_bytes(marshal.dumps((names, facts, memo)))
        os.replace(temp, base / FACTS_FILE)
    except OSError:
        pass  # a read-only ledger still checks; the facts are computed again next time
