"""`age`: outstanding by aging bucket, with provision (坏账准备) per bucket (DESIGN §6.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..figures.position import Position
from ..ledger import Ledger
from ..lifecycle.claims import disputed
from ..model.policy import Bucket
from ..money import ZERO, cents, fmt
from .common import (
    Filters,
    base_currency,
    group_key,
    group_name,
    json_totals,
    money_list,
    multi_currency,
    receivables,
    with_currency,
)
from .labels import label
from .layout import Column, Table


@dataclass(frozen=True, slots=True)
class AgeRow:
    currency: str
    key: str
    name: str
    amounts: tuple[Decimal, ...]
    total: Decimal
    provision: Decimal
    disputed: Decimal = ZERO  # held up by open disputes (质量问题 …), part of `total`


@dataclass(frozen=True, slots=True)
class AgeReport:
    as_of: date
    basis: str
    by: str
    buckets: tuple[Bucket, ...]
    rows: tuple[AgeRow, ...]
    totals: tuple[AgeRow, ...]  # one per currency, key "" (amounts summed over rows)

    @property
    def multi(self) -> bool:
        return multi_currency(t.currency for t in self.totals)

    def to_json(self) -> dict:
        currencies = [t.currency for t in self.totals]
        return {
            "as_of": self.as_of.isoformat(),
            "currency": currencies if self.multi else (currencies[0] if currencies else None),
            "basis": self.basis,
            "buckets": [{"label": b.label, "from_days": lo, "to_days": b.to}
                        for b, lo in zip(self.buckets, from_days(self.buckets))],
            "rows": [with_currency({"key": r.key, "amounts": money_list(r.amounts),
                                    "total": fmt(r.total), "provision": fmt(r.provision),
                                    "disputed": fmt(r.disputed)},
                                   r.currency, self.multi) for r in self.rows],
            "totals": json_totals({t.currency: {"amounts": money_list(t.amounts),
                                                "total": fmt(t.total),
                                                "provision": fmt(t.provision),
                                                "disputed": fmt(t.disputed)}
                                   for t in self.totals}, self.multi),
        }

    def tables(self, lang: str) -> list[Table]:
        lead = [Column(label(self.by, lang)), Column(label("name", lang))]
        lead += [Column(label("currency", lang))] if self.multi else []
        names = bucket_labels(self.buckets, lang)
        columns = (*lead, *(Column(name, "money") for name in names),
                   Column(label("total", lang), "money"), Column(label("provision", lang), "money"))
        shown = any(r.disputed for r in self.rows)  # the column appears once a dispute is open
        columns += (Column(label("disputed", lang), "money"),) if shown else ()

        def cells(row: AgeRow, key: str, name: str) -> tuple:
            cur = (row.currency,) if self.multi else ()
            extra = (row.disputed,) if shown else ()
            return (key, name, *cur, *row.amounts, row.total, row.provision, *extra)

        basis = label("basis-" + self.basis, lang)
        title = f"{label('age', lang)} {self.as_of.isoformat()} ({basis})"
        return [Table(columns, tuple(cells(r, r.key, r.name) for r in self.rows),
                      tuple(cells(t, label("totals", lang), "") for t in self.totals), title)]


def bucket_labels(buckets: tuple[Bucket, ...], lang: str) -> list[str]:
    """Bucket titles: rules.yaml `label` in Chinese; `label_en`, else words from the bounds."""
    if lang == "zh":
        return [b.label for b in buckets]
    return [b.label_en or _english(lo, b.to) for b, lo in zip(buckets, from_days(buckets))]


def _english(first: int | None, last: int | None) -> str:
    """`Not due`, `1-90 days`, `1-2 years`, `Over 3 years` from a bucket's (first, last] days."""
    if last is not None and last <= 0:
        return "Not due" if first is None else f"Up to {last} days"
    if last is None:
        before = (first or 1) - 1
        if before and before % 365 == 0:
            return f"Over {before // 365} years"
        return f"Over {before} days"
    start = first if first is not None else 0
    if (start - 1) % 365 == 0 and last % 365 == 0 and start > 1:
        return f"{(start - 1) // 365}-{last // 365} years"
    return f"{start}-{last} days"


def from_days(buckets: tuple[Bucket, ...]) -> list[int | None]:
    """Bucket i holds (to_{i-1}, to_i]: its first day is to_{i-1} + 1; the first is open below."""
    return [None if i == 0 else (buckets[i - 1].to or 0) + 1 for i in range(len(buckets))]


def bucket_of(days: int, limits: tuple[int | None, ...]) -> int:
    """The first bucket whose `to` is at least `days`; the last (no `to`) takes the rest."""
    for index, to in enumerate(limits):
        if to is None or days <= to:
            return index
    return len(limits) - 1


def open_by_bucket(pos: Position, basis: str, limits: tuple[int | None, ...]) -> list[Decimal]:
    """The receivable's on-book open balances (after FIFO) spread over the buckets."""
    amounts = [ZERO] * len(limits)
    for bill, balance in zip(pos.bills, pos.open):
        if balance > 0:
            start = bill.due if basis == "due" else bill.date
            amounts[bucket_of((pos.as_of - start).days, limits)] += balance
    return amounts


def provision(amounts: list[Decimal] | tuple[Decimal, ...], rates: list[Decimal]) -> Decimal:
    """Σ amount × rate over the buckets, rounded half-up to the cent once."""
    return cents(sum((a * r for a, r in zip(amounts, rates)), ZERO))


def age_report(ledger: Ledger, as_of: date, by: str = "debtor", basis: str | None = None,
               filters: Filters = Filters(), lang: str = "zh") -> AgeReport:
    """Outstanding by bucket per group, with provision.

    Only on-book open invoice balances are aged (written-off, off-book claims are not).
    Basis `due`: days = as_of − due of each open balance after FIFO (≤ 0 → the first
    bucket); basis `invoice`: days = as_of − invoice date. Provision rounding: a row's
    provision is cents(Σ_b amount_b × rate_b), rounded once per row; the totals'
    provision is cents(Σ_b total_amount_b × rate_b) computed from the bucket totals, so
    it may differ by a cent or so from the sum of the rows' provisions.
    """
    assert ledger.rules is not None
    aging = ledger.rules.aging
    buckets, basis = aging.buckets, basis or aging.basis
    limits = tuple(b.to for b in buckets)
    rates = [b.provision or ZERO for b in buckets]
    groups: dict[tuple[str, str], list[Decimal]] = {}
    held: dict[tuple[str, str], Decimal] = {}
    for rec in receivables(ledger, filters, as_of):
        pos = ledger.position(rec, as_of)
        amounts = open_by_bucket(pos, basis, limits)
        if any(amounts):
            key = (ledger.currency(rec), group_key(ledger, rec, by, as_of))
            acc = groups.setdefault(key, [ZERO] * len(buckets))
            groups[key] = [x + y for x, y in zip(acc, amounts)]
            held[key] = held.get(key, ZERO) + disputed(rec, pos, as_of)
    rows = tuple(AgeRow(cur, key, group_name(ledger, by, key, lang), tuple(a), sum(a, ZERO),
                        provision(a, rates), held[(cur, key)])
                 for (cur, key), a in sorted(groups.items()))
    empty = {base_currency(ledger): [ZERO] * len(buckets)}  # a zero totals row when nothing is open
    totals: dict[str, list[Decimal]] = {} if rows else empty
    for row in rows:
        acc = totals.setdefault(row.currency, [ZERO] * len(buckets))
        totals[row.currency] = [x + y for x, y in zip(acc, row.amounts)]
    return AgeReport(as_of, basis, by, buckets, rows,
                     tuple(AgeRow(cur, "", "", tuple(a), sum(a, ZERO), provision(a, rates),
                                  sum((r.disputed for r in rows if r.currency == cur), ZERO))
                           for cur, a in sorted(totals.items())))
