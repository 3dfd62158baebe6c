"""`commission`: per collector, the period's collections and the commission earned (DESIGN §6.5)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ..figures.fx import convert, converts, counted, rate_on
from ..figures.position import collector_on
from ..ledger import Ledger
from ..model import Receivable
from ..model.policy import Commission, CommissionRow
from ..model.receivable import Payment
from ..money import ZERO, cents, fmt
from .age import bucket_of
from .common import (
    Filters,
    base_currency,
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
    fx: Decimal | None = None  # the rate of the payment's month, when converted (DESIGN §6.5)
    converted: Decimal | None = None  # the commission in the ledger currency, rounded once

    @property
    def earned(self) -> Decimal:
        """The commission in the row's (ledger) currency."""
        return self.commission if self.converted is None else self.converted

    def json(self) -> dict:
        return {"receivable": self.receivable, "date": self.date.isoformat(),
                "amount": fmt(self.amount), "age_days": self.age_days, "bucket": self.bucket,
                "rate": str(self.rate), "commission": fmt(self.commission),
                **({"fx_rate": str(self.fx), "commission_converted": fmt(self.converted)}
                   if self.fx is not None else {})}


@dataclass(frozen=True, slots=True)
class CommissionRowOut:
    currency: str
    collector: str
    name: str
    payments: int
    collected: Decimal
    commission: Decimal
    payable: bool = True  # False: the period's completion is below commission.requires_completion
    completion: str | None = None  # the completion that decided it (when the gate is set)


@dataclass(frozen=True, slots=True)
class CommissionReport:
    period: str
    as_of: date
    rows: tuple[CommissionRowOut, ...]
    totals: tuple[CommissionRowOut, ...]
    details: tuple[Portion, ...]
    show_details: bool = False
    gated: bool = False  # rules.yaml sets commission.requires_completion

    @property
    def multi(self) -> bool:
        return multi_currency([r.currency for r in self.rows] + [d.currency for d in self.details])

    def to_json(self) -> dict:
        """DESIGN §5 shape; "details" always lists every portion in JSON."""
        return {"period": self.period,
                "rows": [with_currency({"collector": r.collector, "payments": r.payments,
                                        "collected": fmt(r.collected),
                                        "commission": fmt(r.commission),
                                        **({"payable": r.payable, "completion": r.completion}
                                           if self.gated else {})}, r.currency, self.multi)
                         for r in self.rows],
                "details": [with_currency(d.json(), d.currency, self.multi) for d in self.details]}

    def tables(self, lang: str) -> list[Table]:
        cur = [Column(label("currency", lang))] if self.multi else []
        gate = columns(lang, "completion:ratio", "payable") if self.gated else ()
        main = (*columns(lang, "collector", "name"), *cur,
                *columns(lang, "payments:int", "collected:money", "commission:money"), *gate)
        flag = {True: label("payable-yes", lang), False: label("payable-no", lang), None: ""}

        def cells(r: CommissionRowOut, key: str) -> tuple:
            payable = flag[r.payable if key == r.collector else None]
            more = (r.completion, payable) if self.gated else ()
            return (key, r.name, *([r.currency] if self.multi else []), r.payments, r.collected,
                    r.commission, *more)

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

    out = []
    for s in pos.settlements:  # a recovery portion too: the written-off invoice's age (§6.5)
        if s.event is payment and s.kind in ("payment", "recovery"):
            age = pos.days_past_due(s.bill, payment.date)
            out.append(portion(s.amount, age, bucket_of(age, limits)))
    return out


def clawback(portions: list[Portion], on: date) -> list[Portion]:
    """The portions taken back on the reversal's date, at the rate their payment used."""
    return [replace(p, date=on, amount=-p.amount, commission=-p.commission,
                    converted=None if p.converted is None else -p.converted) for p in portions]


def commission_report(ledger: Ledger, as_of: date, period: str, details: bool = False,
                      filters: Filters = Filters(), lang: str = "zh") -> CommissionReport:
    """Commission on money actually collected in the period (DESIGN §6.5).

    Each payment dated in the period (and on or before as-of) is allocated as of its own
    date; each portion settling an invoice earns the commission-table rate for that
    invoice's days past due on the payment date and the receivable's difficulty (a
    recovery too: the written-off invoice's days past due pick the row); methods
    outside `commission.methods` earn 0 (they still count as collected); money beyond
    every invoice earns nothing. Each portion is rounded half-up to the cent and goes
    to the collector in effect on the payment date. A reversal dated in the period
    claws back, in that period, what its payment earned, from the same collector, and
    takes one payment and its amount off that collector's row. Credits, write-offs and
    invoices never earn commission.

    With an `fx` table, money in another currency is converted at the rate of its
    payment's month (a clawback at the rate its payment used): each portion's commission
    rounded in its own currency, then converted and rounded half-up once; the collected
    amount per payment likewise. Without a rate for that month it stays in its own
    currency (rule P022 reports it). With `commission.requires_completion`, a person whose
    completion for the period (as `targets` computes it) is below it is not payable.
    """
    assert ledger.rules is not None
    policy = ledger.rules.commission
    start, end = period_bounds(period)
    end = min(end, as_of)
    portions: list[Portion] = []
    counts: dict[tuple[str, str], list] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        for move in money_moves(rec, start, end):
            collector = collector_on(rec, move.payment.date)
            if not filters.accepts_collector(collector):
                continue
            mine = _converted(ledger, rec, earned(ledger, rec, move.payment, policy), move.payment)
            portions += mine if move.sign > 0 else clawback(mine, move.date)
            currency, amount = counted(ledger.rules, ledger.currency(rec), move.payment.date,
                                       move.payment.amount)
            acc = counts.setdefault((currency, collector), [0, ZERO, ZERO])
            acc[0] += move.sign
            acc[1] += amount * move.sign
            acc[2] += sum((p.earned for p in mine), ZERO) * move.sign
    gate = _gate(ledger, as_of, period, lang)
    rows = tuple(CommissionRowOut(cur, who, group_name(ledger, "collector", who, lang), *acc,
                                  *gate(who, cur))
                 for (cur, who), acc in sorted(counts.items()))
    totals = tuple(CommissionRowOut(cur, "", "", sum(r.payments for r in rows if r.currency == cur),
                                    sum((r.collected for r in rows if r.currency == cur), ZERO),
                                    sum((r.commission for r in rows if r.currency == cur), ZERO))
                   for cur in sorted({r.currency for r in rows}))
    portions.sort(key=lambda p: (p.date, p.receivable))
    return CommissionReport(period, as_of, rows, totals, tuple(portions), details,
                            policy.requires_completion is not None)


def _converted(ledger: Ledger, rec: Receivable, portions: list[Portion],
               payment: Payment) -> list[Portion]:
    """Portions in another currency with their commission converted at the rate of the
    payment's month, each rounded in its own currency first, then once after (DESIGN §6.5)."""
    currency = ledger.currency(rec)
    if currency == base_currency(ledger) or not converts(ledger.rules):
        return portions
    rate = rate_on(ledger.rules, currency, payment.date)
    if rate is None:
        return portions  # P022: no rate, no guess; the row stays in its own currency
    return [replace(p, fx=rate, converted=convert(p.commission, rate)) for p in portions]


def _gate(ledger: Ledger, as_of: date, period: str, lang: str):  # type: ignore[no-untyped-def]
    """(payable, completion) of a person: below commission.requires_completion of the period's
    target (completion exactly as `targets` computes it), commission is not payable (§6.5)."""
    need = ledger.rules.commission.requires_completion if ledger.rules else None
    if need is None:
        return lambda who, cur: (True, None)
    from .targets import targets_report

    month = int(period[5:7]) if len(period) == 7 else None
    report = targets_report(ledger, as_of, int(period[:4]), month, lang=lang)
    done = {(r.key, r.currency): r.completion for r in report.rows if r.kind == "person"}
    home = base_currency(ledger)

    def gate(who: str, currency: str) -> tuple[bool, str | None]:
        completion = done.get((who, home))
        if completion is None:
            return True, None  # no target for the period: payable
        return Decimal(completion) >= need, completion
    return gate
