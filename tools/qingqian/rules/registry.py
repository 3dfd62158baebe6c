"""Rule records and the one place that runs them and applies severities from rules.yaml.

Every rule declares its scope (docs/dev/rules.md):

- **group** (`check(ledger, as_of)`): the `Ledger` it sees may hold only one group (a
  debtor, its receivables and the cases covering them) plus every policy file. It never
  compares two debtors or two groups; the incremental check re-runs it over the groups
  a change touches only.
- **ledger** (`facts(path, model) -> tuple` and `check(facts, ledger, as_of)`): may
  compare anything across the ledger. `facts` takes what the rule needs from one debtor,
  receivable or case file (JSON values: strings, ints, lists; lines to locate findings),
  never from the policies; `check` sees every file's facts (`{path: facts}`) and a
  `Ledger` holding the policy files only, and is re-run on every check that finds a change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..findings import ERROR, OFF, Finding
from ..ledger import Ledger
from ..vocabulary import RULE_FAMILIES

Check = Callable[..., Iterable[Finding]]  # group: (Ledger, date); ledger: (facts, Ledger, date)
Facts = Callable[[str, Any], tuple]
GROUP, LEDGER = "group", "ledger"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: stable id, kebab-case name, default severity, and what it checks."""

    id: str
    name: str
    severity: str
    doc: str
    check: Check | None = None  # None: reported while loading (structure rules)
    example: str = ""
    scope: str = GROUP  # GROUP or LEDGER
    facts: Facts | None = None  # LEDGER rules only

    def __post_init__(self) -> None:
        if self.id[:1] not in RULE_FAMILIES:
            raise ValueError(f"rule {self.id}: its first letter is no family of RULE_FAMILIES")

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


def rule(rule_id: str, name: str, severity: str, check: Check, *, scope: str = GROUP,
         facts: Facts | None = None) -> Rule:
    """A rule whose documentation is its function's docstring."""
    if scope not in (GROUP, LEDGER) or (scope == LEDGER) != (facts is not None):
        raise ValueError(f"{rule_id}: a ledger rule has facts, a group rule has none")
    return Rule(rule_id, name, severity, check.__doc__ or name, check, scope=scope, facts=facts)


FileFacts = dict[str, tuple]  # facts key (the first rule id reading them) -> one file's facts


def facts_keys(rules: Iterable[Rule]) -> dict[str, str]:
    """Where each ledger rule's facts are kept: under the id of the first rule with the same
    `facts` function (L009 and L010 read one set of payment facts, taken and stored once,
    and see one mapping, so an index built over it serves both)."""
    first: dict[Facts, str] = {}
    return {r.id: first.setdefault(r.facts, r.id) for r in rules if r.facts is not None}


def file_facts(rules: Iterable[Rule], path: str, model: Any) -> FileFacts:
    """The facts every ledger rule takes from one loaded file, as they read back from JSON
    (lists become tuples): fresh or stored, a rule sees the same values."""
    out: FileFacts = {}
    if model is None:
        return out
    rules = tuple(rules)
    keys = facts_keys(rules)
    for item in rules:
        if item.facts is not None and keys[item.id] == item.id:
            found = item.facts(path, model)
            if found:
                out[item.id] = thaw(json.loads(json.dumps(found)))
    return out


def thaw(value: Any) -> Any:
    """JSON lists back as tuples, all the way down."""
    if type(value) is not list:
        return value
    return tuple([thaw(v) if type(v) is list else v for v in value])


def ledger_facts(rules: Iterable[Rule], ledger: Ledger) -> dict[str, FileFacts]:
    """Facts of every debtor, receivable and case of a whole ledger (for runs without the engine)."""
    rules = [r for r in rules if r.facts is not None]
    out: dict[str, FileFacts] = {}
    if rules:
        for table in (ledger.debtors, ledger.receivables, ledger.cases):
            for ident, model in table.items():
                path = ledger.path_of[ident]
                found = file_facts(rules, path, model)
                if found:
                    out[path] = found
    return out


def by_rule(facts: Mapping[str, FileFacts], key: str) -> dict[str, tuple]:
    """`{path: facts}` kept under one facts key (`facts_keys`), one file per id.

    Two files with one id are S012's finding; a `Ledger` keeps the first of them by path,
    so the facts do too, and a ledger rule sees the same files through the engine (which
    has the facts of every file) as over a whole `Ledger`."""
    out: dict[str, tuple] = {}
    ids: set[str] = set()
    for path in sorted(facts):
        ident = path.rpartition("/")[2].rpartition(".")[0]  # the file's stem, as its id
        if ident in ids:
            continue
        ids.add(ident)
        found = facts[path].get(key)
        if found is not None:
            out[path] = found
    return out


def finding(rule_id: str, where: tuple[str, int, int], message: str, hint: str = "") -> Finding:
    path, line, col = where
    return Finding(path, line, col, rule_id, message, hint=hint)


def run(rules: tuple[Rule, ...], ledger: Ledger, as_of: date, scope: str | None = None,
        facts: Mapping[str, FileFacts] | None = None) -> list[Finding]:
    """Every finding of the rules of `scope` (None: both), named, with severities from rules.yaml; sorted.

    The group scope includes the findings made while loading. Ledger rules read `facts`
    (`{path: {rule id: facts}}`), taken from the ledger itself when not given.
    """
    by_id = {r.id: r for r in rules}
    overrides = dict(ledger.rules.severity) if ledger.rules else {}
    by_name = {r.name: r.id for r in rules}
    severity = {by_name.get(key, key): value for key, value in overrides.items()}
    found = list(ledger.findings) if scope != LEDGER else []
    keys = facts_keys(rules)
    views: dict[str, dict[str, tuple]] = {}  # one mapping per facts key, shared by its rules
    for item in rules:
        if item.check is None or severity.get(item.id) == OFF or scope not in (None, item.scope):
            continue
        if item.scope == GROUP:
            found.extend(item.check(ledger, as_of))
        else:
            facts = ledger_facts(rules, ledger) if facts is None else facts
            if keys[item.id] not in views:
                views[keys[item.id]] = by_rule(facts, keys[item.id])
            found.extend(item.check(views[keys[item.id]], ledger, as_of))
    out = []
    for f in found:
        known = by_id.get(f.rule)
        level = severity.get(f.rule, known.severity if known else ERROR)
        if level == OFF:
            continue
        out.append(replace(f, name=known.name if known else f.name, severity=level))
    return sorted(set(out), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
