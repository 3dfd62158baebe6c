"""Every rule, in run order: by family (`vocabulary.RULE_FAMILIES`: S, R, L, P, A, H)."""

from __future__ import annotations

from datetime import date

from ..findings import Finding
from ..ledger import Ledger
from ..vocabulary import RULE_FAMILIES
from . import (
    alerts,
    balances,
    currency,
    debtors,
    policy,
    receipts,
    references,
    structure,
    workplans,
    writeoffs,
)
from . import history as history_rules
from .registry import Rule, run

_ALL = (structure.RULES + debtors.RULES + references.RULES + balances.RULES + receipts.RULES
        + policy.RULES + writeoffs.RULES + currency.RULES + workplans.POLICY_RULES + alerts.RULES
        + workplans.ALERT_RULES + history_rules.RULES)
# family by family (S, R, L, P, A, H), then by id: a module may hold rules of two families
ALL_RULES: tuple[Rule, ...] = tuple(sorted(_ALL, key=lambda r: (list(RULE_FAMILIES).index(r.id[0]),
                                                                r.id)))


def check(ledger: Ledger, as_of: date) -> list[Finding]:
    """All findings for the ledger as of a date, severities applied, sorted (group rules on
    the ledger, ledger rules on the facts of its files)."""
    return run(ALL_RULES, ledger, as_of)
