"""Policy files: rules.yaml (every threshold), people, units and targets (四定).

The key names follow DESIGN §3.4 exactly; they are the contract that ledgers are
written against. Keys added beyond it have defaults taken from statute.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .types import Count, Day, Flag, Id, Money, Month, Rate, Record, Table

Severity = Literal["error", "warning", "off"]


class Bucket(Record):
    label: str
    label_en: str | None = None  # the English title; derived from the bounds when absent
    to: int | None = None
    provision: Rate = Field(default=None)  # type: ignore[assignment]


class Aging(Record):
    basis: Literal["due", "invoice"] = "due"
    buckets: tuple[Bucket, ...] = Field(min_length=1)


class InterestPolicy(Record):
    default_rate: Rate | None = None
    default_basis: Literal["daily", "annual"] = "annual"

    @model_validator(mode="before")
    @classmethod
    def _drop_old_allocation(cls, data: Any) -> Any:
        """`allocation: fifo` in an older rules.yaml is dropped; other values stay unknown (S007).

        Payments have only ever settled FIFO (or the invoice `applies_to` names), so the
        key promised a choice that did nothing and was removed; a ledger stating the one
        allocation there is stays valid.
        """
        if isinstance(data, dict) and data.get("allocation") == "fifo":
            return {key: value for key, value in data.items() if key != "allocation"}
        return data


class Limitation(Record):
    years: Count
    warn_days: Count
    enforcement_years: Count
    guarantee_months: Count = 6  # Civil Code art. 692, where the guarantee does not agree one
    preservation_suit_days: Count = 30  # Civil Procedure Law art. 104


class CreditHold(Record):
    overdue_days: Count
    overdue_amount: Money
    # the roles that may override a hold
    approvers: tuple[str, ...] = ("finance-manager", "cfo", "general-manager")


class Focus(Record):
    overdue_days: Count
    amount: Money
    debtor_types: tuple[str, ...] = ()
    debtor_status: tuple[str, ...] = ()
    unconfirmed: Flag = False  # 底数不清 claims are key debts (art. 1 §四 一)


class CommissionRow(Record):
    to: int | None = None
    normal: Rate
    hard: Rate
    very_hard: Rate = Field(alias="very-hard")


class Commission(Record):
    methods: tuple[str, ...]
    table: tuple[CommissionRow, ...] = Field(min_length=1)
    requires_completion: Rate | None = None  # below this completion, commission is not payable


class Approval(Record):
    to: Money | None = None
    roles: tuple[str, ...]


class WriteOffPolicy(Record):
    bases: tuple[str, ...]
    approvals: tuple[Approval, ...] = Field(min_length=1)
    accountability_over: Money
    min_evidence: Count = 1
    small_limit: Money = Decimal("50000.00")  # small-overdue-1y at most (SAT 2011 No. 25)
    evidence: Annotated[dict[str, tuple[str, ...]], Table] = {}  # basis -> evidence kinds it needs


class CounselCap(Record):
    to: Money | None = None
    rate: Rate


class TargetsPolicy(Record):
    """Targets report: a person is behind when completion < elapsed share × behind_pace."""

    behind_pace: Rate = Decimal("0.80")


class ReturnsPolicy(Record):
    """The monthly return's extras (art. 1): what counts as a collection attempt (催讨次数)
    and what confirms a claim's amount (else 底数不清)."""

    attempts: tuple[str, ...] = ("demand", "visit", "call")
    confirming_events: tuple[str, ...] = ("acknowledgment",)
    confirming_documents: tuple[str, ...] = ("statement", "settlement")


class DisputesPolicy(Record):
    """Dispute kinds a receivable may record (art. 4 §13)."""

    kinds: tuple[str, ...] = ("quality", "quantity", "price", "other")


Need = str | tuple[str, ...]  # a document kind, or a list of kinds any one of which will do


class DocumentsPolicy(Record):
    """Required documents (清欠资料档案, art. 1 §二, art. 3, art. 4 §24).

    `receivable`: per receivable kind, the file that must go with a handover to the
    collection office (移交清欠办); `stage`: per case stage, what the case (with its
    receivables) must hold once it enters that stage; `from_events`: an event type whose
    record with evidence counts as a document of a kind (a delivered demand is proof of
    demand); `if_guarantors`: kinds needed only when the debtor has guarantors.
    """

    folder: str = "evidence/"
    kinds: Annotated[dict[str, str], Table] = {}
    receivable: Annotated[dict[str, tuple[Need, ...]], Table] = {}
    stage: Annotated[dict[str, tuple[Need, ...]], Table] = {}
    from_events: Annotated[dict[str, str], Table] = {}
    if_guarantors: tuple[str, ...] = ("guarantee",)


class LeasesPolicy(Record):
    """Property leases (art. 2): days after move-out by which the deposit must be settled."""

    settle_days: Count = 30


class UtilitiesPolicy(Record):
    """Metered utilities: price per unit by kind, each from a month on (电价、水价)."""

    tariffs: Annotated[dict[str, Annotated[dict[Month, Rate], Table]], Table] = {}


class CasesPolicy(Record):
    """Cases (art. 3): the kinds of asset an investigation records (财产调查)."""

    asset_kinds: tuple[str, ...] = ("real-estate", "bank-account", "vehicle", "equipment",
                                    "equity", "receivable", "other")


class Site(Record):
    debtor_pages: Flag = True
    title: str | None = None


Matcher = Literal["contact", "demand-delivered", "lawyer-letter", "visit-signed", "acknowledgment",
                  "case"]


class DunningLevel(Record):
    """A rung of the escalation ladder (催收升级): reached by days past due or near limitation."""

    id: Id
    days: Count | None = None  # days past due of the oldest open overdue invoice
    limitation_days: Count | None = None  # or: the limitation period ends within this many days
    action: str
    letter: str | None = None  # policies/templates/<letter>.md
    who: Literal["collector", "legal", "manager"] = "collector"
    satisfied_by: tuple[Matcher, ...] = ()


class CaseStep(Record):
    """What follows a case stage, and how many days after the stage's date it is due."""

    action: str
    days: Count


def _levels() -> tuple[DunningLevel, ...]:
    return (
        DunningLevel(id="reminder", days=7, action="phone", satisfied_by=("contact",)),
        DunningLevel(id="demand", days=30, action="demand", letter="demand",
                     satisfied_by=("demand-delivered",)),
        DunningLevel(id="visit", days=60, action="visit", letter="visit-form",
                     satisfied_by=("visit-signed", "acknowledgment")),
        DunningLevel(id="lawyer", days=90, action="lawyer-letter", letter="lawyer", who="legal",
                     satisfied_by=("lawyer-letter",)),
        DunningLevel(id="case", days=180, limitation_days=180, action="case", who="legal",
                     satisfied_by=("case",)),
    )


def _steps() -> dict[str, CaseStep]:
    return {
        "documents": CaseStep(action="investigation", days=30),
        "investigation": CaseStep(action="negotiation", days=30),
        "negotiation": CaseStep(action="litigation", days=60),
        "preservation": CaseStep(action="litigation", days=30),
        "litigation": CaseStep(action="follow-suit", days=90),
        "arbitration": CaseStep(action="follow-suit", days=90),
        "judgment": CaseStep(action="apply-enforcement", days=30),
        "enforcement": CaseStep(action="follow-enforcement", days=90),
    }


RANK = ("limitation", "enforcement", "preservation", "guarantee", "hearing", "installment",
        "promise", "action", "activity")


class Dunning(Record):
    """The escalation ladder and the work queue (qingqian todo, calendar, letter --due)."""

    levels: tuple[DunningLevel, ...] = Field(default_factory=_levels, min_length=1)
    case_steps: Annotated[dict[str, CaseStep], Table] = Field(default_factory=_steps)
    confirmation_days: Count = 180  # 对账确认函 when limitation ends within this many days
    statements: Flag = True  # 对账单 for every debtor with open items on `letter --due`
    horizon_days: Count = 30  # todo: deadlines within this many days
    calendar_days: Count = 365  # calendar: deadlines within this many days
    alarm_days: Count = 7  # calendar: the alarm this many days before
    rank: tuple[str, ...] = RANK  # todo: kinds by consequence, gravest first


class Rules(Record):
    currency: str = "CNY"
    language: Literal["zh", "en"] = "zh"
    aging: Aging
    interest: InterestPolicy = InterestPolicy()
    limitation: Limitation
    credit_hold: CreditHold
    focus: Focus
    stale_days: Count
    commission: Commission
    writeoff: WriteOffPolicy
    counsel_caps: tuple[CounselCap, ...] = ()
    closed_through: Day | None = None
    private: tuple[str, ...] = ("contacts", "phone", "id_number", "bank_account")
    severity: Annotated[dict[str, Severity], Table] = {}
    site: Site = Site()
    targets: TargetsPolicy = TargetsPolicy()
    returns: ReturnsPolicy = ReturnsPolicy()
    disputes: DisputesPolicy = DisputesPolicy()
    documents: DocumentsPolicy = DocumentsPolicy()
    leases: LeasesPolicy = LeasesPolicy()
    utilities: UtilitiesPolicy = UtilitiesPolicy()
    cases: CasesPolicy = CasesPolicy()
    dunning: Dunning = Field(default_factory=Dunning)
    opened: Day | None = None  # the day the ledger took over from the old 台账
    acknowledgment_tolerance: Money = Decimal("0.00")
    # CNY (the ledger currency) per unit of another currency, by month
    fx: Annotated[dict[str, Annotated[dict[Month, Rate], Table]], Table] = {}


class Person(Record):
    id: Id
    name: str
    unit: Id | None = None
    roles: tuple[str, ...] = ()
    status: Literal["active", "departed"] = "active"
    departed: Day | None = None
    email: str | None = None
    phone: str | None = None


class People(Record):
    people: tuple[Person, ...] = ()


class Unit(Record):
    id: Id
    name: str
    parent: Id | None = None


class Units(Record):
    units: tuple[Unit, ...] = ()


class Target(Record):
    annual: Money | None = None
    monthly: Annotated[dict[Month, Money], Table] = {}
    assigned: tuple[Id, ...] = ()


class Campaign(Record):
    """A campaign with a deadline (art. 2: 在6月30日前完成清欠催收): the arrears standing on
    `from` in its scope are to be cleared by `by`."""

    id: Id
    name: str
    from_: Day = Field(alias="from")
    by: Day
    unit: Id | None = None
    kinds: tuple[str, ...] = ()
    target: Rate = Decimal("1.0000")  # share of the starting arrears to clear


class Targets(Record):
    year: Count
    units: Annotated[dict[Id, Target], Table] = {}
    people: Annotated[dict[Id, Target], Table] = {}
    campaigns: tuple[Campaign, ...] = ()
