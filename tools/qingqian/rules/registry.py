"""Rule records and the one place that runs them and applies severities from rules.yaml."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..findings import ERROR, OFF, Finding
from ..ledger import Ledger
from ..vocabulary import RULE_FAMILIES

Check = Callable[[Ledger, date], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: stable id, kebab-case name, default severity, and what it checks."""

    id: str
    name: str
    severity: str
    doc: str
    check: Check | None = None  # None: reported while loading (structure rules)
    example: str = ""

    def __post_init__(self) -> None:
        if self.id[:1] not in RULE_FAMILIES:
            raise ValueError(f"rule {self.id}: its first letter is no family of RULE_FAMILIES")

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


def rule(rule_id: str, name: str, severity: str, check: Check) -> Rule:
    """A rule whose documentation is its function's docstring."""
    return Rule(rule_id, name, severity, check.__doc__ or name, check)


def finding(rule_id: str, where: tuple[str, int, int], message: str, hint: str = "") -> Finding:
    path, line, col = where
    return Finding(path, line, col, rule_id, message, hint=hint)


def run(rules: tuple[Rule, ...], ledger: Ledger, as_of: date) -> list[Finding]:
    """Every finding of every rule, named, with severities from rules.yaml; sorted."""
    by_id = {r.id: r for r in rules}
    overrides = dict(ledger.rules.severity) if ledger.rules else {}
    by_name = {r.name: r.id for r in rules}
    severity = {by_name.get(key, key): value for key, value in overrides.items()}
    found = list(ledger.findings)
    for item in rules:
        if item.check is not None and severity.get(item.id) != OFF:
            found.extend(item.check(ledger, as_of))
    out = []
    for f in found:
        known = by_id.get(f.rule)
        level = severity.get(f.rule, known.severity if known else ERROR)
        if level == OFF:
            continue
        out.append(replace(f, name=known.name if known else f.name, severity=level))
    return sorted(set(out), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
