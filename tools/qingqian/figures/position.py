"""Derived figures of one receivable as of a date: the one allocation everything uses.

DESIGN §6.0: payments, credits and write-offs settle the open invoice with the
earliest due date first (then earliest date, then file order) unless
`applies_to` names one; after a write-off (full or partial) a payment first settles
what is still on the books on its own date and only the excess is a recovery, which
reduces the written-off balance of the invoice it names, else of the written-off
invoice due first; events on one date apply in file order; a reversal cancels its
payment from its own date.
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
    Opening,
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
    kind: str  # payment | credit | writeoff | opening | recovery (of an off-book balance)
    event: Payment | CreditNote | WriteOff | Opening | Leftover


@dataclass(frozen=True)  # no slots: `settle` reads `applies_to` from the instance dict
class Leftover:
    """Money left unapplied on earlier days, settling bills issued since (a sweep over days,
    lifecycle/namedsweep.py); it names no invoice."""

    date: date
    applies_to: None = None


@dataclass(frozen=True, slots=True)
class Position:
    """A receivable's derived figures as of one date (DESIGN §3.2 'Derived, never stored')."""

    receivable: Receivable
    as_of: date
    bills: tuple[Bill, ...]
    open: tuple[Decimal, ...]  # open balance of each bill after allocation
    settlements: tuple[Settlement, ...]
    payments: tuple[Payment, ...]  # payments that settled something on the books (not reversed)
    recoveries: tuple[Payment, ...]  # payments (or their excess) beyond the books after a write-off
    reversed: tuple[Payment, ...]  # payments cancelled by a reversal dated on or before as_of
    invoiced: Decimal
    collected: Decimal
    credited: Decimal
    written_off: Decimal
    recovered: Decimal
    unapplied: Decimal  # money beyond every invoice: an over-collection
    interest: Decimal
    transferred: bool
    settled_before: Decimal = ZERO  # settled before the ledger took over (an `opening` event)
    off_open: tuple[Decimal, ...] = ()  # written off and not recovered, per bill

    @property
    def outstanding(self) -> Decimal:
        return (self.invoiced - self.collected - self.credited - self.written_off
                - self.settled_before)

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
    """Allocate every money event dated on or before `as_of` against the bills (DESIGN §6.0)."""
    events = [e for e in rec.events if e.date <= as_of]
    state = _Allocation(bills_of(rec, as_of))
    reversed_refs = {e.ref for e in events if isinstance(e, Reversal)}
    money = [e for e in events if isinstance(e, (Payment, CreditNote, WriteOff, Opening))]
    money.sort(key=lambda e: e.date)  # stable: file order within a day (DESIGN §6.0)
    for event in money:
        if isinstance(event, Payment) and event.ref is not None and event.ref in reversed_refs:
            state.reversed.append(event)
        elif isinstance(event, Payment):
            state.pay(event)
        elif isinstance(event, Opening):
            state.opening(event)
        else:
            state.reduce(event)
    bills = state.bills
    rate = _interest_rate(rec, default_rate, default_basis)
    interest = sum((_bill_interest(b, c, as_of, rate) for b, c in zip(bills, state.changes)), ZERO)
    return Position(
        receivable=rec, as_of=as_of, bills=tuple(bills), open=tuple(state.open),
        settlements=tuple(state.settlements), payments=tuple(state.payments),
        recoveries=tuple(state.recoveries), reversed=tuple(state.reversed),
        invoiced=sum((b.amount for b in bills), ZERO), collected=state.totals["payment"],
        credited=state.totals["credit"], written_off=state.totals["writeoff"],
        recovered=state.totals["recovery"], unapplied=state.unapplied,
        interest=cents(interest) if rate else ZERO,
        transferred=any(isinstance(e, Transfer) for e in events),
        settled_before=state.totals["opening"], off_open=tuple(state.off_open),
    )


class _Allocation:
    """The running state of one allocation: open and off-book balances per bill, and totals."""

    def __init__(self, bills: list[Bill]) -> None:
        self.bills = bills
        self.open = [b.amount for b in bills]
        self.targets = _Targets(bills, self.open)
        self.off_open = [ZERO for _ in bills]  # written off and not yet recovered, per bill
        self.changes: list[list[tuple[date, Decimal]]] = [[] for _ in bills]
        self.settlements: list[Settlement] = []
        self.payments: list[Payment] = []
        self.recoveries: list[Payment] = []
        self.reversed: list[Payment] = []
        self.totals = {k: ZERO for k in ("payment", "credit", "writeoff", "recovery", "opening")}
        self.unapplied = ZERO
        self.written_off = False

    def settle(self, event: Payment | CreditNote | WriteOff | Opening | Leftover, amount: Decimal,
               kind: str, dated_by: date | None = None) -> Decimal:
        """Settle on-book balances FIFO (the named invoice first); returns what is left.

        `dated_by` keeps to bills dated on or before it (what was on the books then)."""
        left = amount
        named = event.__dict__.get("applies_to")  # getattr misses are slow
        # on the books now: resume FIFO where it stopped (linear in the events, _Targets);
        # on the books on a date (after a write-off, an opening): every bill in order
        order = self.targets.of(named) if dated_by is None else _targets(self.bills, named)
        for index in order:
            if left <= 0:
                break
            if dated_by is not None and self.bills[index].date > dated_by:
                continue
            portion = min(left, self.open[index])
            if portion <= 0:
                continue
            self.open[index] -= portion
            left -= portion
            self.changes[index].append((event.date, self.open[index]))
            self.settlements.append(Settlement(index, event.date, portion, kind, event))
            if kind == "writeoff":
                self.off_open[index] += portion
        return left

    def issue(self, bill: Bill) -> None:
        """Add a bill that ranks after every bill already here (a sweep over days issues bills
        as their dates come; lifecycle/namedsweep.py checks the rank before it calls this)."""
        self.bills.append(bill)
        self.open.append(bill.amount)
        self.off_open.append(ZERO)
        self.changes.append([])
        self.targets.named.setdefault(bill.ref, []).append(len(self.bills) - 1)

    def absorb(self, day: date) -> None:
        """Money left unapplied settles the bills issued since, FIFO: as allocating afresh
        would, since it settled every earlier bill and new bills rank after them."""
        if self.unapplied > 0:
            self.unapplied = self.settle(Leftover(day), self.unapplied, "payment")

    def reduce(self, event: CreditNote | WriteOff) -> None:
        """A credit or write-off settles on-book balances; beyond them it is unapplied."""
        kind = "credit" if isinstance(event, CreditNote) else event.type  # deposit offsets too
        self.totals[kind] += event.amount
        self.unapplied += self.settle(event, event.amount, kind)
        self.written_off = self.written_off or isinstance(event, WriteOff)

    def pay(self, event: Payment) -> None:
        """A payment settles the books first; after a write-off only the excess is a recovery."""
        if not self.written_off:
            self.payments.append(event)
            self.totals["payment"] += event.amount
            self.unapplied += self.settle(event, event.amount, "payment")
            return
        left = self.settle(event, event.amount, "payment", dated_by=event.date)
        self.totals["payment"] += event.amount - left
        if left < event.amount:
            self.payments.append(event)
        if left > 0:
            self.recoveries.append(event)
            self.recover(event, left)

    def recover(self, event: Payment, amount: Decimal) -> None:
        """A recovery reduces the written-off balance of the invoice `applies_to` names, else of
        the written-off invoice with the earliest due date; beyond every one it is
        over-recovered."""
        self.totals["recovery"] += amount
        left = amount
        for index in _targets(self.bills, event.applies_to):
            portion = min(left, self.off_open[index])
            if portion <= 0:
                continue
            self.off_open[index] -= portion
            left -= portion
            self.settlements.append(Settlement(index, event.date, portion, "recovery", event))
            if left <= 0:
                break

    def opening(self, event: Opening) -> None:
        """What the bills on the books exceed the opening balance by was settled before the
        ledger (not a collection); a balance beyond them is owed as a bill of its own."""
        on = event.on
        owed = sum((b for bill, b in zip(self.bills, self.open) if bill.date <= on), ZERO)
        if owed > event.amount:
            self.totals["opening"] += owed - event.amount
            self.settle(event, owed - event.amount, "opening", dated_by=on)
        elif event.amount > owed:
            self.bills.append(Bill(event.line * 100_000 + 99_999, on, on, event.amount - owed,
                                   event.ref or "opening", event.line))
            self.open.append(event.amount - owed)
            self.off_open.append(ZERO)
            self.changes.append([])


def _targets(bills: list[Bill], applies_to: str | None) -> list[int]:
    """Bill indexes in settlement order: the named invoice first, then FIFO."""
    order = list(range(len(bills)))
    if applies_to:
        named = [i for i in order if bills[i].ref == applies_to]
        return named + [i for i in order if i not in named]
    return order


Allocation = _Allocation  # the running allocation, for sweeps that feed it day by day


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
