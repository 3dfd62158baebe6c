"""Derived figures of one receivable as of a date: the one allocation everything uses.

DESIGN §6.0: payments, credits and write-offs settle the open invoice with the
earliest due date first (then earliest date, then file order) unless
`applies_to` names one; a payment dated after a write-off is a recovery and
settles nothing on the books; a reversal cancels its payment from its own date.
Aging, interest, overdue, limitation and commission all read this allocation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..model.receivable import (
    CreditNote,
    Invoice,
    Payment,
    Receivable,
    Reversal,
    Transfer,
    WriteOff,
)
from ..money import ZERO, cents
from .schedule import occurrences

Day = date  # the type, inside classes whose field `date` hides it


@dataclass(frozen=True, slots=True)
class Bill:
    """An invoice as the allocation sees it, explicit or expanded from a schedule."""

    order: int  # file order
    date: date
    due: Day  # `date` is the field above here
    amount: Decimal
    ref: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Settlement:
    """A portion of a payment, credit or write-off that settled one bill."""

    bill: int  # index into Position.bills
    date: date
    amount: Decimal
    kind: str  # payment | credit | writeoff
    event: Payment | CreditNote | WriteOff


@dataclass(frozen=True, slots=True)
class Position:
    """A receivable's derived figures as of one date (DESIGN §3.2 'Derived, never stored')."""

    receivable: Receivable
    as_of: date
    bills: tuple[Bill, ...]
    open: tuple[Decimal, ...]  # open balance of each bill after allocation
    settlements: tuple[Settlement, ...]
    payments: tuple[Payment, ...]  # effective payments on the books (no recoveries, not reversed)
    recoveries: tuple[Payment, ...]  # payments dated after a write-off
    reversed: tuple[Payment, ...]  # payments cancelled by a reversal dated on or before as_of
    invoiced: Decimal
    collected: Decimal
    credited: Decimal
    written_off: Decimal
    recovered: Decimal
    unapplied: Decimal  # money beyond every invoice: an over-collection
    interest: Decimal
    transferred: bool

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.collected - self.credited - self.written_off

    @property
    def off_book(self) -> Decimal:
        """账销案存余额: written off and not yet recovered."""
        return self.written_off - self.recovered

    @property
    def overdue(self) -> Decimal:
        return sum((b for bill, b in zip(self.bills, self.open) if bill.due < self.as_of), ZERO)

    @property
    def status(self) -> str:
        if self.transferred:
            return "transferred"
        if self.outstanding > 0 or self.invoiced == 0:
            return "open"
        return "written-off" if self.written_off > 0 else "settled"

    def days_past_due(self, index: int, on: date | None = None) -> int:
        return ((on or self.as_of) - self.bills[index].due).days


def bills_of(rec: Receivable, as_of: date) -> list[Bill]:
    """Every invoice dated on or before `as_of`, schedules expanded, in FIFO order."""
    due_days = (rec.terms.due_days if rec.terms else None) or 0
    bills: list[Bill] = []
    for item in rec.schedule:
        days = item.due_days if item.due_days is not None else due_days
        for k, day in enumerate(occurrences(item, as_of)):
            bills.append(Bill(item.line * 100_000 + k, day, day + timedelta(days=days), item.amount,
                              f"{item.item}-{day.isoformat()}", item.line))
    for e_index, event in enumerate(rec.events):
        if isinstance(event, Invoice) and event.date <= as_of:
            due = event.due or event.date + timedelta(days=due_days)
            bills.append(Bill(event.line * 100_000 + 50_000 + e_index, event.date, due,
                              event.amount, event.ref, event.line))
    bills.sort(key=lambda b: (b.due, b.date, b.order))
    return bills


def _interest_rate(rec: Receivable, default_rate: Decimal | None, default_basis: str) -> Decimal:
    """The daily rate: the contract's, else the policy default; annual rates over 365 days."""
    terms = rec.terms.interest if rec.terms else None
    rate, basis = (terms.rate, terms.basis) if terms else (default_rate, default_basis)
    if not rate:
        return ZERO
    return rate if basis == "daily" else rate / Decimal(365)


def position(rec: Receivable, as_of: date, default_rate: Decimal | None = None,
             default_basis: str = "annual") -> Position:
    """Allocate every money event dated on or before `as_of` against the bills."""
    events = [e for e in rec.events if e.date <= as_of]
    bills = bills_of(rec, as_of)
    reversed_refs = {e.ref for e in events if isinstance(e, Reversal)}
    first_writeoff = min((e.date for e in events if isinstance(e, WriteOff)), default=None)
    open_ = [b.amount for b in bills]
    changes: list[list[tuple[date, Decimal]]] = [[] for _ in bills]
    settlements: list[Settlement] = []
    payments: list[Payment] = []
    recoveries: list[Payment] = []
    reversed_: list[Payment] = []
    totals = {"payment": ZERO, "credit": ZERO, "writeoff": ZERO}
    unapplied = ZERO
    money = [e for e in events if isinstance(e, (Payment, CreditNote, WriteOff))]
    money.sort(key=lambda e: e.date)  # stable: file order within a day
    targets = _Targets(bills, open_)
    for event in money:
        if isinstance(event, Payment):
            if event.ref is not None and event.ref in reversed_refs:
                reversed_.append(event)
                continue
            if first_writeoff is not None and event.date > first_writeoff:
                recoveries.append(event)
                continue
            payments.append(event)
        kind = "credit" if isinstance(event, CreditNote) else event.type  # deposit offsets too
        totals[kind] += event.amount
        left = event.amount
        for index in targets.of(event.__dict__.get("applies_to")):  # getattr misses are slow
            if left <= 0:
                break
            portion = min(left, open_[index])
            open_[index] -= portion
            left -= portion
            changes[index].append((event.date, open_[index]))
            settlements.append(Settlement(index, event.date, portion, kind, event))
        unapplied += left
    rate = _interest_rate(rec, default_rate, default_basis)
    interest = sum((_bill_interest(b, c, as_of, rate) for b, c in zip(bills, changes)), ZERO)
    return Position(
        receivable=rec, as_of=as_of, bills=tuple(bills), open=tuple(open_),
        settlements=tuple(settlements), payments=tuple(payments), recoveries=tuple(recoveries),
        reversed=tuple(reversed_), invoiced=sum((b.amount for b in bills), ZERO),
        collected=totals["payment"], credited=totals["credit"], written_off=totals["writeoff"],
        recovered=sum((p.amount for p in recoveries), ZERO), unapplied=unapplied,
        interest=cents(interest) if rate else ZERO,
        transferred=any(isinstance(e, Transfer) for e in events),
    )


class _Targets:
    """Bill indexes in settlement order: the named invoice's bills first, then FIFO.

    Open balances only fall, so the first open bill (overall, and per ref) only moves
    forward: each call resumes there instead of walking settled bills again, which
    made one file with thousands of payments quadratic.
    """

    def __init__(self, bills: list[Bill], open_: list[Decimal]) -> None:
        self.open = open_
        self.fifo = 0
        self.named: dict[str | None, list[int]] = {}
        for index, bill in enumerate(bills):
            self.named.setdefault(bill.ref, []).append(index)
        self.named_next: dict[str, int] = {}

    def of(self, applies_to: str | None) -> Iterator[int]:
        if applies_to:
            named = self.named.get(applies_to, [])
            start = self.named_next.get(applies_to, 0)
            while start < len(named) and self.open[named[start]] <= 0:
                start += 1
            self.named_next[applies_to] = start
            for at in range(start, len(named)):  # lazily: the caller stops when money runs out
                if self.open[named[at]] > 0:
                    yield named[at]
        while self.fifo < len(self.open):
            if self.open[self.fifo] > 0:
                yield self.fifo
                if self.open[self.fifo] > 0:  # the caller stopped short: money ran out
                    return
            self.fifo += 1


def _bill_interest(bill: Bill, changes: list[tuple[date, Decimal]], as_of: date,
                   daily_rate: Decimal) -> Decimal:
    """Simple interest b × rate × days on each balance, from the due date to settlement or as-of."""
    if not daily_rate:
        return ZERO
    total = ZERO
    start, balance = bill.date, bill.amount
    for when, new_balance in [*changes, (as_of, bill.amount)]:
        end = min(when, as_of)
        days = (end - max(start, bill.due)).days
        if days > 0 and balance > 0:
            total += balance * daily_rate * days
        start, balance = max(start, end), new_balance
    return total


def collector_on(rec: Receivable, day: date) -> str:
    """The collector in effect on a date: the initial one, then each `assign` from its date.

    Of the assigns dated on or before the day, the last in file order wins. Asked once per
    event by reports and rules, so each receivable's assigns are indexed once (by date,
    with the latest file position so far) and every later question is a bisection.
    """
    dates, collectors = _assign_index(rec)
    at = bisect_right(dates, day)
    return collectors[at - 1] if at else rec.collector


_ASSIGNS: dict[int, tuple[Receivable, list[date], list[str]]] = {}


def _assign_index(rec: Receivable) -> tuple[list[date], list[str]]:
    kept = _ASSIGNS.get(id(rec))
    if kept is not None and kept[0] is rec:
        return kept[1], kept[2]
    assigns = sorted(((e.date, i, e.to) for i, e in enumerate(rec.events)  # type: ignore[union-attr]
                      if e.type == "assign"), key=lambda a: (a[0], a[1]))
    dates, collectors, last = [], [], (-1, rec.collector)
    for day, index, to in assigns:
        last = max(last, (index, to), key=lambda pair: pair[0])
        dates.append(day)
        collectors.append(last[1])
    if len(_ASSIGNS) > 200_000:  # the receivables of one run; a long-lived process starts over
        _ASSIGNS.clear()
    _ASSIGNS[id(rec)] = (rec, dates, collectors)  # the receivable is kept, so its id stays its own
    return dates, collectors
