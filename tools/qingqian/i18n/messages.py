"""Finding messages and hints as templates with named fields, rendered in the language asked.

Rules build their messages in English (the values they hold are Findings, stored and
cached as they are); the renderer matches a message against its rule's templates here,
takes the fields out and fills the Chinese template of the catalogue. A message without
a template stays English. Every template is a msgid of the catalogue (`N_`).
"""

from __future__ import annotations

import functools
import re
import string

from . import N_, _

SLIPS = (
    N_("full-width colon `：` after `{key}`"),
    N_("type an ordinary colon and a space: `{key}: `"),
    N_("full-width space `　` in the indentation"),
    N_("indent with ordinary (half-width) spaces only; delete the `　`"),
    N_("full-width comma `，` between fields"),
    N_("type an ordinary comma `,` between the fields inside `{{ }}`"),
    N_("Chinese quotation marks around the value of `{key}`"),
    N_("quote with ordinary double quotes: `{key}: \"…\"`"),
    N_("`{key}` is indented {more} space(s) more than `{above}` on line {line}"),
    N_("fields of one level start in the same column: indent `{key}` by {spaces} space(s), "
       "like `{above}`"),
)

# Usage problems the command line reports (exit 2), as `Group.invoke` prints them.
CLI = (
    N_("no policies/rules.yaml here or above; run inside a ledger, pass --root, or create one "
       "with `qingqian init DIR`"),
    N_("--root {path} is not a directory"),
    N_("no commit on or before {date}"),
    N_("unknown revision `{rev}`"),
    N_("`{text}` is not a revision or a date"),
    N_("{path} is not inside a Git repository"),
    N_("policies/rules.yaml does not load; run `qingqian check`"),
    N_("say what to export: --xlsx FILE, --jsonl FILE or --csv FILE"),
    N_("no receivable `{id}` in this ledger"),
    N_("give a range such as origin/main..HEAD (or BASE for BASE..HEAD)"),
    N_("--month {value} is not a month like 2026-11"),
    N_("--period {value} is not YYYY-MM or YYYY"),
    N_("{path} is not empty; generate into a new directory"),
    N_("use --since or --staged, not both"),
    N_("--restated {value}: expected a month like 2026-10"),
    N_("--horizon {value} is not a number of days like 30d or 6w"),
    N_("say where: --ics FILE or --out-dir DIR"),
)

TEMPLATES: dict[str, tuple[str, ...]] = {
    "CLI": CLI,
    "S001": (*SLIPS, N_("YAML syntax: {detail}")),
    "S002": (N_("file starts with a byte order mark (BOM)"), N_("save it as UTF-8 without BOM"),
             N_("not valid UTF-8 (byte {byte})"),
             N_("save the file as UTF-8; GBK text from Excel must be converted")),
    "S003": (N_("file is {what}, not a mapping of fields"),),
    "S007": (N_("unknown field `{field}`"), N_("did you mean `{name}`?"),
             N_("remove it or check the spelling")),
    "S008": (N_("missing field `{field}` in {where}"), N_("missing field `{field}`")),
    "S009": (N_("{where}: Input should be {choices}"), N_("unknown event type `{type}`"),
             N_("use one of {types}")),
    "S010": (N_("amount {value} written with thousands separators and no quotes"),
             N_("write it in quotes without the commas: `{key}: \"{plain}\"`"),
             N_("{where}: `{value}` is not an amount like 1250000.00")),
    "S011": (N_("id `{id}` does not match the file name `{stem}`"),
             N_("rename the file or set `id: {stem}`")),
    "S012": (N_("id `{id}` is also used by {path}"), N_("ids are unique across the ledger")),
    "S014": (N_("tab character in indentation"), N_("indent with spaces only")),
    "R001": (N_("unknown debtor `{debtor}`"), N_("add ledger/debtors/{debtor}.yaml or fix the id")),
    "R002": (N_("unknown person `{person}` in `{field}`"),
             N_("add them to policies/people.yaml or fix the id"),
             N_("target for unknown person `{person}`")),
    "R003": (N_("unknown unit `{unit}`"), N_("add it to policies/units.yaml or fix the id"),
             N_("person `{person}` belongs to unknown unit `{unit}`")),
    "R004": (N_("unknown receivable `{receivable}`"),
             N_("fix the id or add the receivable's file")),
    "R007": (N_("`applies_to: {ref}` names no invoice"),
             N_("use the `ref` of one of this receivable's invoices"),
             N_("reversal of `{ref}` names no payment"),
             N_("use the `ref` of the payment being reversed")),
    "L001": (N_("collected {collected} + credited {credited} + written off {written_off} "
                "exceeds invoiced {invoiced} by {over}"),
             N_("record the missing invoice, or correct the amount")),
    "L002": (N_("payment dated {date}, after {as_of}"),
             N_("record payments when the money has arrived")),
    "L003": (N_("write-off of {amount} exceeds the outstanding {outstanding} on {date}"),
             N_("write off at most what is outstanding on that date")),
    "L005": (N_("{type} dated {date} comes after an event dated {previous}"),
             N_("keep events in date order")),
    "L006": (N_("recovered {recovered} exceeds written off {written_off}"),
             N_("a payment after a write-off recovers at most what was written off")),
    "L007": (N_("payment ref `{ref}` is used twice"),
             N_("each receipt is recorded once; give a replacement its own ref")),
    "P001": (N_("payment of {amount} on {date} has no `ref`"),
             N_("add the bank receipt or voucher number as `ref:`")),
    "A006": (N_("{amount} overdue and no collection activity since it fell due on {date} "
                "(more than {days} days)"),
             N_("{amount} overdue and no collection activity since {date} (more than {days} days)"),
             N_("visit the debtor or send a demand, and record it")),
}


# History findings (H): `qingqian diff` renders them (`render(..., history=True)`). Each
# message starts with who made the change (`{who}`), itself rendered through "WHO"; a
# `{type}` is an event type, named as the `event` context names it.
HISTORY: dict[str, tuple[str, ...]] = {
    "WHO": (N_("commit {sha} by {author}"), N_("range {span} as a whole"),
            N_("staged change by {author}")),
    "H001": (N_("{who}: responsible changed from {before} to {after}"),
             N_("第一责任人 is for life; change the collector with an `assign` event")),
    "H002": (N_("{who}: {type} event of {date} added inside the closed period "
                "(closed_through {through})"),
             N_("{who}: {type} event of {date} changed inside the closed period "
                "(closed_through {through})"),
             N_("{who}: {type} event of {date} removed inside the closed period "
                "(closed_through {through})"),
             N_("closed months are final; record a correction dated in the open period")),
    "H003": (N_("{who}: {event}: {changes}"),
             N_("keep recorded events; undo a payment with `reversal` and record it anew")),
    "H004": (N_("{who}: {path} ({id}) deleted"),
             N_("keep the file; a settled or written-off record stays (账销案存)")),
    "H005": (N_("{who}: write-off of {date} approved by its own author ({people})"),
             N_("another person commits the write-off an approver signed")),
    "H010": (N_("{who}: rules.yaml changed: {keys}"),
             N_("policy changes go in a pull request of their own, reviewed by its owner")),
    "H011": (N_("{who}: roles of {name} ({id}) changed: {changes}"),
             N_("roles decide approvals; change them apart from the records they approve")),
    "H012": (N_("{who}: closed_through {old} → {new}: closed months reopened"),
             N_("closing is final; only move closed_through forward, at month end")),
    "H013": (N_("{who}: schedule changes invoices inside the closed period "
                "(closed_through {through}): {delta}"),
             N_("closed months are final; end the schedule and start a new one dated in the "
                "open period")),
    "H014": (N_("{who}: {type} of {date} approved by {people}, whose roles this change widened"),
             N_("approvals count under the roles the base allowed")),
}


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    """The template as a regular expression: literal text as is, each field a lazy group."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts) + r"\Z", re.S)


def render(rule: str, text: str, lang: str, history: bool = False) -> str:
    """A finding's message or hint in `lang`; English (or untemplated) text as it is.

    `history`: the H templates too (the review summary speaks them; `check --since` and
    the hook still print H findings in English).
    """
    if lang == "en" or not text:
        return text
    templates = TEMPLATES.get(rule, ()) + (HISTORY.get(rule, ()) if history else ())
    for template in templates:
        match = _pattern(template).match(text)
        if match:
            fields = match.groupdict()
            if history and "who" in fields:
                fields["who"] = render("WHO", fields["who"], lang, history)
            if history and "type" in fields:
                fields["type"] = _(fields["type"], lang, "event")
            return _(template, lang).format(**fields)
    return text


def all_templates() -> list[str]:
    return [t for table in (TEMPLATES, HISTORY) for group in table.values() for t in group]
