"""Rules from the four work plans (P030–P049, A020–A029): disputes, documents, cases, leases.

Each reads its list or number from policies/rules.yaml; a ledger without the key
keeps the defaults the models state, so it stays valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..findings import WARNING, Finding
from ..ledger import Ledger
from .registry import finding, rule


def dispute_kind(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A dispute's `kind` is not one of rules.yaml `disputes.kinds` (质量问题 and the like)."""
    if ledger.rules is None:
        return
    kinds = ledger.rules.disputes.kinds
    for ident, rec in ledger.receivables.items():
        for item in rec.disputes:
            if item.kind not in kinds:
                yield finding("P030", (ledger.path_of[ident], item.line or 1, 1),
                              f"dispute of {item.date} has kind `{item.kind}`, not a listed kind",
                              f"use one of: {', '.join(kinds)} (rules.yaml disputes.kinds)")


RULES = (
    rule("P030", "dispute-kind", WARNING, dispute_kind),
)
