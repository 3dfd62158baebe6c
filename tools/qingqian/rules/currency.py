"""Money in another currency needs its month's rate (DESIGN §6.5): no rate is a finding, not a guess."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..figures.fx import converts, rate_on
from ..findings import ERROR, Finding
from ..ledger import Ledger
from ..model.receivable import Payment
from .registry import finding, rule


def fx_rate_missing(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A payment in another currency falls in a month the rules.yaml `fx` table has no rate for."""
    if not converts(ledger.rules):
        return  # a ledger without an `fx` table keeps each currency apart
    home = ledger.rules.currency  # type: ignore[union-attr]
    for ident, rec in ledger.receivables.items():
        currency = ledger.currency(rec)
        if currency == home:
            continue
        for event in rec.events:
            if isinstance(event, Payment) and event.date <= as_of \
                    and rate_on(ledger.rules, currency, event.date) is None:
                month = f"{event.date.year:04d}-{event.date.month:02d}"
                yield finding("P022", (ledger.path_of[ident], event.line, 1),
                              f"no {currency} rate for {month} in rules.yaml fx: the payment of "
                              f"{event.amount} is not converted (缺少汇率)",
                              f"add `{currency}: {{{month}: \"…\"}}` under `fx:` in policies/rules.yaml")


RULES = (rule("P022", "fx-rate-missing", ERROR, fx_rate_missing),)
