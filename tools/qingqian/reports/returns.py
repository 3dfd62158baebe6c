"""The monthly return (月报) as the work plans ask for it: the `monthly` figures plus arrears.

Art. 1 asks each unit to report, every month, what it collected (笔数, 项数, 金额, target)
and the plans add what a finance office watches beside it: collection attempts per
collector (催讨次数: demands, visits, calls), the arrears that arose in the month
(前清后欠: invoices that fell overdue in it) next to what was cleared, claims whose
amount nobody has confirmed (底数不清), and intercompany debt (内部欠款, art. 4 §19)
apart from external arrears. `monthly_report` stays the DESIGN §5 shape; this report
only adds keys to its rows and totals, and a list `attempts`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal

from ..figures.fx import counted
from ..figures.position import collector_on
from ..ledger import Ledger
from ..lifecycle.claims import confirmed, disputed, is_internal
from ..model import Receivable
from ..money import ZERO, fmt
from .common import Filters, group_name, receivables
from .labels import RETURN_LABELS, label
from .layout import Column, Table
from .monthly import MonthlyReport, month_bounds, monthly_report


@dataclass(frozen=True, slots=True)
class UnitArrears:
    """One unit's arrears at the month's end (capped at as-of), in one currency."""

    currency: str
    unit: str
    new_overdue: Decimal = ZERO  # 前清后欠: unpaid on the day they fell overdue, in the month
    new_overdue_bills: int = 0
    outstanding: Decimal = ZERO  # external debtors only
    overdue: Decimal = ZERO
    internal_outstanding: Decimal = ZERO  # 内部欠款: debtors marked `internal: true`
    internal_overdue: Decimal = ZERO
    unconfirmed: int = 0  # 底数不清: open claims without a statement or acknowledgment
    unconfirmed_amount: Decimal = ZERO
    disputed: Decimal = ZERO  # under an open dispute (质量问题 …)

    def json(self) -> dict:
        return {f.name: (fmt(v) if isinstance(v, Decimal) else v)
                for f in fields(self) if f.name not in ("currency", "unit")
                for v in (getattr(self, f.name),)}

    def plus(self, other: UnitArrears) -> UnitArrears:
        values = {f.name: getattr(self, f.name) + getattr(other, f.name)
                  for f in fields(self) if f.name not in ("currency", "unit")}
        return UnitArrears(self.currency, self.unit, **values)


@dataclass(frozen=True, slots=True)
class Attempts:
    """催讨次数 of one collector in the month, by kind of attempt."""

    collector: str
    name: str
    counts: tuple[tuple[str, int], ...]  # (event type, count), rules.yaml `returns.attempts` order

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def json(self) -> dict:
        return {"collector": self.collector, "name": self.name,
                **{kind: n for kind, n in self.counts}, "attempts": self.total}


@dataclass(frozen=True, slots=True)
class MonthlyReturn:
    base: MonthlyReport
    arrears: tuple[UnitArrears, ...]
    attempts: tuple[Attempts, ...]
    kinds: tuple[str, ...]

    def to_json(self) -> dict:
        out = self.base.to_json()
        multi = self.base.multi
        by_key = {(a.currency, a.unit): a for a in self.arrears}
        rows = out["rows"]
        seen = set()
        for row, base in zip(rows, self.base.rows):
            seen.add((base.currency, base.unit))
            row.update(by_key.get((base.currency, base.unit),
                                  UnitArrears(base.currency, base.unit)).json())
        for key in sorted(set(by_key) - seen):
            extra = {"unit": key[1], "payments": 0, "receivables": 0, "amount": "0.00",
                     "target": None, "completion": None, "ytd_amount": "0.00", "ytd_target": None}
            rows.append({**({"currency": key[0]} if multi else {}), **extra, **by_key[key].json()})
        totals = self._totals()
        if isinstance(out["totals"], list):
            for item in out["totals"]:
                item.update(totals.get(item["currency"], UnitArrears(item["currency"], "")).json())
        else:
            home = self.base.totals[0].currency if self.base.totals else ""
            out["totals"].update(totals.get(home, UnitArrears(home, "")).json())
        out["attempts"] = [a.json() for a in self.attempts]
        return out

    def _totals(self) -> dict[str, UnitArrears]:
        out: dict[str, UnitArrears] = {}
        for a in self.arrears:
            out[a.currency] = out[a.currency].plus(a) if a.currency in out else a
        return out

    def tables(self, lang: str) -> list[Table]:
        multi = self.base.multi
        lead = (Column(label("unit", lang)), Column(label("name", lang)),
                *((Column(label("currency", lang)),) if multi else ()))
        keys = ("new_overdue:money", "new_overdue_bills:int", "outstanding:money",
                "overdue:money", "internal_outstanding:money", "internal_overdue:money",
                "unconfirmed:int", "unconfirmed_amount:money", "disputed:money")
        cols = (*lead, *(Column(RETURN_LABELS(key, lang), kind)
                         for key, _, kind in (k.partition(":") for k in keys)))

        def cells(a: UnitArrears, first: str, name: str) -> tuple:
            cur = (a.currency,) if multi else ()
            return (first, name, *cur, a.new_overdue, a.new_overdue_bills, a.outstanding,
                    a.overdue, a.internal_outstanding, a.internal_overdue, a.unconfirmed,
                    a.unconfirmed_amount, a.disputed)

        rows = tuple(cells(a, a.unit, self._unit_names.get(a.unit, "")) for a in self.arrears)
        totals = tuple(cells(t, label("totals", lang), "") for t in self._totals().values())
        arrears = Table(cols, rows, totals, RETURN_LABELS("arrears", lang))
        acols = (Column(label("collector", lang)), Column(label("name", lang)),
                 *(Column(RETURN_LABELS(k, lang), "int") for k in self.kinds),
                 Column(RETURN_LABELS("attempts", lang), "int"))
        arows = tuple((a.collector, a.name, *(n for _, n in a.counts), a.total)
                      for a in self.attempts)
        return [*self.base.tables(lang), arrears,
                Table(acols, arows, (), RETURN_LABELS("attempts-title", lang))]

    @property
    def _unit_names(self) -> dict[str, str]:
        return {r.unit: r.name for r in self.base.rows}




def new_overdue(ledger: Ledger, rec: Receivable, start: date, end: date) -> tuple[Decimal, int]:
    """前清后欠: bills that fell overdue in [start, end] (due date + 1 in it), and what of each
    was still unpaid on its due date, as the allocation on the end date settles them."""
    pos = ledger.position(rec, end)
    amount, count = ZERO, 0
    for index, bill in enumerate(pos.bills):
        if not start <= bill.due + timedelta(days=1) <= end:
            continue
        paid = sum((s.amount for s in pos.settlements if s.bill == index and s.date <= bill.due),
                   ZERO)
        if bill.amount - paid > 0:
            amount += bill.amount - paid
            count += 1
    return amount, count


def _arrears_of(ledger: Ledger, rec: Receivable, start: date, end: date) -> UnitArrears:
    """One receivable's part of the return; a transferred claim owes nothing, and an
    intercompany one counts only in the internal columns (art. 4 §19: settled apart)."""
    pos = ledger.position(rec, end)
    if pos.transferred:
        return UnitArrears(ledger.currency(rec), rec.unit)
    owed, late = pos.outstanding, pos.overdue
    if is_internal(ledger, rec):
        return UnitArrears(ledger.currency(rec), rec.unit, internal_outstanding=owed,
                           internal_overdue=late)
    fresh, bills = new_overdue(ledger, rec, start, end)
    unconfirmed = owed > 0 and not confirmed(ledger, rec, end)
    return UnitArrears(ledger.currency(rec), rec.unit, fresh, bills, owed, late,
                       unconfirmed=int(unconfirmed),
                       unconfirmed_amount=owed if unconfirmed else ZERO,
                       disputed=disputed(rec, pos, end))


def _converted(ledger: Ledger, one: UnitArrears, end: date) -> UnitArrears:
    """Another currency's arrears at the `fx` rate of the month's end, as `monthly` counts its
    collections (DESIGN §6.5); without a rate they stay in their own currency."""
    currency, _ = counted(ledger.rules, one.currency, end, ZERO)
    if currency == one.currency:
        return one
    values: dict = {f.name: (counted(ledger.rules, one.currency, end, v)[1]
                             if isinstance(v, Decimal) else v)
                    for f in fields(one) if f.name not in ("currency", "unit")
                    for v in (getattr(one, f.name),)}
    return UnitArrears(currency, one.unit, **values)


def unit_arrears(ledger: Ledger, start: date, end: date,
                 filters: Filters) -> tuple[UnitArrears, ...]:
    """Per (currency, unit): the month's new arrears and the arrears standing at `end`."""
    out: dict[tuple[str, str], UnitArrears] = {}
    for rec in receivables(ledger, filters, end):
        one = _converted(ledger, _arrears_of(ledger, rec, start, end), end)
        key = (one.currency, one.unit)
        out[key] = out[key].plus(one) if key in out else one
    return tuple(out[k] for k in sorted(out))


def attempts(ledger: Ledger, start: date, end: date, filters: Filters) -> tuple[Attempts, ...]:
    """催讨次数 per collector: each attempt to whoever made it (`by`), else to the collector
    in effect on its date. Which event types count comes from rules.yaml `returns.attempts`."""
    kinds = _kinds(ledger)
    counts: dict[str, dict[str, int]] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        for event in rec.events:
            if event.type in kinds and start <= event.date <= end:
                who = getattr(event, "by", None) or collector_on(rec, event.date)
                if filters.accepts_collector(who):
                    mine = counts.setdefault(who, dict.fromkeys(kinds, 0))
                    mine[event.type] += 1
    return tuple(Attempts(who, group_name(ledger, "collector", who, "zh"),
                          tuple((k, n[k]) for k in kinds)) for who, n in sorted(counts.items()))


def _kinds(ledger: Ledger) -> tuple[str, ...]:
    return ledger.rules.returns.attempts if ledger.rules else ("demand", "visit", "call")


def monthly_return(ledger: Ledger, as_of: date, month: str, filters: Filters = Filters(),
                   lang: str = "zh") -> MonthlyReturn:
    """The monthly statistics of `monthly_report` plus arrears and attempts for the month."""
    start, end = month_bounds(month)
    end = min(end, as_of)
    base = monthly_report(ledger, as_of, month, filters, lang)
    found = attempts(ledger, start, end, filters)
    named = tuple(Attempts(a.collector, group_name(ledger, "collector", a.collector, lang),
                           a.counts) for a in found)
    return MonthlyReturn(base, unit_arrears(ledger, start, end, filters), named, _kinds(ledger))
