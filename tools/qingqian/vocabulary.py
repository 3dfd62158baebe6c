"""The ledger's fixed words, defined once: event types and rule families.

Imports nothing, so the command line can offer them as choices without loading the
models; the models check their classes against these tuples when they are imported.
"""

from __future__ import annotations

EVENT_TYPES = ("invoice", "payment", "credit", "visit", "call", "demand", "acknowledgment",
               "promise", "assign", "handover", "writeoff", "transfer", "reversal",
               "deposit-received", "deposit-offset", "deposit-refund", "opening")

# What `qingqian record` appends to a case (a paid installment is a payment on its receivable).
CASE_ENTRIES = ("stage", "hearing", "judgment", "preservation", "cost", "agreement",
                "installment-paid")

# A rule id's first letter names its family: (English, Chinese), in run order.
RULE_FAMILIES: dict[str, tuple[str, str]] = {
    "S": ("structure", "结构"), "R": ("references", "引用"), "L": ("ledger", "账务"),
    "P": ("policy", "制度"), "A": ("alerts", "预警"), "H": ("history", "历史"),
}

# case stages in order (DESIGN §3.3); arbitration stands beside litigation
CASE_STAGES = ("documents", "investigation", "negotiation", "preservation", "litigation",
               "arbitration", "enforcement", "closed")
