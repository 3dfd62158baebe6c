"""Credit hold (DESIGN §6.4): no further supply to a debtor while it is seriously overdue.

A debtor is on hold on a date when, in one currency, its open invoice balances
more than `credit_hold.overdue_days` past due add up to more than
`credit_hold.overdue_amount`, or its outstanding exceeds its credit limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..figures.fx import convert, converts, rate_on
from ..figures.position import Position
from ..ledger import Ledger
from ..model.receivable import Receivable
from ..money import ZERO, cents
from .holdsweep import DayFigures, sweep, sweepable
from .namedsweep import named_sweep, named_sweepable


@dataclass(frozen=True, slots=True)
class Hold:
    """Why a debtor is on hold in one currency; `overdue` is the balance past the trigger days."""

    debtor: str
    name: str
    currency: str
    overdue: Decimal
    outstanding: Decimal
    overdue_over: Decimal | None  # the trigger amount, when the overdue balance exceeds it
    limit_over: Decimal | None  # the credit limit, when the outstanding exceeds it
    days: int

    def reason(self, lang: str = "en") -> str:
        """Why, in words, amounts with separators: 逾期60天以上余额 1,480,000.00 超过 10,000.00."""
        parts = []
        cur = "" if self.currency == "CNY" else f"{self.currency} "
        overdue, outstanding = _amount(self.overdue), _amount(self.outstanding)
        if self.overdue_over is not None:
            over = _amount(self.overdue_over)
            parts.append(f"逾期{self.days}天以上余额 {cur}{overdue} 超过 {over}"
                         if lang == "zh" else
                         f"balance over {self.days} days past due {cur}{overdue} exceeds {over}")
        if self.limit_over is not None:
            limit = _amount(self.limit_over)
            parts.append(f"欠款余额 {cur}{outstanding} 超过信用额度 {limit}" if lang == "zh" else
                         f"outstanding {cur}{outstanding} exceeds the credit limit {limit}")
        return "；".join(parts) if lang == "zh" else "; ".join(parts)


def _amount(value: Decimal) -> str:
    return f"{cents(value):,.2f}"


def hold_of(ledger: Ledger, debtor: str, day: date,
            skip: tuple[str, int] | None = None) -> tuple[Hold, ...]:
    """The debtor's holds on a date, one per currency that triggers one.

    `skip` is (receivable id, invoice line): that invoice is left out, so an
    invoice can be judged by the hold in force just before it was issued.
    """
    assert ledger.rules is not None
    policy = ledger.rules.credit_hold
    overdue: dict[str, Decimal] = {}
    outstanding: dict[str, Decimal] = {}
    for rec in ledger.receivables_of(debtor):
        pos = _position_on(ledger, rec, day)
        if pos is None:
            continue
        if pos.transferred:
            continue
        cur = ledger.currency(rec)
        late = sum((b for i, b in enumerate(pos.open)
                    if pos.days_past_due(i, day) > policy.overdue_days), ZERO)
        owed = pos.outstanding
        if skip and skip[0] == rec.id:
            owed -= sum((b for bill, b in zip(pos.bills, pos.open) if bill.line == skip[1]), ZERO)
        overdue[cur] = overdue.get(cur, ZERO) + late
        outstanding[cur] = outstanding.get(cur, ZERO) + owed
    return _holds(ledger, debtor, overdue, outstanding, day)


def _holds(ledger: Ledger, debtor: str, overdue: dict[str, Decimal],
           outstanding: dict[str, Decimal], day: date) -> tuple[Hold, ...]:
    """The holds that a debtor's per-currency overdue and outstanding balances trigger."""
    _to_home(ledger, overdue, outstanding, day)
    assert ledger.rules is not None
    policy = ledger.rules.credit_hold
    record = ledger.debtors.get(debtor)
    limit = record.credit.limit if record and record.credit else None
    holds = []
    for cur in sorted(outstanding):
        over = policy.overdue_amount if overdue[cur] > policy.overdue_amount else None
        beyond = limit if limit is not None and outstanding[cur] > limit else None
        if over is not None or beyond is not None:
            holds.append(Hold(debtor, record.name if record else debtor, cur, overdue[cur],
                              outstanding[cur], over, beyond, policy.overdue_days))
    return tuple(holds)


def _to_home(ledger: Ledger, overdue: dict[str, Decimal], outstanding: dict[str, Decimal],
             day: date) -> None:
    """Balances in another currency join the ledger currency's at the `fx` rate of the month
    (DESIGN §6.4); without a rate they are judged on their own, as without a table."""
    if not converts(ledger.rules):
        return
    home = ledger.rules.currency  # type: ignore[union-attr]
    for cur in [c for c in outstanding if c != home]:
        rate = rate_on(ledger.rules, cur, day)
        if rate is not None:
            overdue[home] = overdue.get(home, ZERO) + convert(overdue.pop(cur), rate)
            outstanding[home] = outstanding.get(home, ZERO) + convert(outstanding.pop(cur), rate)


def invoice_holds(ledger: Ledger, invoices: list[tuple[str, date, int]]
                  ) -> Iterator[tuple[str, int, tuple[Hold, ...]]]:
    """(receivable, invoice line, holds) for each (receivable, date, line): `hold_of` with the
    invoice skipped, for every invoice at once — one sweep per receivable (holdsweep)."""
    by_debtor: dict[str, list[tuple[str, date, int]]] = {}
    for item in invoices:
        by_debtor.setdefault(ledger.receivables[item[0]].debtor, []).append(item)
    for debtor, asked in by_debtor.items():
        days = sorted({day for _, day, _ in asked})
        lines: dict[str, dict[date, list[int]]] = {}
        for ident, day, line in asked:
            lines.setdefault(ident, {}).setdefault(day, []).append(line)
        figures = {rec.id: _figures(ledger, rec, days, lines.get(rec.id, {}))
                   for rec in ledger.receivables_of(debtor)}
        for ident, day, line in asked:
            overdue: dict[str, Decimal] = {}
            outstanding: dict[str, Decimal] = {}
            for rec in ledger.receivables_of(debtor):
                got = figures[rec.id][day]
                if got is None:
                    continue
                cur = ledger.currency(rec)
                owed = got.owed - (got.open_of.get(line, ZERO) if rec.id == ident else ZERO)
                overdue[cur] = overdue.get(cur, ZERO) + got.late
                outstanding[cur] = outstanding.get(cur, ZERO) + owed
            yield ident, line, _holds(ledger, debtor, overdue, outstanding, day)


def _figures(ledger: Ledger, rec: Receivable, days: list[date],
             lines: dict[date, list[int]]) -> dict[date, DayFigures | None]:
    assert ledger.rules is not None
    limit = ledger.rules.credit_hold.overdue_days
    if sweepable(rec):
        return sweep(rec, days, limit, lines)
    if named_sweepable(rec):
        return named_sweep(rec, days, limit, lines)
    out: dict[date, DayFigures | None] = {}
    for day in days:  # named allocation: the position itself, day by day
        pos = _position_on(ledger, rec, day)
        if pos is None or pos.transferred:
            out[day] = None
            continue
        late = sum((b for i, b in enumerate(pos.open) if pos.days_past_due(i, day) > limit), ZERO)
        open_of = {line: sum((b for bill, b in zip(pos.bills, pos.open) if bill.line == line), ZERO)
                   for line in lines.get(day, ())}
        out[day] = DayFigures(late, pos.outstanding, open_of)
    return out


def _position_on(ledger: Ledger, rec: Receivable, day: date) -> Position | None:
    """The position on a day, or None before the receivable's first event or charge.

    Each invoice date asks once per receivable of its debtor, so past days are computed
    afresh rather than kept in the run-wide cache (which would grow with every invoice).
    """
    if not any(e.date <= day for e in rec.events) and not any(s.from_ <= day for s in rec.schedule):
        return None
    return ledger.position(rec, day, keep=False)


def holds(ledger: Ledger, as_of: date) -> tuple[Hold, ...]:
    """Every debtor on hold on the as-of date, by debtor id."""
    return tuple(h for ident in sorted(ledger.debtors) for h in hold_of(ledger, ident, as_of))
