"""Money helpers: one rounding rule (half-up to the cent) and one output format."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent, the convention of Chinese accounting (四舍五入)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal | None) -> str | None:
    """Amounts in machine output: a string with exactly two decimals."""
    return None if amount is None else str(cents(amount))


def ratio(part: Decimal, whole: Decimal | None) -> str | None:
    """Completion ratios: four decimals, half-up; None where there is no target."""
    if not whole:
        return None
    return str((part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def percent(ratio: str | Decimal) -> str:
    """A ratio as a percentage with one decimal, half-up: 0.9151 → 91.5%."""
    try:
        share = Decimal(ratio) * 100
    except ArithmeticError:
        return str(ratio)
    return f"{share.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}%"
