"""Collection cases (清欠案件): one debtor's receivables pursued by a named owner."""

from __future__ import annotations

from typing import Literal

from ..vocabulary import CASE_STAGES
from .documents import Document
from .types import Day, Id, Money, Rate, Record

STAGES = CASE_STAGES  # in order; a case moves forward only
Stage = Literal["documents", "investigation", "negotiation", "preservation", "litigation",
                "arbitration", "enforcement", "closed"]
SUIT_STAGES = ("litigation", "arbitration")  # 诉讼、仲裁: a claim before a court or tribunal


class Fee(Record):
    type: Literal["fixed", "contingency", "mixed"]
    rate: Rate | None = None
    upfront_rate: Rate | None = None
    success_rate: Rate | None = None
    amount: Money | None = None


class Counsel(Record):
    """Counsel and the engagement (委托代理合同): its date, number, scope of authority
    (一般代理 general / 特别授权 special: may admit, waive, settle, appeal) and the power of
    attorney (授权委托书) as a document."""

    firm: str
    lawyer: str | None = None
    fee: Fee | None = None
    engaged: Day | None = None
    contract: str | None = None
    scope: Literal["general", "special"] | None = None
    power_of_attorney: Document | None = None


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
    terminated: Day | None = None  # the termination ruling ending enforcement (终结执行裁定)


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


class AssetFound(Record):
    """An asset the investigation (财产调查) found: what, whose, worth how much, and its
    encumbrances; the basis of preservation and enforcement."""

    date: Day
    kind: str  # rules.yaml cases.asset_kinds when listed
    description: str
    amount: Money | None = None
    owner: str | None = None
    encumbered: Money | None = None  # already mortgaged or frozen by others
    note: str | None = None


class Preservation(Record):
    """A preservation ordered while the suit or arbitration is pending (诉中财产保全): valid
    without the 30-day rule for pre-suit preservation (that one is a `preservation` stage)."""

    date: Day
    court: str | None = None
    frozen: Money | None = None
    ruling: str | None = None
    note: str | None = None


class Hearing(Record):
    """A court hearing date (开庭) recorded on a case; the work queue shows it."""

    date: Day
    court: str | None = None
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
    hearings: tuple[Hearing, ...] = ()
    outcome: Outcome | None = None
    assets: tuple[AssetFound, ...] = ()
    preservations: tuple[Preservation, ...] = ()
    documents: tuple[Document, ...] = ()
    note: str | None = None
