"""Money that cannot be counted twice (不重不漏): one receipt, one use; every amount positive.

One bank receipt is identified by its payment method and reference. Booked on two
payment events anywhere in the ledger it would count twice in a unit's month, unless
the events declare themselves parts of one receipt (`receipt: {ref, total}`), whose
parts must add up to the total. These are `ledger` rules (DESIGN §4, rule scope): a
receipt may be split over two debtors' receivables.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..findings import ERROR, Finding
from ..ledger import Ledger
from ..model.receivable import Payment, Receivable
from .registry import finding, rule

MONEY_TYPES = ("invoice", "payment", "credit", "writeoff", "opening")


def payment_facts(path: str, model: Any) -> tuple:
    """(method, receipt ref, line, amount, declared total or "", date) of each payment."""
    if not isinstance(model, Receivable):
        return ()
    out = []
    for event in model.events:
        if isinstance(event, Payment) and (event.ref or event.receipt):
            ref = event.receipt.ref if event.receipt else event.ref
            total = str(event.receipt.total) if event.receipt else ""
            out.append((event.method, ref, event.line, str(event.amount), total,
                        event.date.isoformat()))
    return tuple(out)


def _by_receipt(facts: Mapping[str, tuple], ledger: Ledger) -> dict[tuple[str, str], list[tuple]]:
    """Every payment event by (method, receipt ref), in path and line order; built once per
    run for L009 and L010 (the facts of 100,000 files are one mapping for both)."""
    def build() -> dict[tuple[str, str], list[tuple]]:
        index: dict[tuple[str, str], list[tuple]] = {}
        for path in sorted(facts):
            for method, ref, line, amount, total, day in facts[path]:
                index.setdefault((method, ref), []).append((path, line, amount, total, day))
        return index
    # the memo holds `facts` too, so its id cannot be another mapping's while it is kept
    return ledger.memo(("receipts", id(facts)), lambda: (facts, build()))[1]  # type: ignore[no-any-return]


def receipt_used_twice(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """One receipt (payment method and `ref`) is booked on two payment events without declaring a split."""
    for (method, ref), uses in _by_receipt(facts, ledger).items():
        if len(uses) < 2 or all(use[3] for use in uses):
            continue  # a declared split: L010 checks its parts
        first = uses[0]
        for path, line, amount, _total, _day in uses[1:]:
            yield finding("L009", (path, line, 1),
                          f"receipt {method} `{ref}` ({amount}) is already booked at {first[0]}:{first[1]} "
                          f"(同一笔回款重复入账)",
                          "book a receipt once; if it really pays several receivables, give each part "
                          "`receipt: {ref: ..., total: ...}`")


def receipt_split_mismatch(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """The parts of a split receipt (`receipt: {ref, total}`) do not add up to its total, or disagree on it."""
    for (method, ref), uses in _by_receipt(facts, ledger).items():
        declared = [u for u in uses if u[3]]
        if not declared:
            continue
        totals = sorted({Decimal(u[3]) for u in declared})
        parts = sum((Decimal(u[2]) for u in uses), Decimal("0.00"))
        path, line = declared[0][0], declared[0][1]
        if len(totals) > 1:
            yield finding("L010", (path, line, 1),
                          f"receipt {method} `{ref}` is declared with totals "
                          f"{', '.join(map(str, totals))}", "give every part the receipt's one total")
        elif parts != totals[0]:
            where = ", ".join(f"{u[0]}:{u[1]} {u[2]}" for u in uses)
            yield finding("L010", (path, line, 1),
                          f"receipt {method} `{ref}` of {totals[0]} is booked as parts adding up to "
                          f"{parts} ({where})", "the parts of one receipt add up to its total")


def non_positive_amount(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A money event (invoice, payment, credit, write-off) or a schedule charge of zero, or a negative opening."""
    for ident, rec in ledger.receivables.items():
        path = ledger.path_of[ident]
        for event in rec.events:
            amount = event.__dict__.get("amount")
            # an opening of 0.00 states the invoice was settled in full before the ledger
            if event.type in MONEY_TYPES and amount is not None \
                    and (amount < 0 if event.type == "opening" else amount <= 0):
                yield finding("L011", (path, event.line, 1),
                              f"{event.type} of {amount} on {event.date}: an amount must be above zero "
                              f"(金额须大于零)", "remove the event, or record the real amount")
        for item in rec.schedule:
            if item.amount <= 0:
                yield finding("L011", (path, item.line, 1),
                              f"schedule `{item.item}` charges {item.amount}: an amount must be above zero",
                              "remove the schedule, or give the real amount")


RULES = (
    rule("L009", "receipt-used-twice", ERROR, receipt_used_twice, scope="ledger", facts=payment_facts),
    rule("L010", "receipt-split-mismatch", ERROR, receipt_split_mismatch, scope="ledger",
         facts=payment_facts),
    rule("L011", "non-positive-amount", ERROR, non_positive_amount),
)
