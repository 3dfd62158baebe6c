"""`qingqian new receivable|debtor|case`: a correctly placed file with the next free id.

Ids continue the ledger's numbering: AR-<year>-NNNN, D-NNNN, C-<year>-NNN, one
more than the highest id of that form (gaps are never reused, so an id that was
once deleted cannot come back with another meaning). Files are laid out like
the hand-written ones: top-level keys in DESIGN §3 order, small nested
mappings in flow style, and the `# yaml-language-server` line first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
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
    parse_amount,
    scalar,
    schema_comment,
    settle,
    snapshot,
    yaml_rt,
)
from .record import EventInput, build_event


@dataclass(frozen=True, slots=True)
class NewFile:
    ident: str
    path: str
    data: bytes


def stems(paths: Iterable[str]) -> set[str]:
    """Every id in use, taken from file names (a file that fails to load still holds its id)."""
    return {p.rsplit("/", 1)[-1].rsplit(".", 1)[0] for p in paths}


def next_id(prefix: str, width: int, taken: set[str]) -> str:
    """`prefix` + one more than the highest number in use with that prefix, zero-padded."""
    pattern = re.compile(re.escape(prefix) + r"([0-9]+)$")
    numbers = [int(m.group(1)) for ident in taken if (m := pattern.match(ident))]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def render(relpath: str, kind: str, pairs: Iterable[tuple[str, Any]]) -> bytes:
    """A new file: the schema line, then the top-level keys in block style."""
    from ruamel.yaml.comments import CommentedMap
    document = CommentedMap((k, v if _is_node(v) else scalar(v)) for k, v in pairs
                            if v not in (None, (), []))
    return (schema_comment(relpath, kind) + dump(yaml_rt(), document)).encode("utf-8")


def _is_node(value: Any) -> bool:
    return hasattr(value, "fa")  # ruamel's Commented* containers


def debtor_file(taken: set[str], name: str, type_: str = "other", status: str = "active",
                condition: str = "good", note: str | None = None, credit_code: str | None = None,
                id_number: str | None = None) -> NewFile:
    ident = next_id("D-", 4, taken)
    path = f"ledger/debtors/{ident}.yaml"
    pairs = [("id", ident), ("name", name), ("credit_code", credit_code), ("id_number", id_number),
             ("type", type_), ("status", status), ("condition", condition), ("note", note)]
    return NewFile(ident, path, render(path, "debtor", pairs))


def existing_debtor(root: Path, name: str, credit_code: str | None = None,
                    id_number: str | None = None) -> None:
    """Refuse a debtor the ledger already has: one debtor, one file (same credit code, same
    ID-card number, or the same name once full-width characters, spaces and suffixes go)."""
    from ..ledger import load
    from ..model.identity import credit_code_problem, id_number_problem, normal_name

    if credit_code and (problem := credit_code_problem(credit_code)):
        raise WriteProblem(f"credit code {credit_code} {problem}")
    if id_number and (problem := id_number_problem(id_number)):
        raise WriteProblem(f"ID-card number {problem}")
    wanted = normal_name(name)
    for ident, debtor in sorted(load(root, cache=False).debtors.items()):
        code = (debtor.credit_code or "").upper()
        person = (debtor.id_number or "").upper()
        same = ("credit code" if credit_code and code == credit_code.upper()
                else "ID-card number" if id_number and person == id_number.upper()
                else "name" if normal_name(debtor.name) == wanted else None)
        if same:
            raise WriteProblem(f"{ident} ({debtor.name}) already has this {same}: one debtor, one "
                               f"file (一户一档); record the new receivable against {ident}")


@dataclass(frozen=True, slots=True)
class ReceivableSpec:
    """What a new receivable needs; `invoice` optionally records its first invoice."""

    debtor: str
    unit: str
    title: str
    responsible: str
    collector: str
    year: int
    kind: str = "other"
    difficulty: str = "normal"
    contract_no: str | None = None
    contract_signed: date | None = None
    contract_amount: str | None = None
    currency: str | None = None
    due_days: int | None = None
    interest_rate: str | None = None
    interest_basis: str = "daily"
    note: str | None = None
    events: tuple[EventInput, ...] = ()


def receivable_file(taken: set[str], spec: ReceivableSpec) -> NewFile:
    ident = next_id(f"AR-{spec.year}-", 4, taken)
    path = f"ledger/{spec.unit}/{spec.year}/{ident}.yaml"
    contract = None
    if spec.contract_no or spec.contract_signed or spec.contract_amount:
        amount = parse_amount(spec.contract_amount) if spec.contract_amount else None
        contract = flow_map([("no", spec.contract_no), ("signed", spec.contract_signed),
                             ("amount", amount)])
    terms = None
    if spec.due_days is not None or spec.interest_rate:
        interest = (flow_map([("rate", spec.interest_rate), ("basis", spec.interest_basis)])
                    if spec.interest_rate else None)
        terms = flow_map([("due_days", spec.due_days), ("interest", interest)])
    events = None
    if spec.events:
        from ruamel.yaml.comments import CommentedSeq
        events = CommentedSeq([build_event(e) for e in spec.events])
    pairs = [("id", ident), ("debtor", spec.debtor), ("unit", spec.unit), ("kind", spec.kind),
             ("title", spec.title), ("contract", contract), ("currency", spec.currency),
             ("responsible", spec.responsible), ("collector", spec.collector),
             ("difficulty", spec.difficulty), ("terms", terms), ("note", spec.note),
             ("events", events)]
    return NewFile(ident, path, render(path, "receivable", pairs))


def case_file(taken: set[str], year: int, debtor: str, receivables: tuple[str, ...], owner: str,
              strategy: str, priority: str = "normal", opened: date | None = None,
              note: str | None = None) -> NewFile:
    ident = next_id(f"C-{year}-", 3, taken)
    path = f"cases/{ident}.yaml"
    stages = None
    if opened is not None:
        from ruamel.yaml.comments import CommentedSeq
        stages = CommentedSeq([flow_map([("date", opened), ("stage", "documents")])])
    pairs = [("id", ident), ("debtor", debtor), ("receivables", flow_seq(receivables)),
             ("owner", owner), ("priority", priority), ("strategy", strategy),
             ("stages", stages), ("note", note)]
    return NewFile(ident, path, render(path, "case", pairs))


def _known_unit(blobs: dict[str, bytes], unit: str) -> None:
    """A receivable's unit names its folder, so it must be an id of policies/units.yaml
    (`--unit ../../x` once wrote outside the ledger)."""
    from ..loader import UNITS, load_file

    data = blobs.get("policies/units.yaml") or blobs.get("policies/units.yml") or b""
    model = load_file("policies/units.yaml", data, UNITS).model
    known = [u.id for u in model.units] if model is not None else []  # type: ignore[attr-defined]
    if unit not in known:
        raise WriteProblem(f"unknown unit `{unit}`; use an id from policies/units.yaml: "
                           f"{', '.join(known) or '(none)'}")


def create(root: Path, make: Any, as_of: date, *args: Any, **kwargs: Any) -> tuple[str, Outcome]:
    """Run one of the *_file builders against the ledger's ids, then validate the result."""
    blobs = snapshot(root)
    if make is receivable_file:
        _known_unit(blobs, args[0].unit)
    new = make(stems(blobs), *args, **kwargs)
    if any(part in ("", ".", "..") for part in new.path.split("/")):
        raise WriteProblem(f"`{new.path}` is not a path inside the ledger")
    if new.path in blobs or os.path.lexists(root / new.path):
        raise WriteProblem(f"{new.path} already exists")
    return new.ident, settle(root, blobs, [Change(new.path, None, new.data)], as_of)
