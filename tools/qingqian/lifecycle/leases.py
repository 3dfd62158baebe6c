"""The property unit's money (art. 2): lease register, deposits, metered utilities,
late-payment penalties, move-out settlement and the campaign with a deadline.

Rent is billed by the receivable's `schedule`, utilities by invoices computed here
from meter readings × the rules.yaml tariff, so every figure of `total`, `age` and
`monthly` stays the one allocation. A deposit (押金) is the tenant's money held: it is
received, offset against arrears (`deposit-offset`, which settles bills like a credit)
or refunded, and is never counted as rent collected.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..figures.position import position
from ..ledger import Ledger
from ..model import Receivable
from ..model.lease import Meter, Reading
from ..model.policy import Campaign
from ..model.receivable import DepositOffset, DepositReceived, DepositRefund
from ..money import ZERO, cents


@dataclass(frozen=True, slots=True)
class Deposit:
    """押金 of one lease on a date: received, offset against arrears, refunded, still held."""

    agreed: Decimal | None
    received: Decimal
    offset: Decimal
    refunded: Decimal

    @property
    def held(self) -> Decimal:
        return self.received - self.offset - self.refunded


def deposit(rec: Receivable, as_of: date) -> Deposit:
    sums: dict[type, Decimal] = {DepositReceived: ZERO, DepositOffset: ZERO, DepositRefund: ZERO}
    for event in rec.events:
        if isinstance(event, (DepositReceived, DepositOffset, DepositRefund)) \
                and event.date <= as_of:
            sums[type(event)] += event.amount
    agreed = rec.lease.deposit if rec.lease else None
    return Deposit(agreed, sums[DepositReceived], sums[DepositOffset], sums[DepositRefund])


def penalty(rec: Receivable, as_of: date) -> Decimal:
    """违约金: simple interest at the lease's agreed rate on each overdue balance (DESIGN §6.2
    arithmetic), reported beside the principal; none without an agreed rate."""
    if rec.lease is None or rec.lease.penalty is None:
        return ZERO
    agreed = rec.lease.penalty
    plain = rec.model_copy(update={"terms": None})  # the lease's rate, not an interest term
    return position(plain, as_of, agreed.rate, agreed.basis).interest


@dataclass(frozen=True, slots=True)
class MeterCharge:
    """One meter's consumption in a month and the invoice it makes."""

    receivable: str
    meter: str
    kind: str
    previous: Reading
    current: Reading
    price: Decimal | None  # None: no tariff for the month in rules.yaml

    @property
    def quantity(self) -> Decimal:
        return self.current.value - self.previous.value

    @property
    def amount(self) -> Decimal | None:
        return None if self.price is None else cents(self.quantity * self.price)

    @property
    def ref(self) -> str:
        return f"{self.meter}-{self.current.date.strftime('%Y-%m')}"


def tariff(ledger: Ledger, kind: str, month: str) -> Decimal | None:
    """The price of a unit of `kind` in `month`: the latest tariff entry from a month ≤ it."""
    table = ledger.rules.utilities.tariffs.get(kind, {}) if ledger.rules else {}
    known = [m for m in table if m <= month]
    return table[max(known)] if known else None


def meter_charges(ledger: Ledger, rec: Receivable, month: str) -> tuple[MeterCharge, ...]:
    """Each meter read in `month` against its reading before: readings × tariff."""
    out = []
    for meter in rec.meters:
        charge = _charge(ledger, rec, meter, month)
        if charge is not None:
            out.append(charge)
    return tuple(out)


def _charge(ledger: Ledger, rec: Receivable, meter: Meter, month: str) -> MeterCharge | None:
    readings = sorted(meter.readings, key=lambda r: r.date)
    for before, current in itertools.pairwise(readings):
        if current.date.strftime("%Y-%m") == month:
            return MeterCharge(rec.id, meter.id, meter.kind, before, current,
                               tariff(ledger, meter.kind, month))
    return None


def meter_ref(month: str) -> str:
    """The ref of the invoice a month's readings make: one invoice per receivable and month."""
    return f"meter-{month}"


def meter_invoice(charges: tuple[MeterCharge, ...]) -> tuple[Decimal, str] | None:
    """The month's invoice amount and its note (each meter's readings × price); None when a
    price is missing or nothing was used."""
    if not charges or any(c.amount is None for c in charges):
        return None
    total = sum((c.amount for c in charges if c.amount is not None), ZERO)
    note = "；".join(f"{c.meter} {c.previous.value}→{c.current.value} × {c.price}" for c in charges)
    return total, note


def metered_months(rec: Receivable) -> list[str]:
    """The months in which some meter of the receivable has a reading after its first."""
    months = set()
    for meter in rec.meters:
        for reading in sorted(meter.readings, key=lambda r: r.date)[1:]:
            months.add(reading.date.strftime("%Y-%m"))
    return sorted(months)


@dataclass(frozen=True, slots=True)
class LeaseRow:
    receivable: str
    asset: str
    asset_name: str
    tenant: str
    tenant_name: str
    start: date
    end: date
    rent: Decimal
    every: str
    deposit: Deposit
    outstanding: Decimal  # rent receivable
    utilities: Decimal  # the tenancy's utilities receivables
    penalty: Decimal
    status: str  # active | ended | moved-out | not-started


def lease_rows(ledger: Ledger, as_of: date) -> tuple[LeaseRow, ...]:
    """The lease register (出租台账): every receivable with a lease, by asset."""
    rows = []
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        if rec.lease is None:
            continue
        lease, debtor = rec.lease, ledger.debtors.get(rec.debtor)
        rows.append(LeaseRow(
            ident, lease.asset.id, lease.asset.name, rec.debtor, debtor.name if debtor else "",
            lease.start, lease.end, lease.rent, lease.every, deposit(rec, as_of),
            ledger.position(rec, as_of).outstanding, _utilities(ledger, rec, as_of),
            penalty(rec, as_of), _status(rec, as_of)))
    return tuple(sorted(rows, key=lambda r: (r.asset, r.start, r.receivable)))


def _utilities(ledger: Ledger, rec: Receivable, as_of: date) -> Decimal:
    assert rec.lease is not None
    return sum((ledger.position(ledger.receivables[u], as_of).outstanding
                for u in rec.lease.utilities if u in ledger.receivables), ZERO)


def _status(rec: Receivable, as_of: date) -> str:
    assert rec.lease is not None
    lease = rec.lease
    if lease.move_out is not None and lease.move_out <= as_of:
        return "moved-out"
    if as_of < lease.start:
        return "not-started"
    return "ended" if as_of > lease.end else "active"


@dataclass(frozen=True, slots=True)
class Settlement:
    """退租结算: what the tenant owes at move-out, the deposit against it, and the balance."""

    receivable: str
    tenant: str
    tenant_name: str
    asset_name: str
    move_out: date | None
    as_of: date
    rent: Decimal
    utilities: Decimal
    penalty: Decimal
    deposit: Deposit

    @property
    def owed(self) -> Decimal:
        return self.rent + self.utilities + self.penalty

    @property
    def balance(self) -> Decimal:
        """Positive: the tenant still owes it; negative: the deposit left to refund."""
        return self.owed - self.deposit.held


def settlement(ledger: Ledger, ident: str, as_of: date) -> Settlement | None:
    rec = ledger.receivables.get(ident)
    if rec is None or rec.lease is None:
        return None
    debtor = ledger.debtors.get(rec.debtor)
    return Settlement(ident, rec.debtor, debtor.name if debtor else "", rec.lease.asset.name,
                      rec.lease.move_out, as_of, ledger.position(rec, as_of).outstanding,
                      _utilities(ledger, rec, as_of), penalty(rec, as_of), deposit(rec, as_of))


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """A campaign's completion: the starting arrears in scope, what of them is cleared."""

    id: str
    name: str
    start: date
    by: date
    target: Decimal
    arrears_start: Decimal
    remaining: Decimal
    as_of: date

    @property
    def cleared(self) -> Decimal:
        return self.arrears_start - self.remaining

    @property
    def completion(self) -> Decimal | None:
        return None if not self.arrears_start else self.cleared / self.arrears_start

    @property
    def status(self) -> str:
        done = self.completion is None or self.completion >= self.target
        if done:
            return "done"
        return "missed" if self.as_of > self.by else "open"

    @property
    def days_left(self) -> int:
        return (self.by - self.as_of).days


def campaign_row(ledger: Ledger, campaign: Campaign, as_of: date) -> CampaignRow:
    """Arrears on `from` (open balances of bills then past due) in the unit and kinds named,
    and what of those same bills is still open on min(as_of, by)."""
    upto = min(as_of, campaign.by)
    start = campaign.from_
    before, left = ZERO, ZERO
    for rec in ledger.receivables.values():
        if campaign.unit is not None and rec.unit != campaign.unit:
            continue
        if campaign.kinds and rec.kind not in campaign.kinds:
            continue
        before += _old_open(ledger, rec, start, start)
        left += _old_open(ledger, rec, start, upto)
    return CampaignRow(campaign.id, campaign.name, start, campaign.by, campaign.target,
                       before, left, as_of)


def _old_open(ledger: Ledger, rec: Receivable, start: date, on: date) -> Decimal:
    """Open balance on `on` of the bills already past due on `start`."""
    pos = ledger.position(rec, on)
    if pos.transferred:
        return ZERO
    return sum((b for bill, b in zip(pos.bills, pos.open) if bill.due < start), ZERO)
