"""Required documents against documents held (清欠资料档案), per receivable and per case.

Art. 1 asks that a debt handed to the collection office (移交清欠办) go with its file
(contract, settlement, statement, invoices …); art. 3 and art. 4 §13.6 ask that a case
entering litigation hold its evidence bundle (欠条 or acknowledgment, guarantee contract,
the debtor's business licence, proof of demand, power of attorney). The lists are in
rules.yaml `documents`; a record holds what its `documents:` names, plus what its
events prove (`documents.from_events`). A gap *blocks* when the plan says the file
must be there: after a handover, or once the case is in a stage that lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..figures.position import collector_on
from ..ledger import Ledger
from ..model import Case, Receivable
from ..model.documents import Document
from ..model.policy import DocumentsPolicy, Need
from ..model.receivable import Demand, Handover


@dataclass(frozen=True, slots=True)
class Gap:
    """What one receivable or case lacks of its required documents on the as-of date."""

    record: str
    what: str  # receivable | case
    person: str  # the collector (receivable) or the case owner
    debtor: str
    required_for: str  # the receivable kind, `handover`, or the case stage
    missing: tuple[str, ...]  # kinds; alternatives joined by "|"
    held: tuple[str, ...]
    blocking: bool
    path: str
    line: int


def policy(ledger: Ledger) -> DocumentsPolicy:
    return ledger.rules.documents if ledger.rules else DocumentsPolicy()


def _dated(doc: Document, as_of: date) -> bool:
    return doc.date is None or doc.date <= as_of


def held_by_receivable(ledger: Ledger, rec: Receivable, as_of: date) -> set[str]:
    """Kinds of the receivable's documents dated on or before as-of, and of its events with
    evidence that `documents.from_events` maps (a demand counts once delivered)."""
    kinds = {d.kind for d in rec.documents if _dated(d, as_of)}
    proves = policy(ledger).from_events
    for event in rec.events:
        if event.type in proves and event.date <= as_of and event.evidence:
            if not isinstance(event, Demand) or event.delivered is not None:
                kinds.add(proves[event.type])
    return kinds


def held_by_case(ledger: Ledger, case: Case, as_of: date) -> set[str]:
    """A case holds its own documents and those of the receivables it pursues."""
    kinds = {d.kind for d in case_documents(case) if _dated(d, as_of)}
    for ident in case.receivables:
        rec = ledger.receivables.get(ident)
        if rec is not None:
            kinds |= held_by_receivable(ledger, rec, as_of)
    return kinds


def case_documents(case: Case) -> tuple[Document, ...]:
    """The case's documents, with counsel's power of attorney (授权委托书) among them."""
    attorney = case.counsel.power_of_attorney if case.counsel else None
    return case.documents + ((attorney,) if attorney is not None else ())


def missing(needs: tuple[Need, ...], held: set[str], guarantors: bool,
            optional: tuple[str, ...]) -> tuple[str, ...]:
    """The needs not met; a need that lists kinds is met by any one of them."""
    out = []
    for need in needs:
        options = (need,) if isinstance(need, str) else need
        if not guarantors and all(o in optional for o in options):
            continue
        if not any(o in held for o in options):
            out.append("|".join(options))
    return tuple(out)


def handover_of(rec: Receivable, as_of: date) -> Handover | None:
    """The first handover to the collection office on or before as-of, if any."""
    return next((e for e in rec.events if isinstance(e, Handover) and e.date <= as_of), None)


def _has_guarantors(ledger: Ledger, debtor: str) -> bool:
    found = ledger.debtors.get(debtor)
    return found is not None and bool(found.guarantors)


def receivable_gap(ledger: Ledger, rec: Receivable, as_of: date) -> Gap | None:
    """The receivable's missing file (by its kind); blocking once it was handed over."""
    rules = policy(ledger)
    needs = rules.receivable.get(rec.kind, ())
    if not needs:
        return None
    held = held_by_receivable(ledger, rec, as_of)
    lacking = missing(needs, held, _has_guarantors(ledger, rec.debtor), rules.if_guarantors)
    if not lacking:
        return None
    handover = handover_of(rec, as_of)
    return Gap(rec.id, "receivable", collector_on(rec, as_of), rec.debtor,
               "handover" if handover else rec.kind, lacking, tuple(sorted(held)),
               handover is not None, ledger.path_of[rec.id],
               handover.line if handover else rec.line or 1)


def case_gaps(ledger: Ledger, case: Case, as_of: date) -> list[Gap]:
    """For each listed stage the case has entered (and is not closed): what it lacks."""
    rules = policy(ledger)
    entered = [s for s in case.stages if s.date <= as_of]
    if not entered or entered[-1].stage == "closed" or case.outcome is not None:
        return []
    held = held_by_case(ledger, case, as_of)
    guarantors = _has_guarantors(ledger, case.debtor)
    out, seen = [], set()
    for entry in entered:
        needs = rules.stage.get(entry.stage, ())
        lacking = missing(needs, held, guarantors, rules.if_guarantors)
        if lacking and entry.stage not in seen:
            seen.add(entry.stage)
            out.append(Gap(case.id, "case", case.owner, case.debtor, entry.stage, lacking,
                           tuple(sorted(held)), True, ledger.path_of[case.id], entry.line or 1))
    return out


def gaps(ledger: Ledger, as_of: date) -> tuple[Gap, ...]:
    """Every gap: open receivables (a settled one needs no file) and active cases."""
    out: list[Gap] = []
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        pos = ledger.position(rec, as_of)
        if pos.outstanding > 0 and not pos.transferred:
            gap = receivable_gap(ledger, rec, as_of)
            if gap is not None:
                out.append(gap)
    for ident in sorted(ledger.cases):
        out.extend(case_gaps(ledger, ledger.cases[ident], as_of))
    return tuple(sorted(out, key=lambda g: (g.person, not g.blocking, g.record, g.required_for)))
