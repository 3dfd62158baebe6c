"""Month-end outstanding over many dates in one pass, for the site's trend chart.

`total_report` at each of 24 month ends would allocate every receivable 24 times. The
on-book outstanding (invoiced − collected − credited − written off, DESIGN §6.0) only
needs the dates on which each of those sums changes, so each receivable is read once
and its changes are added up to every date. Tests check the result against
`total_report` month by month.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..model.receivable import CreditNote, Opening, Payment, Receivable, Reversal, WriteOff
from ..money import ZERO
from .position import bills_of, position

Change = tuple[date, Decimal]  # from this date on, outstanding moves by this amount


def outstanding_changes(rec: Receivable, until: date) -> Iterator[Change]:
    """Every change of the receivable's on-book outstanding dated on or before `until`.

    The same allocation rules as `figures.position` for a receivable without write-off or
    opening balance (`outstanding_at` allocates those on each date): a reversed payment
    counts from its own date until the earliest reversal naming it (never, if earlier).
    """
    for bill in bills_of(rec, until):
        yield bill.date, bill.amount
    first_writeoff = min((e.date for e in rec.events if isinstance(e, WriteOff)), default=None)
    reversed_on = _reversal_dates(rec)
    for event in rec.events:
        if event.date > until:
            continue
        if isinstance(event, (CreditNote, WriteOff)):
            yield event.date, -event.amount
        elif isinstance(event, Payment):
            if first_writeoff is not None and event.date > first_writeoff:
                continue
            reversal = reversed_on.get(event.ref) if event.ref is not None else None
            yield from _payment_changes(event, reversal, until)


def _reversal_dates(rec: Receivable) -> dict[str, date]:
    """Payment ref → the date of the earliest reversal that names it."""
    found: dict[str, date] = {}
    for event in rec.events:
        if not isinstance(event, Reversal):
            continue
        if event.ref not in found or event.date < found[event.ref]:
            found[event.ref] = event.date
    return found


def _payment_changes(payment: Payment, reversed_on: date | None, until: date) -> Iterator[Change]:
    """A payment lowers outstanding from its date; its reversal puts the amount back."""
    if reversed_on is not None and reversed_on <= payment.date:
        return
    yield payment.date, -payment.amount
    if reversed_on is not None and reversed_on <= until:
        yield reversed_on, payment.amount


def _by_position(rec: Receivable, ends: list[date], moved: list[Decimal]) -> None:
    """A receivable with a write-off or an opening balance, allocated on each date: whether a
    payment after a write-off settles the books depends on the balance on its date (§6.0)."""
    before = ZERO
    for index, day in enumerate(ends):
        now = position(rec, day).outstanding
        moved[index] += now - before
        before = now


def outstanding_at(ledger: Ledger, dates: Sequence[date], currency: str) -> tuple[Decimal, ...]:
    """The summed on-book outstanding of the receivables in `currency` on each of `dates`.

    Equal to the `outstanding` of `total_report(ledger, day).totals` for that currency
    on every day (0 where the currency has none).
    """
    ends = sorted(set(dates))
    if not ends:
        return ()
    moved = [ZERO] * len(ends)
    for rec in ledger.receivables.values():
        if ledger.currency(rec) != currency:
            continue
        if any(isinstance(e, (WriteOff, Opening)) for e in rec.events):
            _by_position(rec, ends, moved)
            continue
        for day, amount in outstanding_changes(rec, ends[-1]):
            moved[bisect_left(ends, day)] += amount
    running, at = ZERO, {}
    for day, amount in zip(ends, moved):
        running += amount
        at[day] = running
    return tuple(at[day] for day in dates)
