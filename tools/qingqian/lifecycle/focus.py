"""Key debts (重点清欠对象): receivables that meet the rules.yaml `focus` criteria, ranked.

Criteria: the oldest open overdue bill is more than `overdue_days` past due;
outstanding at least `amount`; the debtor's type or status is listed; with
`unconfirmed: true`, a claim whose amount nobody confirmed (底数不清, art. 1 §四). Rank by the
number of criteria met, then outstanding, then id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from .claims import confirmed, disputed

CRITERIA = ("overdue", "amount", "debtor-type", "debtor-status", "unconfirmed")


@dataclass(frozen=True, slots=True)
class FocusRow:
    rank: int
    receivable: str
    debtor: str
    name: str
    currency: str
    outstanding: Decimal
    overdue_days: int  # of the oldest open overdue bill; 0 when nothing is overdue
    criteria: tuple[str, ...]
    disputed: Decimal = Decimal("0.00")  # held up by open disputes (质量问题 …)
    unconfirmed: bool = False  # 底数不清: no statement or acknowledgment on file


def focus(ledger: Ledger, as_of: date) -> tuple[FocusRow, ...]:
    """Receivables with outstanding meeting at least one criterion, ranked."""
    assert ledger.rules is not None
    policy = ledger.rules.focus
    found = []
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        pos = ledger.position(rec, as_of)
        if pos.transferred or pos.outstanding <= 0:
            continue
        days = max((pos.days_past_due(i) for i, b in enumerate(pos.open) if b > 0), default=0)
        days = max(days, 0)
        debtor = ledger.debtors.get(rec.debtor)
        unsure = not confirmed(ledger, rec, as_of)
        met = {
            "overdue": days > policy.overdue_days,
            "amount": pos.outstanding >= policy.amount,
            "debtor-type": debtor is not None and debtor.type in policy.debtor_types,
            "debtor-status": debtor is not None and debtor.status in policy.debtor_status,
            "unconfirmed": policy.unconfirmed and unsure,
        }
        criteria = tuple(c for c in CRITERIA if met[c])
        if criteria:
            found.append((rec, debtor, pos.outstanding, days, criteria,
                          disputed(rec, pos, as_of), unsure))
    found.sort(key=lambda f: (-len(f[4]), -f[2], f[0].id))
    return tuple(FocusRow(n, rec.id, rec.debtor, debtor.name if debtor else rec.debtor,
                          ledger.currency(rec), owed, days, criteria, held, unsure)
                 for n, (rec, debtor, owed, days, criteria, held, unsure)
                 in enumerate(found, start=1))
