"""Credit-hold figures on many days at once when payments name their invoice (`applies_to`).

Named allocation has no prefix property (holdsweep.py), and P007 computing the position
afresh for every invoice date made a 4,000-event file take 48.8 s. This sweep keeps one
running allocation (figures.position.Allocation) and feeds it, day by day, the bills
issued and the money recorded since the day before. That equals the position computed
afresh on the new day (DESIGN §6.0) as long as the old money settles the old bills in the
same way once the new bills are there, which holds when

- money left unapplied flows into the new bills, FIFO, as it would if allocated afresh;
- every new bill ranks after every bill already issued (FIFO order: due, date, file order);
- no new bill carries a ref that money already named (the named bills come first);
- no new reversal cancels money already allocated (it is cancelled from its own date).

When one of these fails the allocation is started again on that day, so the figures are
always the position's; a file with bills in due order and payments after their invoice,
the usual case, is allocated once: O(events · log events) in all. Receivables with a
write-off or an opening balance are left to the position itself (holds.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta

from ..figures.position import Allocation, Bill, bills_of
from ..model.receivable import CreditNote, Payment, Receivable, Reversal, Transfer
from ..money import ZERO
from .holdsweep import DayFigures, Fenwick


class _Run:
    """One receivable's running allocation over ascending days."""

    def __init__(self, rec: Receivable, final: list[Bill]) -> None:
        self.final = final
        self.dues = [b.due for b in final]  # ascending: the final FIFO order
        self.issue_order = sorted(range(len(final)), key=lambda r: final[r].date)
        self.events = sorted(rec.events, key=lambda e: e.date)  # stable: file order in a day
        self.reset()

    def reset(self) -> None:
        """Start again with nothing issued and nothing recorded."""
        self.alloc = Allocation([])
        self.ranks: list[int] = []  # allocation index → rank in the final FIFO order
        self.by_line: dict[int, list[int]] = {}
        self.open = Fenwick(len(self.final))
        self.issued = ZERO
        self.next_bill = self.next_event = self.seen = 0
        self.named: set[str] = set()
        self.paid: set[str] = set()
        self.reversed: set[str] = set()
        self.transferred = False

    def advance(self, day: date) -> None:
        """Bring the allocation to `day`: the position's on that day."""
        new, chunk = self._pending(day)
        if not self._extends(new, chunk):
            self.reset()
            new, chunk = self._pending(day)
        for rank in sorted(new):
            self._issue(rank)
        if new:
            self.alloc.absorb(day)  # money beyond every earlier bill settles the new ones
        self.reversed |= {e.ref for e in chunk if isinstance(e, Reversal)}
        for event in chunk:
            self._take(event)
        for done in self.alloc.settlements[self.seen:]:
            self.open.add(self.ranks[done.bill], -done.amount)
        self.seen = len(self.alloc.settlements)

    def _pending(self, day: date) -> tuple[list[int], list[object]]:
        start_bill, start_event = self.next_bill, self.next_event
        while self.next_bill < len(self.issue_order) \
                and self.final[self.issue_order[self.next_bill]].date <= day:
            self.next_bill += 1
        while self.next_event < len(self.events) and self.events[self.next_event].date <= day:
            self.next_event += 1
        return (self.issue_order[start_bill:self.next_bill],
                list(self.events[start_event:self.next_event]))

    def _extends(self, new: list[int], chunk: list[object]) -> bool:
        """Whether feeding `new` bills and `chunk` events equals allocating afresh (see above)."""
        if any(isinstance(e, Reversal) and e.ref in self.paid for e in chunk):
            return False
        if not new:
            return True
        if self.ranks and min(new) < self.ranks[-1]:
            return False
        return not any(self.final[rank].ref in self.named for rank in new)

    def _issue(self, rank: int) -> None:
        bill = self.final[rank]
        self.by_line.setdefault(bill.line, []).append(len(self.ranks))
        self.ranks.append(rank)
        self.alloc.issue(bill)
        self.open.add(rank, bill.amount)
        self.issued += bill.amount

    def _take(self, event: object) -> None:
        """One event, as figures.position takes it (no write-off or opening here)."""
        if isinstance(event, Transfer):
            self.transferred = True
        if not isinstance(event, (Payment, CreditNote)):
            return
        if event.applies_to:
            self.named.add(event.applies_to)
        if isinstance(event, Payment) and event.ref is not None and event.ref in self.reversed:
            self.alloc.reversed.append(event)
        elif isinstance(event, Payment):
            self.alloc.pay(event)
            if event.ref is not None:
                self.paid.add(event.ref)
        else:
            self.alloc.reduce(event)

    def figures(self, day: date, overdue_days: int, lines: Sequence[int]) -> DayFigures:
        past = bisect_left(self.dues, day - timedelta(days=overdue_days))
        owed = self.issued - self.alloc.totals["payment"] - self.alloc.totals["credit"]
        open_of = {line: sum((self.alloc.open[i] for i in self.by_line.get(line, ())), ZERO)
                   for line in lines}
        return DayFigures(self.open.before(past), owed, open_of)


def named_sweepable(rec: Receivable) -> bool:
    """Whether the running allocation applies: no write-off or opening balance (after those a
    payment settles what was on the books on its own date, DESIGN §6.0)."""
    return not any(e.type in ("writeoff", "opening") for e in rec.events)


def named_sweep(rec: Receivable, days: Sequence[date], overdue_days: int,
                lines: dict[date, list[int]]) -> dict[date, DayFigures | None]:
    """Figures of `rec` on each of `days` (ascending), as holdsweep.sweep gives them, for a
    receivable whose payments or credits may name their invoice."""
    run = _Run(rec, bills_of(rec, days[-1]) if days else [])
    starts = [e.date for e in rec.events] + [s.from_ for s in rec.schedule]
    first = min(starts) if starts else None
    out: dict[date, DayFigures | None] = {}
    for day in days:
        run.advance(day)
        if first is None or first > day or run.transferred:
            out[day] = None
            continue
        out[day] = run.figures(day, overdue_days, lines.get(day, ()))
    return out
