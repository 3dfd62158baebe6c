"""Other currencies in the ledger currency: the rules.yaml `fx` table, by month (DESIGN §6.5).

A rate is CNY (the ledger currency) per unit of the other currency for one month. Where
the table has no rate for a month there is no conversion: a finding, never a guess.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..model.policy import Rules
from ..money import cents


def rate_on(rules: Rules | None, currency: str, day: date) -> Decimal | None:
    """The rate of `currency` for the month of `day`; 1 for the ledger currency; None if missing."""
    home = rules.currency if rules else "CNY"
    if currency == home:
        return Decimal(1)
    if rules is None:
        return None
    return rules.fx.get(currency, {}).get(f"{day.year:04d}-{day.month:02d}")


def converts(rules: Rules | None) -> bool:
    """Whether the ledger converts other currencies at all (it has an `fx` table)."""
    return bool(rules and rules.fx)


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount (already rounded in its own currency) at a rate, rounded half-up once."""
    return cents(amount * rate)


def counted(
    rules: Rules | None, currency: str, payment_date: date, amount: Decimal
) -> tuple[str, Decimal]:
    """Money toward statistics and targets: in the ledger currency at the rate of its payment's
    month when the `fx` table has it (DESIGN §6.5), else in its own currency."""
    home = rules.currency if rules else "CNY"
    if currency == home or not converts(rules):
        return currency, amount
    rate = rate_on(rules, currency, payment_date)
    return (currency, amount) if rate is None else (home, convert(amount, rate))
