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
from .evidence import rows as evidence_rows
from .partition import is_policy

FACTS_FILE = "ledger-facts.bin"
MEMO_FILE = "ledger-rows.bin"
VOLATILE = frozenset(
    {"P016"}
)  # rules that read files outside the ledger (evidence): run every time


def ledger_rules() -> tuple:
    from .rules import ALL_RULES

    return tuple(r for r in ALL_RULES if r.scope == "ledger" and r.check is not None)


def ledger_rows(
    root: Path,
    as_of: date,
    state: CheckState,
    read: file_cache.Reader | None = None,
    store: bool = True,
) -> list[Row]:
    """Findings of every ledger rule over the files the check state lists and its policies.

    The findings are kept with the date, the names of the state's key shards (named by a
    hash of their content) and the policies they were found with: an unchanged ledger
    reads neither its keys nor its facts."""
    code = (file_cache.code_key(),)
    policy_keys = state.policies
    memo = (as_of.isoformat(), tuple(state.keys.names), tuple(sorted(policy_keys.items())))
    last = _load_memo(root, code) if store else None
    if last is not None and last[0] == memo:  # unchanged: only the evidence is looked at again
        stable = [r for r in last[1] if r[3] not in VOLATILE]
        return sorted(stable + evidence_rows(root, last[2], last[3].get("P016", "off")))
    rules = ledger_rules()
    if not rules:
        return []
    names = (*code, *(r.id for r in rules))
    kept = _load(root, names) if store else {}
    keys = state.all_keys()
    facts = _facts(
        root, rules, {p: k for p, k in keys.items() if not is_policy(p)}, read, store, kept
    )
    rows, levels = _run(root, as_of, rules, facts, policy_keys, read, store)
    if store:
        at = [r.id for r in rules].index("P016") + 1
        evidence = {p: f[at] for p, f in facts.items() if f[at]}
        _save(
            root,
            names,
            {p: (keys[p], facts[p]) for p in facts if keys[p]},
            code,
            (memo, tuple(rows), evidence, levels),
        )
    return rows


def _run(
    root: Path,
    as_of: date,
    rules: tuple,
    facts: dict[str, tuple],
    policy_keys: Mapping[str, str],
    read: file_cache.Reader | None,
    store: bool,
    only: frozenset[str] | None = None,
) -> tuple[list[Row], dict[str, str]]:
    from .check import row
    from .ledger import assemble
    from .rules.registry import run_rule

    policy = file_cache.checked_out(
        root,
        file_cache.entries(root, dict(policy_keys), read, store=store),
        dict(policy_keys),
        read,
    )
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
    levels: dict[str, str] = {}
    for index, item in enumerate(rules, start=1):
        level = overrides.get(item.id, overrides.get(item.name, item.severity))
        levels[item.id] = level
        if level == "off" or (only is not None and item.id not in only):
            continue
        by_path = {p: f[index] for p, f in facts.items() if f[index]}
        for found in run_rule(item, ledger, as_of, by_path):
            out.append(row(replace(found, name=item.name, severity=level)))
    return sorted(set(out)), levels


def _facts(
    root: Path,
    rules: tuple,
    keys: dict[str, str],
    read: file_cache.Reader | None,
    store: bool,
    kept: dict[str, tuple],
) -> dict[str, tuple]:
    """{path: (its id, facts of rule 1, facts of rule 2, …)}, kept ones where the key matches."""
    todo = {p: k for p, k in keys.items() if not k or p not in kept or kept[p][0] != k}
    out = {p: kept[p][1] for p in keys if p not in todo}
    if todo:
        items = file_cache.checked_out(
            root, file_cache.entries(root, todo, read, store=store), todo, read
        )
        for path, (item, _links) in items.items():
            model = item.model
            ident = getattr(model, "id", None) if model is not None else None
            out[path] = (ident, *(r.facts(path, model) if model is not None else () for r in rules))
    return out


def _load(root: Path, names: tuple) -> dict[str, tuple]:
    """The kept facts by path: {path: (content key, facts)}."""
    stored = _read(root, FACTS_FILE)
    return stored[1] if stored and stored[0] == names and isinstance(stored[1], dict) else {}


def _load_memo(root: Path, code: tuple) -> tuple | None:
    """The last findings: (what they were found for, rows, volatile facts, severities)."""
    stored = _read(root, MEMO_FILE)
    return stored[1] if stored and stored[0] == code and len(stored[1]) == 4 else None


def _read(root: Path, name: str) -> tuple | None:
    try:
        stored = marshal.loads((folder(root) / name).read_bytes())
        return stored if isinstance(stored, tuple) and len(stored) == 2 else None
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing or damaged: computed again, never trusted


def _save(root: Path, names: tuple, facts: dict[str, tuple], code: tuple, memo: tuple) -> None:
    """The facts, then the small memo that an unchanged ledger reads alone."""
    base = folder(root)
    try:
        base.mkdir(parents=True, exist_ok=True)
        for name, key, value in ((FACTS_FILE, names, facts), (MEMO_FILE, code, memo)):
            temp = base / f"{name}.{os.getpid()}.tmp"
            temp.write_bytes(marshal.dumps((key, value)))
            os.replace(temp, base / name)
    except OSError:
        pass  # a read-only ledger still checks; the facts are computed again next time
