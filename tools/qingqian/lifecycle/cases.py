"""Collection cases (DESIGN §3.3, §6.8): stage on a date, claim, money recovered, counsel fees.

A case's claim is the on-book outstanding plus the off-book (written-off) claim
of its receivables; money recovered counts every payment, recoveries included,
net of reversals, from the case's first stage date on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..model.case import Agreement, Case, Installment, Judgment, StageEntry
from ..money import ZERO, cents

# Which strategy each debtor condition calls for (DESIGN §6.6).
STRATEGY_FOR = {"good": "cash", "weak-promising": "collateral", "weak": "in-kind",
                "malicious": "litigation"}


@dataclass(frozen=True, slots=True)
class Missed:
    """An installment due before the as-of date that payments since the agreement do not cover."""

    agreement: Agreement
    installment: Installment
    due_total: Decimal  # installments due up to and including this one
    paid: Decimal  # paid since the agreement date, up to the as-of date


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case as of a date, as the `cases` report shows it."""

    case: Case
    stage: str | None
    claim: Decimal
    claim_at_opening: Decimal
    costs: Decimal
    recovered: Decimal
    fee_due: Decimal | None
    missed: tuple[Missed, ...]


@dataclass(frozen=True, slots=True)
class StageTotal:
    stage: str
    cases: int
    claim: Decimal


def covering(ledger: Ledger) -> dict[str, tuple[Case, ...]]:
    """Receivable id → the cases that list it, in case id order."""
    index: dict[str, list[Case]] = {}
    for ident in sorted(ledger.cases):
        for ar in ledger.cases[ident].receivables:
            index.setdefault(ar, []).append(ledger.cases[ident])
    return {ar: tuple(cases) for ar, cases in index.items()}


def entry_on(case: Case, day: date) -> StageEntry | None:
    """The stage entry in effect on a date: the latest dated on or before it (file order on
    ties)."""
    current = None
    for entry in case.stages:
        if entry.date <= day and (current is None or entry.date >= current.date):
            current = entry
    return current


def stage_on(case: Case, day: date) -> str | None:
    entry = entry_on(case, day)
    return entry.stage if entry else None


def opened(case: Case) -> date | None:
    """The case opens with its first stage entry."""
    return min((e.date for e in case.stages), default=None)


def judgment_of(case: Case, day: date) -> tuple[StageEntry, Judgment] | None:
    """The latest judgment given on or before a date, with the stage entry that records it."""
    found = [(e.judgment.date, i, e) for i, e in enumerate(case.stages)
             if e.judgment is not None and e.judgment.date <= day and e.date <= day]
    if not found:
        return None
    entry = max(found, key=lambda item: (item[0], item[1]))[2]
    return entry, entry.judgment  # type: ignore[return-value]


def claim(ledger: Ledger, receivables: tuple[str, ...], day: date) -> Decimal:
    """On-book outstanding plus the off-book claim of the receivables on a date."""
    total = ZERO
    for ar in receivables:
        rec = ledger.receivables.get(ar)
        if rec is not None:
            pos = ledger.position(rec, day)
            total += pos.outstanding + pos.off_book
    return total


def received(ledger: Ledger, receivables: tuple[str, ...], start: date, day: date) -> Decimal:
    """Payments (recoveries included, reversals netted) dated from `start` to `day`."""
    total = ZERO
    for ar in receivables:
        rec = ledger.receivables.get(ar)
        if rec is None:
            continue
        pos = ledger.position(rec, day)
        total += sum((p.amount for p in (*pos.payments, *pos.recoveries) if p.date >= start), ZERO)
    return total


def fee_due(case: Case, claim_at_opening: Decimal, recovered: Decimal) -> Decimal | None:
    """Counsel fee earned so far (§6.8): fixed on the claim at opening, contingency on
    recoveries."""
    fee = case.counsel.fee if case.counsel else None
    if fee is None:
        return None
    if fee.type == "fixed":
        if fee.rate is None:
            return fee.amount
        return cents(fee.rate * claim_at_opening)
    if fee.type == "contingency":
        return cents((fee.rate or ZERO) * recovered)
    upfront, success = fee.upfront_rate or ZERO, fee.success_rate or ZERO
    return cents(upfront * claim_at_opening + success * recovered)


def missed_installments(ledger: Ledger, case: Case, day: date) -> tuple[Missed, ...]:
    """Installments due before `day` that the payments since their agreement do not cover."""
    missed: list[Missed] = []
    for agreement in case.agreements:
        if agreement.date > day:
            continue
        paid = received(ledger, case.receivables, agreement.date, day)
        due_total = ZERO
        for item in sorted(agreement.installments, key=lambda i: i.due):
            due_total += item.amount
            if item.due < day and paid < due_total:
                missed.append(Missed(agreement, item, due_total, paid))
    return tuple(missed)


def case_row(ledger: Ledger, case: Case, day: date) -> CaseRow:
    start = opened(case) or day
    open_claim = claim(ledger, case.receivables, min(start, day))
    recovered = received(ledger, case.receivables, start, day) if start <= day else ZERO
    return CaseRow(
        case=case, stage=stage_on(case, day), claim=claim(ledger, case.receivables, day),
        claim_at_opening=open_claim,
        costs=sum((c.amount for c in case.costs if c.date <= day), ZERO),
        recovered=recovered, fee_due=fee_due(case, open_claim, recovered),
        missed=missed_installments(ledger, case, day))


def cases(ledger: Ledger, as_of: date) -> tuple[CaseRow, ...]:
    """Every case opened on or before the as-of date (or not yet staged), by id."""
    return tuple(case_row(ledger, ledger.cases[ident], as_of) for ident in sorted(ledger.cases)
                 if (opened(ledger.cases[ident]) or as_of) <= as_of)


def by_stage(rows: tuple[CaseRow, ...]) -> tuple[StageTotal, ...]:
    """Cases and claim per stage, in the order of the stages (cases not yet staged last)."""
    from ..model.case import STAGES

    totals: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        key = row.stage or "none"
        count, amount = totals.get(key, (0, ZERO))
        totals[key] = (count + 1, amount + row.claim)
    order = [*STAGES, "none"]
    return tuple(StageTotal(stage, *totals[stage]) for stage in order if stage in totals)


def tiered_cap(amount: Decimal, caps: tuple) -> Decimal:
    """The most a contingency fee may be on a claim: each tier's rate on the part in that tier."""
    total, lower = ZERO, ZERO
    for tier in caps:
        upper = tier.to if tier.to is not None else amount
        if amount > lower:
            total += (min(amount, upper) - lower) * tier.rate
        if tier.to is None or amount <= upper:
            break
        lower = upper
    return cents(total)
