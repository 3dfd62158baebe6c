"""Policy rules (P): write-off approvals, four eyes, credit hold, departed staff, case stages.

Every threshold comes from policies/rules.yaml and every role from
policies/people.yaml; a rule only compares the ledger with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from ..figures.position import collector_on
from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..lifecycle.cases import STRATEGY_FOR, claim, opened, tiered_cap
from ..lifecycle.holds import invoice_holds
from ..model.case import STAGES
from ..model.receivable import CreditNote, Invoice, Payment, Receivable, WriteOff
from ..money import ZERO, cents
from .registry import finding, rule


def _writeoffs(ledger: Ledger, as_of: date) -> Iterator[tuple[str, Receivable, WriteOff]]:
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, WriteOff) and event.date <= as_of:
                yield ledger.path_of[ident], rec, event


def payment_without_ref(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A payment has no `ref` (bank receipt, voucher or note number) to trace it by."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, Payment) and not event.ref:
                yield finding("P001", (ledger.path_of[ident], event.line, 1),
                              f"payment of {event.amount} on {event.date} has no `ref`",
                              "add the bank receipt or voucher number as `ref:`")


def writeoff_basis(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off's `basis` is not one of the bases rules.yaml allows (writeoff.bases)."""
    if ledger.rules is None:
        return
    allowed = ledger.rules.writeoff.bases
    for path, _rec, event in _writeoffs(ledger, as_of):
        if event.basis not in allowed:
            yield finding("P002", (path, event.line, 1), f"write-off basis `{event.basis}` is not allowed",
                          f"use one of: {', '.join(allowed)}")


def writeoff_evidence(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off carries fewer evidence items than writeoff.min_evidence."""
    if ledger.rules is None:
        return
    need = ledger.rules.writeoff.min_evidence
    for path, _rec, event in _writeoffs(ledger, as_of):
        if len(event.evidence) < need:
            yield finding("P003", (path, event.line, 1),
                          f"write-off of {event.amount} has {len(event.evidence)} evidence item(s), "
                          f"{need} required",
                          "list the court ruling, deregistration record or collection file under `evidence:`")


def _approval_roles(ledger: Ledger, amount: Decimal) -> tuple[str, ...]:
    """The roles the approvals matrix asks for an amount (inclusive upper bounds)."""
    assert ledger.rules is not None
    for row in ledger.rules.writeoff.approvals:
        if row.to is None or amount <= row.to:
            return row.roles
    return ledger.rules.writeoff.approvals[-1].roles


def writeoff_approvals(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off's approvers do not hold every role the approvals matrix asks for its amount."""
    if ledger.rules is None:
        return
    for path, _rec, event in _writeoffs(ledger, as_of):
        held = {role for who in event.approved_by if who in ledger.people
                for role in ledger.people[who].roles}
        missing = [role for role in _approval_roles(ledger, event.amount) if role not in held]
        if missing:
            yield finding("P004", (path, event.line, 1),
                          f"write-off of {event.amount} lacks approval by {', '.join(missing)}",
                          "add an approver holding each missing role to `approved_by:`")


def four_eyes(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off or credit is approved by the receivable's responsible person or its collector."""
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if not isinstance(event, (WriteOff, CreditNote)) or event.date > as_of:
                continue
            own = {rec.responsible: "responsible person", collector_on(rec, event.date): "collector"}
            for who in event.approved_by:
                if who in own:
                    yield finding("P005", (ledger.path_of[ident], event.line, 1),
                                  f"{event.type} on {event.date} is approved by `{who}`, "
                                  f"the receivable's {own[who]}",
                                  "approval needs someone other than the responsible person "
                                  "and the collector")


def writeoff_accountability(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A write-off above writeoff.accountability_over has no `accountability` finding."""
    if ledger.rules is None:
        return
    limit = ledger.rules.writeoff.accountability_over
    for path, _rec, event in _writeoffs(ledger, as_of):
        if event.amount > limit and event.accountability is None:
            yield finding("P006", (path, event.line, 1),
                          f"write-off of {event.amount} is above {limit} without an accountability finding",
                          "record `accountability: {kind: personal|unit, who: ..., action: ...}`")


def credit_hold_invoice(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """An invoice dated while its debtor was on credit hold has no approved `override`."""
    if ledger.rules is None:
        return
    opened_on = ledger.rules.opened  # earlier invoices are history (DESIGN §6.4)
    asked, found = [], {}
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if isinstance(event, Invoice) and event.date <= as_of and not event.override \
                    and (opened_on is None or event.date >= opened_on):
                asked.append((ident, event.date, event.line))
                found[(ident, event.line)] = (rec, event)
    for ident, line, holds in invoice_holds(ledger, asked):
        if holds:
            rec, event = found[(ident, line)]
            yield finding("P007", (ledger.path_of[ident], event.line, 1),
                          f"invoice of {event.amount} on {event.date} while `{rec.debtor}` was on "
                          f"credit hold: {holds[0].reason()}",
                          "stop supply, or record `override: {approved_by: ..., reason: ...}`")


def override_approver(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A credit-hold override is approved by someone without a credit_hold.approvers role, or by the collector or responsible person."""
    if ledger.rules is None:
        return
    roles = ledger.rules.credit_hold.approvers
    for ident, rec in ledger.receivables.items():
        for event in rec.events:
            if not isinstance(event, Invoice) or event.override is None or event.date > as_of:
                continue
            problem = _approver_problem(ledger, rec, event.override.approved_by, event.date, roles)
            if problem:
                yield finding("P020", (ledger.path_of[ident], event.line, 1),
                              f"credit-hold override of {event.amount} on {event.date}: {problem} "
                              f"(停供解除审批人不合规)",
                              f"an approver holds one of: {', '.join(roles)}, and is neither "
                              f"the collector nor the responsible person")


def _approver_problem(ledger: Ledger, rec: Receivable, who: str, day: date,
                      roles: tuple[str, ...]) -> str | None:
    if who == rec.responsible:
        return f"`{who}` is the receivable's responsible person"
    if who == collector_on(rec, day):
        return f"`{who}` is the receivable's collector"
    person = ledger.people.get(who)
    if person is None:
        return None  # R002 reports the unknown person
    if person.status == "departed" and person.departed is not None and person.departed <= day:
        return f"{person.name} (`{who}`) left on {person.departed}"
    if not set(person.roles) & set(roles):
        return f"{person.name} (`{who}`) holds none of the roles {', '.join(roles)}"
    return None


def departed_case_owner(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A person who has left still owns a case that is not closed (from the day after leaving)."""
    gone = {who: day for who, day in _departed(ledger, as_of).items() if day < as_of}
    for ident, case in ledger.cases.items():
        if case.owner not in gone or case.outcome is not None:
            continue
        if any(e.stage == "closed" and e.date <= as_of for e in case.stages):
            continue
        person = ledger.people[case.owner]
        yield finding("P021", ledger.where(ledger.path_of[ident], "owner"),
                      f"case owner {person.name} (`{case.owner}`) left on {gone[case.owner]}; "
                      f"the case is still open (离职人员仍为案件负责人)",
                      "hand the case to someone else: change `owner:`")


def _departed(ledger: Ledger, as_of: date) -> dict[str, date]:
    return {p.id: p.departed for p in ledger.people.values()
            if p.status == "departed" and p.departed is not None and p.departed <= as_of}


def departed_collector(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A person who has left is still the collector of an open receivable."""
    gone = _departed(ledger, as_of)
    for ident, rec in ledger.receivables.items():
        who = collector_on(rec, as_of)
        pos = ledger.position(rec, as_of)
        if who in gone and pos.outstanding > 0 and not pos.transferred:
            assigns = [e for e in rec.events if e.type == "assign" and e.date <= as_of]
            where = ((ledger.path_of[ident], assigns[-1].line, 1) if assigns
                     else ledger.where(ledger.path_of[ident], "collector"))
            yield finding("P008", where, f"collector `{who}` left on {gone[who]}; "
                          f"{pos.outstanding} is still outstanding",
                          "hand the receivable over with an `assign` event")


def departed_responsible(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A departed responsible person's receivable is seriously overdue and has no accountability record."""
    if ledger.rules is None:
        return
    gone = _departed(ledger, as_of)
    days = ledger.rules.focus.overdue_days
    for ident, rec in ledger.receivables.items():
        if rec.responsible not in gone or rec.accountability:
            continue
        pos = ledger.position(rec, as_of)
        late = [i for i, b in enumerate(pos.open) if b > 0 and pos.days_past_due(i) > days]
        if late and not pos.transferred:
            yield finding("P009", ledger.where(ledger.path_of[ident], "responsible"),
                          f"responsible person `{rec.responsible}` left on {gone[rec.responsible]} and "
                          f"a bill is {pos.days_past_due(late[0])} days past due",
                          "record the lifetime-responsibility finding under `accountability:`")


def stage_backwards(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case's stages move backwards, or an entry follows `closed` (cases move forward only)."""
    for ident, case in ledger.cases.items():
        previous = None
        for entry in case.stages:
            if previous is not None and (previous.stage == "closed"
                                         or STAGES.index(entry.stage) < STAGES.index(previous.stage)):
                yield finding("P010", (ledger.path_of[ident], entry.line, 1),
                              f"stage `{entry.stage}` on {entry.date} follows `{previous.stage}`",
                              "cases move forward only; open a new case to start again")
            previous = entry


def case_closed_outstanding(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case is closed while its receivables still have on-book outstanding not written off."""
    for ident, case in ledger.cases.items():
        closed = [e for e in case.stages if e.stage == "closed" and e.date <= as_of]
        if not closed:
            continue
        owed = {ar: ledger.position(ledger.receivables[ar], as_of).outstanding
                for ar in case.receivables if ar in ledger.receivables}
        left = {ar: amount for ar, amount in owed.items() if amount > 0}
        if left:
            listed = ", ".join(f"{ar} {amount}" for ar, amount in sorted(left.items()))
            yield finding("P011", (ledger.path_of[ident], closed[0].line, 1),
                          f"case closed on {closed[0].date} with outstanding {listed}",
                          "collect or write off the balance before closing")


def strategy_condition(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A case's strategy does not fit the debtor's condition and `strategy_reason` says not why."""
    for ident, case in ledger.cases.items():
        debtor = ledger.debtors.get(case.debtor)
        if debtor is None or case.strategy_reason:
            continue
        expected = STRATEGY_FOR[debtor.condition]
        if case.strategy != expected:
            yield finding("P012", ledger.where(ledger.path_of[ident], "strategy"),
                          f"strategy `{case.strategy}` for a debtor whose condition is "
                          f"`{debtor.condition}` (policy: {expected})",
                          "follow the policy, or say why under `strategy_reason:`")


def counsel_fee_cap(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A contingency (or mixed) counsel fee on the claim exceeds the tiered cap in counsel_caps."""
    if ledger.rules is None or not ledger.rules.counsel_caps:
        return
    for ident, case in ledger.cases.items():
        fee = case.counsel.fee if case.counsel else None
        if fee is None or fee.type == "fixed":
            continue
        rate = (fee.rate or ZERO) if fee.type == "contingency" else \
            (fee.upfront_rate or ZERO) + (fee.success_rate or ZERO)
        start = min(opened(case) or as_of, as_of)
        amount = claim(ledger, case.receivables, start)
        cap = tiered_cap(amount, ledger.rules.counsel_caps)
        if cents(rate * amount) > cap:
            yield finding("P013", ledger.where(ledger.path_of[ident], "counsel"),
                          f"{fee.type} fee at {rate} of the claim {amount} is "
                          f"{cents(rate * amount)}, above the cap {cap}",
                          "agree a lower rate within the lawyer-fee caps")


RULES = (
    rule("P001", "payment-without-ref", ERROR, payment_without_ref),
    rule("P002", "writeoff-basis", ERROR, writeoff_basis),
    rule("P003", "writeoff-evidence", ERROR, writeoff_evidence),
    rule("P004", "writeoff-approvals", ERROR, writeoff_approvals),
    rule("P005", "four-eyes", ERROR, four_eyes),
    rule("P006", "writeoff-accountability", ERROR, writeoff_accountability),
    rule("P007", "credit-hold-invoice", ERROR, credit_hold_invoice),
    rule("P008", "departed-collector", ERROR, departed_collector),
    rule("P009", "departed-responsible", ERROR, departed_responsible),
    rule("P010", "stage-backwards", ERROR, stage_backwards),
    rule("P011", "case-closed-outstanding", ERROR, case_closed_outstanding),
    rule("P012", "strategy-condition", WARNING, strategy_condition),
    rule("P013", "counsel-fee-cap", WARNING, counsel_fee_cap),
    rule("P020", "override-approver", ERROR, override_approver),
    rule("P021", "departed-case-owner", ERROR, departed_case_owner),
)
