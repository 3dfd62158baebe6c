"""Leases (资产出租台账, art. 2): the asset, the tenant's term and rent, the deposit (押金),
the agreed late-payment penalty (违约金), and metered utilities.

A lease rides on the rent receivable it bills: the `schedule` still produces the rent
invoices (DESIGN §3.2), and the lease adds what the property unit registers and settles
at move-out. Meters sit on the receivable that bills the utilities.
"""

from __future__ import annotations

from typing import Literal

from .types import Day, Id, Money, Rate, Record


class Asset(Record):
    id: Id
    name: str
    area: Money | None = None  # m²


class Penalty(Record):
    """违约金 at the agreed rate on each overdue rent balance, reported beside the principal."""

    rate: Rate
    basis: Literal["daily", "annual"] = "daily"


class Lease(Record):
    asset: Asset
    start: Day
    end: Day
    rent: Money  # per `every`; the schedule bills it
    every: Literal["month", "quarter", "year"] = "month"
    deposit: Money | None = None  # agreed 押金
    penalty: Penalty | None = None
    move_out: Day | None = None  # 退租 (the lease ended or was terminated that day)
    utilities: tuple[Id, ...] = ()  # receivables billing this tenancy's utilities


class Reading(Record):
    date: Day
    value: Money  # meter index (kWh, m³)


class Meter(Record):
    id: Id
    kind: str  # a key of rules.yaml utilities.tariffs (electricity, water, gas …)
    readings: tuple[Reading, ...] = ()
