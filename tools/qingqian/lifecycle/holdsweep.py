"""A receivable's credit-hold figures on many days at once, in O((events + days) · log events).

P007 asks, for every invoice, whether its debtor was on hold that day; computing the
allocation afresh per invoice made a 2,000-event file take 44.6 s (quadratic). This
sweep walks the days in order and keeps, as it goes, the money on the books and the
bills issued, in a Fenwick tree by FIFO rank. It relies on DESIGN §6.0: without
`applies_to`, money settles bills in (due, date, file order) order, so on a day `d`

- the applied total is min(bills issued, money on the books);
- the bills more than `overdue_days` past due are a prefix of that order, so their
  open balance is max(0, their sum − applied);
- one bill's open balance is its amount less what the applied total covers of it.

A receivable with `applies_to` anywhere is swept by namedsweep.py (a running
allocation fed day by day); one with a write-off or an opening balance by
`figures.position` per day.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..figures.position import bills_of
from ..model.receivable import CreditNote, Payment, Receivable, Reversal, Transfer, WriteOff
from ..money import ZERO


@dataclass(frozen=True, slots=True)
class DayFigures:
    """On one day: the balance past the trigger days, the outstanding, open of asked bills."""

    late: Decimal
    owed: Decimal
    open_of: dict[int, Decimal]  # bill line → open balance, for the lines asked about


class Fenwick:
    """Prefix sums of Decimals over fixed positions, updated one position at a time."""

    def __init__(self, size: int) -> None:
        self.tree = [ZERO] * (size + 1)

    def add(self, index: int, value: Decimal) -> None:
        index += 1
        while index < len(self.tree):
            self.tree[index] += value
            index += index & -index

    def before(self, index: int) -> Decimal:
        """The sum of positions 0 … index-1."""
        total = ZERO
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total


class _Money:
    """Money on the books as events come in date order (reversals, recoveries as in position)."""

    def __init__(self) -> None:
        self.total = ZERO
        self.by_ref: dict[str, Decimal] = {}
        self.reversed: set[str] = set()
        self.first_writeoff: date | None = None
        self.transferred = False

    def take(self, event: object) -> None:
        if isinstance(event, Reversal):
            if event.ref not in self.reversed:
                self.reversed.add(event.ref)
                self.total -= self.by_ref.pop(event.ref, ZERO)
        elif isinstance(event, Payment):
            if event.ref is not None and event.ref in self.reversed:
                return
            if self.first_writeoff is not None and event.date > self.first_writeoff:
                return  # a recovery: off the books
            self.total += event.amount
            if event.ref is not None:
                self.by_ref[event.ref] = self.by_ref.get(event.ref, ZERO) + event.amount
        elif isinstance(event, (CreditNote, WriteOff)):
            self.total += event.amount
            if isinstance(event, WriteOff) and self.first_writeoff is None:
                self.first_writeoff = event.date
        elif isinstance(event, Transfer):
            self.transferred = True


def sweepable(rec: Receivable) -> bool:
    """Whether the prefix argument holds: no payment or credit names its invoice, and no
    write-off or opening balance (after those, whether a payment settles the books depends on
    the balance on its date: the position itself is asked, DESIGN §6.0)."""
    return not any(getattr(e, "applies_to", None) or e.type in ("writeoff", "opening")
                   for e in rec.events)


def sweep(rec: Receivable, days: Sequence[date], overdue_days: int,
          lines: dict[date, list[int]]) -> dict[date, DayFigures | None]:
    """Figures of `rec` on each of `days` (ascending); None where it does not count that day
    (transferred, or nothing issued or recorded yet)."""
    bills = bills_of(rec, days[-1]) if days else []
    dues = [b.due for b in bills]
    rank_of_line = {b.line: i for i, b in enumerate(bills)}
    issue = sorted(range(len(bills)), key=lambda i: bills[i].date)
    events = sorted(rec.events, key=lambda e: e.date)
    starts = [e.date for e in rec.events] + [s.from_ for s in rec.schedule]
    first = min(starts) if starts else None
    issued, money = Fenwick(len(bills)), _Money()
    next_bill = next_event = 0
    out: dict[date, DayFigures | None] = {}
    for day in days:
        while next_bill < len(issue) and bills[issue[next_bill]].date <= day:
            issued.add(issue[next_bill], bills[issue[next_bill]].amount)
            next_bill += 1
        while next_event < len(events) and events[next_event].date <= day:
            money.take(events[next_event])
            next_event += 1
        if first is None or first > day or money.transferred:
            out[day] = None
            continue
        total = issued.before(len(bills))
        applied = min(total, money.total)
        past = bisect_left(dues, day - timedelta(days=overdue_days))  # due before the trigger
        late = max(ZERO, issued.before(past) - applied)
        open_of = {}
        for line in lines.get(day, ()):
            rank = rank_of_line.get(line)
            if rank is not None and bills[rank].date <= day:
                before = issued.before(rank)
                amount = bills[rank].amount
                open_of[line] = min(amount, max(ZERO, before + amount - applied))
        out[day] = DayFigures(late, total - money.total, open_of)
    return out
