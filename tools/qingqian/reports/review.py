"""The review summary of a change (`qingqian diff`): what a branch does to the ledger, in its terms.

Computed by comparing the ledger at the base with the ledger at the head (net effect),
plus the history rules run on each commit between them. Totals use the `total`
report's own sums, so they match `qingqian total` at both ends. `render.review` formats.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
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
from ..rules.history import edited
from ..rules.history_policy import base_severity

MONEY_TYPES = ("payment", "credit", "writeoff", "reversal")
INTERRUPTING = ("payment", "visit", "demand", "acknowledgment", "promise")


@dataclass(frozen=True, slots=True)
class NewRecord:
    kind: str  # receivable | case
    id: str
    debtor: str
    title: str  # a receivable's title, a case's owner and strategy
    path: str


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


@dataclass(frozen=True, slots=True)
class StageMove:
    case: str
    before: str | None
    after: str
    date: date


@dataclass(frozen=True, slots=True)
class Interruption:
    """An added event that restarts the limitation clock (DESIGN §6.3)."""

    receivable: str
    date: date
    type: str
    detail: str


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
    return Review(base[:7], head[:7], as_of, len(commits), new_records(before, after),
                  money_lines(before, after), stage_moves(before, after),
                  interruptions(before, after), tuple(base_severity(found, before, as_of)),
                  totals(before, as_of), totals(after, as_of))


def new_records(before: Ledger, after: Ledger) -> tuple[NewRecord, ...]:
    out = [NewRecord("receivable", i, r.debtor, r.title, after.path_of[i])
           for i, r in sorted(after.receivables.items()) if i not in before.receivables]
    out += [NewRecord("case", i, c.debtor, f"{c.owner}, {c.strategy}", after.path_of[i])
            for i, c in sorted(after.cases.items()) if i not in before.cases]
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
                                 tuple(getattr(event, "approved_by", ()))))
    return tuple(out)


def stage_moves(before: Ledger, after: Ledger) -> tuple[StageMove, ...]:
    out = []
    for ident, case in sorted(after.cases.items()):
        old = before.cases.get(ident)
        was = old.stages[-1].stage if old and old.stages else None
        if case.stages and case.stages[-1].stage != was:
            out.append(StageMove(ident, was, case.stages[-1].stage, case.stages[-1].date))
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
            out.append(Interruption(ident, b.date, b.type, detail))
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
