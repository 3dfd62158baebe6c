"""Collection cases (清欠案件): one debtor's receivables pursued by a named owner."""

from __future__ import annotations

from typing import Literal

from .documents import Document
from .types import Day, Id, Money, Rate, Record

STAGES = ("documents", "investigation", "negotiation", "preservation", "litigation",
          "enforcement", "closed")
Stage = Literal["documents", "investigation", "negotiation", "preservation", "litigation",
                "enforcement", "closed"]


class Fee(Record):
    type: Literal["fixed", "contingency", "mixed"]
    rate: Rate | None = None
    upfront_rate: Rate | None = None
    success_rate: Rate | None = None
    amount: Money | None = None


class Counsel(Record):
    firm: str
    lawyer: str | None = None
    fee: Fee | None = None


class Judgment(Record):
    date: Day
    amount: Money | None = None
    pay_by: Day | None = None


class StageEntry(Record):
    date: Day
    stage: Stage
    note: str | None = None
    court: str | None = None
    frozen: Money | None = None
    case_no: str | None = None
    judgment: Judgment | None = None


class Installment(Record):
    due: Day
    amount: Money


class Agreement(Record):
    date: Day
    type: Literal["repayment", "settlement", "in-kind"] = "repayment"
    installments: tuple[Installment, ...] = ()
    note: str | None = None


class Cost(Record):
    date: Day
    type: Literal["court-fee", "preservation-fee", "counsel-fee", "appraisal", "other"] = "other"
    amount: Money
    note: str | None = None


class Outcome(Record):
    date: Day
    result: Literal["collected", "partial", "written-off", "withdrawn"]
    note: str | None = None


class Case(Record):
    id: Id
    debtor: Id
    receivables: tuple[Id, ...]
    owner: Id
    priority: Literal["key", "normal"] = "normal"
    strategy: Literal["cash", "collateral", "in-kind", "negotiation", "litigation"]
    strategy_reason: str | None = None
    counsel: Counsel | None = None
    stages: tuple[StageEntry, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    costs: tuple[Cost, ...] = ()
    outcome: Outcome | None = None
    documents: tuple[Document, ...] = ()
    note: str | None = None
