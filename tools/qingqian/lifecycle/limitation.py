"""Limitation (诉讼时效, DESIGN §6.3): when each claim runs out, and what set the clock.

Each invoice is its own debt, and so is each charge a schedule produces (periodic
debts); only a repayment agreement's installments run together, from the last one's
due date. An invoice's clock starts the day after its due date and restarts on every
interrupting event of its receivable (Civil Code art. 195): a payment, a debtor-signed
visit record, acknowledgment or promise, a demand with proof of delivery, and from its
cases a preservation, a filed suit or a repayment agreement. An expired claim is revived
only by the debtor's consent to perform (art. 192): a signed acknowledgment or promise,
a repayment agreement, or a payment (with a hint to obtain a signed acknowledgment).
While a case is in litigation the clock is suspended; after a judgment the enforcement
application window runs instead (CPL art. 250). A receivable reports the open invoice
that expires first.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from datetime import date as Date  # inside Interruption, `date` names its field
from decimal import Decimal

from ..ledger import Ledger
from ..model.case import SUIT_STAGES
from ..model.receivable import Acknowledgment, Demand, Payment, Promise, Receivable, Visit
from ..money import ZERO
from .cases import covering, judgment_of, opened, stage_on

REVIVING = ("payment", "acknowledgment", "promise", "agreement")  # consent to perform (art. 192)
PAYMENT_ONLY_HINT = ("revived by a payment alone: obtain an acknowledgment signed by the debtor, "
                     "courts differ on whether part payment revives the whole "
                     "(仅凭付款恢复时效，请取得书面确认)")


@dataclass(frozen=True, slots=True)
class Interruption:
    """A date that (re)starts the clock: a due date or an interrupting event.

    `start` is the day the period then runs from: the event's own date, except for a
    repayment agreement, whose installments run from the last one's due date."""

    date: date
    # due | payment | visit | acknowledgment | promise | demand | preservation | litigation
    # | agreement
    basis: str
    path: str
    line: int
    rank: int = 0  # order on one date: due, the receivable's events, the cases' (file order)
    start: Date | None = None
    covers: Date | None = None  # an agreement interrupts only invoices dated on or before it

    @property
    def runs_from(self) -> Date:
        return self.start or self.date


@dataclass(frozen=True, slots=True)
class Ignored:
    """A recorded event that does not interrupt the clock, and why (shown by the report)."""

    date: date
    type: str
    reason: str  # unsigned | undelivered | after-expiry
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class InvoiceLimitation:
    """One open invoice's own limitation (DESIGN §6.3: each invoice is its own debt)."""

    ref: str | None
    due: date
    claim: Decimal  # on-book balance plus written-off balance not recovered
    basis: str
    basis_date: date
    expires: date
    days_left: int
    status: str
    path: str
    line: int
    hint: str = ""


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
    claim: Decimal = Decimal("0.00")  # the first-expiring open invoice's balance
    invoices: tuple[InvoiceLimitation, ...] = ()
    hint: str = ""


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
    """Every interrupting event of the receivable itself, and the events that do not count."""
    path = ledger.path_of.get(rec.id, "")
    pos = ledger.position(rec, as_of)
    # a zero payment is no act of the debtor's
    paid = {id(p) for p in (*pos.payments, *pos.recoveries) if p.amount > 0}
    found: list[Interruption] = []
    ignored: list[Ignored] = []
    for rank, event in enumerate(rec.events, start=1):
        if event.date > as_of:
            continue
        item = _interruption(event, path, rank, as_of, id(event) in paid)
        if isinstance(item, Interruption):
            found.append(item)
        elif item is not None:
            ignored.append(Ignored(event.date, event.type, item, path, event.line))
    return found, ignored


def _interruption(event: object, path: str, rank: int, as_of: date,
                  paid: bool) -> Interruption | str | None:
    """The event as an interruption, or why it is not one (None: not a candidate at all)."""
    if isinstance(event, Payment):
        return Interruption(event.date, "payment", path, event.line, rank) if paid else None
    if isinstance(event, Visit):
        signed = event.signed
        return Interruption(event.date, "visit", path, event.line, rank) if signed else "unsigned"
    if isinstance(event, Demand):
        if event.delivered is not None and event.delivered <= as_of:
            return Interruption(event.delivered, "demand", path, event.line, rank)
        return "undelivered"
    if isinstance(event, Acknowledgment):
        signed = bool(event.signed_by)
        return Interruption(event.date, "acknowledgment", path, event.line, rank) if signed \
            else "unsigned"
    if isinstance(event, Promise):
        signed = event.signed
        return Interruption(event.date, "promise", path, event.line, rank) if signed else "unsigned"
    return None


def _case_events(ledger: Ledger, cases: tuple, as_of: date) -> list[Interruption]:
    """Preservation, filing of suit and repayment agreements in the cases covering a receivable;
    on one date they count as written after the receivable's own events."""
    found = []
    for number, case in enumerate(cases):
        path = ledger.path_of.get(case.id, "")
        base = 1_000_000 * (number + 1)
        for rank, entry in enumerate(case.stages):
            if entry.stage in ("preservation", *SUIT_STAGES) and entry.date <= as_of:
                found.append(Interruption(entry.date, entry.stage, path, entry.line, base + rank))
        for rank, item in enumerate(case.preservations):  # 诉中保全 is an application too
            if item.date <= as_of:
                found.append(Interruption(item.date, "in-suit-preservation", path, item.line,
                                          base + 250_000 + rank))
        for rank, agreement in enumerate(case.agreements):
            if agreement.date <= as_of:
                last = max((i.due for i in agreement.installments), default=agreement.date)
                found.append(Interruption(agreement.date, "agreement", path, agreement.line,
                                          base + 500_000 + rank, max(last, agreement.date),
                                          agreement.date))
    return found


@dataclass(frozen=True, slots=True)
class _Walk:
    basis: Interruption
    revived: bool
    payment_only: bool
    late: tuple[Interruption, ...]


def _by_date(found: list[Interruption]) -> list[Interruption]:
    """The dates in the order the clock meets them (a tie: the event written last wins)."""
    return sorted(found, key=lambda i: (i.date, i.rank))


def _walk(due: Interruption, found: list[Interruption], years: int, dated: date) -> _Walk:
    """Follow one invoice's clock through the dates in order (a tie: the event written last);
    an expired claim restarts only by consent to perform (revival).

    The reference walk, one invoice at a time: `_Clock` gives the same answer for every
    invoice of a receivable in linear time, and this one lists the late events of the
    invoice the report shows."""
    order = [i for i in _by_date(found)
             if i.date >= due.date and (i.covers is None or dated <= i.covers)]
    basis, revived, payment_only, late = due, False, False, []
    for item in order:
        if item.date <= add_years(basis.runs_from, years):
            basis = item
            payment_only = payment_only and item.basis == "payment"
        elif item.basis in REVIVING:
            basis, revived, payment_only = item, True, item.basis == "payment"
        else:
            late.append(item)
    return _Walk(basis, revived, payment_only, tuple(late))


_State = tuple[int, bool, bool]  # (index of the basis, revived, revived by a payment alone)


class _Track:
    """One ordered list of dates with every walk's end remembered by the state it passes.

    A walk's next step depends only on its basis and two flags, so walks that meet in one
    state end alike: each state is followed once, and a receivable's invoices together
    cost time linear in its events (issue 19: a file of 16,000 events was quadratic)."""

    def __init__(self, items: list[Interruption], years: int) -> None:
        self.items, self.years = items, years
        self.dates = [i.date for i in items]
        self.expires = [add_years(i.runs_from, years) for i in items]
        self.next_reviving = [len(items)] * (len(items) + 1)
        for index in range(len(items) - 1, -1, -1):
            reviving = items[index].basis in REVIVING
            self.next_reviving[index] = index if reviving else self.next_reviving[index + 1]
        self.ends: dict[_State, _State] = {}

    def _step(self, after: int, expires: date, revived: bool,
              payment_only: bool) -> _State | None:
        """The state after the basis whose clock runs out on `expires` (None: the walk ends);
        the dates are in order, so once one is late every one after it is too."""
        if after == len(self.items):
            return None
        if self.dates[after] <= expires:
            return after, revived, payment_only and self.items[after].basis == "payment"
        found = self.next_reviving[after]
        if found == len(self.items):
            return None
        return found, True, self.items[found].basis == "payment"

    def _end(self, state: _State) -> _State:
        path = []
        while state not in self.ends:
            path.append(state)
            index, revived, payment_only = state
            following = self._step(index + 1, self.expires[index], revived, payment_only)
            if following is None:
                self.ends[state] = state
                break
            state = following
        end = self.ends[state]
        for passed in path:
            self.ends[passed] = end
        return end

    def walk(self, due: Interruption) -> tuple[Interruption, bool, bool]:
        """Where one invoice's clock ends: (basis, revived, revived by a payment alone)."""
        first = bisect_left(self.dates, due.date)
        state = self._step(first, add_years(due.runs_from, self.years), False, False)
        if state is None:
            return due, False, False
        index, revived, payment_only = self._end(state)
        return self.items[index], revived, payment_only


class _Clock:
    """Every invoice's walk over a receivable's dates, in time linear in its events.

    A repayment agreement interrupts only invoices dated on or before it. An invoice due on
    or after its date sees every agreement its walk can reach; one due earlier than dated
    (a data error that a rule may also report) walks a track without the agreements it may
    not see, one track per such set."""

    def __init__(self, found: list[Interruption], years: int) -> None:
        self.found, self.years = _by_date(found), years
        self.covers = sorted(i.covers for i in self.found if i.covers is not None)
        self.tracks: dict[int, _Track] = {}

    def walk(self, due: Interruption, dated: date) -> tuple[Interruption, bool, bool]:
        hidden = 0 if due.date >= dated else bisect_left(self.covers, dated)
        if hidden not in self.tracks:
            threshold = self.covers[hidden - 1] if hidden else None
            seen = [i for i in self.found
                    if threshold is None or i.covers is None or i.covers > threshold]
            self.tracks[hidden] = _Track(seen, self.years)
        return self.tracks[hidden].walk(due)


def _invoice(bill, claim: Decimal, clock: _Clock, path: str, policy, as_of: date,  # type: ignore[no-untyped-def]
             judged: Interruption | None, suspended: bool) -> InvoiceLimitation:
    due = Interruption(bill.due, "due", path, bill.line)
    walked, revived, payment_only = clock.walk(due, bill.date)
    basis, expires = walked, add_years(walked.runs_from, policy.years)
    if judged is not None:
        basis, expires = judged, add_years(judged.date, policy.enforcement_years)
    days_left = (expires - as_of).days
    if as_of > expires:
        status = "expired"
    elif suspended and judged is None:
        status = "suspended"
    elif days_left <= policy.warn_days:
        status = "near"
    else:
        status = "revived" if revived and judged is None else "ok"
    hint = PAYMENT_ONLY_HINT if revived and payment_only and status != "expired" else ""
    return InvoiceLimitation(bill.ref, bill.due, claim, basis.basis, basis.runs_from, expires,
                             days_left, status, basis.path, basis.line, hint)


def limitation_of(ledger: Ledger, rec: Receivable, as_of: date,
                  cases: tuple = ()) -> LimitationRow | None:
    """The receivable's limitation as of a date: its open invoice that expires first, with
    every open invoice listed (None when nothing is claimed)."""
    assert ledger.rules is not None
    policy = ledger.rules.limitation
    pos = ledger.position(rec, as_of)
    if pos.transferred or pos.outstanding + pos.off_book <= 0 or not pos.bills:
        return None
    found, ignored = _events(ledger, rec, as_of)
    found += _case_events(ledger, cases, as_of)
    judged = _judgment(ledger, cases, as_of)
    filed = any(i.basis in SUIT_STAGES for i in found)
    suspended = filed and any(stage_on(c, as_of) in SUIT_STAGES for c in cases)
    path = ledger.path_of.get(rec.id, "")
    off = pos.off_open or tuple(ZERO for _ in pos.bills)
    clock = _Clock(found, policy.years)
    walked = [(_invoice(bill, pos.open[i] + off[i], clock, path, policy, as_of, judged,
                        suspended), bill)
              for i, bill in enumerate(pos.bills) if pos.open[i] + off[i] > 0]
    if not walked:
        return None
    first, bill = min(walked, key=lambda w: (w[0].expires, w[0].due))
    late: list[Ignored] = []
    if judged is None:  # the late events of the invoice shown, by the reference walk
        walk = _walk(Interruption(bill.due, "due", path, bill.line), found, policy.years,
                     bill.date)
        late = [Ignored(i.date, i.basis, "after-expiry", i.path, i.line) for i in walk.late]
    return LimitationRow(
        receivable=rec.id, debtor=rec.debtor, currency=ledger.currency(rec),
        outstanding=pos.outstanding, off_book=pos.off_book, basis=first.basis,
        basis_date=first.basis_date, expires=first.expires, days_left=first.days_left,
        status=first.status, path=first.path, line=first.line,
        ignored=tuple(sorted([*ignored, *late], key=lambda i: (i.date, i.line))),
        claim=first.claim, invoices=tuple(sorted((w[0] for w in walked), key=lambda i: i.due)),
        hint=first.hint)


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
