"""`Ledger`'s run-wide memos: kept per ledger, never shared with a `dataclasses.replace` copy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from conftest import receivable

AS_OF = date(2026, 11, 30)
EVENTS = """\
- {type: invoice, date: 2026-01-10, amount: 1000.00, due: 2026-02-10}
"""


def test_replace_copy_gets_fresh_memos(make_ledger):
    """A copy with other receivables must not read the original's positions or indexes."""
    ledger = make_ledger({"ledger/receivables/AR-1.yaml": receivable(events=EVENTS)})
    rec = ledger.receivables["AR-1"]
    assert ledger.position(rec, AS_OF).outstanding == Decimal("1000.00")
    assert ledger.receivables_of("D-0001") == (rec,)
    bigger = rec.model_copy(update={"events": (*rec.events, *rec.events)})
    copy = replace(ledger, receivables={"AR-1": bigger})
    assert copy._positions is not ledger._positions and copy._memo is not ledger._memo
    assert copy.position(bigger, AS_OF).outstanding == Decimal("2000.00")
    assert copy.receivables_of("D-0001") == (bigger,)
    assert ledger.position(rec, AS_OF).outstanding == Decimal("1000.00")


def test_position_not_kept_leaves_the_memo_alone(make_ledger):
    """`keep=False` (credit holds asking about every invoice date) does not grow the memo."""
    ledger = make_ledger({"ledger/receivables/AR-1.yaml": receivable(events=EVENTS)})
    rec = ledger.receivables["AR-1"]
    assert ledger.position(rec, date(2026, 3, 1), keep=False).overdue == Decimal("1000.00")
    assert ledger._positions == {}
    kept = ledger.position(rec, AS_OF)
    assert ledger.position(rec, AS_OF, keep=False) is kept


def test_an_older_rules_file_stating_fifo_allocation_stays_valid(findings_of):
    """`interest.allocation` was removed (FIFO is the only allocation); `fifo` is still read."""
    from conftest import SCAFFOLD

    rules = (SCAFFOLD / "policies" / "rules.yaml").read_text(encoding="utf-8")
    assert "interest: {default_rate: null}" in rules
    old = rules.replace("interest: {default_rate: null}",
                        "interest: {default_rate: null, allocation: fifo}")
    assert findings_of({"policies/rules.yaml": old}) == []
    other = rules.replace("interest: {default_rate: null}",
                          "interest: {default_rate: null, allocation: costs-interest-principal}")
    assert [f[0] for f in findings_of({"policies/rules.yaml": other})] == ["S007"]
