"""The code words `qingqian diff` shows, by context, in the catalogue: event types, debtor
statuses, case strategies, methods… English shows each code as the ledger writes it.

Stages come from `reports.labels.stage_name`, debtor types and receivable kinds from
`reports.labels.value`, as in every report; the rest are here, each with the context that
tells one `note` (a payment method) from another.
"""

from __future__ import annotations

from ..i18n import NC_, _
from ..reports.labels import stage_name, value

CODES = (
    NC_("status", "active"), NC_("status", "distressed"), NC_("status", "bankrupt"),
    NC_("status", "deregistered"), NC_("status", "missing"),
    NC_("condition", "good"), NC_("condition", "weak-promising"), NC_("condition", "weak"),
    NC_("condition", "malicious"),
    NC_("strategy", "cash"), NC_("strategy", "collateral"), NC_("strategy", "in-kind"),
    NC_("strategy", "negotiation"), NC_("strategy", "litigation"),
    NC_("priority", "key"), NC_("priority", "normal"),
    NC_("outcome", "collected"), NC_("outcome", "partial"), NC_("outcome", "written-off"),
    NC_("outcome", "withdrawn"),
    NC_("role", "collector"), NC_("role", "responsible"),
    NC_("person-status", "active"), NC_("person-status", "departed"),
    # the fields whose change is listed: a debtor's, a case's, a person's or unit's
    NC_("field", "name"), NC_("field", "type"), NC_("field", "status"),
    NC_("field", "condition"), NC_("field", "internal"), NC_("field", "credit.rating"),
    NC_("field", "credit.limit"), NC_("field", "guarantors"), NC_("field", "shareholders"),
    NC_("field", "contacts"), NC_("field", "credit_code"), NC_("field", "id_number"),
    NC_("field", "bank_account"), NC_("field", "address"), NC_("field", "note"),
    NC_("field", "owner"), NC_("field", "counsel"), NC_("field", "priority"),
    NC_("field", "strategy"), NC_("field", "receivables"), NC_("field", "outcome"),
    NC_("field", "unit"), NC_("field", "roles"), NC_("field", "departed"),
    NC_("field", "parent"), NC_("field", "closed_through"),
)


def code(context: str, text: str | None, lang: str) -> str:
    """A coded value's name in `lang` (`stage` and debtor `type` as the reports name them)."""
    if text is None:
        return ""
    if context == "stage":
        return stage_name(text, lang)
    if context in ("debtor-type", "receivable-kind"):
        return value(text, lang)
    if context in ("event", "change", "kind", "method"):  # named once, as the findings name them
        return _(text, lang, "word")
    return _(text, lang, context)
