"""Every rule, in run order: by family (`vocabulary.RULE_FAMILIES`: S, R, L, P, A, H)."""

from __future__ import annotations

from datetime import date

from ..findings import Finding
from ..ledger import Ledger
from . import alerts, balances, policy, references, structure, workplans
from . import history as history_rules
from .registry import Rule, run

ALL_RULES: tuple[Rule, ...] = (structure.RULES + references.RULES + balances.RULES
                               + policy.RULES + workplans.POLICY_RULES + alerts.RULES
                               + workplans.ALERT_RULES + history_rules.RULES)


def check(ledger: Ledger, as_of: date) -> list[Finding]:
    """All findings for the ledger as of a date, severities applied, sorted."""
    return run(ALL_RULES, ledger, as_of)
