"""Alert rules (A): deadlines and broken commitments that need someone to act soon.

They read the one list of deadlines (qingqian.collect.deadlines, built on the
lifecycle library), so the alerts, `qingqian todo` and the `limitation` and `cases`
reports always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..collect.deadlines import ACTIVITY, Deadline, deadlines
from ..findings import WARNING, Finding
from ..ledger import Ledger
from ..lifecycle.limitation import LimitationRow
from .registry import finding, rule

__all__ = ["ACTIVITY", "RULES"]
_IGNORED_HINT = {"unsigned": "{1} of {0} was not signed by the debtor (`signed: true`, or an "
                            "acknowledgment's `signed_by`)",
                 "undelivered": "demand of {} has no proof of delivery: record the delivery "
                                "receipt as `delivered:`",
                 "after-expiry": "{} ({}) came after the expiry and does not revive the claim"}


def _ignored_note(row: LimitationRow) -> str:
    if not row.ignored:
        return ""
    last = row.ignored[-1]
    return "; the " + _IGNORED_HINT[last.reason].format(last.date, last.type)


def _alerts(ledger: Ledger, as_of: date, rule_id: str) -> Iterator[Deadline]:
    """The deadlines that rule `rule_id` reports: one computation shared with `qingqian todo`."""
    return (d for d in deadlines(ledger, as_of) if d.alert == rule_id)


def limitation_expired(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """The limitation period of a claim has run out (a judgment's window is A007's)."""
    for item in _alerts(ledger, as_of, "A001"):
        row = item.source
        yield finding("A001", (item.path, item.line, 1),
                      f"{row.receivable}: limitation expired on {row.expires} "
                      f"({row.basis} of {row.basis_date}); claim {row.claim}" + _ignored_note(row),
                      "only the debtor's consent revives it: a signed acknowledgment or promise, "
                      "a repayment agreement, or a payment"
                      + ("" if row.outstanding <= 0 else
                         "; otherwise consider a write-off under policies/rules.yaml writeoff.bases"))


def limitation_near(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """The limitation period of a claim ends within limitation.warn_days."""
    for item in _alerts(ledger, as_of, "A002"):
        row = item.source
        yield finding("A002", (item.path, item.line, 1),
                      f"{row.receivable}: limitation expires on {row.expires}, in {row.days_left} days "
                      f"({row.basis} of {row.basis_date}); claim {row.claim}" + _ignored_note(row),
                      "interrupt it: a demand with `delivered:`, a visit record the debtor signs "
                      "(`signed: true`), an acknowledgment, or file suit")


def guarantee_ending(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A guarantor's guarantee period ends within limitation.warn_days while the debt is unpaid."""
    for item in _alerts(ledger, as_of, "A003"):
        row = item.source
        how = ("send a written demand to the joint guarantor" if row.kind == "joint"
               else "sue the debtor (general guarantee)")
        yield finding("A003", (item.path, item.line, 1),
                      f"guarantee period of {row.guarantor} ends on {row.period_end}, "
                      f"in {row.days_left} days; {row.claim} still owed",
                      f"{how} before {row.period_end}; the period cannot be interrupted")


def promise_broken(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A debtor's promise to pay by a date was not kept (payments up to that date fall short)."""
    for item in _alerts(ledger, as_of, "A004"):
        event, paid = item.source
        yield finding("A004", (item.path, item.line, 1),
                      f"promise of {event.amount} by {event.by_date} broken: {paid} paid",
                      "follow up with a demand (record `delivered:`) or escalate to a case")


def installment_missed(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An installment of a repayment agreement is past due and not covered by payments since."""
    for item in _alerts(ledger, as_of, "A005"):
        missed = item.source
        yield finding("A005", (item.path, item.line, 1),
                      f"installment of {missed.installment.amount} due {missed.installment.due} "
                      f"missed: {missed.paid} paid since {missed.agreement.date} "
                      f"against {missed.due_total} due",
                      "demand payment under the agreement, or move the case on")


def stale_collection(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An overdue receivable has had no visit, demand, acknowledgment or payment for stale_days."""
    for item in _alerts(ledger, as_of, "A006"):
        overdue, last, fell_due = item.source
        days = ledger.rules.stale_days  # type: ignore[union-attr]
        when = f"since {last}" if last else f"since it fell due on {fell_due}"
        yield finding("A006", (item.path, item.line, 1),
                      f"{overdue} overdue and no collection activity {when} "
                      f"(more than {days} days)",
                      "visit the debtor or send a demand, and record it")


def enforcement_deadline(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A judgment's enforcement application window ends within warn_days (or has ended) unapplied."""
    for item in _alerts(ledger, as_of, "A007"):
        left = (item.date - as_of).days
        state = f"ended on {item.date}" if left < 0 else f"ends on {item.date}, in {left} days"
        yield finding("A007", (item.path, item.line, 1),
                      f"enforcement window of the judgment of {item.source.date} {state}, "
                      "and no enforcement stage is recorded",
                      "apply to the court for enforcement and record an `enforcement` stage")


def preservation_without_suit(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A pre-suit preservation is not (or not in time) followed by a suit."""
    for item in _alerts(ledger, as_of, "A008"):
        left = (item.date - as_of).days
        by = item.date
        state = f"by {by}, {left} days left" if left >= 0 else f"by {by}, {-left} days ago"
        yield finding("A008", (item.path, item.line, 1),
                      f"preservation of {item.source.date} must be followed by a suit {state}",
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
