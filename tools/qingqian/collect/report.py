"""`qingqian todo` as a report: frozen items, JSON, and tables in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n.words import Words
from ..ledger import Ledger
from ..money import fmt
from ..reports.common import Filters
from ..reports.layout import Column, Table
from .ladder import Rung, ladder
from .todo import Item, items, person_id, select

# headings and column titles
TEXT = Words("todo", {
    "todo": "Work queue", "ladder": "Escalation ladder", "rank": "#", "date": "By",
    "days_left": "Days left", "status": "Status", "kind": "Kind", "action": "Action",
    "subject": "Receivable/case", "debtor": "Debtor", "amount": "Amount", "people": "People",
    "level": "Rung", "alert": "Rule", "receivable": "Receivable", "collector": "Collector",
    "outstanding": "Outstanding", "currency": "Currency", "overdue": "Overdue",
    "days_past_due": "Days past due", "due": "Due", "who": "Who acts", "case_col": "Case",
    "title": "Work queue {date} ({count} overdue)",
    "event": "{kind}: {action} {subject} {debtor}",
})

# an item's status: its date passed, is today, or is ahead
STATUS = Words("todo-status", {"overdue": "overdue", "today": "today", "ahead": "ahead"})

# an item's kind: a deadline's kind (collect.deadlines), or `action` for a ladder step
KINDS = Words("todo-kind", {
    "limitation": "limitation", "guarantee": "guarantee period", "promise": "promise",
    "installment": "installment", "preservation": "preservation",
    "enforcement": "enforcement deadline", "hearing": "hearing", "activity": "stale collection",
    "action": "escalation",
})

# what to do: for a deadline (collect.todo.ACTION_OF), a ladder rung's or a case step's action
ACTIONS = Words("todo-action", {
    "interrupt-limitation":
        "interrupt limitation (delivered demand, signed visit, acknowledgment or suit)",
    "revive": "expired: obtain a signed acknowledgment or a payment, else write off",
    "demand-guarantor": "demand the guarantor in writing",
    "check-promise": "follow the promise", "check-installment": "follow the installment",
    "file-suit": "file suit after preservation", "apply-enforcement": "apply for enforcement",
    "contact": "visit or demand, and record it", "phone": "phone reminder",
    "demand": "send a demand (get proof of delivery)", "visit": "visit (debtor signs)",
    "lawyer-letter": "send a lawyer letter", "case": "hand to legal: open a case",
    "investigation": "investigate assets", "negotiation": "negotiate", "litigation": "file suit",
    "follow-suit": "follow the suit", "follow-enforcement": "follow enforcement",
    "hearing": "attend the hearing",
})

# the ladder rung done (rules.yaml dunning.levels ids of the default ladder)
LEVELS = Words("todo-level", {
    "reminder": "reminded", "demand": "demand delivered", "visit": "signed visit",
    "lawyer": "lawyer letter delivered", "case": "in a case",
})


def text(key: str | None, lang: str) -> str:
    """A heading or column title in `lang`."""
    return "" if key is None else TEXT(key, lang)


def kind_text(kind: str, lang: str) -> str:
    """An item's kind; a ladder step is `action` (催收升级)."""
    return KINDS(kind, lang)


def action_text(action: str, lang: str) -> str:
    """What to do; actions of a ledger's own ladder show as written in rules.yaml."""
    return ACTIONS(action, lang)


def level_text(level: str | None, lang: str) -> str:
    """A ladder rung done, e.g. 催款函已送达; rungs of a ledger's own ladder show their id."""
    return "—" if level is None else LEVELS(level, lang)


def _status(item: Item, lang: str) -> str:
    return STATUS(item.status, lang)


@dataclass(frozen=True, slots=True)
class TodoReport:
    """The work queue of one person, one unit or everyone, with the ladder of their receivables."""

    as_of: date
    horizon: int
    items: tuple[Item, ...]
    rungs: tuple[Rung, ...]
    names: dict  # id → name, for people, debtors and units
    currencies: dict  # receivable id → its currency

    @property
    def overdue(self) -> int:
        return sum(i.status == "overdue" for i in self.items)

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "horizon_days": self.horizon,
                "overdue": self.overdue, "items": [
                    {"kind": i.kind, "date": i.date.isoformat(), "days_left": i.days_left,
                     "status": i.status, "subject": i.subject, "debtor": i.debtor,
                     "receivables": list(i.receivables), "amount": fmt(i.amount),
                     "currency": i.currency,
                     "action": i.action, "level": i.level, "alert": i.alert,
                     "people": list(i.people), "units": list(i.units),
                     "path": i.path, "line": i.line} for i in self.items],
                "ladder": [
                    {"receivable": r.receivable, "debtor": r.debtor, "collector": r.collector,
                     "currency": self.currencies.get(r.receivable, ""),
                     "outstanding": fmt(r.outstanding), "overdue": fmt(r.overdue),
                     "days_past_due": r.days_past_due,
                     "level": r.level, "action": r.action, "due": r.due.isoformat(),
                     "who": r.who, "case": r.case} for r in self.rungs]}

    def tables(self, lang: str) -> list[Table]:
        several = len({i.currency for i in self.items}) > 1  # then each amount says its currency
        cols = tuple(Column(text(k, lang), kind) for k, kind in (
            ("rank", "int"), ("date", "date"), ("days_left", "int"), ("status", "text"),
            ("kind", "text"), ("action", "text"), ("subject", "text"), ("debtor", "text"),
            *((("currency", "text"),) if several else ()),
            ("amount", "money"), ("people", "text"), ("level", "text"), ("alert", "text")))
        sep = "、" if lang == "zh" else ", "
        rows = tuple((n, i.date, i.days_left, _status(i, lang), kind_text(i.kind, lang),
                      action_text(i.action, lang), i.subject, self.name(i.debtor),
                      *((i.currency,) if several else ()), i.amount,
                      sep.join(self.name(p) for p in i.people), level_text(i.level, lang),
                      i.alert or "") for n, i in enumerate(self.items, 1))
        title = text("title", lang).format(date=self.as_of, count=self.overdue)
        return [Table(cols, rows, title=title), self.ladder_table(lang)]

    def ladder_table(self, lang: str) -> Table:
        cols = tuple(Column(text(k, lang), kind) for k, kind in (
            ("receivable", "text"), ("debtor", "text"), ("collector", "text"),
            ("currency", "text"), ("outstanding", "money"), ("overdue", "money"),
            ("days_past_due", "int"), ("level", "text"),
            ("action", "text"), ("due", "date"), ("who", "text"), ("case_col", "text")))
        rows = tuple((r.receivable, self.name(r.debtor), self.name(r.collector),
                      self.currencies.get(r.receivable, ""), r.outstanding, r.overdue,
                      r.days_past_due, level_text(r.level, lang), action_text(r.action, lang),
                      r.due,
                      self.name(r.who), r.case or "") for r in self.rungs)
        return Table(cols, rows, title=text("ladder", lang))


def todo_report(ledger: Ledger, as_of: date, filters: Filters, lang: str,
                horizon: int | None = None) -> TodoReport:
    """The work queue as of a date: `filters.collector` (an id or a name), unit, debtor, kind."""
    assert ledger.rules is not None
    person = person_id(ledger, filters.collector) if filters.collector else None
    chosen = select(items(ledger, as_of, horizon), person, filters.unit)
    kinds = {i: r.kind for i, r in ledger.receivables.items()}
    if filters.debtor:
        chosen = tuple(i for i in chosen if i.debtor == filters.debtor)
    if filters.kind:
        chosen = tuple(i for i in chosen if filters.kind in {kinds.get(r) for r in i.receivables})
    rungs = tuple(r for r in ladder(ledger, as_of)
                  if (person is None or person in (r.collector, r.who))
                  and (filters.unit is None or r.unit == filters.unit)
                  and (filters.debtor is None or r.debtor == filters.debtor)
                  and (filters.kind is None or kinds.get(r.receivable) == filters.kind))
    currencies = {r.receivable: ledger.currency(ledger.receivables[r.receivable]) for r in rungs}
    return TodoReport(as_of, ledger.rules.dunning.horizon_days if horizon is None else horizon,
                      chosen, rungs, names(ledger), currencies)


def names(ledger: Ledger) -> dict[str, str]:
    """Display names of people, units and debtors (ids stay in JSON)."""
    out = {i: p.name for i, p in ledger.people.items()}
    out.update({i: u.name for i, u in ledger.units.items()})
    out.update({i: d.name for i, d in ledger.debtors.items()})
    return out
