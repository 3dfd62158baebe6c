"""Alert rules (A): deadlines and broken commitments that need someone to act soon.

They read the lifecycle library (limitation, guarantees, cases), so the alerts
and the `limitation` and `cases` reports always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..findings import WARNING, Finding
from ..ledger import Ledger
from ..lifecycle.cases import cases, covering, entry_on, judgment_of
from ..lifecycle.limitation import LimitationRow, add_years, guarantees, limitation
from ..model.case import SUIT_STAGES
from ..model.receivable import Promise
from ..money import ZERO
from .registry import finding, rule

ACTIVITY = ("visit", "demand", "acknowledgment", "payment")
_IGNORED_HINT = {"unsigned": "visit of {} was not signed by the debtor (`signed: true`)",
                 "undelivered": "demand of {} has no proof of delivery: record the delivery "
                                "receipt as `delivered:`",
                 "after-expiry": "{} ({}) came after the expiry and does not revive the claim"}


def _ignored_note(row: LimitationRow) -> str:
    if not row.ignored:
        return ""
    last = row.ignored[-1]
    return "; the " + _IGNORED_HINT[last.reason].format(last.date, last.type)


def limitation_expired(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """The limitation period of a claim has run out (a judgment's window is A007's)."""
    if ledger.rules is None:
        return
    for row in ledger.memo(("limitation", as_of), lambda: limitation(ledger, as_of)):
        if row.status == "expired" and row.basis != "judgment":
            yield finding("A001", (row.path, row.line or 1, 1),
                          f"{row.receivable}: limitation expired on {row.expires} "
                          f"({row.basis} of {row.basis_date}); claim {row.claim}" + _ignored_note(row),
                          "only a debtor-signed acknowledgment or a payment revives it"
                          + ("" if row.outstanding <= 0 else
                             "; otherwise consider a write-off under policies/rules.yaml writeoff.bases"))


def limitation_near(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """The limitation period of a claim ends within limitation.warn_days."""
    if ledger.rules is None:
        return
    for row in ledger.memo(("limitation", as_of), lambda: limitation(ledger, as_of)):
        if row.status == "near" and row.basis != "judgment":
            yield finding("A002", (row.path, row.line or 1, 1),
                          f"{row.receivable}: limitation expires on {row.expires}, in {row.days_left} days "
                          f"({row.basis} of {row.basis_date}); claim {row.claim}" + _ignored_note(row),
                          "interrupt it: a demand with `delivered:`, a visit record the debtor signs "
                          "(`signed: true`), an acknowledgment, or file suit")


def guarantee_ending(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A guarantor's guarantee period ends within limitation.warn_days while the debt is unpaid."""
    if ledger.rules is None:
        return
    warn = ledger.rules.limitation.warn_days
    for row in guarantees(ledger, as_of):
        if 0 <= row.days_left <= warn:
            how = ("send a written demand to the joint guarantor" if row.kind == "joint"
                   else "sue the debtor (general guarantee)")
            yield finding("A003", (row.path, row.line or 1, 1),
                          f"guarantee period of {row.guarantor} ends on {row.period_end}, "
                          f"in {row.days_left} days; {row.claim} still owed",
                          f"{how} before {row.period_end}; the period cannot be interrupted")


def promise_broken(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A debtor's promise to pay by a date was not kept (payments up to that date fall short)."""
    for ident, rec in ledger.receivables.items():
        pos = ledger.position(rec, as_of)
        if pos.outstanding <= 0 or pos.transferred:
            continue
        paid_in = (*pos.payments, *pos.recoveries)
        for event in rec.events:
            if not isinstance(event, Promise) or event.by_date >= as_of:
                continue
            paid = sum((p.amount for p in paid_in if event.date <= p.date <= event.by_date), ZERO)
            if paid < event.amount:
                yield finding("A004", (ledger.path_of[ident], event.line, 1),
                              f"promise of {event.amount} by {event.by_date} broken: {paid} paid",
                              "follow up with a demand (record `delivered:`) or escalate to a case")


def installment_missed(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An installment of a repayment agreement is past due and not covered by payments since."""
    for row in cases(ledger, as_of):
        if row.stage == "closed":
            continue
        for missed in row.missed:
            item = missed.installment
            yield finding("A005", (ledger.path_of[row.case.id], item.line or missed.agreement.line, 1),
                          f"installment of {item.amount} due {item.due} missed: {missed.paid} paid "
                          f"since {missed.agreement.date} against {missed.due_total} due",
                          "demand payment under the agreement, or move the case on")


def stale_collection(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An overdue receivable has had no visit, demand, acknowledgment or payment for stale_days."""
    if ledger.rules is None:
        return
    days = ledger.rules.stale_days
    since = as_of - timedelta(days=days)
    index = covering(ledger)
    for ident, rec in ledger.receivables.items():
        pos = ledger.position(rec, as_of)
        if pos.overdue <= 0 or pos.transferred:
            continue
        dates = [e.date for e in rec.events if e.type in ACTIVITY and e.date <= as_of]
        # a case moving on is collection activity too
        dates += [s.date for c in index.get(ident, ()) for s in c.stages if s.date <= as_of]
        # the quiet time counts from when the oldest open bill fell due, at the earliest
        fell_due = min(b.due for b, left in zip(pos.bills, pos.open) if left > 0 and b.due < as_of)
        last = max(dates, default=None)
        if max(last or fell_due, fell_due) < since:
            when = f"since {last}" if last else f"since it fell due on {fell_due}"
            yield finding("A006", ledger.where(ledger.path_of[ident], "events"),
                          f"{pos.overdue} overdue and no collection activity {when} "
                          f"(more than {days} days)",
                          "visit the debtor or send a demand, and record it")


def enforcement_deadline(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A judgment's enforcement application window ends within warn_days (or has ended) unapplied."""
    if ledger.rules is None:
        return
    policy = ledger.rules.limitation
    for ident, case in ledger.cases.items():
        found = judgment_of(case, as_of)
        current = entry_on(case, as_of)
        if found is None or (current and current.stage == "closed"):
            continue
        entry, judgment = found
        if any(s.stage == "enforcement" and s.date <= as_of for s in case.stages):
            continue
        ends = add_years(judgment.pay_by or judgment.date, policy.enforcement_years)
        left = (ends - as_of).days
        if left <= policy.warn_days:
            state = f"ended on {ends}" if left < 0 else f"ends on {ends}, in {left} days"
            yield finding("A007", (ledger.path_of[ident], entry.line, 1),
                          f"enforcement window of the judgment of {judgment.date} {state}, "
                          "and no enforcement stage is recorded",
                          "apply to the court for enforcement and record an `enforcement` stage")


def preservation_without_suit(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A pre-suit preservation is not (or not in time) followed by a suit."""
    if ledger.rules is None:
        return
    days = ledger.rules.limitation.preservation_suit_days
    for ident, case in ledger.cases.items():
        current = entry_on(case, as_of)
        if current and current.stage == "closed":
            continue
        for entry in case.stages:
            if entry.stage != "preservation" or entry.date > as_of:
                continue
            by = entry.date + timedelta(days=days)
            if any(s.stage in SUIT_STAGES and entry.date <= s.date <= min(by, as_of)
                   for s in case.stages):
                continue
            left = (by - as_of).days
            state = f"by {by}, {left} days left" if left >= 0 else f"by {by}, {-left} days ago"
            yield finding("A008", (ledger.path_of[ident], entry.line, 1),
                          f"preservation of {entry.date} must be followed by a suit {state}",
                          "file suit and record a `litigation` stage, or the preservation lapses")


RULES = (
    rule("A001", "limitation-expired", WARNING, limitation_expired),
    rule("A002", "limitation-near", WARNING, limitation_near),
    rule("A003", "guarantee-ending", WARNING, guarantee_ending),
    rule("A004", "promise-broken", WARNING, promise_broken),
    rule("A005", "installment-missed", WARNING, installment_missed),
    rule("A006", "stale-collection", WARNING, stale_collection),
    rule("A007", "enforcement-deadline", WARNING, enforcement_deadline),
    rule("A008", "preservation-without-suit", WARNING, preservation_without_suit),
)
