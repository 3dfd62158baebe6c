"""Rules from the four work plans (P030–P049, A020–A029): disputes, documents, cases, leases.

Each reads its list or number from policies/rules.yaml; a ledger without the key
keeps the defaults the models state, so it stays valid.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from datetime import date

from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..lifecycle.documents import case_documents, case_gaps, receivable_gap
from ..lifecycle.leases import deposit, meter_charges, meter_invoice
from ..model.case import SUIT_STAGES
from ..model.documents import Document
from ..model.receivable import DepositOffset, DepositReceived, DepositRefund, Handover, Invoice
from ..money import ZERO
from .registry import finding, rule


def dispute_kind(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A dispute's `kind` is not one of rules.yaml `disputes.kinds` (质量问题 and the like)."""
    if ledger.rules is None:
        return
    kinds = ledger.rules.disputes.kinds
    for ident, rec in ledger.receivables.items():
        for item in rec.disputes:
            if item.kind not in kinds:
                yield finding("P030", (ledger.path_of[ident], item.line or 1, 1),
                              f"dispute of {item.date} has kind `{item.kind}`, not a listed kind",
                              f"use one of: {', '.join(kinds)} (rules.yaml disputes.kinds)")


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _documents(ledger: Ledger) -> Iterator[tuple[str, Document]]:
    for ident, rec in ledger.receivables.items():
        for doc in rec.documents:
            yield ledger.path_of[ident], doc
    for ident, case in ledger.cases.items():
        for doc in case_documents(case):
            yield ledger.path_of[ident], doc


def document_incomplete(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A document names neither a file in the repository nor a paper original (sha256 + held)."""
    for path, doc in _documents(ledger):
        problem = _document_problem(doc)
        if problem:
            yield finding("P031", (path, doc.line or 1, 1), f"document `{doc.kind}`: {problem}",
                          "give `path:` (a file under the evidence folder) or, for a paper "
                          "original, `sha256:` of its scan and `held:` (where it is kept)")


def _document_problem(doc: Document) -> str:
    if doc.path is not None:
        text = doc.path.replace("\\", "/")
        if text.startswith(("/", "~")) or "://" in text or re.match(r"^[A-Za-z]:", text) \
                or posixpath.normpath(text).startswith(".."):
            return f"path `{doc.path}` is outside the repository"
        return ""
    if doc.sha256 is None or doc.held is None:
        return "no `path`, and not both `sha256` and `held`"
    if not _SHA256.match(doc.sha256):
        return f"`sha256: {doc.sha256}` is not 64 lowercase hex digits"
    return ""


def document_folder(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A document file lies outside the evidence folder (rules.yaml `documents.folder`)."""
    if ledger.rules is None:
        return
    folder = ledger.rules.documents.folder.rstrip("/") + "/"
    for path, doc in _documents(ledger):
        if doc.path is not None and not _document_problem(doc) \
                and not posixpath.normpath(doc.path).startswith(folder):
            yield finding("P032", (path, doc.line or 1, 1),
                          f"document `{doc.path}` is not under `{folder}`",
                          f"keep evidence files together under {folder}<record id>/")


def document_kind(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A document's `kind` is not one of rules.yaml `documents.kinds` (when that list is set)."""
    if ledger.rules is None or not ledger.rules.documents.kinds:
        return
    kinds = ledger.rules.documents.kinds
    for path, doc in _documents(ledger):
        if doc.kind not in kinds:
            yield finding("P033", (path, doc.line or 1, 1), f"document kind `{doc.kind}` is not listed",
                          f"use one of: {', '.join(kinds)} (rules.yaml documents.kinds)")


def handover_without_file(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A receivable handed to the collection office (移交清欠办) lacks documents of its file."""
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        if ledger.position(rec, as_of).outstanding <= 0:
            continue
        gap = receivable_gap(ledger, rec, as_of)
        if gap is not None and gap.blocking:
            yield finding("P034", (gap.path, gap.line, 1),
                          f"{ident} was handed over without: {', '.join(gap.missing)}",
                          "art. 1: 移交时必须附清欠资料档案; add them to `documents:` "
                          "(a|b: either will do)")


def handover_unknown_office(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A handover names a `to` that is no unit in policies/units.yaml (the collection office)."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, Handover) and event.to not in ledger.units:
                yield finding("P040", (ledger.path_of[ident], event.line, 1),
                              f"handover to `{event.to}`, which is no unit",
                              "add the collection office (清欠办) to policies/units.yaml and "
                              "name its id in `to:`")


def stage_without_evidence(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case is in a stage (litigation, arbitration …) without the evidence bundle it lists."""
    for ident in sorted(ledger.cases):
        for gap in case_gaps(ledger, ledger.cases[ident], as_of):
            yield finding("P035", (gap.path, gap.line, 1),
                          f"{ident} entered {gap.required_for} without: {', '.join(gap.missing)}",
                          "add them to the case's `documents:` (or the receivables'); "
                          "rules.yaml documents.stage lists what each stage needs")


def metered_invoice(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A metered invoice (ref `meter-YYYY-MM`) differs from that month's readings × tariff."""
    for ident, rec in ledger.receivables.items():
        if not rec.meters:
            continue
        for event in rec.events:
            if not isinstance(event, Invoice) or not (event.ref or "").startswith("meter-"):
                continue
            month = (event.ref or "")[len("meter-"):]
            expected = meter_invoice(meter_charges(ledger, rec, month))
            if expected is None or expected[0] != event.amount:
                want = "no readings or no tariff" if expected is None else str(expected[0])
                yield finding("P036", (ledger.path_of[ident], event.line, 1),
                              f"invoice {event.ref} of {event.amount}: the readings × tariff "
                              f"give {want}",
                              "rebuild it with `qingqian meter <AR-ID> --month <YYYY-MM>`; "
                              "tariffs are in rules.yaml utilities.tariffs")


def deposit_overdrawn(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """More deposit (押金) was offset or refunded than was received."""
    for ident, rec in ledger.receivables.items():
        held = ZERO
        moves = [e for e in rec.events if isinstance(e, _DEPOSIT) and e.date <= as_of]
        for event in sorted(moves, key=lambda e: e.date):
            held += _DEPOSIT_SIGN[event.type] * event.amount
            if held < 0:
                yield finding("P037", (ledger.path_of[ident], event.line, 1),
                              f"{event.type} of {event.amount} on {event.date} leaves the "
                              f"deposit at {held}",
                              "offset or refund only what was received (`deposit-received`)")
                break


_DEPOSIT_SIGN = {"deposit-received": 1, "deposit-offset": -1, "deposit-refund": -1}
_DEPOSIT = (DepositReceived, DepositOffset, DepositRefund)


def deposit_unsettled(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A tenant moved out more than leases.settle_days ago and the deposit is still held."""
    if ledger.rules is None:
        return
    days = ledger.rules.leases.settle_days
    for ident, rec in ledger.receivables.items():
        lease = rec.lease
        if lease is None or lease.move_out is None or (as_of - lease.move_out).days <= days:
            continue
        held = deposit(rec, as_of).held
        if held > 0:
            yield finding("A020", ledger.where(ledger.path_of[ident], "lease"),
                          f"{ident}: moved out on {lease.move_out}, deposit {held} still held",
                          "settle it (`qingqian leases --settle " + ident + "`): offset it "
                          "against arrears (`deposit-offset`) and refund the rest")


def preservation_before_suit(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An in-suit preservation (`preservations:`) is dated before the case went to court or arbitration.

    A preservation before the suit is the `preservation` stage (the 30-day rule)."""
    for ident, case in ledger.cases.items():
        filed = min((s.date for s in case.stages if s.stage in SUIT_STAGES), default=None)
        for item in case.preservations:
            if filed is None or item.date < filed:
                when = f"before the suit of {filed}" if filed else "but no suit or arbitration is recorded"
                yield finding("P038", (ledger.path_of[ident], item.line or 1, 1),
                              f"in-suit preservation of {item.date} is dated {when}",
                              "record a pre-suit preservation as a `preservation` stage (suit "
                              "within 30 days), or add the `litigation`/`arbitration` stage")


def asset_kind(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An asset found by the investigation has a `kind` not in rules.yaml `cases.asset_kinds`."""
    if ledger.rules is None:
        return
    kinds = ledger.rules.cases.asset_kinds
    for ident, case in ledger.cases.items():
        for item in case.assets:
            if item.kind not in kinds:
                yield finding("P039", (ledger.path_of[ident], item.line or 1, 1),
                              f"asset `{item.description}` has kind `{item.kind}`, not a listed kind",
                              f"use one of: {', '.join(kinds)} (rules.yaml cases.asset_kinds)")


POLICY_RULES = (
    rule("P030", "dispute-kind", WARNING, dispute_kind),
    rule("P031", "document-incomplete", ERROR, document_incomplete),
    rule("P032", "document-folder", WARNING, document_folder),
    rule("P033", "document-kind", WARNING, document_kind),
    rule("P034", "handover-without-file", ERROR, handover_without_file),
    rule("P035", "stage-without-evidence", ERROR, stage_without_evidence),
    rule("P036", "metered-invoice", ERROR, metered_invoice),
    rule("P037", "deposit-overdrawn", ERROR, deposit_overdrawn),
    rule("P038", "preservation-before-suit", ERROR, preservation_before_suit),
    rule("P039", "asset-kind", WARNING, asset_kind),
    rule("P040", "handover-unknown-office", ERROR, handover_unknown_office),
)
ALERT_RULES = (
    rule("A020", "deposit-unsettled", WARNING, deposit_unsettled),
)
