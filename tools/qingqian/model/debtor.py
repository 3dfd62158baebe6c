"""Debtors (债务人/客户): who owes, what kind of party, and their credit data."""

from __future__ import annotations

from typing import Literal

from .types import Day, Flag, Id, Money, Record

DebtorType = Literal["government", "state-owned", "real-estate", "private", "individual", "other"]
DebtorStatus = Literal["active", "distressed", "bankrupt", "deregistered", "missing"]
Condition = Literal["good", "weak-promising", "weak", "malicious"]


class Credit(Record):
    rating: str | None = None
    limit: Money | None = None


class Guarantor(Record):
    """A guarantor; `period_end` is the end of the guarantee period (保证期间)."""

    name: str
    type: Literal["joint", "general"] = "general"
    period_end: Day | None = None


class Shareholder(Record):
    name: str
    paid_in: Money | None = None
    subscribed: Money | None = None


class Contact(Record):
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class Debtor(Record):
    id: Id
    name: str
    type: DebtorType
    status: DebtorStatus = "active"
    condition: Condition = "good"
    internal: Flag = False  # 内部单位 (art. 4 §19): a group company; its debt is reported apart
    credit: Credit | None = None
    guarantors: tuple[Guarantor, ...] = ()
    shareholders: tuple[Shareholder, ...] = ()
    contacts: tuple[Contact, ...] = ()
    credit_code: str | None = None  # 统一社会信用代码 (GB 32100-2015), unique across debtors
    id_number: str | None = None  # an individual's ID-card number: private, unique across debtors
    bank_account: str | None = None
    address: str | None = None
    note: str | None = None
