"""`commission`: per collector, the period's collections and the commission earned (DESIGN §6.5)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..figures.position import collector_on
from ..ledger import Ledger
from ..model import Receivable
from ..model.policy import Commission, CommissionRow
from ..model.receivable import Payment
from ..money import ZERO, cents, fmt
from .age import bucket_of
from .common import (
    Filters,
    columns,
    group_name,
    money_moves,
    multi_currency,
    receivables,
    with_currency,
)
from .labels import label
from .layout import Column, Table


@dataclass(frozen=True, slots=True)
class Portion:
    """One part of a payment that settled one invoice (or a whole recovery), or its clawback."""

    currency: str
    receivable: str
    collector: str
    date: date
    amount: Decimal  # negative for a clawback
    age_days: int | None  # days past due of the settled invoice on the payment date
    bucket: str
    rate: Decimal
    commission: Decimal

    def json(self) -> dict:
        return {"receivable": self.receivable, "date": self.date.isoformat(),
                "amount": fmt(self.amount), "age_days": self.age_days, "bucket": self.bucket,
                "rate": str(self.rate), "commission": fmt(self.commission)}


@dataclass(frozen=True, slots=True)
class CommissionRowOut:
    currency: str
    collector: str
    name: str
    payments: int
    collected: Decimal
    commission: Decimal


@dataclass(frozen=True, slots=True)
class CommissionReport:
    period: str
    as_of: date
    rows: tuple[CommissionRowOut, ...]
    totals: tuple[CommissionRowOut, ...]
    details: tuple[Portion, ...]
    show_details: bool = False

    @property
    def multi(self) -> bool:
        return multi_currency([r.currency for r in self.rows] + [d.currency for d in self.details])

    def to_json(self) -> dict:
        """DESIGN §5 shape; "details" always lists every portion in JSON."""
        return {"period": self.period,
                "rows": [with_currency({"collector": r.collector, "payments": r.payments,
                                        "collected": fmt(r.collected),
                                        "commission": fmt(r.commission)}, r.currency, self.multi)
                         for r in self.rows],
                "details": [with_currency(d.json(), d.currency, self.multi) for d in self.details]}

    def tables(self, lang: str) -> list[Table]:
        cur = [Column(label("currency", lang))] if self.multi else []
        main = (*columns(lang, "collector", "name"), *cur,
                *columns(lang, "payments:int", "collected:money", "commission:money"))

        def cells(r: CommissionRowOut, key: str) -> tuple:
            return (key, r.name, *([r.currency] if self.multi else []), r.payments, r.collected,
                    r.commission)

        tables = [Table(main, tuple(cells(r, r.collector) for r in self.rows),
                        tuple(cells(t, label("totals", lang)) for t in self.totals),
                        f"{label('commission-report', lang)} {self.period}")]
        if self.show_details:
            detail_columns = (*columns(lang, "receivable", "collector"), *cur,
                              *columns(lang, "date:date", "amount:money", "age_days:int",
                                       "bucket", "rate:ratio", "commission:money"))
            tables.append(Table(detail_columns, tuple(
                (d.receivable, d.collector, *([d.currency] if self.multi else []), d.date,
                 d.amount, d.age_days, d.bucket, d.rate, d.commission) for d in self.details),
                (), label("details", lang)))
        return tables


def period_bounds(period: str) -> tuple[date, date]:
    """`YYYY` or `YYYY-MM` as first and last day."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(period[5:7])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def row_labels(table: tuple[CommissionRow, ...]) -> list[str]:
    """`≤90`, `91-365`, …, `>1095`: the days-past-due range of each commission row."""
    out, low = [], None
    for row in table:
        if row.to is None:
            out.append(f">{low - 1}" if low is not None else "all")
        else:
            out.append(f"≤{row.to}" if low is None else f"{low}-{row.to}")
            low = row.to + 1
    return out


def rate_of(row: CommissionRow, rec: Receivable) -> Decimal:
    return {"normal": row.normal, "hard": row.hard, "very-hard": row.very_hard}[rec.difficulty]


def earned(ledger: Ledger, rec: Receivable, payment: Payment, policy: Commission) -> list[Portion]:
    """The portions a payment earned, from the allocation as of the payment date."""
    pos = ledger.position(rec, payment.date)
    currency, collector = ledger.currency(rec), collector_on(rec, payment.date)
    limits = tuple(r.to for r in policy.table)
    labels = row_labels(policy.table)
    qualifies = payment.method in policy.methods

    def portion(amount: Decimal, age: int | None, index: int) -> Portion:
        rate = rate_of(policy.table[index], rec) if qualifies else Decimal(0)
        return Portion(currency, rec.id, collector, payment.date, amount, age, labels[index],
                       rate, cents(amount * rate))

    if any(p is payment for p in pos.recoveries):
        return [portion(payment.amount, None, len(limits) - 1)]
    out = []
    for s in pos.settlements:
        if s.event is payment:
            age = pos.days_past_due(s.bill, payment.date)
            out.append(portion(s.amount, age, bucket_of(age, limits)))
    return out


def clawback(portions: list[Portion], on: date) -> list[Portion]:
    return [Portion(p.currency, p.receivable, p.collector, on, -p.amount, p.age_days, p.bucket,
                    p.rate, -p.commission) for p in portions]


def commission_report(ledger: Ledger, as_of: date, period: str, details: bool = False,
                      filters: Filters = Filters(), lang: str = "zh") -> CommissionReport:
    """Commission on money actually collected in the period (DESIGN §6.5).

    Each payment dated in the period (and on or before as-of) is allocated as of its own
    date; each portion settling an invoice earns the commission-table rate for that
    invoice's days past due on the payment date and the receivable's difficulty; a
    recovery (after a write-off) earns the last row's rate on its whole amount; methods
    outside `commission.methods` earn 0 (they still count as collected); money beyond
    every invoice earns nothing. Each portion is rounded half-up to the cent and goes
    to the collector in effect on the payment date. A reversal dated in the period
    claws back, in that period, what its payment earned, from the same collector, and
    takes one payment and its amount off that collector's row. Credits, write-offs and
    invoices never earn commission.
    """
    assert ledger.rules is not None
    policy = ledger.rules.commission
    start, end = period_bounds(period)
    end = min(end, as_of)
    portions: list[Portion] = []
    counts: dict[tuple[str, str], list] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        currency = ledger.currency(rec)
        for move in money_moves(rec, start, end):
            collector = collector_on(rec, move.payment.date)
            if not filters.accepts_collector(collector):
                continue
            mine = earned(ledger, rec, move.payment, policy)
            portions += mine if move.sign > 0 else clawback(mine, move.date)
            acc = counts.setdefault((currency, collector), [0, ZERO, ZERO])
            acc[0] += move.sign
            acc[1] += move.amount
            acc[2] += sum((p.commission for p in mine), ZERO) * move.sign
    rows = tuple(CommissionRowOut(cur, who, group_name(ledger, "collector", who, lang), *acc)
                 for (cur, who), acc in sorted(counts.items()))
    totals = tuple(CommissionRowOut(cur, "", "", sum(r.payments for r in rows if r.currency == cur),
                                    sum((r.collected for r in rows if r.currency == cur), ZERO),
                                    sum((r.commission for r in rows if r.currency == cur), ZERO))
                   for cur in sorted({r.currency for r in rows}))
    portions.sort(key=lambda p: (p.date, p.receivable))
    return CommissionReport(period, as_of, rows, totals, tuple(portions), details)
