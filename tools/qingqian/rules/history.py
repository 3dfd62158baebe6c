"""History rules (H): found by comparing a commit's ledger with its parent's (see qingqian.history)."""

from __future__ import annotations

from ..findings import ERROR
from .registry import Rule

RULES = (
    Rule("H001", "responsible-changed", ERROR,
         "A receivable's `responsible` (第一责任人) changed; lifetime responsibility never moves.",
         example="responsible: zhang.san → li.si in commit 1a2b3c4"),
    Rule("H002", "closed-period-edit", ERROR,
         "An event dated on or before rules.yaml `closed_through` was added, changed or removed.",
         example="payment of 2026-09-30 added after the books closed through 2026-10-31"),
    Rule("H003", "recorded-amount-changed", ERROR,
         "The amount or date of an already recorded event changed; record a correction instead.",
         example="payment HD-0091: amount 300000.00 → 250000.00"),
    Rule("H004", "record-deleted", ERROR,
         "A receivable or case file was deleted; records are kept for life (账销案存).",
         example="ledger/east/2024/AR-2024-0012.yaml deleted"),
    Rule("H005", "self-approved-writeoff", ERROR,
         "A write-off lists the commit's author among its approvers (four eyes).",
         example="write-off approved_by [qian.fm] committed by qian.fm"),
)
