"""Ledger rules (L): the arithmetic and the order of a receivable's events hold together."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..figures.position import Position
from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..model.receivable import CreditNote, Payment, Transfer, WriteOff
from ..money import ZERO
from .registry import finding, rule


def over_collected(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Collected plus credited plus written off exceeds what was invoiced."""
    for ident, rec in ledger.receivables.items():
        pos = ledger.position(rec, as_of)
        if pos.unapplied <= 0:
            continue
        culprit = _first_excess(pos)
        if isinstance(culprit, WriteOff):
            continue  # reported as L003
        line = culprit.line if culprit else 0
        yield finding("L001", (ledger.path_of[ident], line or 1, 1),
                      f"collected {pos.collected} + credited {pos.credited} + written off "
                      f"{pos.written_off} exceeds invoiced {pos.invoiced} by {pos.unapplied}",
                      "record the missing invoice, or correct the amount")


def _first_excess(pos: Position) -> Payment | CreditNote | WriteOff | None:
    """The money event that first takes the total past what was invoiced."""
    running = ZERO
    on_books = {id(p) for p in pos.payments}  # identity: two equal payments are still two
    events = [e for e in pos.receivable.events if isinstance(e, (CreditNote, WriteOff))
              or (isinstance(e, Payment) and id(e) in on_books)]
    for event in sorted(events, key=lambda e: e.date):
        running += event.amount
        if running > pos.invoiced:
            return event
    return None


def future_payment(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A payment dated after the as-of date (money cannot arrive in the future)."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, Payment) and event.date > as_of:
                yield finding("L002", (ledger.path_of[ident], event.line, 1),
                              f"payment dated {event.date}, after {as_of}",
                              "record payments when the money has arrived")


def writeoff_exceeds_outstanding(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off larger than what was outstanding when it was made."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if not isinstance(event, WriteOff) or event.date > as_of:
                continue
            pos = ledger.position(rec, event.date)
            if pos.unapplied > 0 and isinstance(_first_excess(pos), WriteOff):
                yield finding("L003", (ledger.path_of[ident], event.line, 1),
                              f"write-off of {event.amount} exceeds the outstanding "
                              f"{pos.outstanding + event.amount} on {event.date}",
                              "write off at most what is outstanding on that date")
                break


def event_after_transfer(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An event dated after the claim was transferred to a third party."""
    for ident, rec in ledger.receivables.items():
        transfers = [e.date for e in rec.events if isinstance(e, Transfer)]
        if not transfers:
            continue
        when = min(transfers)
        for event in rec.events:
            if event.date > when:
                yield finding("L004", (ledger.path_of[ident], event.line, 1),
                              f"{event.type} dated {event.date} after the claim was transferred on {when}",
                              "a transferred claim belongs to its buyer: record nothing after the transfer")


def events_out_of_order(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Events not in date order within the file (allocation still sorts them by date)."""
    for ident, rec in ledger.receivables.items():
        previous: date | None = None
        for event in rec.events:
            if previous and event.date < previous:
                yield finding("L005", (ledger.path_of[ident], event.line, 1),
                              f"{event.type} dated {event.date} comes after an event dated {previous}",
                              "keep events in date order")
            previous = max(previous or event.date, event.date)


def over_recovered(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Recoveries after a write-off exceed the amount written off."""
    for ident, rec in ledger.receivables.items():
        pos = ledger.position(rec, as_of)
        if pos.recovered > pos.written_off:
            line = pos.recoveries[-1].line
            yield finding("L006", (ledger.path_of[ident], line, 1),
                          f"recovered {pos.recovered} exceeds written off {pos.written_off}",
                          "a payment after a write-off recovers at most what was written off")


def duplicate_payment_ref(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Two payments of one receivable share a `ref` under different methods (the same receipt twice?).

    The same method and `ref` twice is one receipt booked twice: an error, L009."""
    for ident, rec in ledger.receivables.items():
        methods: dict[str, str] = {}
        for event in rec.events:
            if not isinstance(event, Payment) or not event.ref or event.receipt:
                continue
            if event.ref in methods and methods[event.ref] != event.method:
                yield finding("L007", (ledger.path_of[ident], event.line, 1),
                              f"payment ref `{event.ref}` is used twice",
                              "each receipt is recorded once; give a replacement its own ref")
            methods.setdefault(event.ref, event.method)


def schedule_backwards(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A recurring schedule whose `from` date is after its `to` date."""
    for ident, rec in ledger.receivables.items():
        for item in rec.schedule:
            if item.from_ > item.to:
                yield finding("L008", (ledger.path_of[ident], item.line, 1),
                              f"schedule `{item.item}` runs from {item.from_} to the earlier {item.to}",
                              "swap `from` and `to`")


RULES = (
    rule("L001", "over-collected", ERROR, over_collected),
    rule("L002", "future-payment", ERROR, future_payment),
    rule("L003", "writeoff-exceeds-outstanding", ERROR, writeoff_exceeds_outstanding),
    rule("L004", "event-after-transfer", ERROR, event_after_transfer),
    rule("L005", "events-out-of-order", WARNING, events_out_of_order),
    rule("L006", "over-recovered", ERROR, over_recovered),
    rule("L007", "duplicate-payment-ref", WARNING, duplicate_payment_ref),
    rule("L008", "schedule-backwards", ERROR, schedule_backwards),
)
