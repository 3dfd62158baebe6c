"""A case's progress for the client (委托人) over a period (art. 3: 定期向委托人通报清欠工作的进展).

What happened in the period (stage moves, preservations, assets found, agreements,
costs, and the collection events on the case's receivables), the money (claim,
recovered, costs, counsel fee), the assets known, the deadlines ahead and the next
steps. Figures come from the same library as `cases`, `limitation` and the A rules.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..ledger import Ledger
from ..model.case import Case
from ..money import ZERO
from .cases import case_row, entry_on, judgment_of, opened, received
from .documents import case_gaps
from .limitation import add_years, guarantees, limitation

EVENT_TYPES = ("payment", "visit", "call", "demand", "acknowledgment", "promise", "handover")


@dataclass(frozen=True, slots=True)
class Happening:
    date: date
    what: str  # stage | in-suit-preservation | asset | agreement | cost | an event type
    detail: str
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    date: date
    what: str  # suit | enforcement | limitation | installment | guarantee | hearing
    detail: str


@dataclass(frozen=True, slots=True)
class CaseProgress:
    case: Case
    debtor_name: str
    owner_name: str
    period: str
    start: date
    end: date
    stage: str | None
    stage_since: date | None
    claim: Decimal
    claim_at_opening: Decimal
    recovered_period: Decimal
    recovered_total: Decimal
    costs_period: Decimal
    costs_total: Decimal
    fee_due: Decimal | None
    frozen: Decimal  # preserved so far (pre-suit and in-suit)
    happenings: tuple[Happening, ...]
    deadlines: tuple[Deadline, ...]
    missing: tuple[str, ...]  # documents the current stage still lacks


def period_bounds(period: str, as_of: date) -> tuple[date, date]:
    """A month `YYYY-MM` (or a year `YYYY`), its end capped at the as-of date."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), min(date(year, 12, 31), as_of)
    month = int(period[5:7])
    return date(year, month, 1), min(date(year, month, calendar.monthrange(year, month)[1]), as_of)


def progress(ledger: Ledger, ident: str, period: str, as_of: date) -> CaseProgress:
    """The progress report of case `ident` for `period`, as of `as_of`."""
    start, end = period_bounds(period, as_of)
    return progress_between(ledger, ident, period, start, end)


def progress_between(ledger: Ledger, ident: str, label: str, start: date,
                     end: date) -> CaseProgress:
    """The progress of case `ident` from `start` to `end` (a letter covers the whole case)."""
    case, period = ledger.cases[ident], label
    row = case_row(ledger, case, end)
    entry = entry_on(case, end)
    debtor, owner = ledger.debtors.get(case.debtor), ledger.people.get(case.owner)
    return CaseProgress(
        case, debtor.name if debtor else case.debtor, owner.name if owner else case.owner,
        period, start, end, row.stage, entry.date if entry else None, row.claim,
        row.claim_at_opening,
        received(ledger, case.receivables, start, end) if start <= end else ZERO,
        row.recovered, sum((c.amount for c in case.costs if start <= c.date <= end), ZERO),
        row.costs, row.fee_due, _frozen(case, end), _happenings(ledger, case, start, end),
        _deadlines(ledger, case, end), _missing(ledger, case, end))


def _frozen(case: Case, end: date) -> Decimal:
    staged = sum((s.frozen for s in case.stages if s.frozen is not None and s.date <= end), ZERO)
    return staged + sum((p.frozen for p in case.preservations
                         if p.frozen is not None and p.date <= end), ZERO)


def _happenings(ledger: Ledger, case: Case, start: date, end: date) -> tuple[Happening, ...]:
    found: list[Happening] = []

    def inside(day: date) -> bool:
        return start <= day <= end

    for s in case.stages:
        if inside(s.date):
            found.append(Happening(s.date, "stage", " ".join(
                x for x in (s.stage, s.court or "", s.case_no or "", s.note or "") if x), s.frozen))
    found += [Happening(p.date, "in-suit-preservation", _words(p.court, p.ruling, p.note), p.frozen)
              for p in case.preservations if inside(p.date)]
    found += [Happening(h.date, "hearing", _words(h.court, h.note)) for h in case.hearings
              if inside(h.date)]
    found += [Happening(a.date, "asset", f"{a.kind} {a.description}", a.amount)
              for a in case.assets if inside(a.date)]
    found += [Happening(a.date, "agreement", a.type, sum((i.amount for i in a.installments), ZERO))
              for a in case.agreements if inside(a.date)]
    found += [Happening(c.date, "cost", f"{c.type} {c.note or ''}".strip(), c.amount)
              for c in case.costs if inside(c.date)]
    for ar in case.receivables:
        rec = ledger.receivables.get(ar)
        for event in (rec.events if rec else ()):
            if event.type in EVENT_TYPES and inside(event.date):
                found.append(Happening(event.date, event.type, f"{ar} {event.note or ''}".strip(),
                                       getattr(event, "amount", None)))
    return tuple(sorted(found, key=lambda h: h.date))


def _deadlines(ledger: Ledger, case: Case, end: date) -> tuple[Deadline, ...]:
    """Dates ahead of the period's end: suit after a pre-suit preservation, enforcement
    application, limitation of each receivable, installments, guarantee periods."""
    assert ledger.rules is not None
    policy = ledger.rules.limitation
    out: list[Deadline] = []
    suits = [s.date for s in case.stages if s.stage in ("litigation", "arbitration")]
    for s in case.stages:
        if s.stage == "preservation" and s.date <= end and not any(d >= s.date for d in suits):
            by = _plus(s.date, policy.preservation_suit_days)
            out.append(Deadline(by, "suit", s.court or ""))
    judged = judgment_of(case, end)
    if judged is not None and judged[1].pay_by is not None:
        out.append(Deadline(add_years(judged[1].pay_by, policy.enforcement_years), "enforcement",
                            judged[0].case_no or ""))
    for row in ledger.memo(("limitation", end), lambda: limitation(ledger, end)):
        if row.receivable in case.receivables and row.status not in ("suspended", "expired") \
                and row.basis != "judgment":
            out.append(Deadline(row.expires, "limitation", row.receivable))
    for agreement in case.agreements:
        out += [Deadline(i.due, "installment", str(i.amount)) for i in agreement.installments
                if i.due > end]
    out += [Deadline(g.period_end, "guarantee", g.guarantor) for g in guarantees(ledger, end)
            if g.debtor == case.debtor and g.days_left >= 0]
    out += [Deadline(h.date, "hearing", _words(h.court, h.note)) for h in case.hearings]
    return tuple(sorted((d for d in out if d.date > end), key=lambda d: (d.date, d.what)))


def _words(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _plus(day: date, days: int) -> date:
    return day + timedelta(days=days)


def _missing(ledger: Ledger, case: Case, end: date) -> tuple[str, ...]:
    return tuple(m for gap in case_gaps(ledger, case, end) for m in gap.missing)


def open_cases(ledger: Ledger, as_of: date) -> tuple[str, ...]:
    """Cases opened by the as-of date and not closed (no outcome, last stage not closed)."""
    out = []
    for ident in sorted(ledger.cases):
        case = ledger.cases[ident]
        began = opened(case)
        entry = entry_on(case, as_of)
        if began is None or began > as_of or case.outcome is not None:
            continue
        if entry is not None and entry.stage == "closed":
            continue
        out.append(ident)
    return tuple(out)
