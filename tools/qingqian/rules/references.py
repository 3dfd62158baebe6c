"""Reference rules (R): every id a file names must exist, and evidence stays in the repo."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from datetime import date

from ..figures.position import bills_of
from ..findings import ERROR, Finding
from ..ledger import Ledger
from ..model.receivable import CreditNote, Payment, Receivable, Reversal, evidence_path
from .registry import LEDGER, finding, rule


def unknown_debtor(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A receivable or case names a debtor that has no file in ledger/debtors/.

    A debtor file that exists but failed to load is reported once, by its own finding;
    the records naming it are not reported again as naming an unknown debtor.
    """
    for kind in (ledger.receivables, ledger.cases):
        for ident, record in kind.items():
            if record.debtor not in ledger.debtors and not _debtor_file_exists(ledger, record.debtor):
                path = ledger.path_of[ident]
                yield finding("R001", ledger.where(path, "debtor"), f"unknown debtor `{record.debtor}`",
                              f"add ledger/debtors/{record.debtor}.yaml or fix the id")


def _debtor_file_exists(ledger: Ledger, debtor: str) -> bool:
    return any(f"ledger/debtors/{debtor}{ext}" in ledger.key_pos for ext in (".yaml", ".yml"))


def _people_named(rec: Receivable) -> Iterator[tuple[str, str, int]]:
    """(person id, field, line) for every person a receivable names."""
    yield rec.responsible, "responsible", 0
    yield rec.collector, "collector", 0
    for event in rec.events:
        fields = event.__dict__  # getattr on a missing pydantic field raises, slowly
        for attr in ("by", "to", "approved_by"):
            value = fields.get(attr)
            if attr == "to" and event.type != "assign":
                continue
            for person in (value if isinstance(value, tuple) else (value,)):
                if person:
                    yield person, attr, event.line
        override = fields.get("override")
        if override:
            yield override.approved_by, "approved_by", event.line
        accountability = fields.get("accountability")
        if accountability and accountability.kind == "personal":
            yield accountability.who, "accountability", event.line
    for record in rec.accountability:
        if record.kind == "personal":
            yield record.who, "accountability", record.line


def unknown_person(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A receivable, case or target names a person who is not in policies/people.yaml."""
    if "people" not in ledger.valid:
        return
    for ident, rec in ledger.receivables.items():
        path = ledger.path_of[ident]
        for person, field, line in _people_named(rec):
            if person not in ledger.people:
                where = ledger.where(path, field, line)
                yield finding("R002", where, f"unknown person `{person}` in `{field}`",
                              "add them to policies/people.yaml or fix the id")
    for ident, case in ledger.cases.items():
        if case.owner not in ledger.people:
            yield finding("R002", ledger.where(ledger.path_of[ident], "owner"),
                          f"unknown person `{case.owner}` in `owner`")
    for year, targets in ledger.targets.items():
        for person, target in targets.people.items():
            if person not in ledger.people:
                yield finding("R002", (ledger.path_of[f"targets:{year}"], target.line, 1),
                              f"target for unknown person `{person}`")


def unknown_unit(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A receivable, person, target or accountability record names a unit not in policies/units.yaml."""
    if "units" not in ledger.valid:
        return
    for ident, rec in ledger.receivables.items():
        if rec.unit not in ledger.units:
            yield finding("R003", ledger.where(ledger.path_of[ident], "unit"), f"unknown unit `{rec.unit}`",
                          "add it to policies/units.yaml or fix the id")
        for record in rec.accountability:
            if record.kind == "unit" and record.who not in ledger.units:
                yield finding("R003", (ledger.path_of[ident], record.line, 1),
                              f"unknown unit `{record.who}` in accountability")
    for person in ledger.people.values():
        if person.unit and person.unit not in ledger.units:
            yield finding("R003", (ledger.people_path, person.line, 1),
                          f"person `{person.id}` belongs to unknown unit `{person.unit}`")
    for year, targets in ledger.targets.items():
        for unit, target in targets.units.items():
            if unit not in ledger.units:
                yield finding("R003", (ledger.path_of[f"targets:{year}"], target.line, 1),
                              f"target for unknown unit `{unit}`")


def receivable_ids(path: str, model: object) -> tuple:
    """R004's facts: the id a receivable file defines."""
    return (model.id,) if isinstance(model, Receivable) else ()


def unknown_receivable(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case or a person's target lists a receivable that has no file."""
    known = {found[0] for found in facts.values()}
    for year, targets in ledger.targets.items():
        for person, target in targets.people.items():
            for ar in target.assigned:
                if ar not in known:
                    yield finding("R004", (ledger.path_of[f"targets:{year}"], target.line, 1),
                                  f"`{person}` is assigned unknown receivable `{ar}`")


def case_receivables(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case covers a receivable of another debtor than the case's own."""
    for ident, case in ledger.cases.items():
        for ar in case.receivables:
            rec = ledger.receivables.get(ar)
            if rec is None:  # R004's half that a group sees whole: the case and what it names
                yield finding("R004", ledger.where(ledger.path_of[ident], "receivables"),
                              f"unknown receivable `{ar}`", "fix the id or add the receivable's file")
            elif rec.debtor != case.debtor:
                yield finding("R005", ledger.where(ledger.path_of[ident], "receivables"),
                              f"receivable `{ar}` belongs to debtor `{rec.debtor}`, "
                              f"not to the case's debtor `{case.debtor}`",
                              "a case pursues one debtor: open another case for the other debtor")


_PATHLIKE = re.compile(r"[/\\]|^~|^\.|^[A-Za-z]:")


def evidence_outside_repo(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An evidence path is absolute or climbs out of the repository (`../../etc/passwd`)."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            for item in map(evidence_path, event.evidence):
                if item and _PATHLIKE.search(item) and _outside(item):
                    yield finding("R006", (ledger.path_of[ident], event.line, 1),
                                  f"evidence `{item}` is outside the repository",
                                  "store evidence in the repository, e.g. docs/<AR-ID>/, "
                                  "and give the path relative to its root")


def _outside(item: str) -> bool:
    text = item.replace("\\", "/")
    if text.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", text) or "://" in text:
        return True
    return posixpath.normpath(text).startswith("..")


def unknown_ref(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """`applies_to` names no invoice of the receivable, or a reversal names no payment."""
    for ident, rec in ledger.receivables.items():
        path = ledger.path_of[ident]
        invoice_refs = {b.ref for b in bills_of(rec, date.max)}
        payment_refs = {e.ref for e in rec.events if isinstance(e, Payment)}
        for event in rec.events:
            target = event.applies_to if isinstance(event, (Payment, CreditNote)) else None
            if target and target not in invoice_refs:
                yield finding("R007", (path, event.line, 1), f"`applies_to: {target}` names no invoice",
                              "use the `ref` of one of this receivable's invoices")
            if isinstance(event, Reversal) and event.ref not in payment_refs:
                yield finding("R007", (path, event.line, 1), f"reversal of `{event.ref}` names no payment",
                              "use the `ref` of the payment being reversed")


RULES = (
    rule("R001", "unknown-debtor", ERROR, unknown_debtor),
    rule("R002", "unknown-person", ERROR, unknown_person),
    rule("R003", "unknown-unit", ERROR, unknown_unit),
    rule("R004", "unknown-receivable", ERROR, unknown_receivable, scope=LEDGER, facts=receivable_ids),
    rule("R005", "case-debtor-mismatch", ERROR, case_receivables),
    rule("R006", "evidence-outside-repo", ERROR, evidence_outside_repo),
    rule("R007", "unknown-ref", ERROR, unknown_ref),
)
