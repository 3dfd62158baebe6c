"""The review summary of a change (`qingqian diff`): what a branch does to the ledger, in its terms.

Computed by comparing the ledger at the base with the ledger at the head (net effect),
plus the history rules run on each commit between them. Totals use the `total`
report's own sums, so they match `qingqian total` at both ends. Every kind of change has
its list: new and deleted records, money, other events, reassignments, debtor and case
fields, stage moves, policies (`reports.review_changes` computes those beside money).
`render.review` formats.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..findings import Finding
from ..gitio.history import history_findings, range_findings
from ..gitio.ledgers import ledger_of
from ..gitio.repo import Git, first_parent_range, open_git, resolve, tree_entries
from ..ledger import Ledger
from ..model.receivable import Demand, Visit
from ..money import ZERO, fmt
from ..names import Names
from ..rules.history import edited
from ..rules.history_policy import base_severity
from .review_changes import (
    MONEY_TYPES,
    EventLine,
    FieldChange,
    PolicyChange,
    Reassignment,
    case_changes,
    debtor_changes,
    deleted_ids,
    event_lines,
    policy_changes,
    reassignments,
)

INTERRUPTING = ("payment", "visit", "demand", "acknowledgment", "promise")


@dataclass(frozen=True, slots=True)
class NewRecord:
    """A receivable, case or debtor the change added (or, in `Review.deleted`, removed)."""

    kind: str  # receivable | case | debtor
    id: str
    debtor: str
    title: str  # a receivable's title, a case's owner and strategy, a debtor's name
    path: str
    person: str = ""  # a receivable's collector, a case's owner
    code: str = ""  # a receivable's kind, a case's strategy, a debtor's type
    amount: Decimal | None = None  # a receivable's outstanding on the as-of date
    currency: str = ""


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """A payment, credit, write-off or reversal that the change added, changed or removed."""

    receivable: str
    currency: str
    change: str  # added | changed | removed
    date: date
    type: str
    amount: Decimal | None
    was: Decimal | None  # the amount before, for a change
    detail: str  # ref, method, basis
    approved_by: tuple[str, ...]
    debtor: str = ""
    ref: str = ""
    method: str = ""
    basis: str = ""


@dataclass(frozen=True, slots=True)
class StageMove:
    case: str
    before: str | None
    after: str
    date: date
    debtor: str = ""


@dataclass(frozen=True, slots=True)
class Interruption:
    """An added event that restarts the limitation clock (DESIGN §6.3)."""

    receivable: str
    date: date
    type: str
    detail: str
    debtor: str = ""
    amount: Decimal | None = None
    delivered: datetime.date | None = None  # (the field `date` hides the type in this class)
    signed: bool = False


@dataclass(frozen=True, slots=True)
class Totals:
    currency: str
    outstanding: Decimal
    overdue: Decimal


@dataclass(frozen=True, slots=True)
class Review:
    base: str
    head: str
    as_of: date
    commits: int
    new: tuple[NewRecord, ...]
    money: tuple[MoneyLine, ...]
    stages: tuple[StageMove, ...]
    interruptions: tuple[Interruption, ...]
    history: tuple[Finding, ...]
    before: tuple[Totals, ...]
    after: tuple[Totals, ...]
    spec: str = ""  # the range as asked (`origin/main..HEAD`)
    events: tuple[EventLine, ...] = ()
    reassignments: tuple[Reassignment, ...] = ()
    debtors: tuple[FieldChange, ...] = ()
    cases: tuple[FieldChange, ...] = ()
    policies: tuple[PolicyChange, ...] = ()
    deleted: tuple[NewRecord, ...] = ()
    names: Names = field(default_factory=Names)  # of both ends: a removed person keeps a name


def totals(ledger: Ledger, as_of: date) -> tuple[Totals, ...]:
    """Outstanding and overdue per currency, from the `total` report itself."""
    from .total import FIELDS, total_report

    out, due = FIELDS.index("outstanding"), FIELDS.index("overdue")
    return tuple(Totals(t.currency, t.figures[out], t.figures[due])
                 for t in total_report(ledger, as_of).totals)


def split_range(git: Git, spec: str) -> tuple[str, str]:
    """`A..B` (A to B), `A...B` (from their merge base) or `A` (A to HEAD), as commit shas."""
    if "..." in spec:
        a, b = spec.split("...", 1)
        head = resolve(git, b or "HEAD")
        base = git.run("merge-base", resolve(git, a or "HEAD"), head).strip()
        return base, head
    a, _, b = spec.partition("..")
    return resolve(git, a or "HEAD"), resolve(git, b or "HEAD")


def review(root: Path, spec: str, as_of: date) -> Review:
    """What the commits of BASE..HEAD do to the ledger, with the history rules' findings."""
    with open_git(root) as git:
        base, head = split_range(git, spec)
        commits = first_parent_range(git, base, head)
        found, _ = history_findings(git, commits)
        before = ledger_of(git, tree_entries(git, base))
        after = ledger_of(git, tree_entries(git, head))
        found += range_findings(before, after, base, head, found)  # what commits split up
    return Review(base[:7], head[:7], as_of, len(commits), new_records(before, after, as_of),
                  money_lines(before, after), stage_moves(before, after),
                  interruptions(before, after), tuple(base_severity(found, before, as_of)),
                  totals(before, as_of), totals(after, as_of), spec,
                  event_lines(before, after), reassignments(before, after),
                  debtor_changes(before, after), case_changes(before, after),
                  policy_changes(before, after), deleted_records(before, after, as_of),
                  both_names(before, after))


def both_names(before: Ledger, after: Ledger) -> Names:
    """Names of both ends, the head's first: a person or debtor the change removed keeps a name."""
    old, new = Names.of(before), Names.of(after)
    return Names({**old.debtors, **new.debtors}, {**old.people, **new.people},
                 {**old.units, **new.units})


def new_records(before: Ledger, after: Ledger, as_of: date) -> tuple[NewRecord, ...]:
    ids = {table: [i for i in sorted(getattr(after, table)) if i not in getattr(before, table)]
           for table in ("receivables", "cases", "debtors")}
    return _records(after, ids, as_of)


def deleted_records(before: Ledger, after: Ledger, as_of: date) -> tuple[NewRecord, ...]:
    return _records(before, deleted_ids(before, after), as_of)


def _records(ledger: Ledger, ids: dict[str, list[str]], as_of: date) -> tuple[NewRecord, ...]:
    """The receivables, cases and debtors of `ids` as listed lines (amounts as of `as_of`)."""
    out = []
    for i in ids["receivables"]:
        r = ledger.receivables[i]
        out.append(NewRecord("receivable", i, r.debtor, r.title, ledger.path_of[i], r.collector,
                             r.kind, ledger.position(r, as_of).outstanding, ledger.currency(r)))
    for i in ids["cases"]:
        c = ledger.cases[i]
        out.append(NewRecord("case", i, c.debtor, f"{c.owner}, {c.strategy}", ledger.path_of[i],
                             c.owner, c.strategy))
    for i in ids["debtors"]:
        d = ledger.debtors[i]
        out.append(NewRecord("debtor", i, i, d.name, ledger.path_of[i], code=d.type))
    return tuple(out)


def money_lines(before: Ledger, after: Ledger) -> tuple[MoneyLine, ...]:
    out = []
    for ident, rec in sorted(after.receivables.items()):
        for a, b in edited(before.receivables.get(ident), rec):
            event = b or a
            if event.type not in MONEY_TYPES:
                continue
            change = "added" if a is None else "removed" if b is None else "changed"
            parts = (getattr(event, name, None) for name in ("ref", "method", "basis"))
            detail = " ".join(str(x) for x in parts if x)
            was = getattr(a, "amount", None) if b else None
            out.append(MoneyLine(ident, after.currency(rec), change, event.date, event.type,
                                 getattr(b, "amount", None), was, detail,
                                 tuple(getattr(event, "approved_by", ())), rec.debtor,
                                 event.ref or "", getattr(event, "method", None) or "",
                                 getattr(event, "basis", None) or ""))
    return tuple(out)


def stage_moves(before: Ledger, after: Ledger) -> tuple[StageMove, ...]:
    out = []
    for ident, case in sorted(after.cases.items()):
        old = before.cases.get(ident)
        was = old.stages[-1].stage if old and old.stages else None
        if case.stages and case.stages[-1].stage != was:
            out.append(StageMove(ident, was, case.stages[-1].stage, case.stages[-1].date,
                                 case.debtor))
    return tuple(out)


def interruptions(before: Ledger, after: Ledger) -> tuple[Interruption, ...]:
    out = []
    for ident, rec in sorted(after.receivables.items()):
        for a, b in edited(before.receivables.get(ident), rec):
            if a is not None or b is None or b.type not in INTERRUPTING:
                continue
            if isinstance(b, Visit) and not b.signed or isinstance(b, Demand) and not b.delivered:
                continue
            detail = f"delivered {b.delivered}" if isinstance(b, Demand) else \
                "signed" if isinstance(b, Visit) else fmt(getattr(b, "amount", None)) or ""
            out.append(Interruption(ident, b.date, b.type, detail, rec.debtor,
                                    getattr(b, "amount", None), getattr(b, "delivered", None),
                                    bool(getattr(b, "signed", False))))
    return tuple(out)


# --- restated closed months ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Restated:
    receivable: str
    currency: str
    first: Decimal  # outstanding at month end as first reported
    now: Decimal  # outstanding at month end as known now


@dataclass(frozen=True, slots=True)
class Restatement:
    month: str
    month_end: date
    reported_at: str  # short sha of the first commit after the month end
    rows: tuple[Restated, ...]


def restated(root: Path, month: str, head: str = "HEAD") -> Restatement:
    """Per receivable, outstanding at the month's end as first reported vs as known at `head`."""
    year, mon = (int(x) for x in month.split("-"))
    end = date(year, mon, calendar.monthrange(year, mon)[1])
    with open_git(root) as git:
        after = git.run("rev-list", "--first-parent", "--reverse", f"--after={end} 23:59:59",
                        resolve(git, head)).split()
        first_sha = after[0] if after else resolve(git, head)
        first = ledger_of(git, tree_entries(git, first_sha))
        now = ledger_of(git, tree_entries(git, resolve(git, head)))
    rows = []
    for ident in sorted(set(first.receivables) | set(now.receivables)):
        figures = [led.position(led.receivables[ident], end).outstanding
                   if ident in led.receivables else ZERO for led in (first, now)]
        rec = now.receivables.get(ident) or first.receivables[ident]
        if figures[0] != figures[1]:
            rows.append(Restated(ident, (now if ident in now.receivables else first).currency(rec),
                                 figures[0], figures[1]))
    return Restatement(month, end, first_sha[:7], tuple(rows))
