"""What a claim stands on: disputes, confirmation of its amount, and intercompany debtors.

Disputes (争议, art. 4 §13: 质量问题 and the like) open on a receivable on a date.
A dispute is a reason the debtor gives for not paying; the plans ask that it be
resolved (技术中心、客户服务部) and that the books show which debt it holds up. The
aging and the key-debts list show the disputed amount beside the outstanding.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..figures.position import Position
from ..ledger import Ledger
from ..model import Receivable
from ..model.receivable import Dispute
from ..money import ZERO


def open_disputes(rec: Receivable, as_of: date) -> tuple[Dispute, ...]:
    """Disputes raised on or before `as_of` and not resolved by then."""
    return tuple(d for d in rec.disputes
                 if d.date <= as_of and (d.resolved is None or d.resolved > as_of))


def disputed(rec: Receivable, pos: Position, as_of: date) -> Decimal:
    """The amount held up by open disputes: their amounts (a dispute without one holds the
    whole claim), never more than the on-book outstanding."""
    found = open_disputes(rec, as_of)
    if not found or pos.transferred:
        return ZERO
    owed = max(pos.outstanding, ZERO)
    if any(d.amount is None for d in found):
        return owed
    return min(sum((d.amount for d in found if d.amount is not None), ZERO), owed)


def confirmed(ledger: Ledger, rec: Receivable, as_of: date) -> bool:
    """Whether the claim's amount is confirmed: an acknowledgment (or another event type
    rules.yaml `returns.confirming_events` lists) or a document of a kind it lists
    (`returns.confirming_documents`, e.g. a signed statement 对账单) on or before as-of."""
    policy = ledger.rules.returns if ledger.rules else None
    events = policy.confirming_events if policy else ("acknowledgment",)
    kinds = policy.confirming_documents if policy else ()
    if any(e.type in events and e.date <= as_of for e in rec.events):
        return True
    return any(d.kind in kinds and (d.date is None or d.date <= as_of)
               for d in getattr(rec, "documents", ()))


def is_internal(ledger: Ledger, rec: Receivable) -> bool:
    debtor = ledger.debtors.get(rec.debtor)
    return debtor is not None and debtor.internal
