"""`leases`: the lease register (出租台账), one tenant's move-out settlement (退租结算), and
`meter`: the month's utilities invoice from the readings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..lifecycle.leases import (
    LeaseRow,
    MeterCharge,
    Settlement,
    lease_rows,
    meter_charges,
    settlement,
)
from ..money import fmt
from .common import Filters
from .labels import LEASE_LABELS
from .layout import Column, Table


def word(key: str, lang: str) -> str:
    return LEASE_LABELS(key, lang)


@dataclass(frozen=True, slots=True)
class LeasesReport:
    as_of: date
    rows: tuple[LeaseRow, ...]

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"receivable": r.receivable, "asset": r.asset, "asset_name": r.asset_name,
             "tenant": r.tenant, "name": r.tenant_name, "start": r.start.isoformat(),
             "end": r.end.isoformat(), "rent": fmt(r.rent), "every": r.every,
             "deposit": fmt(r.deposit.agreed), "deposit_received": fmt(r.deposit.received),
             "deposit_offset": fmt(r.deposit.offset), "deposit_refunded": fmt(r.deposit.refunded),
             "deposit_held": fmt(r.deposit.held), "outstanding": fmt(r.outstanding),
             "utilities": fmt(r.utilities), "penalty": fmt(r.penalty), "status": r.status}
            for r in self.rows]}

    def tables(self, lang: str) -> list[Table]:
        keys = (("asset", "text"), ("asset_name", "text"), ("tenant", "text"), ("start", "date"),
                ("end", "date"), ("rent", "money"), ("every", "text"), ("deposit", "money"),
                ("held", "money"), ("outstanding", "money"), ("utilities", "money"),
                ("penalty", "money"), ("status", "text"))
        cols = tuple(Column(word(k, lang), kind) for k, kind in keys)
        rows = tuple((r.asset, r.asset_name, r.tenant_name, r.start, r.end, r.rent,
                      word(r.every, lang), r.deposit.agreed, r.deposit.held, r.outstanding,
                      r.utilities, r.penalty, word(r.status, lang)) for r in self.rows)
        return [Table(cols, rows, (), f"{word('register', lang)} {self.as_of} "
                                      f"({word('note', lang)})")]


def leases_report(ledger: Ledger, as_of: date, filters: Filters = Filters(),
                  lang: str = "zh") -> LeasesReport:
    rows = tuple(r for r in lease_rows(ledger, as_of)
                 if filters.accepts(ledger.receivables[r.receivable], as_of))
    return LeasesReport(as_of, rows)


@dataclass(frozen=True, slots=True)
class SettlementReport:
    statement: Settlement

    def to_json(self) -> dict:
        s = self.statement
        return {"as_of": s.as_of.isoformat(), "receivable": s.receivable, "tenant": s.tenant,
                "name": s.tenant_name, "asset_name": s.asset_name,
                "move_out": s.move_out.isoformat() if s.move_out else None,
                "rent": fmt(s.rent), "utilities": fmt(s.utilities), "penalty": fmt(s.penalty),
                "owed": fmt(s.owed), "deposit_received": fmt(s.deposit.received),
                "deposit_offset": fmt(s.deposit.offset),
                "deposit_refunded": fmt(s.deposit.refunded), "deposit_held": fmt(s.deposit.held),
                "balance": fmt(s.balance)}

    def tables(self, lang: str) -> list[Table]:
        s = self.statement
        last = ("balance_due", s.balance) if s.balance >= 0 else ("refundable", -s.balance)
        lines: list[tuple[str, Decimal]] = [
            ("outstanding", s.rent), ("utilities", s.utilities), ("penalty", s.penalty),
            ("owed", s.owed), ("received", s.deposit.received), ("offset", s.deposit.offset),
            ("refunded", s.deposit.refunded), ("held", s.deposit.held), last]
        rows = tuple((word(k, lang), v) for k, v in lines)
        move = f", {word('move_out', lang)} {s.move_out}" if s.move_out else ""
        title = (f"{word('statement', lang)} {s.tenant_name} {s.asset_name} "
                 f"({s.receivable}{move}; {s.as_of})")
        return [Table((Column(word("item", lang)), Column(word("amount", lang), "money")),
                      rows, (), title)]


@dataclass(frozen=True, slots=True)
class MeterReport:
    as_of: date
    month: str
    charges: tuple[MeterCharge, ...]

    def to_json(self) -> dict:
        return {"month": self.month, "rows": [
            {"receivable": c.receivable, "meter": c.meter, "kind": c.kind,
             "previous": {"date": c.previous.date.isoformat(), "value": fmt(c.previous.value)},
             "current": {"date": c.current.date.isoformat(), "value": fmt(c.current.value)},
             "quantity": fmt(c.quantity), "price": None if c.price is None else str(c.price),
             "amount": fmt(c.amount), "ref": c.ref} for c in self.charges]}

    def tables(self, lang: str) -> list[Table]:
        keys = (("receivable", "text"), ("meter", "text"), ("kind", "text"),
                ("previous", "money"), ("current", "money"), ("quantity", "money"),
                ("price", "text"), ("amount", "money"))
        cols = tuple(Column(word(k, lang), kind) for k, kind in keys)
        rows = tuple((c.receivable, c.meter, word(c.kind, lang), c.previous.value, c.current.value,
                      c.quantity, "" if c.price is None else str(c.price), c.amount)
                     for c in self.charges)
        return [Table(cols, rows, (), f"{word('charges', lang)} {self.month}")]


def meter_report(ledger: Ledger, as_of: date, ident: str, month: str) -> MeterReport:
    rec = ledger.receivables.get(ident)
    return MeterReport(as_of, month, meter_charges(ledger, rec, month) if rec else ())


def settlement_report(ledger: Ledger, as_of: date, ident: str) -> SettlementReport | None:
    found = settlement(ledger, ident, as_of)
    return None if found is None else SettlementReport(found)
