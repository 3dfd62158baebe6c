"""Receivables (债权): one claim per file, its terms and its dated events."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from ..vocabulary import EVENT_TYPES
from .documents import Document
from .lease import Lease, Meter
from .types import Count, Day, Flag, Id, Ids, Money, Rate, Record

Kind = Literal["construction", "goods", "rent", "utilities", "service", "deposit", "advance",
               "other"]
Difficulty = Literal["normal", "hard", "very-hard"]


class Contract(Record):
    no: str | None = None
    signed: Day | None = None
    amount: Money | None = None


class Interest(Record):
    rate: Rate
    basis: Literal["daily", "annual"] = "daily"


class Terms(Record):
    due_days: Count | None = None
    interest: Interest | None = None


class Schedule(Record):
    """A recurring charge (rent, utilities) that expands into invoices."""

    item: str
    amount: Money
    every: Literal["month", "quarter", "year"] = "month"
    day: Count | None = None
    to: Day
    due_days: Count | None = None
    from_: Day = Field(alias="from")


class Override(Record):
    approved_by: Id
    reason: str


class Accountability(Record):
    """An accountability finding (责任追究): who is held responsible, and the action taken."""

    kind: Literal["personal", "unit"]
    who: Id
    action: str
    date: Day | None = None
    note: str | None = None


class Evidence(Record):
    """An evidence item with its kind (DESIGN §3.4): a repository path, or a paper original
    identified by its file hash and where it is held."""

    kind: str | None = None
    path: str | None = None
    sha256: str | None = None
    held: str | None = None


EvidenceItem = str | Evidence


def evidence_path(item: EvidenceItem) -> str | None:
    """The repository path an evidence item names, if any."""
    return item if isinstance(item, str) else item.path


class Event(Record):
    date: Day
    note: str | None = None
    ref: str | None = None
    evidence: tuple[EvidenceItem, ...] = ()


class Invoice(Event):
    type: Literal["invoice"]
    amount: Money
    due: Day | None = None
    override: Override | None = None


class Receipt(Record):
    """One bank receipt (or voucher) split over several payment events: each part names the
    receipt and its total, and the parts must add up to the total (rule L010)."""

    ref: str
    total: Money


class Payment(Event):
    type: Literal["payment"]
    amount: Money
    method: Literal["bank", "cash", "note", "offset", "in-kind"]
    applies_to: str | None = None
    receipt: Receipt | None = None


class CreditNote(Event):
    type: Literal["credit"]
    amount: Money
    reason: str | None = None
    approved_by: Ids = ()
    applies_to: str | None = None


class Visit(Event):
    type: Literal["visit"]
    by: Id | None = None
    with_: str | None = Field(default=None, alias="with")
    signed: Flag = False


class Call(Event):
    """A collection call (电话催收): a collection attempt (催讨次数); interrupts nothing."""

    type: Literal["call"]
    by: Id | None = None
    with_: str | None = Field(default=None, alias="with")


class Handover(Event):
    """Handed to the collection office (移交清欠办, art. 1): the file must go with it."""

    type: Literal["handover"]
    to: Id
    by: Id | None = None


class Demand(Event):
    type: Literal["demand"]
    method: Literal["letter", "lawyer-letter", "email", "sms", "notarized", "court"] = "letter"
    delivered: Day | None = None


class Acknowledgment(Event):
    type: Literal["acknowledgment"]
    amount: Money | None = None
    signed_by: str | None = None


class Promise(Event):
    type: Literal["promise"]
    amount: Money
    by_date: Day
    signed: Flag = False  # the debtor signed the promise: it interrupts (and revives) limitation


class Opening(Event):
    """The balance still owed when the ledger took over from the old 台账 (rules.yaml `opened`).

    Not a collection: what the invoices before it exceed it by was settled before the
    ledger, and counts in no month's collections and earns no commission."""

    type: Literal["opening"]
    amount: Money
    as_of: Day | None = None  # the date the balance was owed on (default: the event's date)
    source: str | None = None  # sheet and row of the old 台账

    @property
    def on(self):  # type: ignore[no-untyped-def]
        return self.as_of or self.date


class DepositReceived(Event):
    """押金 received: the tenant's deposit, held apart; never a collection of rent."""

    type: Literal["deposit-received"]
    amount: Money
    method: Literal["bank", "cash", "note"] = "bank"


class DepositOffset(CreditNote):  # type: ignore[misc]
    """押金 offset against arrears: settles rent like a credit (it is no new money)."""

    type: Literal["deposit-offset"]  # type: ignore[assignment]


class DepositRefund(Event):
    """押金 returned to the tenant."""

    type: Literal["deposit-refund"]
    amount: Money
    method: Literal["bank", "cash", "note"] = "bank"


class Assign(Event):
    type: Literal["assign"]
    to: Id


class WriteOff(Event):
    type: Literal["writeoff"]
    amount: Money
    basis: str
    approved_by: Ids = ()
    accountability: Accountability | None = None


class Transfer(Event):
    type: Literal["transfer"]
    to: str
    price: Money | None = None


class Reversal(Event):
    type: Literal["reversal"]
    ref: str
    reason: str | None = None


AnyEvent = Annotated[
    Invoice | Payment | CreditNote | Visit | Call | Demand | Acknowledgment | Promise | Assign
    | Handover | WriteOff | Transfer | Reversal | DepositReceived | DepositOffset | DepositRefund
    | Opening,
    Field(discriminator="type"),
]
# The classes above are the event types; vocabulary.EVENT_TYPES names them for the command line.
assert EVENT_TYPES == tuple(get_args(cls.model_fields["type"].annotation)[0]
                            for cls in get_args(get_args(AnyEvent)[0])), "vocabulary.EVENT_TYPES"


class Dispute(Record):
    """A dispute the debtor raised (art. 4 §13, e.g. 质量问题): open until `resolved`.

    `amount` is the part of the claim in dispute (default: the whole outstanding);
    `kind` is one of rules.yaml `disputes.kinds` when that list is set.
    """

    date: Day
    kind: str = "quality"
    amount: Money | None = None
    note: str | None = None
    resolved: Day | None = None


class Receivable(Record):
    id: Id
    debtor: Id
    unit: Id
    kind: Kind = "other"
    title: str
    contract: Contract | None = None
    currency: str | None = None
    responsible: Id
    collector: Id
    difficulty: Difficulty = "normal"
    terms: Terms | None = None
    schedule: tuple[Schedule, ...] = ()
    accountability: tuple[Accountability, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    documents: tuple[Document, ...] = ()
    lease: Lease | None = None
    meters: tuple[Meter, ...] = ()
    note: str | None = None
    import_key: str | None = None  # the 台账 row `qingqian import` made it from (re-imports)
    events: tuple[AnyEvent, ...] = ()
