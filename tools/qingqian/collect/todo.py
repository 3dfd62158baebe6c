"""The work queue (今日待办): next actions due and every deadline within the horizon, ranked.

An item is either a deadline (qingqian.collect.deadlines, the same list `check`'s A
rules read: every deadline carrying an alert is an item, whatever the horizon) or a
ladder action (qingqian.collect.ladder) due within the horizon. Items are ranked by
consequence: the kinds in rules.yaml `dunning.rank` order (a claim about to expire
before a routine reminder), then by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..figures.position import collector_on
from ..ledger import Ledger
from .deadlines import Deadline, deadlines
from .ladder import Rung, ladder

# what a deadline of each kind asks for
ACTION_OF = {"limitation": "interrupt-limitation", "guarantee": "demand-guarantor",
             "promise": "check-promise", "installment": "check-installment",
             "preservation": "file-suit", "enforcement": "apply-enforcement",
             "hearing": "hearing", "activity": "contact"}


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the work queue."""

    kind: str  # a deadline kind, or "action" for a ladder step
    date: date
    days_left: int
    subject: str
    debtor: str
    receivables: tuple[str, ...]
    amount: Decimal | None
    currency: str  # of the amount: the (first) receivable's
    action: str
    level: str | None  # the receivable's ladder rung, where there is one
    alert: str | None  # the A rule `check` reports it under
    people: tuple[str, ...]  # who sees it: collectors in effect, case owner, who acts
    units: tuple[str, ...]
    basis: str  # with subject and kind, a stable identity (calendar UIDs)
    path: str
    line: int

    @property
    def status(self) -> str:
        """overdue (or lost), today, or ahead."""
        if self.days_left < 0:
            return "overdue"
        return "today" if self.days_left == 0 else "ahead"


def items(ledger: Ledger, as_of: date, horizon: int | None = None) -> tuple[Item, ...]:
    """Every item as of a date: deadlines with an alert or within the horizon, actions due;
    computed once per ledger, date and horizon (the site asks for every person and unit)."""
    if ledger.rules is None:
        return ()
    return ledger.memo(("todo-items", as_of, horizon), lambda: _items(ledger, as_of, horizon))


def _items(ledger: Ledger, as_of: date, horizon: int | None) -> tuple[Item, ...]:
    assert ledger.rules is not None
    policy = ledger.rules.dunning
    until = as_of + timedelta(days=policy.horizon_days if horizon is None else horizon)
    rungs = {r.receivable: r for r in ladder(ledger, as_of)}
    found = [_from_deadline(ledger, d, as_of, rungs) for d in deadlines(ledger, as_of)
             if d.alert is not None or d.date <= until]
    known = {(i.subject, i.date) for i in found}  # a case step that is a deadline shows once
    found += [_from_rung(ledger, r, as_of) for r in rungs.values()
              if r.due <= until and (r.case, r.due) not in known]
    order = {kind: i for i, kind in enumerate(policy.rank)}
    return tuple(sorted(found, key=lambda i: (order.get(i.kind, len(order)), i.date, i.subject,
                                              i.line)))


def _from_deadline(ledger: Ledger, item: Deadline, as_of: date, rungs: dict[str, Rung]) -> Item:
    people, units = _owners(ledger, item.subject, item.receivables, as_of)
    debtor = ledger.debtors[item.subject].id if item.subject in ledger.debtors else \
        _debtor_of(ledger, item.subject, item.receivables)
    rung = rungs.get(item.subject) or next((rungs[r] for r in item.receivables if r in rungs), None)
    # an expired claim can no longer be interrupted: only the debtor's consent revives it
    action = "revive" if item.alert == "A001" else ACTION_OF[item.kind]
    return Item(item.kind, item.date, (item.date - as_of).days, item.subject, debtor,
                item.receivables, item.amount, _currency(ledger, item.receivables), action,
                rung.level if rung else None, item.alert, people, units, item.basis,
                item.path, item.line)


def _from_rung(ledger: Ledger, rung: Rung, as_of: date) -> Item:
    subject = rung.case or rung.receivable
    people, units = _owners(ledger, subject, (rung.receivable,), as_of)
    people = tuple(sorted({*people, rung.who}))
    return Item("action", rung.due, (rung.due - as_of).days, subject, rung.debtor,
                (rung.receivable,), rung.overdue or rung.outstanding,
                _currency(ledger, (rung.receivable,)), rung.action, rung.level, None, people, units,
                f"{rung.receivable}:{rung.next_level or rung.action}", rung.path, rung.line)


def _currency(ledger: Ledger, receivables: tuple[str, ...]) -> str:
    rec = next((ledger.receivables[r] for r in receivables if r in ledger.receivables), None)
    return ledger.currency(rec) if rec else (ledger.rules.currency if ledger.rules else "CNY")


def _owners(ledger: Ledger, subject: str, receivables: tuple[str, ...],
            as_of: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The people who see an item (collectors in effect, a case's owner) and their units."""
    recs = [ledger.receivables[r] for r in receivables if r in ledger.receivables]
    people = {collector_on(r, as_of) for r in recs}
    if subject in ledger.cases:
        people.add(ledger.cases[subject].owner)
    return tuple(sorted(people)), tuple(sorted({r.unit for r in recs}))


def _debtor_of(ledger: Ledger, subject: str, receivables: tuple[str, ...]) -> str:
    if subject in ledger.cases:
        return ledger.cases[subject].debtor
    rec = ledger.receivables.get(subject) or next(
        (ledger.receivables[r] for r in receivables if r in ledger.receivables), None)
    return rec.debtor if rec else ""


def person_id(ledger: Ledger, who: str) -> str:
    """A person given by id or by name (李四) → their id; unknown stays as given."""
    if who in ledger.people:
        return who
    return next((p.id for p in ledger.people.values() if p.name == who), who)


def select(found: tuple[Item, ...], person: str | None = None,
           unit: str | None = None) -> tuple[Item, ...]:
    """The items one person sees, or one unit's."""
    return tuple(i for i in found if (person is None or person in i.people)
                 and (unit is None or unit in i.units))
