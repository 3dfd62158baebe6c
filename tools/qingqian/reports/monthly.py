"""`monthly`: per unit, the month's collections against target, and the year to date."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..figures.fx import counted
from ..figures.position import collector_on
from ..ledger import Ledger
from ..model import Receivable
from ..money import ZERO, fmt, ratio
from .common import (
    Filters,
    Move,
    base_currency,
    columns,
    group_name,
    json_totals,
    money_moves,
    month_target,
    multi_currency,
    receivables,
    target_through,
    with_currency,
)
from .labels import label
from .layout import Column, Table


@dataclass(frozen=True, slots=True)
class MonthlyRow:
    currency: str
    unit: str
    name: str
    payments: int
    receivables: int
    amount: Decimal
    target: Decimal | None
    ytd_amount: Decimal
    ytd_target: Decimal | None

    @property
    def completion(self) -> str | None:
        return ratio(self.amount, self.target)

    def json(self) -> dict:
        return {"payments": self.payments, "receivables": self.receivables,
                "amount": fmt(self.amount), "target": fmt(self.target),
                "completion": self.completion, "ytd_amount": fmt(self.ytd_amount),
                "ytd_target": fmt(self.ytd_target)}


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    month: str
    as_of: date
    rows: tuple[MonthlyRow, ...]
    totals: tuple[MonthlyRow, ...] = field(default=())

    @property
    def multi(self) -> bool:
        return multi_currency(t.currency for t in self.totals)

    def to_json(self) -> dict:
        return {"month": self.month,
                "rows": [with_currency({"unit": r.unit, **r.json()}, r.currency, self.multi)
                         for r in self.rows],
                "totals": json_totals({t.currency: t.json() for t in self.totals}, self.multi)}

    def tables(self, lang: str) -> list[Table]:
        lead = [Column(label("unit", lang)), Column(label("name", lang))]
        lead += [Column(label("currency", lang))] if self.multi else []
        cols = (*lead, *columns(lang, "payments:int", "receivables:int", "amount:money",
                                "target:money", "completion:ratio", "ytd_amount:money",
                                "ytd_target:money"))

        def cells(r: MonthlyRow, unit: str) -> tuple:
            cur = (r.currency,) if self.multi else ()
            return (unit, r.name, *cur, r.payments, r.receivables, r.amount, r.target,
                    r.completion, r.ytd_amount, r.ytd_target)

        return [Table(cols, tuple(cells(r, r.unit) for r in self.rows),
                      tuple(cells(t, label("totals", lang)) for t in self.totals),
                      f"{label('monthly', lang)} {self.month}")]


def month_bounds(month: str) -> tuple[date, date]:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def monthly_report(ledger: Ledger, as_of: date, month: str, filters: Filters = Filters(),
                   lang: str = "zh") -> MonthlyReport:
    """Per unit: 笔数, 项数, amount, target, completion, year-to-date amount and target.

    Money counts every payment including recoveries, net of reversals: a reversal dated
    in month M (and on or before as-of) subtracts its payment's amount, and one from
    the payment count, in month M. 项数 counts the receivables whose net money in the
    month is > 0. Targets (policies/targets/<year>.yaml) are in rules.yaml `currency`:
    rows in another currency have no target. A month without its own target takes
    cents(annual / 12); ytd_target sums the month targets January..M. The --collector
    filter tests the collector in effect on each payment's date.
    """
    start, end = month_bounds(month)
    end = min(end, as_of)
    year_start = date(start.year, 1, 1)
    cells: dict[tuple[str, str], dict] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        nets: dict[str, Decimal] = {}
        for move in money_moves(rec, year_start, end):
            if not filters.accepts_collector(collector_on(rec, move.payment.date)):
                continue
            currency, amount = counted(ledger.rules, ledger.currency(rec), move.payment.date,
                                       move.amount)
            acc = cells.setdefault((currency, rec.unit), _zero())
            acc["ytd"] += amount
            if move.date >= start:
                acc["payments"] += move.sign
                acc["amount"] += amount
                nets[currency] = nets.get(currency, ZERO) + amount
        for currency, net in nets.items():
            if net > 0:
                cells[(currency, rec.unit)]["receivables"] += 1
    return _report(ledger, as_of, month, cells, filters, lang)


def monthly_reports(ledger: Ledger, as_of: date, months: Sequence[str],
                    lang: str = "zh") -> dict[str, MonthlyReport]:
    """`monthly_report` for many months (no filters), each receivable's money read once.

    The site shows 24 months; asking month by month reads every payment up to 24 times.
    Here each move is added to its calendar month, and a month's year to date is the sum
    of its year's months up to it. Equal to `monthly_report` month by month (tested).
    """
    if not months:
        return {}
    starts = [month_bounds(m)[0] for m in months]
    first = date(min(starts).year, 1, 1)
    last = min(max(month_bounds(m)[1] for m in months), as_of)
    sums: dict[tuple[int, str, str], dict] = {}  # (month index, currency, unit) -> sums
    for rec in receivables(ledger, Filters(), None):
        _add_moves(sums, ledger, rec, money_moves(rec, first, last))
    return {month: _report(ledger, as_of, month, _month_cells(sums, start, as_of), Filters(), lang)
            for month, start in zip(months, starts)}


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _add_moves(sums: dict, ledger: Ledger, rec: Receivable, moves: list[Move]) -> None:
    """One receivable's moves into its months' sums; a month it received money in counts it."""
    nets: dict[tuple[int, str], Decimal] = {}
    for move in moves:
        month = _index(move.date)
        currency, amount = counted(ledger.rules, ledger.currency(rec), move.payment.date,
                                   move.amount)
        acc = sums.setdefault((month, currency, rec.unit), _zero())
        acc["payments"] += move.sign
        acc["amount"] += amount
        nets[(month, currency)] = nets.get((month, currency), ZERO) + amount
    for (month, currency), net in nets.items():
        if net > 0:
            sums[(month, currency, rec.unit)]["receivables"] += 1


def _month_cells(sums: dict, start: date, as_of: date) -> dict[tuple[str, str], dict]:
    """A month's cells as `monthly_report` builds them: a unit with money in the year so far
    has a row; the month's own figures only when the month has begun by the as-of date."""
    month, year = _index(start), start.year * 12
    cells: dict[tuple[str, str], dict] = {}
    for (index, currency, unit), acc in sums.items():
        if not year <= index <= month:
            continue
        cell = cells.setdefault((currency, unit), _zero())
        cell["ytd"] += acc["amount"]
        if index == month and start <= as_of:
            for key in ("payments", "amount", "receivables"):
                cell[key] += acc[key]
    return cells


def _report(ledger: Ledger, as_of: date, month: str, cells: dict[tuple[str, str], dict],
            filters: Filters, lang: str) -> MonthlyReport:
    """Rows (with targets) and totals from the month's sums per (currency, unit)."""
    start = month_bounds(month)[0]
    plan = ledger.targets.get(start.year)
    home = base_currency(ledger)
    if plan is not None:
        for unit in plan.units:
            if filters.unit is None or unit == filters.unit:
                cells.setdefault((home, unit), _zero())
    rows = []
    for (currency, unit), acc in sorted(cells.items()):
        target = plan.units.get(unit) if plan is not None and currency == home else None
        rows.append(MonthlyRow(currency, unit, group_name(ledger, "unit", unit, lang),
                               acc["payments"], acc["receivables"], acc["amount"],
                               month_target(target, month),
                               acc["ytd"], target_through(target, start.year, start.month)))
    totals = _totals(rows) or (MonthlyRow(home, "", "", 0, 0, ZERO, None, ZERO, None),)
    return MonthlyReport(month, as_of, tuple(rows), totals)


def _zero() -> dict:
    return {"payments": 0, "receivables": 0, "amount": ZERO, "ytd": ZERO}


def _sum(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def _totals(rows: list[MonthlyRow]) -> tuple[MonthlyRow, ...]:
    out = []
    for currency in sorted({r.currency for r in rows}):
        mine = [r for r in rows if r.currency == currency]
        out.append(MonthlyRow(
            currency, "", "", sum(r.payments for r in mine), sum(r.receivables for r in mine),
            sum((r.amount for r in mine), ZERO), _sum([r.target for r in mine]),
            sum((r.ytd_amount for r in mine), ZERO), _sum([r.ytd_target for r in mine])))
    return tuple(out)
