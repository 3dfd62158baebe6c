"""`qingqian record stage|hearing|judgment|preservation|cost|agreement|installment-paid` for cases.

Each appends one flow mapping to the case file's list (`stages`, `hearings`, `costs`,
`agreements`), keeping comments, validated by the whole check and written atomically,
exactly like receivable events. A judgment is a stage entry carrying `judgment:`; a
paid installment is a payment on one of the case's receivables. Moving a case forward
moves the ladder, which reads the case's stage (qingqian.collect.ladder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..vocabulary import CASE_ENTRIES as CASE_EVENTS
from ..vocabulary import CASE_STAGES as STAGES
from . import (
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


@dataclass(frozen=True, slots=True)
class CaseInput:
    """What the user gave: the kind of entry, its date and its fields."""

    kind: str
    date: date
    values: dict[str, Any]


def record_case(root: Path, ident: str, entry: CaseInput, as_of: date) -> Outcome:
    """Append an entry to case `ident` (or a payment for `installment-paid`); validated only."""
    from ..ledger import load_blobs
    from .record import EventInput, record

    blobs = snapshot(root)
    ledger = load_blobs(root, blobs)
    case = ledger.cases.get(ident)
    if case is None:
        raise WriteProblem(f"no case `{ident}` in this ledger")
    if entry.kind == "installment-paid":
        target = entry.values.get("receivable") or _first_owing(ledger, case, as_of)
        if target not in case.receivables:
            raise WriteProblem(f"{target} is not a receivable of {ident}")
        fields = {k: v for k, v in entry.values.items() if k in ("amount", "ref", "method")}
        fields.setdefault("method", "bank")
        fields["note"] = entry.values.get("note") or f"{ident} 还款协议分期"
        return record(root, target, EventInput("payment", entry.date, fields), as_of)
    key, node = build_entry(entry, _last_stage(case))
    path = ledger.path_of[ident]
    new_text = append_to(blobs[path].decode("utf-8"), key, node)
    from . import Change
    return settle(root, blobs, [Change(path, blobs[path], new_text.encode("utf-8"))], as_of)


def build_entry(entry: CaseInput, last_stage: str | None) -> tuple[str, Any]:
    """(list key, flow mapping) for a case entry; refuses what the kind cannot take."""
    v = {k: val for k, val in entry.values.items() if val not in (None, (), "")}
    day = entry.date
    if entry.kind == "stage":
        _need(v, "stage")
        return "stages", flow_map([("date", day), ("stage", v["stage"]), ("court", v.get("court")),
                                   ("case_no", v.get("case_no")), ("note", v.get("note"))])
    if entry.kind == "preservation":
        frozen = parse_amount(v["amount"]) if "amount" in v else None
        return "stages", flow_map([("date", day), ("stage", "preservation"),
                                   ("court", v.get("court")), ("frozen", frozen),
                                   ("note", v.get("note"))])
    if entry.kind == "judgment":
        in_court = last_stage and STAGES.index(last_stage) >= STAGES.index("litigation")
        stage = last_stage if in_court else "litigation"
        # a second date object: ruamel.yaml would write one object twice as an anchor and alias
        judgment = flow_map([("date", date.fromordinal(day.toordinal())),
                             ("amount", _amount(v)), ("pay_by", v.get("pay_by"))])
        return "stages", flow_map([("date", day), ("stage", stage), ("case_no", v.get("case_no")),
                                   ("judgment", judgment), ("note", v.get("note"))])
    if entry.kind == "hearing":
        return "hearings", flow_map([("date", day), ("court", v.get("court")),
                                     ("note", v.get("note"))])
    if entry.kind == "cost":
        _need(v, "amount")
        return "costs", flow_map([("date", day), ("type", v.get("cost_type") or "other"),
                                  ("amount", parse_amount(v["amount"])), ("note", v.get("note"))])
    if entry.kind == "agreement":
        _need(v, "installments")
        items = flow_seq([])
        for due, amount in v["installments"]:
            items.append(flow_map([("due", due), ("amount", parse_amount(amount))]))
        kind = v.get("agreement_type") or "repayment"
        return "agreements", flow_map([("date", day), ("type", kind), ("installments", items),
                                       ("note", v.get("note"))])
    raise WriteProblem(f"unknown case entry `{entry.kind}`; use one of {', '.join(CASE_EVENTS)}")


def parse_installment(text: str) -> tuple[date, str]:
    """`2026-12-31:200000.00` → (due, amount)."""
    due, _, amount = text.partition(":")
    try:
        return date.fromisoformat(due.strip()), amount.strip()
    except ValueError:
        raise WriteProblem(f"--installment {text!r} is not DUE:AMOUNT like 2026-12-31:200000") \
            from None


def append_to(text: str, key: str, node: Any) -> str:
    """The file with `node` appended to the list under `key` (created when absent)."""
    document, yml = load_rt(text)
    if not isinstance(document, dict):
        raise WriteProblem("the file is not a mapping of fields")
    items = document.get(key)
    if items is None:
        from ruamel.yaml.comments import CommentedSeq
        document[key] = CommentedSeq([node])
    elif isinstance(items, list):
        items.append(node)
    else:
        raise WriteProblem(f"`{key}` is not a list")
    return dump(yml, document)


def _amount(values: dict) -> Any:
    return parse_amount(values["amount"]) if "amount" in values else None


def _need(values: dict, *names: str) -> None:
    missing = [n for n in names if n not in values]
    if missing:
        raise WriteProblem(f"needs {', '.join('--' + m.replace('_', '-') for m in missing)}")


def _last_stage(case: Any) -> str | None:
    return case.stages[-1].stage if case.stages else None


def _first_owing(ledger: Any, case: Any, as_of: date) -> str:
    for ar in case.receivables:
        rec = ledger.receivables.get(ar)
        if rec is not None and ledger.position(rec, as_of).outstanding > 0:
            return ar
    return case.receivables[0]
