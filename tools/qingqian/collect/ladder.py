"""The escalation ladder (催收升级阶梯): each overdue receivable's rung and its next action.

The rungs come from rules.yaml `dunning.levels`, in order. A rung is reached when the
oldest open overdue invoice is `days` past due, or when the limitation period ends
within `limitation_days`. A rung is done when an event since that invoice fell due
satisfies it (a delivered demand the demand rung, a debtor-signed visit the visit
rung); a higher rung done counts for the ones below. The next action is the lowest
rung above the last one done; once a case covers the receivable, the case's own next
step (`dunning.case_steps`) takes over, so moving a case forward moves the ladder.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from ..figures.position import collector_on
from ..ledger import Ledger
from ..lifecycle.cases import covering, entry_on, judgment_of, opened, stage_on
from ..lifecycle.limitation import LimitationRow, limitation
from ..model.case import Case
from ..model.policy import DunningLevel
from ..model.receivable import Acknowledgment, Demand, Receivable, Visit

CONTACT = ("visit", "demand", "acknowledgment", "promise", "payment")


@dataclass(frozen=True, slots=True)
class Rung:
    """Where one open receivable stands on the ladder, and what is to be done next, by whom."""

    receivable: str
    debtor: str
    unit: str
    collector: str  # in effect on the as-of date
    outstanding: Decimal
    overdue: Decimal
    fell_due: date  # due date of the oldest open invoice (ahead when nothing is overdue yet)
    days_past_due: int
    level: str | None  # the highest rung done, "case" once a case covers it
    action: str  # phone | demand | visit | lawyer-letter | case | a case step | hearing
    next_level: str | None  # the ladder rung the action climbs to; None for a case step
    letter: str | None  # template the action calls for
    who: str  # person id who acts
    due: date
    case: str | None
    path: str
    line: int


def ladder(ledger: Ledger, as_of: date) -> tuple[Rung, ...]:
    """Every open receivable's rung as of a date, by receivable id."""
    def compute() -> tuple[Rung, ...]:
        if ledger.rules is None:
            return ()
        limits = {r.receivable: r for r in
                  ledger.memo(("limitation", as_of), lambda: limitation(ledger, as_of))}
        index = covering(ledger)
        rungs = (rung_of(ledger, ledger.receivables[i], as_of, limits.get(i), index.get(i, ()))
                 for i in sorted(ledger.receivables))
        return tuple(r for r in rungs if r is not None)
    return ledger.memo(("ladder", as_of), compute)


def rung_of(ledger: Ledger, rec: Receivable, as_of: date, limit: LimitationRow | None,
            cases: tuple[Case, ...]) -> Rung | None:
    """The receivable's rung, or None when nothing is owed (or the ladder is climbed).

    A receivable not yet overdue stands below the first rung, which its earliest open
    invoice reaches `days` after falling due.
    """
    pos = ledger.position(rec, as_of)
    dues = [b.due for b, left in zip(pos.bills, pos.open) if left > 0]
    if pos.transferred or pos.outstanding <= 0 or not dues:
        return None
    fell_due = min(dues)
    started = [c for c in cases if c.stages and (opened(c) or as_of) <= as_of]
    live = [c for c in started if stage_on(c, as_of) not in (None, "closed")]
    collector = collector_on(rec, as_of)
    base = Rung(rec.id, rec.debtor, rec.unit, collector, pos.outstanding, pos.overdue, fell_due,
                max(0, (as_of - fell_due).days), level=None, action="", next_level=None,
                letter=None, who=collector, due=fell_due, case=None,
                path=ledger.path_of.get(rec.id, ""), line=1)
    if live:
        return _case_rung(ledger, live[0], as_of, base)
    levels = ledger.rules.dunning.levels  # type: ignore[union-attr]
    done = [i for i, level in enumerate(levels)
            if _satisfied(rec, level, fell_due, as_of, bool(started))]
    top = max(done, default=-1)
    ahead = [i for i in range(top + 1, len(levels))]
    if not ahead:
        return None
    reached = [i for i in ahead if _trigger(levels[i], fell_due, limit) <= as_of]
    step = levels[(reached or ahead)[0]]
    return replace(base, level=levels[top].id if top >= 0 else None, action=step.action,
                   next_level=step.id, letter=step.letter,
                   who=_who(ledger, rec, step.who, as_of), due=_trigger(step, fell_due, limit))


def _trigger(level: DunningLevel, fell_due: date, limit: LimitationRow | None) -> date:
    """The day a rung is reached: days past due, or limitation_days before expiry if sooner."""
    days = [fell_due + timedelta(days=level.days)] if level.days is not None else []
    if level.limitation_days is not None and limit is not None \
            and limit.status not in ("suspended", "expired"):
        days.append(limit.expires - timedelta(days=level.limitation_days))
    return min(days, default=date.max)


def _satisfied(rec: Receivable, level: DunningLevel, since: date, as_of: date,
               has_case: bool) -> bool:
    """Whether an event dated from `since` to `as_of` satisfies the rung."""
    for event in rec.events:
        if not since <= event.date <= as_of:
            continue
        for matcher in level.satisfied_by:
            if _matches(event, matcher, as_of):
                return True
    return "case" in level.satisfied_by and has_case


def _matches(event: object, matcher: str, as_of: date) -> bool:
    delivered = isinstance(event, Demand) and event.delivered is not None \
        and event.delivered <= as_of
    if matcher == "contact":
        return getattr(event, "type", None) in CONTACT
    if matcher == "demand-delivered":
        return delivered
    if matcher == "lawyer-letter":
        return delivered and isinstance(event, Demand) and event.method == "lawyer-letter"
    if matcher == "visit-signed":
        return isinstance(event, Visit) and event.signed
    if matcher == "acknowledgment":
        return isinstance(event, Acknowledgment) and event.signed_by is not None
    return False


def _case_rung(ledger: Ledger, case: Case, as_of: date, base: Rung) -> Rung | None:
    """A case's next step: from its stage, a judgment awaiting enforcement, or a hearing."""
    steps = ledger.rules.dunning.case_steps  # type: ignore[union-attr]
    entry = entry_on(case, as_of) or case.stages[0]
    judged = judgment_of(case, as_of)
    enforcing = any(s.stage == "enforcement" and s.date <= as_of for s in case.stages)
    if judged is not None and not enforcing and "judgment" in steps:
        judgment = judged[1]
        step, due = steps["judgment"], (judgment.pay_by or judgment.date)
    elif entry.stage in steps:
        step, due = steps[entry.stage], entry.date
    else:
        return None
    action, due = step.action, due + timedelta(days=step.days)
    coming = sorted(h.date for h in case.hearings if h.date >= as_of)
    if coming and coming[0] <= due:
        action, due = "hearing", coming[0]
    return replace(base, path=ledger.path_of.get(case.id, ""), line=entry.line, level="case",
                   action=action, who=case.owner, due=due, case=case.id)


def _who(ledger: Ledger, rec: Receivable, role: str, as_of: date) -> str:
    """The person who acts: the collector, or the unit's (else any) active legal or manager."""
    collector = collector_on(rec, as_of)
    if role == "collector":
        return collector
    active = [p for _, p in sorted(ledger.people.items()) if role in p.roles
              and p.status == "active"]
    own = [p for p in active if p.unit == rec.unit]
    return (own or active)[0].id if (own or active) else collector
