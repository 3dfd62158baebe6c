"""The review summary (`qingqian diff`) and a restated month as Markdown or JSON.

The Markdown is posted on a pull request for a finance reviewer: in the language asked,
headed like the reports (the as-of date, the range and its commits), people and debtors
by name, codes by their names, amounts with thousands separators, one section per kind of
change ("无"/"none" when empty). Every cell and every value from the ledger goes through
`md_escape`, so a title or message cannot make a link, an image or a new table cell. The
JSON keeps ids, codes and plain amounts ("1234.50"), with names beside the ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..i18n import N_, _, say
from ..money import ZERO, fmt
from ..names import Names
from ..reports.review import NewRecord, Restatement, Review, Totals
from ..reports.review_changes import EventLine, FieldChange, PolicyChange, Reassignment
from .review_words import code
from .table import cell_text, md_escape


def _md(text: object) -> str:
    return md_escape(str(text))


# --- JSON -----------------------------------------------------------------------------------


def review_json(r: Review) -> str:
    n = r.names
    doc = {
        "base": r.base, "head": r.head, "range": r.spec or f"{r.base}..{r.head}",
        "as_of": r.as_of.isoformat(), "commits": r.commits,
        "new": [_record_json(x, n) for x in r.new],
        "money": [{"receivable": m.receivable, "debtor": m.debtor,
                   "debtor_name": n.debtor(m.debtor), "currency": m.currency,
                   "change": m.change, "date": m.date.isoformat(), "type": m.type,
                   "amount": fmt(m.amount), "was": fmt(m.was), "detail": m.detail,
                   "approved_by": list(m.approved_by),
                   "approved_by_names": [n.person(p) for p in m.approved_by]}
                  for m in r.money],
        "events": [{"receivable": e.receivable, "debtor": e.debtor,
                    "debtor_name": n.debtor(e.debtor), "currency": e.currency,
                    "change": e.change, "date": e.date.isoformat(), "type": e.type,
                    "amount": fmt(e.amount), **_facts_json(e.facts, n), "note": e.note}
                   for e in r.events],
        "reassignments": [{"receivable": x.receivable, "debtor": x.debtor,
                           "debtor_name": n.debtor(x.debtor), "role": x.role,
                           "from": x.before, "from_name": _person(n, x.before),
                           "to": x.after, "to_name": _person(n, x.after), "source": x.source,
                           "change": x.change, "date": x.date.isoformat() if x.date else None}
                          for x in r.reassignments],
        "debtors": [{"debtor": c.record, "debtor_name": n.debtor(c.record), "field": c.field,
                     "from": c.before, "to": c.after, "shown": c.shown} for c in r.debtors],
        "stages": [{"case": s.case, "debtor": s.debtor, "debtor_name": n.debtor(s.debtor),
                    "from": s.before, "to": s.after, "date": s.date.isoformat()}
                   for s in r.stages],
        "cases": [{"case": c.record, "debtor": c.debtor, "debtor_name": n.debtor(c.debtor),
                   "field": c.field, "from": c.before, "to": c.after,
                   **({"from_name": _person(n, c.before), "to_name": _person(n, c.after)}
                      if c.field == "owner" else {})} for c in r.cases],
        "policies": [{"path": p.path, "kind": p.kind, "subject": p.subject,
                      "subject_name": _subject_name(p, n), "field": p.field,
                      "from": p.before, "to": p.after} for p in r.policies],
        "deleted": [_record_json(x, n) for x in r.deleted],
        "interruptions": [{"receivable": i.receivable, "debtor": i.debtor,
                           "debtor_name": n.debtor(i.debtor), "date": i.date.isoformat(),
                           "type": i.type, "amount": fmt(i.amount), "detail": i.detail}
                          for i in r.interruptions],
        "history": [f.to_json() for f in r.history],
        "totals": {"before": _totals_json(r.before), "after": _totals_json(r.after)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _record_json(x: NewRecord, n: Names) -> dict:
    return {"kind": x.kind, "id": x.id, "debtor": x.debtor, "debtor_name": n.debtor(x.debtor),
            "title": x.title, "path": x.path, "person": x.person or None,
            "person_name": _person(n, x.person), "code": x.code or None,
            "amount": fmt(x.amount), "currency": x.currency or None}


def _facts_json(facts: tuple[tuple[str, str], ...], n: Names) -> dict:
    out: dict[str, str] = dict(facts)
    for key in PERSON_FACTS:
        if key in out:
            out[f"{key}_name"] = n.people.get(out[key]) or n.units.get(out[key]) or out[key]
    return {"facts": out}


def _person(n: Names, ident: str | None) -> str | None:
    return n.person(ident) if ident else None


def _subject_name(p: PolicyChange, n: Names) -> str | None:
    return n.person(p.subject) if p.kind == "person" else \
        n.unit(p.subject) if p.kind == "unit" else None


def _totals_json(items: tuple[Totals, ...]) -> dict:
    return {t.currency: {"outstanding": fmt(t.outstanding), "overdue": fmt(t.overdue)}
            for t in items}


# --- Markdown -------------------------------------------------------------------------------


class _Say:
    """What every section needs: the language, names by id, amounts with separators."""

    def __init__(self, names: Names, lang: str) -> None:
        self.names, self.lang = names, lang
        self.sep = "；" if lang == "zh" else "; "
        self.comma = "、" if lang == "zh" else ", "

    def __call__(self, message: str, **fields: object) -> str:
        return say(message, self.lang, **fields) if fields else _(message, self.lang)

    def code(self, context: str, text: str | None) -> str:
        return code(context, text, self.lang)

    def debtor(self, ident: str, with_id: bool = False) -> str:
        name = self.names.debtor(ident)
        return self.paren(name, ident) if with_id else name

    def person(self, ident: str | None) -> str:
        return self.names.person(ident) if ident else ""

    def holder(self, ident: str) -> str:
        """Who an event names by id: a person, else a unit (a handover to the collection office)."""
        return self.names.people.get(ident) or self.names.units.get(ident) or ident

    def paren(self, main: str, aside: str) -> str:
        """`华东某置业有限公司（D-0001）`: a name with its id (or a word with its note)."""
        if not aside or main == aside:
            return aside or main
        return f"{main}（{aside}）" if self.lang == "zh" else f"{main} ({aside})"

    @staticmethod
    def amount(value: Decimal | None, currency: str = "") -> str:
        if value is None:
            return ""
        shown = cell_text(value, "money", True)
        return f"{shown} {currency}" if currency else shown


def _table(titles: Sequence[str], rows: Iterable[Sequence[object]],
           right: Sequence[int] = ()) -> list[str]:
    """A pipe table; every cell escaped (ledger text stays one cell of plain text)."""
    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(_md(c) for c in cells) + " |"

    rule = ["--:" if i in right else "---" for i in range(len(titles))]
    return [line(titles), "|" + "|".join(rule) + "|", *(line(row) for row in rows)]


def _section(title: str, body: list[str], none: str) -> list[str]:
    return ["", f"### {title}", "", *(body or [none])]


def review_markdown(r: Review, lang: str = "zh") -> str:
    """The review summary in `lang`: the header, then one section per kind of change."""
    s = _Say(r.names, lang)
    spec = r.spec or f"{r.base}..{r.head}"
    title = s(N_("qingqian diff"))
    lines = [f"## {title} `{r.base}..{r.head}`", "",
             _md(s(N_("As of {as_of}; range {spec}: {base} (before) → {head} (after), "
                      "{commits} commit(s)."),
                   as_of=r.as_of, spec=spec, base=r.base, head=r.head, commits=r.commits))]
    none = s(N_("none"))
    sections = (
        (N_("Totals"), _totals(r, s)),
        (N_("New receivables, cases and debtors"), _records(r.new, s)),
        (N_("Money recorded"), _money(r, s)),
        (N_("Other events"), _events(r.events, s)),
        (N_("Collector reassignments"), _reassignments(r.reassignments, s)),
        (N_("Debtor changes"), _fields(r.debtors, s, "debtor")),
        (N_("Case stage moves"), _stages(r, s)),
        (N_("Case owner, counsel and other case changes"), _fields(r.cases, s, "case")),
        (N_("Policy changes"), _policies(r.policies, s)),
        (N_("Deleted records"), _records(r.deleted, s)),
        (N_("Limitation interruptions"), _interruptions(r, s)),
    )
    for title, body in sections:
        lines += _section(s(title), body, none)
    lines += _section("⚠ " + s(N_("History rules ({count})"), count=len(r.history)),
                      _history(r, s), none)
    return "\n".join(lines) + "\n"


def _totals(r: Review, s: _Say) -> list[str]:
    before = {t.currency: t for t in r.before}
    after = {t.currency: t for t in r.after}
    rows = []
    for cur in sorted(set(before) | set(after)):
        for name, title in (("outstanding", N_("outstanding")), ("overdue", N_("overdue"))):
            b = getattr(before[cur], name) if cur in before else ZERO
            a = getattr(after[cur], name) if cur in after else ZERO
            rows.append((cur, s(title), s.amount(b), s.amount(a), s.amount(a - b)))
    return _table([s(N_("Currency")), s(N_("Figure")), s(N_("Before")), s(N_("After")),
                   s(N_("Net change"))], rows, right=(2, 3, 4))


def _records(items: tuple[NewRecord, ...], s: _Say) -> list[str]:
    if not items:
        return []
    rows = []
    for x in items:
        if x.kind == "receivable":
            detail = s.paren(x.title, s.code("receivable-kind", x.code)) if x.code else x.title
        elif x.kind == "case":
            detail = s(N_("strategy: {strategy}"), strategy=s.code("strategy", x.code))
        else:
            detail = s.code("debtor-type", x.code)
        rows.append((s.code("kind", x.kind), x.id, s.debtor(x.debtor, x.kind == "debtor"),
                     detail, s.person(x.person), s.amount(x.amount, x.currency), x.path))
    return _table([s(N_("Kind")), s(N_("Id")), s(N_("Debtor")), s(N_("Detail")),
                   s(N_("Collector or owner")), s(N_("Outstanding")), s(N_("File"))],
                  rows, right=(5,))


def _change(change: str, was: Decimal | None, s: _Say) -> str:
    word = s.code("change", change)
    if was is None:
        return word
    return s(N_("{change} (was {amount})"), change=word, amount=s.amount(was))


def _money(r: Review, s: _Say) -> list[str]:
    if not r.money:
        return []
    rows = []
    for m in r.money:
        detail = s.sep.join(x for x in (m.ref, s.code("method", m.method or None), m.basis) if x)
        rows.append((m.receivable, s.debtor(m.debtor), m.date, s.code("event", m.type),
                     s.amount(m.amount, m.currency), _change(m.change, m.was, s), detail,
                     s.comma.join(s.person(p) for p in m.approved_by)))
    return _table([s(N_("Receivable")), s(N_("Debtor")), s(N_("Date")), s(N_("Type")),
                   s(N_("Amount")), s(N_("Change")), s(N_("Detail")), s(N_("Approved by"))],
                  rows, right=(4,))


PERSON_FACTS = ("by", "to")


def _facts(e: EventLine, s: _Say) -> str:
    """An event's particulars in words: who, with whom, signed, delivered, by when…"""
    words = {
        "by": N_("by {value}"), "with": N_("with {value}"), "signed_by": N_("signed by {value}"),
        "method": N_("method: {value}"), "delivered": N_("delivered {value}"),
        "by_date": N_("to pay by {value}"), "price": N_("price {value}"),
        "ref": N_("ref {value}"), "applies_to": N_("for {value}"),
        "reason": N_("reason: {value}"), "basis": N_("basis: {value}"),
    }
    parts = []
    for key, raw in e.facts:
        if key == "signed":
            parts.append(s(N_("signed")))
            continue
        shown = s.holder(raw) if key in PERSON_FACTS and e.type != "transfer" else \
            s.code("method", raw) if key == "method" else \
            s.amount(Decimal(raw)) if key == "price" else raw
        template = (N_("transferred to {value}") if e.type == "transfer" else N_("to {value}")) \
            if key == "to" else words.get(key, "{value}")
        parts.append(s(template, value=shown))
    if e.note:
        parts.append(s(N_("note: {value}"), value=e.note))
    return s.sep.join(parts)


def _events(items: tuple[EventLine, ...], s: _Say) -> list[str]:
    if not items:
        return []
    rows = [(e.receivable, s.debtor(e.debtor), e.date, s.code("event", e.type),
             s.amount(e.amount, e.currency), s.code("change", e.change), _facts(e, s))
            for e in items]
    return _table([s(N_("Receivable")), s(N_("Debtor")), s(N_("Date")), s(N_("Type")),
                   s(N_("Amount")), s(N_("Change")), s(N_("Detail"))], rows, right=(4,))


def _reassignments(items: tuple[Reassignment, ...], s: _Say) -> list[str]:
    if not items:
        return []
    rows = []
    for x in items:
        source = s(N_("field edited")) if x.source == "field" else \
            s.paren(s.code("event", "assign"), s.code("change", x.change))
        rows.append((x.receivable, s.debtor(x.debtor), s.code("role", x.role),
                     s.person(x.before), s.person(x.after), source, x.date or ""))
    return _table([s(N_("Receivable")), s(N_("Debtor")), s(N_("Role")), s(N_("From")),
                   s(N_("To")), s(N_("Source")), s(N_("Date"))], rows)


FIELD_VALUES = {"status": "status", "condition": "condition", "type": "debtor-type",
                "priority": "priority", "strategy": "strategy", "outcome": "outcome"}


def _field_value(c: FieldChange, text: str | None, s: _Say) -> str:
    if text is None:
        return ""
    if c.field in FIELD_VALUES:
        return s.code(FIELD_VALUES[c.field], text)
    if c.field == "owner":
        return s.person(text)
    if c.field == "internal":
        return s(N_("yes")) if text == "true" else s(N_("no"))
    if c.field == "credit.limit":
        return s.amount(Decimal(text))
    return text


def _fields(items: tuple[FieldChange, ...], s: _Say, kind: str) -> list[str]:
    if not items:
        return []
    rows = []
    for c in items:
        after = _field_value(c, c.after, s) if c.shown else s(N_("changed (values not shown)"))
        first = s.debtor(c.record, True) if kind == "debtor" else c.record
        rest = () if kind == "debtor" else (s.debtor(c.debtor),)
        rows.append((first, *rest, s.code("field", c.field), _field_value(c, c.before, s), after))
    titles = [s(N_("Debtor"))] if kind == "debtor" else [s(N_("Case")), s(N_("Debtor"))]
    return _table([*titles, s(N_("Field")), s(N_("From")), s(N_("To"))], rows)


def _stages(r: Review, s: _Say) -> list[str]:
    if not r.stages:
        return []
    rows = [(x.case, s.debtor(x.debtor), s.code("stage", x.before) if x.before else s(N_("(new)")),
             s.code("stage", x.after), x.date) for x in r.stages]
    return _table([s(N_("Case")), s(N_("Debtor")), s(N_("From")), s(N_("To")), s(N_("Date"))],
                  rows)


def _policies(items: tuple[PolicyChange, ...], s: _Say) -> list[str]:
    if not items:
        return []
    rows = []
    for p in items:
        before, after = p.before or "", p.after or ""
        if p.kind == "rules" and p.field == "sections":
            subject, change = s.comma.join((p.after or "").split(", ")), s.code("change", "changed")
            after = ""
        elif p.kind == "rules":
            subject = s.code("field", p.field)
            change = s(N_("moved back: closed months reopened")) \
                if p.before and (not p.after or p.after < p.before) else \
                s(N_("moved forward: months closed"))
        elif p.kind == "targets":
            subject, change = s(N_("targets {year}"), year=p.subject), s.code("change", p.field)
        else:
            name = s.person(p.subject) if p.kind == "person" else s.names.unit(p.subject)
            subject = s.paren(name, p.subject)
            if p.field in ("added", "removed"):
                change = s.code("change", p.field)
            else:
                change = s.code("field", p.field)
                before, after = (_policy_value(p, v, s) for v in (p.before, p.after))
        rows.append((p.path, subject, change, before, after))
    return _table([s(N_("File")), s(N_("Subject")), s(N_("Change")), s(N_("From")),
                   s(N_("To"))], rows)


def _policy_value(p: PolicyChange, text: str | None, s: _Say) -> str:
    if text is None:
        return ""
    if p.field in ("unit", "parent"):
        return s.names.unit(text)
    if p.field == "status":
        return s.code("person-status", text)
    if p.field == "roles":
        return s.comma.join(text.split(", "))
    return text


def _interruptions(r: Review, s: _Say) -> list[str]:
    if not r.interruptions:
        return []
    rows = []
    for i in r.interruptions:
        detail = s(N_("delivered {value}"), value=i.delivered) if i.delivered else \
            s(N_("signed")) if i.signed else s.amount(i.amount)
        rows.append((i.receivable, s.debtor(i.debtor), i.date, s.code("event", i.type), detail))
    return _table([s(N_("Receivable")), s(N_("Debtor")), s(N_("Date")), s(N_("Type")),
                   s(N_("Detail"))], rows)


SEVERITY = {"error": N_("error"), "warning": N_("warning")}


def _history(r: Review, s: _Say) -> list[str]:
    from ..i18n.messages import render

    colon = "：" if s.lang == "zh" else ": "
    return [f"- **{_md(s(SEVERITY.get(f.severity, f.severity)))} {_md(f.rule)}** {_md(f.name)} "
            f"{_md(f.path)}:{f.line}{colon}"
            f"{_md(render(f.rule, f.message, s.lang))}" for f in r.history]


# --- restated months ------------------------------------------------------------------------


def restated_json(s: Restatement) -> str:
    doc = {"month": s.month, "month_end": s.month_end.isoformat(), "reported_at": s.reported_at,
           "rows": [{"receivable": x.receivable, "currency": x.currency, "first": fmt(x.first),
                     "now": fmt(x.now), "change": fmt(x.now - x.first)} for x in s.rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def restated_markdown(r: Restatement, lang: str = "zh") -> str:
    s = _Say(Names(), lang)
    title = s(N_("Restated: {month} (outstanding at {month_end})"), month=r.month,
              month_end=r.month_end)
    lines = [f"## {title}", "",
             s(N_("First reported at commit `{sha}`; now as known at HEAD."), sha=r.reported_at),
             ""]
    if not r.rows:
        return "\n".join(lines + [s(N_("No receivable's figures changed.")) + "\n"])
    lines += _table([s(N_("Receivable")), s(N_("Currency")), s(N_("First reported")),
                     s(N_("Now")), s(N_("Net change"))],
                    [(x.receivable, x.currency, s.amount(x.first), s.amount(x.now),
                      s.amount(x.now - x.first)) for x in r.rows], right=(2, 3, 4))
    return "\n".join(lines) + "\n"
