"""What every report shares: filters, grouping keys, column specs and currency handling.

Reports are pure functions `(ledger, options…, as_of) -> frozen report`; each report
dataclass offers `to_json()` (DESIGN §5 shapes) and `tables(lang)` (generic
`reports.layout.Table`s for table/csv/markdown). This module is their stable common API:

- `Filters` / `Filters.accepts` — the `--unit --debtor --collector --kind` filters;
- `receivables(ledger, filters, as_of)` — the filtered receivables, sorted by id;
- `GROUPS`, `group_key`, `group_name` — the `--by` choices and their keys and names;
- `language(ledger, lang)` — the default language (labels: `reports.labels`);
- `multi_currency`, `json_totals`, `with_currency` — never add across currencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..figures.position import collector_on
from ..ledger import Ledger
from ..model import Receivable
from ..model.policy import Target
from ..model.receivable import Payment, Reversal
from ..money import cents, fmt
from .labels import VALUES, label
from .layout import Column

GROUPS = ("debtor", "unit", "collector", "kind", "debtor-type")
FORMATS = ("table", "csv", "json", "markdown")
LANGS = ("zh", "en")
UNKNOWN = "?"

@dataclass(frozen=True, slots=True)
class Filters:
    """The report filters; `None` accepts everything. The collector is the one in effect then."""

    unit: str | None = None
    debtor: str | None = None
    collector: str | None = None
    kind: str | None = None

    def accepts(self, rec: Receivable, on: date | None = None) -> bool:
        """Whether `rec` passes; with `on`, the collector filter tests `collector_on(rec, on)`."""
        if self.unit is not None and rec.unit != self.unit:
            return False
        if self.debtor is not None and rec.debtor != self.debtor:
            return False
        if self.kind is not None and rec.kind != self.kind:
            return False
        if self.collector is not None and on is not None:
            return collector_on(rec, on) == self.collector
        return True

    def accepts_collector(self, collector: str) -> bool:
        """For reports that credit each payment to its own collector (commission, targets)."""
        return self.collector is None or collector == self.collector

    def without_collector(self) -> Filters:
        return Filters(self.unit, self.debtor, None, self.kind)


def receivables(ledger: Ledger, filters: Filters, as_of: date | None) -> list[Receivable]:
    """The receivables passing `filters` (collector as of `as_of`, if given), sorted by id."""
    return [rec for _, rec in sorted(ledger.receivables.items()) if filters.accepts(rec, as_of)]


@dataclass(frozen=True, slots=True)
class Move:
    """Money received (sign +1) or a reversal taking a payment back (sign −1), on its own date."""

    date: date
    payment: Payment
    sign: int

    @property
    def amount(self) -> Decimal:
        return self.payment.amount * self.sign


def money_moves(rec: Receivable, start: date, end: date) -> list[Move]:
    """Every payment (recoveries included) and every reversal dated in [start, end], in date order.

    DESIGN §6.0: money received in a period counts every payment, net of reversals; a
    reversal dated in a period takes its payment's amount (and one payment) back in
    that period. A reversal whose ref names no payment is ignored (the L rules flag it).
    """
    by_ref = {e.ref: e for e in rec.events if isinstance(e, Payment) and e.ref is not None}
    moves = []
    for event in rec.events:
        if not start <= event.date <= end:
            continue
        if isinstance(event, Payment):
            moves.append(Move(event.date, event, 1))
        elif isinstance(event, Reversal) and event.ref in by_ref:
            moves.append(Move(event.date, by_ref[event.ref], -1))
    moves.sort(key=lambda m: m.date)
    return moves


def group_key(ledger: Ledger, rec: Receivable, by: str, on: date) -> str:
    """The `--by` key of a receivable; `collector` is the collector in effect on `on`."""
    if by == "debtor":
        return rec.debtor
    if by == "unit":
        return rec.unit
    if by == "collector":
        return collector_on(rec, on)
    if by == "kind":
        return rec.kind
    if by == "debtor-type":
        debtor = ledger.debtors.get(rec.debtor)
        return debtor.type if debtor else UNKNOWN
    raise ValueError(f"unknown grouping {by!r}")


def group_name(ledger: Ledger, by: str, key: str, lang: str) -> str:
    """A readable name for a key (debtor, unit or person name; kind and type labels)."""
    if by == "debtor":
        debtor = ledger.debtors.get(key)
        return debtor.name if debtor else ""
    if by in ("unit",):
        unit = ledger.units.get(key)
        return unit.name if unit else ""
    if by in ("collector", "person"):
        person = ledger.people.get(key)
        return person.name if person else ""
    if by in ("kind", "debtor-type"):
        # English keys already read as names
        return VALUES(key, lang) if lang != "en" and key in VALUES else ""
    return ""


def language(ledger: Ledger, lang: str | None) -> str:
    """`--lang`, else QINGQIAN_LANG, else rules.yaml `language`, else zh."""
    from ..i18n import choose

    return choose(lang, ledger.rules.language if ledger.rules else None)


def columns(lang: str, *spec: str) -> tuple[Column, ...]:
    """Columns from `"key"` or `"key:kind"` specs (kinds as in `reports.layout.Column`)."""
    out = []
    for item in spec:
        key, _, kind = item.partition(":")
        out.append(Column(label(key, lang), kind or "text"))
    return tuple(out)


def base_currency(ledger: Ledger) -> str:
    """The currency targets are set in: rules.yaml `currency`."""
    return ledger.rules.currency if ledger.rules else "CNY"


def multi_currency(currencies: Iterable[str]) -> bool:
    return len(set(currencies)) > 1


def json_totals(totals: Mapping[str, dict], multi: bool) -> dict | list[dict]:
    """The JSON "totals": one object for one currency; per-currency objects with "currency" else.

    Multi-currency convention (documented for users): when a report holds more than one
    currency, every row carries a "currency" key and "totals" is a list of
    `{"currency", …}` objects, one per currency, sorted; amounts are never added across
    currencies.
    """
    if not multi:
        return next(iter(totals.values())) if totals else {}
    return [{"currency": cur, **body} for cur, body in sorted(totals.items())]


def with_currency(row: dict, currency: str, multi: bool) -> dict:
    """A JSON row, with "currency" first when the report holds several currencies."""
    return {"currency": currency, **row} if multi else row


def money_list(amounts: Sequence[Decimal]) -> list[str | None]:
    return [fmt(a) for a in amounts]


def month_target(target: Target | None, month: str) -> Decimal | None:
    """A month's target: its own `monthly` entry, else annual / 12 rounded half-up to the cent."""
    if target is None:
        return None
    if month in target.monthly:
        return target.monthly[month]
    return cents(target.annual / 12) if target.annual is not None else None


def target_through(target: Target | None, year: int, month: int | None) -> Decimal | None:
    """The annual target, or the sum of the month targets January..`month`."""
    if target is None:
        return None
    if month is None:
        if target.annual is not None:
            return target.annual
        month = 12
    parts = [month_target(target, f"{year:04d}-{m:02d}") for m in range(1, month + 1)]
    known = [p for p in parts if p is not None]
    return sum(known, Decimal("0.00")) if known else None
