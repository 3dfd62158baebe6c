"""Limitation (诉讼时效, DESIGN §6.3): when each claim runs out, and what set the clock.

A receivable is one debt. Its clock starts from the latest due date of its
invoices and restarts on every interrupting event (Civil Code art. 195): a
payment, a debtor-signed visit record, an acknowledgment, a promise, a demand
with proof of delivery, and from its cases a preservation or a filed suit or a
repayment agreement. An expired claim is revived only by a payment or an
acknowledgment (art. 192). While a case is in litigation the clock is suspended;
after a judgment the enforcement application window runs instead (CPL art. 250).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..model.case import SUIT_STAGES
from ..model.receivable import Acknowledgment, Demand, Promise, Receivable, Visit
from ..money import ZERO
from .cases import covering, judgment_of, opened, stage_on

REVIVING = ("payment", "acknowledgment")


@dataclass(frozen=True, slots=True)
class Interruption:
    """A date that (re)starts the clock: a due date or an interrupting event."""

    date: date
    # due | payment | visit | acknowledgment | promise | demand | preservation | litigation
    # | agreement
    basis: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Ignored:
    """A recorded event that does not interrupt the clock, and why (shown by the report)."""

    date: date
    type: str
    reason: str  # unsigned | undelivered | after-expiry
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class LimitationRow:
    receivable: str
    debtor: str
    currency: str
    outstanding: Decimal  # on-book
    off_book: Decimal  # written off, not recovered (账销案存)
    basis: str
    basis_date: date
    expires: date
    days_left: int
    status: str  # ok | near | expired | suspended | revived
    path: str
    line: int  # where the basis was recorded
    ignored: tuple[Ignored, ...]

    @property
    def claim(self) -> Decimal:
        return self.outstanding + self.off_book


@dataclass(frozen=True, slots=True)
class GuaranteeRow:
    """A guarantor's guarantee period (保证期间, art. 692): it cannot be interrupted."""

    debtor: str
    guarantor: str
    kind: str  # joint | general
    period_end: date
    agreed: bool  # period_end written in the debtor file, else the statutory default
    days_left: int
    claim: Decimal
    path: str
    line: int


def add_years(day: date, years: int) -> date:
    """Same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """Same day `months` later, or the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _events(ledger: Ledger, rec: Receivable,
            as_of: date) -> tuple[list[Interruption], list[Ignored]]:
    """Every candidate date of the receivable itself, and the events that do not count."""
    path = ledger.path_of.get(rec.id, "")
    pos = ledger.position(rec, as_of)
    found = [Interruption(b.due, "due", path, b.line) for b in pos.bills]
    found += [Interruption(p.date, "payment", path, p.line)
              for p in (*pos.payments, *pos.recoveries)]
    ignored: list[Ignored] = []
    for event in rec.events:
        if event.date > as_of:
            continue
        if isinstance(event, Visit):
            if event.signed:
                found.append(Interruption(event.date, "visit", path, event.line))
            else:
                ignored.append(Ignored(event.date, "visit", "unsigned", path, event.line))
        elif isinstance(event, Demand):
            if event.delivered is not None and event.delivered <= as_of:
                found.append(Interruption(event.delivered, "demand", path, event.line))
            else:
                ignored.append(Ignored(event.date, "demand", "undelivered", path, event.line))
        elif isinstance(event, (Acknowledgment, Promise)):
            found.append(Interruption(event.date, event.type, path, event.line))
    return found, ignored


def _case_events(ledger: Ledger, cases: tuple, as_of: date) -> list[Interruption]:
    """Preservation, filing of suit and repayment agreements in the cases covering a receivable."""
    found = []
    for case in cases:
        path = ledger.path_of.get(case.id, "")
        for entry in case.stages:
            if entry.stage in ("preservation", *SUIT_STAGES) and entry.date <= as_of:
                found.append(Interruption(entry.date, entry.stage, path, entry.line))
        for item in case.preservations:  # in-suit preservation (诉中保全) is an application too
            if item.date <= as_of:
                found.append(Interruption(item.date, "in-suit-preservation", path, item.line))
        for agreement in case.agreements:
            if agreement.date <= as_of:
                found.append(Interruption(agreement.date, "agreement", path, agreement.line))
    return found


def _walk(found: list[Interruption], years: int) -> tuple[Interruption, bool, list[Interruption]]:
    """Follow the clock through the dates in order; an expired claim restarts only by revival."""
    order = sorted(found, key=lambda i: (i.date, i.basis != "due"))
    basis, revived, late = order[0], False, []
    for item in order[1:]:
        if item.date <= add_years(basis.date, years):
            basis = item
        elif item.basis == "due" or item.basis in REVIVING:
            basis, revived = item, item.basis in REVIVING
        else:
            late.append(item)
    return basis, revived, late


def limitation_of(ledger: Ledger, rec: Receivable, as_of: date,
                  cases: tuple = ()) -> LimitationRow | None:
    """The receivable's limitation as of a date, or None when nothing is claimed."""
    assert ledger.rules is not None
    policy = ledger.rules.limitation
    pos = ledger.position(rec, as_of)
    if pos.transferred or pos.outstanding + pos.off_book <= 0 or not pos.bills:
        return None
    found, ignored = _events(ledger, rec, as_of)
    found += _case_events(ledger, cases, as_of)
    basis, revived, late = _walk(found, policy.years)
    expires = add_years(basis.date, policy.years)
    ignored += [Ignored(i.date, i.basis, "after-expiry", i.path, i.line) for i in late]
    judged = _judgment(ledger, cases, as_of)
    suspended = False
    if judged is not None:
        basis, expires = judged, add_years(judged.date, policy.enforcement_years)
    else:
        filed = [i for i in found if i.basis in SUIT_STAGES and i not in late]
        suspended = bool(filed) and any(stage_on(c, as_of) in SUIT_STAGES for c in cases)
    days_left = (expires - as_of).days
    if as_of > expires:
        status = "expired"
    elif suspended:
        status = "suspended"
    elif days_left <= policy.warn_days:
        status = "near"
    else:
        status = "revived" if revived and judged is None else "ok"
    return LimitationRow(
        receivable=rec.id, debtor=rec.debtor, currency=ledger.currency(rec),
        outstanding=pos.outstanding, off_book=pos.off_book, basis=basis.basis,
        basis_date=basis.date, expires=expires, days_left=days_left, status=status,
        path=basis.path, line=basis.line,
        ignored=tuple(sorted(ignored, key=lambda i: (i.date, i.line))))


def _judgment(ledger: Ledger, cases: tuple, as_of: date) -> Interruption | None:
    """The latest judgment in the covering cases; its window runs from the pay-by date."""
    best: Interruption | None = None
    for case in cases:
        found = judgment_of(case, as_of)
        if found is None:
            continue
        entry, judgment = found
        start = judgment.pay_by or judgment.date
        if best is None or start > best.date:
            best = Interruption(start, "judgment", ledger.path_of.get(case.id, ""), entry.line)
    return best


def limitation(ledger: Ledger, as_of: date) -> tuple[LimitationRow, ...]:
    """Every receivable with a claim, soonest expiry first."""
    index = covering(ledger)
    rows = []
    for ident in sorted(ledger.receivables):
        cases = tuple(c for c in index.get(ident, ()) if (opened(c) or as_of) <= as_of)
        row = limitation_of(ledger, ledger.receivables[ident], as_of, cases)
        if row is not None:
            rows.append(row)
    return tuple(sorted(rows, key=lambda r: (r.expires, r.receivable)))


def guarantees(ledger: Ledger, as_of: date) -> tuple[GuaranteeRow, ...]:
    """Every guarantor of a debtor that still owes, with the end of the guarantee period."""
    assert ledger.rules is not None
    months = ledger.rules.limitation.guarantee_months
    rows = []
    for ident in sorted(ledger.debtors):
        debtor = ledger.debtors[ident]
        if not debtor.guarantors:
            continue
        positions = [ledger.position(r, as_of) for r in ledger.receivables_of(ident)]
        owed = sum((p.outstanding + p.off_book for p in positions if not p.transferred), ZERO)
        last_due = max((b.due for p in positions for b in p.bills), default=None)
        for guarantor in debtor.guarantors:
            end = guarantor.period_end or (add_months(last_due, months) if last_due else None)
            if end is None or owed <= 0:
                continue
            rows.append(GuaranteeRow(ident, guarantor.name, guarantor.type, end,
                                     guarantor.period_end is not None, (end - as_of).days, owed,
                                     ledger.path_of.get(ident, ""), guarantor.line))
    return tuple(rows)
