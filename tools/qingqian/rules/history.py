"""History rules (H): found by comparing a commit's ledger with its parent's (see qingqian.history)."""

from __future__ import annotations

from ..findings import ERROR, WARNING
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
    # issue 19: the policies the rules read are judged too (qingqian.history_policy)
    Rule("H010", "rules-changed", WARNING,
         "policies/rules.yaml changed; every rule and figure reads it, so the change is a finding of its own.",
         example="rules.yaml changed: closed_through, severity"),
    Rule("H011", "roles-changed", WARNING,
         "A person's roles in policies/people.yaml were added or removed; roles decide who may approve.",
         example="roles of 王五 (wang.wu) changed: +cfo +finance-manager"),
    Rule("H012", "closed-through-moved-back", ERROR,
         "rules.yaml `closed_through` moved back or removed, which reopens closed months.",
         example="closed_through 2026-10-31 → 2026-08-31 (moved back: closed months reopened)"),
    Rule("H013", "closed-schedule-changed", ERROR,
         "A `schedule` was changed so that the invoices it derives inside the closed period differ.",
         example="schedule changes invoices inside the closed period (closed_through 2026-10-31): +1,296,000.00"),
    Rule("H014", "approved-by-new-role", ERROR,
         "A write-off or credit is approved by someone whose roles the same change widened.",
         example="writeoff of 2026-11-20 approved by wang.wu, whose roles this change widened"),
)
