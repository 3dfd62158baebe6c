"""Write-offs on facts, not paper (DESIGN §6.7), and the debtor's own word against the books.

A write-off basis must agree with what the ledger itself says on the write-off date:
`overdue-3y` needs every written-off balance three years past due, `small-overdue-1y`
the amount within `writeoff.small_limit` and a year past due, `bankruptcy` and
`deregistration` the debtor's status, `enforcement-terminated` a case whose enforcement
a termination ruling ended, `deceased-or-missing` an individual debtor so marked. The
evidence kinds each basis needs come from `writeoff.evidence`, and every evidence path
must exist in the repository (or match its recorded sha256).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..lifecycle.cases import covering
from ..lifecycle.limitation import add_years
from ..model.receivable import Acknowledgment, Evidence, Receivable, WriteOff
from .evidence import HINT, message, problem
from .registry import finding, rule

STATUS_FOR = {"bankruptcy": "bankrupt", "deregistration": "deregistered"}


def money(amount: Decimal) -> str:
    """An amount as a person reads it in a message: 1,200,000.00."""
    return f"{amount:,.2f}"


def _written_off(ledger: Ledger, rec: Receivable, event: WriteOff) -> list[tuple[Decimal, date]]:
    """(amount, due date) of each balance the write-off settled, from the allocation on its date."""
    pos = ledger.position(rec, event.date)
    return [(s.amount, pos.bills[s.bill].due) for s in pos.settlements if s.event is event]


def _aged(ledger: Ledger, rec: Receivable, event: WriteOff, years: int) -> str | None:
    """The first written-off balance less than `years` past due on the write-off date, described."""
    for amount, due in _written_off(ledger, rec, event):
        if add_years(due, years) > event.date:
            return (f"{money(amount)} of {rec.id} was {(event.date - due).days} days past due "
                    f"on {event.date}")
    return None


def _basis_problem(ledger: Ledger, rec: Receivable, event: WriteOff) -> str | None:
    """What in the ledger contradicts the write-off's basis, or None."""
    assert ledger.rules is not None
    debtor = ledger.debtors.get(rec.debtor)
    basis = event.basis
    if basis == "overdue-3y":
        return _aged(ledger, rec, event, 3)
    if basis == "small-overdue-1y":
        limit = ledger.rules.writeoff.small_limit
        if event.amount > limit:
            return f"{money(event.amount)} is above writeoff.small_limit {money(limit)}"
        return _aged(ledger, rec, event, 1)
    if debtor is None:
        return None  # R001 reports the unknown debtor
    if basis in STATUS_FOR and debtor.status != STATUS_FOR[basis]:
        return f"debtor {debtor.name} ({debtor.id}) has status `{debtor.status}`, not `{STATUS_FOR[basis]}`"
    if basis == "deceased-or-missing" and (debtor.type != "individual" or debtor.status != "missing"):
        return (f"debtor {debtor.name} ({debtor.id}) is `{debtor.type}` with status `{debtor.status}`, "
                f"not an individual marked `missing`")
    if basis == "enforcement-terminated" and not _terminated(ledger, rec.id, event.date):
        return f"no case on {rec.id} has an enforcement stage ended by a termination ruling by {event.date}"
    return None


def _terminated(ledger: Ledger, ident: str, day: date) -> bool:
    cases = ledger.memo("covering", lambda: covering(ledger)).get(ident, ())
    return any(e.stage == "enforcement" and e.terminated is not None and e.terminated <= day
               for case in cases for e in case.stages)


def writeoff_basis_facts(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off's basis is contradicted by the ledger's own facts on the write-off date (DESIGN §6.7)."""
    if ledger.rules is None:
        return
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, WriteOff) and event.date <= as_of and event.amount > 0:
                problem = _basis_problem(ledger, rec, event)
                if problem:
                    yield finding("P014", (ledger.path_of[ident], event.line, 1),
                                  f"{event.basis}: {problem} (核销依据与账面事实不符)",
                                  "write off on the basis the facts support, or record the facts first")


def writeoff_evidence_kinds(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off lacks an evidence kind that `writeoff.evidence` requires for its basis."""
    if ledger.rules is None:
        return
    needs = ledger.rules.writeoff.evidence
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if not isinstance(event, WriteOff) or event.date > as_of or event.basis not in needs:
                continue
            held = {item.kind for item in event.evidence if isinstance(item, Evidence)}
            missing = [kind for kind in needs[event.basis] if kind not in held]
            if missing:
                yield finding("P015", (ledger.path_of[ident], event.line, 1),
                              f"{event.basis} write-off lacks evidence of kind {', '.join(missing)} "
                              f"(缺少核销证据)",
                              "list it as `{kind: ..., path: ...}` under `evidence:`")


def evidence_facts(path: str, model: Any) -> tuple:
    """(line, evidence path or "", sha256 or "") of every write-off evidence item."""
    if not isinstance(model, Receivable):
        return ()
    out = []
    for event in model.events:
        if isinstance(event, WriteOff):
            for item in event.evidence:
                if isinstance(item, str):
                    out.append((event.line, item, ""))
                else:
                    out.append((event.line, item.path or "", item.sha256 or ""))
    return tuple(out)


def evidence_missing(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off's evidence path does not exist in the repository, or its file does not match its sha256."""
    for path in sorted(facts):
        for line, target, digest in facts[path]:
            found = problem(ledger.root, ledger.tree, target, digest)
            if found:
                yield finding("P016", (path, line, 1), message(found), HINT)


def acknowledgment_differs(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A signed acknowledgment's amount differs from the books on its date by more than acknowledgment_tolerance."""
    if ledger.rules is None:
        return
    tolerance = ledger.rules.acknowledgment_tolerance
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if not isinstance(event, Acknowledgment) or event.amount is None or event.date > as_of:
                continue
            pos = ledger.position(rec, event.date)
            books = pos.outstanding + pos.off_book
            if abs(event.amount - books) > tolerance:
                yield finding("P017", (ledger.path_of[ident], event.line, 1),
                              f"acknowledged {money(event.amount)} on {event.date}, the books say "
                              f"{money(books)} (difference {money(event.amount - books)}; "
                              f"对账确认金额与账面不符)",
                              "reconcile with the debtor before relying on the acknowledgment in court")


RULES = (
    rule("P014", "writeoff-basis-facts", ERROR, writeoff_basis_facts),
    rule("P015", "writeoff-evidence-kinds", ERROR, writeoff_evidence_kinds),
    rule("P016", "evidence-missing", ERROR, evidence_missing, scope="ledger", facts=evidence_facts),
    rule("P017", "acknowledgment-differs", WARNING, acknowledgment_differs),
)
