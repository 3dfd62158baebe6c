"""`clearance PERSON`: everything a person answers for, for a departure or promotion review.

Art. 4 §29.2 and §29.5 of the collection policy: before someone leaves or moves up, list
what they originated (第一责任人, for life), what they collect, the cases they own, and the
write-offs and credit-hold overrides they approved, with what is still outstanding and
overdue on each. Reports compute; renderers format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..figures.position import collector_on
from ..i18n.words import Words
from ..ledger import Ledger
from ..lifecycle.cases import stage_on
from ..model.receivable import Invoice, Receivable, WriteOff
from ..money import ZERO, fmt
from ..vocabulary import CASE_STAGES
from .common import Filters, columns, group_name
from .labels import label, stage_name, value
from .layout import Column, Table

ROLES = ("responsible", "collector", "case-owner", "writeoff-approver", "override-approver")
ROLE_LABELS = Words("clearance", {
    "responsible": "Responsible", "collector": "Collector", "case-owner": "Case owner",
    "writeoff-approver": "Approved write-off", "override-approver": "Approved override",
    "clearance": "Clearance", "role": "Role", "record": "Record", "departed": "departed",
})


@dataclass(frozen=True, slots=True)
class ClearanceRow:
    role: str
    record: str  # receivable or case id
    debtor: str
    debtor_name: str
    currency: str
    outstanding: Decimal  # on-book, as of the date
    off_book: Decimal
    overdue: Decimal
    status: str
    date: date | None = None  # of the approved write-off or override
    amount: Decimal | None = None  # the write-off or overridden invoice


@dataclass(frozen=True, slots=True)
class ClearanceReport:
    person: str
    name: str
    as_of: date
    departed: date | None
    rows: tuple[ClearanceRow, ...]

    def totals(self) -> list[tuple[str, str, int, Decimal, Decimal, Decimal]]:
        """(role, currency, records, outstanding, off-book, overdue) per role and currency."""
        out = []
        for role in ROLES:
            for cur in sorted({r.currency for r in self.rows if r.role == role}):
                mine = [r for r in self.rows if r.role == role and r.currency == cur]
                out.append(
                    (
                        role,
                        cur,
                        len(mine),
                        sum((r.outstanding for r in mine), ZERO),
                        sum((r.off_book for r in mine), ZERO),
                        sum((r.overdue for r in mine), ZERO),
                    )
                )
        return out

    def to_json(self) -> dict:
        return {
            "person": self.person,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "departed": self.departed.isoformat() if self.departed else None,
            "rows": [
                {
                    "role": r.role,
                    "record": r.record,
                    "debtor": r.debtor,
                    "currency": r.currency,
                    "outstanding": fmt(r.outstanding),
                    "off_book": fmt(r.off_book),
                    "overdue": fmt(r.overdue),
                    "status": r.status,
                    "date": r.date.isoformat() if r.date else None,
                    "amount": fmt(r.amount),
                }
                for r in self.rows
            ],
            "totals": [
                {
                    "role": role,
                    "currency": cur,
                    "records": n,
                    "outstanding": fmt(o),
                    "off_book": fmt(b),
                    "overdue": fmt(d),
                }
                for role, cur, n, o, b, d in self.totals()
            ],
        }

    def tables(self, lang: str) -> list[Table]:
        def words(key: str) -> str:
            return ROLE_LABELS(key, lang)

        cols = (
            Column(words("role")), Column(words("record")),
            *columns(lang, "debtor", "name", "currency", "outstanding:money", "off_book:money",
                     "overdue:money", "status", "date:date", "amount:money"),
        )
        rows = tuple(
            (
                words(r.role),
                r.record,
                r.debtor,
                r.debtor_name,
                r.currency,
                r.outstanding,
                r.off_book,
                r.overdue,
                _status(r.status, lang),
                r.date,
                r.amount,
            )
            for r in self.rows
        )
        totals = tuple(
            (words(role), label("totals", lang), "", str(n), cur, o, b, d, "", None, None)
            for role, cur, n, o, b, d in self.totals()
        )
        left = f" ({words('departed')} {self.departed})" if self.departed else ""
        return [
            Table(
                cols,
                rows,
                totals,
                f"{words('clearance')} {self.name} ({self.person}){left} {self.as_of}",
            )
        ]


def _status(status: str, lang: str) -> str:
    """A receivable's status (open, settled…) or, for a case, its stage."""
    return stage_name(status, lang) if status in CASE_STAGES else value(status, lang)


def clearance_report(
    ledger: Ledger, as_of: date, person: str, filters: Filters = Filters(), lang: str = "zh"
) -> ClearanceReport:
    """Everything `person` is responsible for, collects, owns or approved, as of a date.

    Receivables: as responsible person (every one, settled ones included: responsibility is
    for life) and as the collector in effect on the as-of date (open ones). Cases they own
    that are not closed. Write-offs and credit-hold overrides they approved, dated on or
    before the as-of date. Each with the receivable's on-book outstanding, off-book claim
    and overdue balance on the as-of date."""
    who = ledger.people.get(person)
    rows = [
        *_receivable_rows(ledger, as_of, person, filters),
        *_case_rows(ledger, as_of, person),
        *_approval_rows(ledger, as_of, person, filters),
    ]
    return ClearanceReport(
        person, who.name if who else person, as_of, who.departed if who else None, tuple(rows)
    )


def _row(
    ledger: Ledger, rec: Receivable, as_of: date, role: str, record: str | None = None,
    **extra: Any,
) -> ClearanceRow:
    pos = ledger.position(rec, as_of)
    return ClearanceRow(
        role,
        record or rec.id,
        rec.debtor,
        group_name(ledger, "debtor", rec.debtor, "zh"),
        ledger.currency(rec),
        pos.outstanding,
        pos.off_book,
        pos.overdue,
        pos.status,
        **extra,
    )


def _receivable_rows(
    ledger: Ledger, as_of: date, person: str, filters: Filters
) -> Iterator[ClearanceRow]:
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        if not filters.accepts(rec, as_of):
            continue
        if rec.responsible == person:
            yield _row(ledger, rec, as_of, "responsible")
        if collector_on(rec, as_of) == person:
            row = _row(ledger, rec, as_of, "collector")
            if row.status == "open":
                yield row


def _case_rows(ledger: Ledger, as_of: date, person: str) -> Iterator[ClearanceRow]:
    for ident in sorted(ledger.cases):
        case = ledger.cases[ident]
        if case.owner != person or stage_on(case, as_of) == "closed":
            continue
        recs = [ledger.receivables[r] for r in case.receivables if r in ledger.receivables]
        positions = [ledger.position(r, as_of) for r in recs]
        currency = (
            ledger.currency(recs[0]) if recs else (ledger.rules.currency if ledger.rules else "CNY")
        )
        yield ClearanceRow(
            "case-owner",
            ident,
            case.debtor,
            group_name(ledger, "debtor", case.debtor, "zh"),
            currency,
            sum((p.outstanding for p in positions), ZERO),
            sum((p.off_book for p in positions), ZERO),
            sum((p.overdue for p in positions), ZERO),
            stage_on(case, as_of) or "",
        )


def _approval_rows(
    ledger: Ledger, as_of: date, person: str, filters: Filters
) -> Iterator[ClearanceRow]:
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        if not filters.accepts(rec, as_of):
            continue
        for event in rec.events:
            if event.date > as_of:
                continue
            if isinstance(event, WriteOff) and person in event.approved_by:
                yield _row(
                    ledger, rec, as_of, "writeoff-approver", date=event.date, amount=event.amount
                )
            elif (
                isinstance(event, Invoice)
                and event.override
                and event.override.approved_by == person
            ):
                yield _row(
                    ledger, rec, as_of, "override-approver", date=event.date, amount=event.amount
                )
