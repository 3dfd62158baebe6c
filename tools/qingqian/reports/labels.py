"""Every label a report or a site page shows: titles, headings and the names of coded values.

The tables hold English; the Chinese is in the message catalogue (`qingqian.i18n`) under
the context `<table>:<key>`. `LABELS` holds column titles and headings by field name;
`VALUES` the names of coded values (kinds, debtor types and statuses, limitation statuses
and bases, focus criteria, write-off bases), with a prefix where one code means different
things: `stage:` (a case stage), `event:` (an event named in a limitation note),
`reason:` (why an event does not interrupt). English shows most codes as written. The
reports the work plans added (the monthly return's extras, documents, leases, case
progress) keep their own tables, since their words mean other things there.
"""

from __future__ import annotations

from ..i18n.words import Words

LABELS = Words("label", {
    "key": "Key", "name": "Name", "currency": "Currency", "total": "Total",
    "provision": "Provision", "debtor": "Debtor", "unit": "Unit", "collector": "Collector",
    "kind": "Kind", "debtor-type": "Debtor type", "person": "Person", "receivable": "Receivable",
    "invoiced": "Invoiced", "collected": "Collected", "credited": "Credited",
    "written_off": "Written off", "recovered": "Recovered", "outstanding": "Outstanding",
    "overdue": "Overdue", "interest": "Interest", "payments": "Payments",
    "receivables": "Receivables", "amount": "Amount", "target": "Target",
    "completion": "Completion", "ytd_amount": "YTD amount", "ytd_target": "YTD target",
    "behind": "Behind", "outstanding_start": "Outstanding at start", "commission": "Commission",
    "date": "Date", "age_days": "Days past due", "bucket": "Row", "rate": "Rate",
    "totals": "Total", "yes": "yes", "age": "Aging", "basis-due": "days past due",
    "basis-invoice": "days since invoice", "total-report": "Receivables summary",
    "interest-note": "Interest is shown beside the principal, never added to it.",
    "monthly": "Monthly collections", "targets": "Collection targets",
    "assigned": "Assigned receivables", "commission-report": "Commission",
    "details": "Commission details", "period": "Period", "year": "Year", "through": "through",
    "elapsed": "time elapsed", "limitation": "Limitation", "guarantees": "Guarantee periods",
    "holds": "Credit holds", "focus": "Key debts", "cases": "Collection cases",
    "by_stage": "By stage", "off_book": "Off-book claim", "basis": "Basis",
    "basis_date": "Basis date", "expires": "Expires", "days_left": "Days left", "status": "Status",
    "ignored": "Not interrupting", "guarantor": "Guarantor", "type": "Type",
    "period_end": "Period ends", "claim": "Claim", "reason": "Reason", "rank": "Rank",
    "overdue_days": "Days overdue", "criteria": "Criteria", "case": "Case", "stage": "Stage",
    "owner": "Owner", "costs": "Costs", "case_recovered": "Recovered",
    "fee_due": "Counsel fee due", "missed_installments": "Missed installments",
    "cases_count": "Cases", "disputed": "Disputed", "share": "Target / arrears at start",
    "arrears_start": "Arrears at start", "invoice": "First-expiring invoice", "payable": "Payable",
    "payable-yes": "yes", "payable-no": "no (target not met)",
})

VALUES = Words("value", {
    "construction": "construction", "goods": "goods", "rent": "rent", "utilities": "utilities",
    "service": "service", "deposit": "deposit", "advance": "advance", "other": "other",
    "government": "government", "state-owned": "state-owned", "real-estate": "real-estate",
    "private": "private", "individual": "individual", "ok": "ok", "near": "near",
    "expired": "expired", "suspended": "suspended", "revived": "revived", "due": "due",
    "payment": "payment", "visit": "visit", "acknowledgment": "acknowledgment",
    "promise": "promise", "demand": "demand", "preservation": "preservation",
    "litigation": "litigation", "agreement": "agreement", "judgment": "judgment",
    "overdue": "overdue", "amount": "amount", "arbitration": "arbitration",
    "in-suit-preservation": "in-suit-preservation", "unconfirmed": "unconfirmed",
    "stage:arbitration": "arbitration", "event:arbitration": "arbitration",
    "debtor-type": "debtor-type", "debtor-status": "debtor-status", "joint": "joint",
    "general": "general", "stage:documents": "documents", "stage:investigation": "investigation",
    "stage:negotiation": "negotiation", "stage:preservation": "preservation",
    "stage:litigation": "litigation", "stage:enforcement": "enforcement", "stage:closed": "closed",
    "stage:none": "none", "event:visit": "visit", "event:demand": "demand",
    "event:promise": "promise", "event:preservation": "preservation",
    "event:litigation": "litigation", "event:agreement": "agreement",
    "event:acknowledgment": "acknowledgment", "reason:unsigned": "not signed by the debtor",
    "reason:undelivered": "no proof of delivery",
    "reason:after-expiry": "after expiry, does not revive", "active": "active",
    "distressed": "distressed", "bankrupt": "bankrupt", "deregistered": "deregistered",
    "missing": "missing", "good": "good", "weak-promising": "weak-promising", "weak": "weak",
    "malicious": "malicious", "error": "error", "warning": "warning", "off": "off", "open": "open",
    "settled": "settled", "written-off": "written-off", "transferred": "transferred",
    "bankruptcy": "bankruptcy", "deregistration": "deregistration",
    "enforcement-terminated": "enforcement-terminated",
    "deceased-or-missing": "deceased-or-missing", "overdue-3y": "overdue-3y",
    "small-overdue-1y": "small-overdue-1y",
})

# qingqian monthly: the return's extras (arrears, 催讨次数)
RETURN_LABELS = Words("return", {
    "new_overdue": "New arrears", "new_overdue_bills": "New overdue bills",
    "outstanding": "External outstanding", "overdue": "External overdue",
    "internal_outstanding": "Intercompany outstanding", "internal_overdue": "Intercompany overdue",
    "unconfirmed": "Unconfirmed claims", "unconfirmed_amount": "Unconfirmed amount",
    "disputed": "Disputed", "arrears": "Arrears (new, intercompany, unconfirmed)",
    "attempts": "Attempts", "attempts-title": "Collection attempts by collector",
    "demand": "Demands", "visit": "Visits", "call": "Calls",
})

# qingqian documents
DOCUMENT_LABELS = Words("documents", {
    "title": "Missing documents", "person": "Collector/owner", "name": "Name", "record": "Record",
    "debtor": "Debtor", "required_for": "Required for", "missing": "Missing", "held": "Held",
    "blocking": "Blocking", "handover": "handover", "yes": "yes", "receivable": "receivable",
    "case": "case", "file": "{kind} file",
})

# qingqian leases, leases --settle, meter
LEASE_LABELS = Words("lease", {
    "register": "Lease register", "receivable": "Receivable", "asset": "Asset",
    "asset_name": "Asset name", "tenant": "Tenant", "start": "Start", "end": "End", "rent": "Rent",
    "every": "Every", "deposit": "Deposit agreed", "held": "Deposit held",
    "outstanding": "Rent owed", "utilities": "Utilities owed", "penalty": "Penalty",
    "status": "Status", "statement": "Move-out settlement", "item": "Item", "amount": "Amount",
    "move_out": "Moved out", "received": "Deposit received", "offset": "Deposit offset",
    "refunded": "Deposit refunded", "owed": "Total owed", "balance_due": "Balance due from tenant",
    "refundable": "Deposit to refund", "meter": "Meter", "kind": "Kind", "previous": "Previous",
    "current": "Current", "quantity": "Quantity", "price": "Price", "charges": "Meter charges",
    "note": "Penalties are shown beside the principal, never added to it.", "active": "active",
    "ended": "ended", "moved-out": "moved-out", "not-started": "not-started", "month": "month",
    "quarter": "quarter", "year": "year", "electricity": "electricity", "water": "water",
    "gas": "gas",
})

# qingqian report case/cases: headings, what happened, what to do next
PROGRESS_LABELS = Words("case-report", {
    "title": "Case progress report", "pack": "Monthly case reports", "case": "Case",
    "debtor": "Debtor", "owner": "Owner", "counsel": "Counsel", "scope": "Authority",
    "engaged": "Engaged", "stage": "Stage", "since": "since", "period": "Period", "money": "Money",
    "claim": "Claim", "claim_at_opening": "Claim at opening",
    "recovered_period": "Recovered in period", "recovered_total": "Recovered to date",
    "costs_period": "Costs in period", "costs_total": "Costs to date",
    "fee_due": "Counsel fee due", "frozen": "Preserved", "happened": "What happened",
    "date": "Date", "what": "What", "detail": "Detail", "amount": "Amount",
    "deadlines": "Deadlines", "next": "Next steps", "missing": "Evidence still missing",
    "assets": "Assets found", "kind": "Kind", "encumbered": "Encumbered", "none": "none",
    "item": "Item", "general": "general", "special": "special authority", "to": "to",
})

PROGRESS_WHAT = Words("case-event", {
    "stage": "stage", "preservation": "preservation",
    "in-suit-preservation": "in-suit-preservation", "asset": "asset", "agreement": "agreement",
    "cost": "cost", "payment": "payment", "visit": "visit", "call": "call", "demand": "demand",
    "acknowledgment": "acknowledgment", "promise": "promise", "handover": "handover",
    "suit": "suit", "enforcement": "enforcement", "limitation": "limitation",
    "installment": "installment", "guarantee": "guarantee", "hearing": "hearing",
    "documents": "documents", "investigation": "investigation", "negotiation": "negotiation",
    "litigation": "litigation", "arbitration": "arbitration", "closed": "closed",
    "real-estate": "real-estate", "bank-account": "bank-account", "vehicle": "vehicle",
    "equipment": "equipment", "equity": "equity", "receivable": "receivable", "other": "other",
    "court-fee": "court-fee", "preservation-fee": "preservation-fee", "counsel-fee": "counsel-fee",
    "appraisal": "appraisal", "repayment": "repayment", "settlement": "settlement",
    "in-kind": "in-kind",
})

# a case report's next steps by stage (`none`: no stage yet)
PROGRESS_NEXT = Words("next-step", {
    "documents": "Complete the evidence file; instruct counsel to investigate assets.",
    "investigation": "Finish the asset investigation: what can be preserved and enforced.",
    "negotiation": "Send a legal opinion or lawyer's letter and seek a repayment agreement; "
                   "weigh a pre-suit preservation.",
    "preservation": "File suit or arbitration within the time after the preservation.",
    "litigation": "Follow hearings and mediation; apply for in-suit preservation on new assets.",
    "arbitration": "Follow the tribunal and mediation; apply for enforcement of the award.",
    "enforcement": "Assist the court's search, valuation and auction; consider adding "
                   "shareholders as judgment debtors.",
    "closed": "Issue the closing report and archive the file.",
    "none": "Open the case and collect the evidence.",
})


# the published site: page titles, headings and its own column titles (else LABELS')
SITE = Words("site", {
    "overview": "Overview", "todo": "Work queue", "aging": "Aging", "units": "By unit",
    "collectors": "Collectors and targets", "cases": "Cases", "limitation": "Limitation alerts",
    "writeoffs": "Write-off register", "monthly": "Monthly statistics", "debtors": "Debtors",
    "policies": "Policies", "reference": "Reference", "rules": "Rules", "formats": "File formats",
    "status": "Status", "as_of": "As of", "headline": "Headline figures",
    "collected_month": "Collected this month", "month_target": "Target this month",
    "cases_by_stage": "Cases by stage", "limitation_alerts": "Limitation alerts",
    "key_debts": "Key debts", "trend": "Month-end outstanding (last 24 months)",
    "collections_chart": "Monthly collections against target", "aging_chart": "Aging",
    "count": "Cases", "priority": "Priority", "status_col": "Status", "none": "none",
    "title": "Title", "type": "Type", "condition": "Condition", "rating": "Rating",
    "limit": "Credit limit", "receivables": "Receivables", "month": "Month",
    "no_data": "Nothing to show.",
    "private_note": "Contacts, phone numbers, ID numbers and bank accounts are not published.",
    "generated": "Generated by `qingqian site build` from the ledger; do not edit.", "key": "key",
    "normal": "normal", "written_off_on": "Written off", "write_basis": "Basis",
    "severity": "Severity", "checks": "Checks", "id": "Id", "field": "Field",
    "required": "Required", "description": "Description", "file": "File",
    "years_archive": "By month (months with payments, last 24 months)",
    "target_year": "Annual target", "no": "no", "no_target": "no target",
})


def label(key: str, lang: str) -> str:
    """The column title of a field name in `lang`; unknown keys show as themselves."""
    return LABELS(key, lang)


def value(key: str, lang: str) -> str:
    """A coded value's name in `lang`; unknown codes show as themselves."""
    return VALUES(key, lang)


def stage_name(stage: str | None, lang: str) -> str:
    """A case stage (`none` before the first) in `lang`."""
    code = stage or "none"
    return VALUES(f"stage:{code}", lang) if f"stage:{code}" in VALUES else code


def word(key: str, lang: str) -> str:
    """A site word; a key the site does not word itself is a report label (or itself)."""
    return SITE(key, lang) if key in SITE else LABELS(key, lang)
