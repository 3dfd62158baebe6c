"""`qingqian record`: append one event to a receivable, keeping every comment and style.

The event becomes one flow mapping, `- {date: …, type: …, …}`, appended to
`events:` (created when the file has none). Field order follows DESIGN §3.2:
date, type, the type's own fields, then ref, note and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import (
    Change,
    Outcome,
    WriteProblem,
    dump,
    flow_map,
    flow_seq,
    load_rt,
    parse_amount,
    settle,
    snapshot,
)

# the type's own fields in the order they are written; `ref`, `note`, `evidence` follow
FIELDS: dict[str, tuple[str, ...]] = {
    "invoice": ("amount", "due", "ref", "override"),
    "payment": ("amount", "method", "ref", "applies_to", "receipt"),
    "credit": ("amount", "reason", "approved_by", "applies_to"),
    "visit": ("by", "with", "signed"),
    "call": ("by", "with"),
    "demand": ("method", "delivered"),
    "acknowledgment": ("amount", "signed_by"),
    "promise": ("amount", "by_date"),
    "assign": ("to",),
    "handover": ("to", "by"),
    "deposit-received": ("amount", "method", "ref"),
    "deposit-offset": ("amount", "applies_to"),
    "deposit-refund": ("amount", "method", "ref"),
    "writeoff": ("amount", "basis", "approved_by", "accountability"),
    "transfer": ("to", "price"),
    "reversal": ("ref", "reason"),
    "opening": ("amount", "as_of", "source"),
}
COMMON = ("ref", "note", "evidence")
REQUIRED: dict[str, tuple[str, ...]] = {
    "invoice": ("amount",), "payment": ("amount", "method", "ref"), "credit": ("amount",),
    "promise": ("amount", "by_date"), "assign": ("to",), "handover": ("to",),
    "deposit-received": ("amount", "ref"), "deposit-offset": ("amount",),
    "deposit-refund": ("amount", "ref"), "writeoff": ("amount", "basis"),
    "transfer": ("to",), "reversal": ("ref",), "opening": ("amount",),
}
MONEY_FIELDS = ("amount", "price")
# money events: their amount is above zero
POSITIVE = ("invoice", "payment", "credit", "writeoff", "opening", "deposit-received",
            "deposit-offset", "deposit-refund")


@dataclass(frozen=True, slots=True)
class EventInput:
    """An event as the user gave it: the type, its date and the given fields only."""

    type: str
    date: date
    values: dict[str, Any]


def build_event(event: EventInput) -> Any:
    """The event as a flow mapping in canonical order; refuses fields the type does not have."""
    if event.type not in FIELDS:
        raise WriteProblem(f"unknown event type `{event.type}`; use one of {', '.join(FIELDS)}")
    given = {k: v for k, v in event.values.items() if v not in (None, (), [], {})}
    allowed = FIELDS[event.type] + COMMON
    extra = sorted(set(given) - set(allowed))
    if extra:
        raise WriteProblem(f"{event.type} has no field {', '.join(extra)}; "
                           f"it takes {', '.join(dict.fromkeys(allowed))}")
    missing = [name for name in REQUIRED.get(event.type, ()) if name not in given]
    if missing:
        options = ", ".join("--" + m.replace("_", "-") for m in missing)
        raise WriteProblem(f"{event.type} needs {options}")
    if event.type in POSITIVE and "amount" in given and not _allowed(event.type, given["amount"]):
        raise WriteProblem(f"a {event.type} of {given['amount']} is not an event: amounts are "
                           "above zero (金额须大于零)")
    pairs: list[tuple[str, Any]] = [("date", event.date), ("type", event.type)]
    for name in dict.fromkeys(allowed):
        if name in given:
            pairs.append((name, _value(name, given[name])))
    return flow_map(pairs)


def _allowed(kind: str, amount: Any) -> bool:
    """Amounts are above zero; an opening may be 0.00 (the invoice settled in full before the
    ledger took over: `qingqian import` of a fully collected old row)."""
    return parse_amount(amount) >= 0 if kind == "opening" else parse_amount(amount) > 0


def _value(name: str, value: Any) -> Any:
    if name in MONEY_FIELDS:
        return parse_amount(value)
    if name == "approved_by" and isinstance(value, (list, tuple)):
        return value[0] if len(value) == 1 else flow_seq(value)
    if name == "evidence":
        return flow_seq(value if isinstance(value, (list, tuple)) else [value])
    if name == "receipt" and isinstance(value, dict):
        total = parse_amount(value.get("total") or "")
        return flow_map([("ref", value.get("ref")), ("total", total)])
    if isinstance(value, dict):
        return flow_map(value.items())
    return value


PERSON_FIELDS = ("by", "to", "approved_by")


def with_person_ids(event: EventInput, ledger: Any) -> EventInput:
    """Person names given where an id belongs (`--by 张伟`) replaced by their ids.

    `to` names a person only for `assign` (for `transfer` it is the assignee company).
    """
    from ..names import NameProblem, resolve

    people = {k: p.name for k, p in ledger.people.items()}
    lang = ledger.rules.language if ledger.rules else "zh"
    values = dict(event.values)
    try:
        for name in PERSON_FIELDS:
            if name not in values or (name == "to" and event.type != "assign"):
                continue
            value = values[name]
            if isinstance(value, (list, tuple)):
                values[name] = [resolve(v, people, "person", lang) for v in value]
            else:
                values[name] = resolve(value, people, "person", lang)
    except NameProblem as exc:
        raise WriteProblem(str(exc)) from None
    return EventInput(event.type, event.date, values)


def append_event(text: str, event: Any) -> tuple[str, bool]:
    """The file with the event appended, and whether the round trip alone kept the file intact."""
    document, yml = load_rt(text)
    if not isinstance(document, dict):
        raise WriteProblem("the file is not a mapping of fields")
    faithful = dump(yml, document) == text
    events = document.get("events")
    if events is None:
        from ruamel.yaml.comments import CommentedSeq
        document["events"] = CommentedSeq([event])
    elif isinstance(events, list):
        events.append(event)
    else:
        raise WriteProblem("`events` is not a list")
    return dump(yml, document), faithful


def record(root: Path, ident: str, event: EventInput, as_of: date) -> Outcome:
    """Append an event to receivable `ident`; validated, not yet written."""
    from ..ledger import load_blobs

    blobs = snapshot(root)
    ledger = load_blobs(root, blobs)
    path = ledger.path_of.get(ident)
    if path is None or ident not in ledger.receivables:
        path = _path_by_stem(blobs, ident)
    node = build_event(with_person_ids(event, ledger))
    new_text, faithful = append_event(blobs[path].decode("utf-8"), node)
    notes = [] if faithful else [(f"{path}: the YAML writer also re-laid-out other lines; "
                                 "review the diff (--dry-run)")]
    change = Change(path, blobs[path], new_text.encode("utf-8"))
    return settle(root, blobs, [change], as_of, notes)


def _path_by_stem(blobs: dict[str, bytes], ident: str) -> str:
    """A receivable that failed to load is still found by its file name."""
    for path in blobs:
        if path.startswith("ledger/") and not path.startswith("ledger/debtors/") \
                and path.rsplit("/", 1)[-1].rsplit(".", 1)[0] == ident:
            return path
    raise WriteProblem(f"no receivable `{ident}` in this ledger")


def record_many(root: Path, entries: list[tuple[str, EventInput]], as_of: date) -> Outcome:
    """Append several events (to one or many receivables) as one validated change set."""
    from ..ledger import load_blobs
    from . import Change

    blobs = snapshot(root)
    ledger = load_blobs(root, blobs)
    texts: dict[str, str] = {}
    for ident, event in entries:
        path = ledger.path_of.get(ident) if ident in ledger.receivables else None
        if path is None:
            raise WriteProblem(f"no receivable `{ident}` in this ledger")
        texts[path] = append_event(texts.get(path) or blobs[path].decode("utf-8"),
                                   build_event(event))[0]
    changes = [Change(path, blobs[path], text.encode("utf-8"))
               for path, text in sorted(texts.items())]
    return settle(root, blobs, changes, as_of)
