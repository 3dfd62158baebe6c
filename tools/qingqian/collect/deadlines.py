"""Every dated deadline of the ledger, computed once: the alert rules and the work queue read it.

`check`'s A rules (A001–A008) report the deadlines that carry an `alert`; `qingqian todo`
and `qingqian calendar` list them with the ones still ahead. Both read this one function,
so a finding in `check` and an item in `todo` never disagree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..ledger import Ledger
from ..lifecycle.cases import cases, covering, entry_on, judgment_of, received
from ..lifecycle.limitation import add_years, guarantees, limitation
from ..model.case import SUIT_STAGES
from ..model.receivable import Payment, Promise
from ..money import ZERO

ACTIVITY = ("visit", "demand", "acknowledgment", "payment")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date by which something must happen, or after which a right is lost."""

    # limitation | guarantee | promise | installment | preservation | enforcement | hearing
    # | activity
    kind: str
    date: date
    subject: str  # the receivable, case or debtor it belongs to
    basis: str  # what the date rests on: with subject and kind, a stable identity
    receivables: tuple[str, ...]
    amount: Decimal | None
    alert: str | None  # the A rule reporting it in `check`, or None while it is only ahead
    path: str
    line: int
    source: Any = field(default=None, compare=False, repr=False)


def deadlines(ledger: Ledger, as_of: date) -> tuple[Deadline, ...]:
    """Every deadline as of a date, by date then subject; computed once per ledger and date."""
    def compute() -> tuple[Deadline, ...]:
        found = [*promises(ledger, as_of), *installments(ledger, as_of)]
        if ledger.rules is not None:
            found += [*limitations(ledger, as_of), *guarantee_periods(ledger, as_of),
                      *activity(ledger, as_of), *enforcement_windows(ledger, as_of),
                      *preservations(ledger, as_of), *hearings(ledger, as_of)]
        return tuple(sorted(found, key=lambda d: (d.date, d.subject, d.kind, d.line)))
    return ledger.memo(("deadlines", as_of), compute)


def limitations(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """Each claim's limitation expiry (a judgment's window is `enforcement`; a suit suspends it)."""
    for row in ledger.memo(("limitation", as_of), lambda: limitation(ledger, as_of)):
        if row.basis == "judgment" or row.status == "suspended":
            continue
        alert = {"expired": "A001", "near": "A002"}.get(row.status)
        yield Deadline("limitation", row.expires, row.receivable, f"{row.basis}:{row.basis_date}",
                       (row.receivable,), row.claim, alert, row.path, row.line or 1, row)


def guarantee_periods(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """Each guarantee period still running while the debtor owes (it cannot be interrupted)."""
    assert ledger.rules is not None
    warn = ledger.rules.limitation.warn_days
    for row in guarantees(ledger, as_of):
        if row.days_left < 0:
            continue
        owing = tuple(r.id for r in ledger.receivables_of(row.debtor)
                      if ledger.position(r, as_of).outstanding > 0)
        yield Deadline("guarantee", row.period_end, row.debtor, row.guarantor, owing, row.claim,
                       "A003" if row.days_left <= warn else None, row.path, row.line or 1, row)


def _paid_between(payments: Sequence[Payment]) -> Callable[[date, date], Decimal]:
    """The sum paid from one date to another, both included, by bisection over prefix sums
    (a promise each day of a long file was quadratic when summed promise by promise)."""
    ordered = sorted(payments, key=lambda p: p.date)
    days = [p.date for p in ordered]
    totals = [ZERO]
    for payment in ordered:
        totals.append(totals[-1] + payment.amount)

    def paid(start: date, end: date) -> Decimal:
        return max(ZERO, totals[bisect_right(days, end)] - totals[bisect_left(days, start)])
    return paid


def promises(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """Each promise to pay not (yet) kept: broken when its date has passed (A004)."""
    for ident, rec in ledger.receivables.items():
        pos = ledger.position(rec, as_of)
        if pos.outstanding <= 0 or pos.transferred:
            continue
        paid_by = _paid_between((*pos.payments, *pos.recoveries))
        for event in rec.events:
            if not isinstance(event, Promise) or event.date > as_of:
                continue
            paid = paid_by(event.date, event.by_date)
            if paid >= event.amount:
                continue
            alert = "A004" if event.by_date < as_of else None
            yield Deadline("promise", event.by_date, ident, f"promise:{event.date}", (ident,),
                           event.amount - paid, alert, ledger.path_of[ident], event.line,
                           (event, paid))


def installments(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """Each installment of a repayment agreement not covered: missed once past due (A005)."""
    for row in cases(ledger, as_of):
        if row.stage == "closed":
            continue
        case, path = row.case, ledger.path_of[row.case.id]
        for missed in row.missed:
            item = missed.installment
            yield Deadline("installment", item.due, case.id, f"{missed.agreement.date}:{item.due}",
                           case.receivables, item.amount, "A005",
                           path, item.line or missed.agreement.line, missed)
        for agreement in case.agreements:
            if agreement.date > as_of:
                continue
            paid, due_total = received(ledger, case.receivables, agreement.date, as_of), ZERO
            for item in sorted(agreement.installments, key=lambda i: i.due):
                due_total += item.amount
                if item.due >= as_of and paid < due_total:
                    yield Deadline("installment", item.due, case.id, f"{agreement.date}:{item.due}",
                                   case.receivables, item.amount, None, path,
                                   item.line or agreement.line, None)


def activity(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """When an overdue receivable turns stale: stale_days after its last activity (A006)."""
    assert ledger.rules is not None
    days = ledger.rules.stale_days
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
        stale = max(last or fell_due, fell_due) + timedelta(days=days)
        path, line, _ = ledger.where(ledger.path_of[ident], "events")
        yield Deadline("activity", stale, ident, "activity", (ident,), pos.overdue,
                       "A006" if stale < as_of else None, path, line, (pos.overdue, last, fell_due))


def enforcement_windows(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """A judgment's enforcement application window while no enforcement is recorded (A007)."""
    assert ledger.rules is not None
    policy = ledger.rules.limitation
    for ident, case in ledger.cases.items():
        found = judgment_of(case, as_of)
        current = entry_on(case, as_of)
        if found is None or (current and current.stage == "closed"):
            continue
        if any(s.stage == "enforcement" and s.date <= as_of for s in case.stages):
            continue
        entry, judgment = found
        ends = add_years(judgment.pay_by or judgment.date, policy.enforcement_years)
        alert = "A007" if (ends - as_of).days <= policy.warn_days else None
        yield Deadline("enforcement", ends, ident, f"judgment:{judgment.date}", case.receivables,
                       judgment.amount, alert, ledger.path_of[ident], entry.line, judgment)


def preservations(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """A pre-suit preservation not (or not in time) followed by a suit (A008)."""
    assert ledger.rules is not None
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
            yield Deadline("preservation", by, ident, f"preservation:{entry.date}",
                           case.receivables, entry.frozen, "A008", ledger.path_of[ident],
                           entry.line, entry)


def hearings(ledger: Ledger, as_of: date) -> Iterator[Deadline]:
    """Court hearings still to come on open cases."""
    for ident, case in ledger.cases.items():
        current = entry_on(case, as_of)
        if current and current.stage == "closed":
            continue
        for hearing in case.hearings:
            if hearing.date >= as_of:
                yield Deadline("hearing", hearing.date, ident, f"hearing:{hearing.date}",
                               case.receivables, None, None, ledger.path_of[ident], hearing.line,
                               hearing)
