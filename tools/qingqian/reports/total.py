"""`total`: invoiced, collected, credited, written off, recovered, outstanding, overdue,
interest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..model import Receivable
from ..money import ZERO, fmt
from .common import (
    Filters,
    base_currency,
    group_key,
    group_name,
    json_totals,
    multi_currency,
    receivables,
    with_currency,
)
from .labels import label
from .layout import Column, Table

FIELDS = ("invoiced", "collected", "credited", "written_off", "recovered", "outstanding",
          "overdue", "interest")


@dataclass(frozen=True, slots=True)
class TotalRow:
    currency: str
    key: str
    name: str
    figures: tuple[Decimal, ...]  # in FIELDS order

    def json(self) -> dict:
        return {f: fmt(v) for f, v in zip(FIELDS, self.figures)}


@dataclass(frozen=True, slots=True)
class TotalReport:
    as_of: date
    by: str
    rows: tuple[TotalRow, ...]
    totals: tuple[TotalRow, ...]  # one per currency

    @property
    def multi(self) -> bool:
        return multi_currency(t.currency for t in self.totals)

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "rows": [with_currency({"key": r.key, **r.json()}, r.currency, self.multi)
                     for r in self.rows],
            "totals": json_totals({t.currency: t.json() for t in self.totals}, self.multi),
        }

    def tables(self, lang: str) -> list[Table]:
        lead = [Column(label(self.by, lang)), Column(label("name", lang))]
        lead += [Column(label("currency", lang))] if self.multi else []
        columns = (*lead, *(Column(label(f, lang), "money") for f in FIELDS))

        def cells(row: TotalRow, key: str) -> tuple:
            cur = (row.currency,) if self.multi else ()
            return (key, row.name, *cur, *row.figures)

        return [Table(columns, tuple(cells(r, r.key) for r in self.rows),
                      tuple(cells(t, label("totals", lang)) for t in self.totals),
                      f"{label('total-report', lang)} {self.as_of.isoformat()}",
                      (label("interest-note", lang),))]


def total_report(ledger: Ledger, as_of: date, by: str = "debtor", filters: Filters = Filters(),
                 lang: str = "zh") -> TotalReport:
    """Per group, the sums of each receivable's Position figures as of `as_of`.

    `collected` is money on the books (recoveries excluded); `recovered` is money
    received after a write-off (账销案存), shown apart. `interest` is the accrued overdue
    interest (DESIGN §6.2), each receivable's rounded once, reported beside the
    principal and never added to it. Groups whose every figure is zero are left out.
    """
    return total_of(ledger, receivables(ledger, filters, as_of), as_of, by, lang)


def total_of(ledger: Ledger, recs: Iterable[Receivable], as_of: date, by: str = "debtor",
             lang: str = "zh") -> TotalReport:
    """`total_report` over receivables already chosen (in id order), e.g. one debtor's.

    The site asks for thousands of one-debtor reports; filtering the whole ledger for
    each would make the build quadratic.
    """
    groups: dict[tuple[str, str], list[Decimal]] = {}
    for rec in recs:
        pos = ledger.position(rec, as_of)
        figures = [pos.invoiced, pos.collected, pos.credited, pos.written_off, pos.recovered,
                   pos.outstanding, pos.overdue, pos.interest]
        if not any(figures):
            continue
        key = (ledger.currency(rec), group_key(ledger, rec, by, as_of))
        acc = groups.setdefault(key, [ZERO] * len(FIELDS))
        groups[key] = [x + y for x, y in zip(acc, figures)]
    rows = tuple(TotalRow(cur, key, group_name(ledger, by, key, lang), tuple(v))
                 for (cur, key), v in sorted(groups.items()))
    empty = {base_currency(ledger): [ZERO] * len(FIELDS)}  # a zero totals row when nothing is open
    totals: dict[str, list[Decimal]] = {} if rows else empty
    for row in rows:
        acc = totals.setdefault(row.currency, [ZERO] * len(FIELDS))
        totals[row.currency] = [x + y for x, y in zip(acc, row.figures)]
    return TotalReport(as_of, by, rows,
                       tuple(TotalRow(cur, "", "", tuple(v)) for cur, v in sorted(totals.items())))
