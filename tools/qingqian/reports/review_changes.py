"""What `qingqian diff` lists beside money: the other events, collector reassignments, debtor
and case field changes, policy changes and deleted records, each base against head.

Values are kept as the ledger writes them (ids, codes, plain amounts): the JSON gives them
as they are, the Markdown translates codes and shows people and debtors by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..ledger import Ledger
from ..model import Receivable
from ..money import fmt
from ..rules.history import edited, stem


@dataclass(frozen=True, slots=True)
class EventLine:
    """An event other than money or an `assign` (a visit, demand, promise, call…) that the
    change added, changed or removed; `facts` are its particulars as (what, value)."""

    receivable: str
    debtor: str
    currency: str
    change: str  # added | changed | removed
    date: date
    type: str
    amount: Decimal | None
    facts: tuple[tuple[str, str], ...]
    note: str


@dataclass(frozen=True, slots=True)
class Reassignment:
    """A receivable's collector or responsible person changed: its field edited, or an
    `assign` event added, changed or removed (`date` is the event's)."""

    receivable: str
    debtor: str
    role: str  # collector | responsible
    before: str | None  # person ids
    after: str | None
    source: str  # field | assign
    change: str  # added | changed | removed
    date: date | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a debtor or a case before and after; a private or compound field
    (contacts, guarantors…) is said to have changed, without its values (`shown` False)."""

    record: str
    debtor: str
    field: str
    before: str | None
    after: str | None
    shown: bool = True


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """A change to a policy file: rules.yaml sections and `closed_through`, a person or unit
    added, removed or changed, a year's targets."""

    path: str
    kind: str  # rules | person | unit | targets
    subject: str  # a person's or unit's id, a target year; "" for rules.yaml
    field: str  # sections | closed_through | added | removed | name | unit | roles | …
    before: str | None
    after: str | None


MONEY_TYPES = ("invoice", "opening", "payment", "credit", "deposit-offset", "writeoff",
               "reversal", "deposit-received", "deposit-refund")
RULES_PATHS = ("policies/rules.yaml", "policies/rules.yml")
FACTS = ("by", "with_", "signed", "signed_by", "method", "delivered", "by_date", "to", "price",
         "ref", "applies_to", "reason", "basis")


def text(value: Any) -> str | None:
    """A field's value as the ledger means it: plain amounts, ISO dates, lists joined."""
    if value is None or value == () or value == []:
        return None
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def event_lines(before: Ledger, after: Ledger) -> tuple[EventLine, ...]:
    out = []
    for ident, rec in sorted(after.receivables.items()):
        for a, b in edited(before.receivables.get(ident), rec):
            event = b or a
            if event.type in MONEY_TYPES or event.type == "assign":
                continue
            change = "added" if a is None else "removed" if b is None else "changed"
            facts = tuple((name.rstrip("_"), shown) for name in FACTS
                          if (shown := text(getattr(event, name, None))) is not None
                          and shown != "false")
            out.append(EventLine(ident, rec.debtor, after.currency(rec), change, event.date,
                                 event.type, getattr(event, "amount", None), facts,
                                 event.note or ""))
    return tuple(out)


def reassignments(before: Ledger, after: Ledger) -> tuple[Reassignment, ...]:
    out = []
    for ident, rec in sorted(after.receivables.items()):
        old = before.receivables.get(ident)
        for role in ("collector", "responsible"):
            if old is not None and getattr(old, role) != getattr(rec, role):
                out.append(Reassignment(ident, rec.debtor, role, getattr(old, role),
                                        getattr(rec, role), "field", "changed", None))
        for a, b in edited(old, rec):
            if (b or a).type != "assign":
                continue
            if a is None:
                out.append(Reassignment(ident, rec.debtor, "collector", _collector_before(rec, b),
                                        b.to, "assign", "added", b.date))
            else:
                out.append(Reassignment(ident, rec.debtor, "collector", a.to,
                                        getattr(b, "to", None), "assign",
                                        "removed" if b is None else "changed", (b or a).date))
    return tuple(out)


def _collector_before(rec: Receivable, event: Any) -> str:
    """Who collected just before an `assign`: the last earlier assign, else the `collector`."""
    index = next(i for i, e in enumerate(rec.events) if e is event)
    prior = [(e.date, i, e.to) for i, e in enumerate(rec.events)
             if e.type == "assign" and (e.date, i) < (event.date, index)]
    return max(prior)[2] if prior else rec.collector


def debtor_changes(before: Ledger, after: Ledger) -> tuple[FieldChange, ...]:
    """Debtors in both ledgers whose fields changed (status, condition, credit, type…)."""
    private = set(after.rules.private) if after.rules else set()
    out = []
    for ident, debtor in sorted(after.debtors.items()):
        old = before.debtors.get(ident)
        if old is None:
            continue
        was, now = _fields(old), _fields(debtor)
        for name, value in now.items():
            if was[name] != value:
                shown = name not in private and not isinstance(value, list)
                out.append(FieldChange(ident, ident, name, text(was[name]) if shown else None,
                                       text(value) if shown else None, shown))
    return tuple(out)


def _fields(debtor: Any) -> dict[str, Any]:
    """A debtor's fields, `credit` as `credit.rating` and `credit.limit`, in file-model order."""
    out: dict[str, Any] = {}
    for name in type(debtor).model_fields:
        if name in ("id", "pos"):
            continue
        value = getattr(debtor, name)
        if name == "credit":
            out["credit.rating"] = value.rating if value else None
            out["credit.limit"] = value.limit if value else None
        elif isinstance(value, tuple):
            out[name] = [v.model_dump(warnings=False) for v in value]
        else:
            out[name] = value
    return out


CASE_FIELDS = ("owner", "counsel", "priority", "strategy", "receivables", "outcome")


def case_changes(before: Ledger, after: Ledger) -> tuple[FieldChange, ...]:
    """Cases in both ledgers whose owner, counsel, priority, strategy, receivables or outcome
    changed (stage moves are listed apart)."""
    out = []
    for ident, case in sorted(after.cases.items()):
        old = before.cases.get(ident)
        if old is None:
            continue
        for name in CASE_FIELDS:
            was, now = _case_value(old, name), _case_value(case, name)
            if was != now:
                out.append(FieldChange(ident, case.debtor, name, was, now))
    return tuple(out)


def _case_value(case: Any, name: str) -> str | None:
    value = getattr(case, name)
    if name == "counsel" and value is not None:
        return " ".join(x for x in (value.firm, value.lawyer) if x)
    if name == "outcome" and value is not None:
        return value.result
    return text(value)


def policy_changes(before: Ledger, after: Ledger) -> tuple[PolicyChange, ...]:
    """rules.yaml (its changed sections, `closed_through` on its own), people, units, targets."""
    out: list[PolicyChange] = []
    if before.rules is not None and after.rules is not None:
        path = next((p for p in after.key_pos if p in RULES_PATHS), RULES_PATHS[0])
        was, now = _plain(before.rules), _plain(after.rules)
        keys = [k for k in now if k != "closed_through" and was.get(k) != now.get(k)]
        if keys:
            out.append(PolicyChange(path, "rules", "", "sections", None, ", ".join(keys)))
        if before.rules.closed_through != after.rules.closed_through:
            out.append(PolicyChange(path, "rules", "", "closed_through",
                                    text(before.rules.closed_through),
                                    text(after.rules.closed_through)))
    out += _listed(before.people, after.people, after.people_path, "person",
                   ("name", "unit", "roles", "status", "departed"))
    out += _listed(before.units, after.units, after.units_path, "unit", ("name", "parent"))
    for year in sorted(set(before.targets) | set(after.targets)):
        old, new = before.targets.get(year), after.targets.get(year)
        path = (after if new is not None else before).path_of.get(f"targets:{year}", "")
        if old is None or new is None:
            out.append(PolicyChange(path, "targets", str(year),
                                    "added" if old is None else "removed", None, None))
        elif _plain(old) != _plain(new):
            out.append(PolicyChange(path, "targets", str(year), "changed", None, None))
    return tuple(out)


def _listed(before: dict, after: dict, path: str, kind: str,
            fields: tuple[str, ...]) -> Iterable[PolicyChange]:
    """People or units added, removed, or with a field changed (never email or phone)."""
    for ident in sorted(set(before) | set(after)):
        was, now = before.get(ident), after.get(ident)
        if was is None:
            yield PolicyChange(path, kind, ident, "added", None, None)
        elif now is None:
            yield PolicyChange(path, kind, ident, "removed", None, None)
        else:
            for name in fields:
                a, b = text(getattr(was, name)), text(getattr(now, name))
                if a != b:
                    yield PolicyChange(path, kind, ident, name, a, b)


def _plain(model: Any) -> dict:
    import json

    return json.loads(json.dumps(model.model_dump(warnings=False, by_alias=True), default=str))


def deleted_ids(before: Ledger, after: Ledger) -> dict[str, list[str]]:
    """Receivables, cases and debtors of the base that the head no longer has; a file still
    there that does not load is not deleted (its findings say why)."""
    stems = {stem(p) for p in after.key_pos}
    return {table: [i for i in sorted(getattr(before, table))
                    if i not in getattr(after, table) and i not in stems]
            for table in ("receivables", "cases", "debtors")}
