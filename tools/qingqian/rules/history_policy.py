"""History rules a change cannot switch off from inside (H010–H014), and the range as a whole.

A pull request once passed `check --since main` by setting `severity: {H002: off}` in the
same commit that removed a closed-period payment; by moving `closed_through` back in
one commit and removing the payment in the next; by breaking a file in one commit and
restoring it changed in the next; by changing a schedule across closed years (no event
changed); and by granting a colleague every approval role before writing off 820,000
approved by them. So:

- the H findings take their severities from the **base** of the range (`base_severity`),
  not from the rules.yaml the change brings;
- the range is compared **as a whole** (base against head) as well as commit by commit,
  which also compares each file with its last version that loaded (`range_findings`);
- changes to the policies the rules read are findings of their own: rules.yaml (H010,
  a warning: a month-end close moves `closed_through` forward), people's roles (H011, a
  warning), `closed_through` moved back (H012); schedule-derived invoices in the closed
  period are judged like events (H013); an approval given by someone whose roles the
  same change widened is H014.

Each check takes a `rules.history.Compare` (before, after, commit, who(), at(), receivables()).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from ..findings import Finding
from .history import CHECKS as RECORD_CHECKS
from .history import Compare, edited, with_severity
from .registry import finding

APPROVING = ("writeoff", "credit")


def _policy_path(ledger: Any, name: str) -> str:
    names = (f"policies/{name}.yaml", f"policies/{name}.yml")
    return next((p for p in ledger.key_pos if p in names), names[0])


def _dump(model: Any) -> dict:
    return json.loads(json.dumps(model.model_dump(warnings=False, by_alias=True), default=str))


def rules_changed(c: Any) -> Iterable[Finding]:
    """policies/rules.yaml changed: every rule and figure reads it, so it is shown on its own."""
    old, new = c.before.rules, c.after.rules
    if old is None or new is None:
        return
    was, now = _dump(old), _dump(new)
    keys = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
    if keys:
        path = _policy_path(c.after, "rules")
        yield finding("H010", c.after.where(path, keys[0]),
                      f"{c.who()}: rules.yaml changed: {', '.join(keys)}",
                      hint="policy changes go in a pull request of their own, reviewed by "
                           "its owner")


def roles_changed(c: Any) -> Iterable[Finding]:
    """A person's roles in policies/people.yaml were added or removed (who may approve what)."""
    path = _policy_path(c.after, "people")
    for ident, person in sorted(c.after.people.items()):
        before = c.before.people.get(ident)
        was = set(before.roles) if before else set()
        gained, lost = set(person.roles) - was, was - set(person.roles)
        if gained or lost:
            parts = [f"+{r}" for r in sorted(gained)] + [f"-{r}" for r in sorted(lost)]
            yield finding("H011", c.after.where(path, "people"),
                          f"{c.who()}: roles of {person.name} ({ident}) changed: {' '.join(parts)}",
                          hint="roles decide approvals; change them apart from the records "
                               "they approve")


def closed_through_moved(c: Any) -> Iterable[Finding]:
    """rules.yaml `closed_through` moved back or removed, which reopens closed months.

    Moving it forward is the month-end close: H010 shows it, as any rules.yaml change.
    """
    old = c.before.rules.closed_through if c.before.rules else None
    new = c.after.rules.closed_through if c.after.rules else None
    if old is not None and (new is None or new < old):
        yield finding("H012", c.after.where(_policy_path(c.after, "rules"), "closed_through"),
                      f"{c.who()}: closed_through {old} → {new}: closed months reopened",
                      hint="closing is final; only move closed_through forward, at month end")


def closed_schedule_changed(c: Any) -> Iterable[Finding]:
    """Invoices a `schedule` derives, dated in the closed period, changed (amount, dates, items)."""
    from ..figures.position import bills_of

    closed = [r.closed_through for r in (c.before.rules, c.after.rules) if r and r.closed_through]
    if not closed:
        return
    through = max(closed)
    for old, rec in c.receivables():
        if old is None or (not old.schedule and not rec.schedule):
            continue
        was, now = (Counter((b.date, b.due, b.amount, b.ref) for b in bills_of(r, through)
                            if b.line not in {e.line for e in r.events}) for r in (old, rec))
        if was != now:
            delta = sum(b[2] * n for b, n in (now - was).items()) - \
                sum(b[2] * n for b, n in (was - now).items())
            yield finding("H013", c.at(rec, None, "schedule"),
                          f"{c.who()}: schedule changes invoices inside the closed period "
                          f"(closed_through {through}): {delta:+,.2f}",
                          hint="closed months are final; end the schedule and start a new one "
                               "dated in the open period")


def approved_by_new_role(c: Any) -> Iterable[Finding]:
    """A write-off or credit the change adds is approved by someone the same change gave roles."""
    widened = {ident for ident, p in c.after.people.items()
               if set(p.roles) - set(getattr(c.before.people.get(ident), "roles", ()) or ())}
    if not widened:
        return
    for old, rec in c.receivables():
        for _, b in edited(old, rec):
            if b is None or b.type not in APPROVING:
                continue
            who = sorted(widened & set(b.approved_by or ()))
            if who:
                yield finding("H014", c.at(rec, b),
                              f"{c.who()}: {b.type} of {b.date} approved by {', '.join(who)}, "
                              "whose roles this change widened",
                              hint="approvals count under the roles the base allowed")


CHECKS = (rules_changed, roles_changed, closed_through_moved, closed_schedule_changed,
          approved_by_new_role)


def judge(c: Any) -> list[Finding]:
    """Every H finding of one comparison: the record rules (rules.history), then these."""
    return [f for check_ in (*RECORD_CHECKS, *CHECKS) for f in check_(c)]


def compare(before: Any, after: Any, commit: Any) -> list[Finding]:
    """Every H finding of one commit, before severities."""
    return judge(Compare(before, after, commit))



def range_compare(before: Any, after: Any, commit: Any, span: str) -> Any:
    """A rules.history.Compare whose findings say "the range … as a whole" instead of a commit."""

    class RangeCompare(Compare):
        def who(self) -> str:
            return f"range {span} as a whole"

    return RangeCompare(before, after, commit)


def base_severity(findings: list[Finding], base: Any, as_of: date) -> list[Finding]:
    """Names and severities of H findings from the base's rules.yaml: a change cannot turn
    off the rules that judge it (a base without rules.yaml gives the defaults)."""
    return with_severity(findings, base, as_of)


def last_loaded(before: Any, keep: dict[str, Any]) -> Any:
    """`before` with each receivable that failed to load replaced by its last version that
    loaded (`keep`, updated here), so a commit that restores a broken file is compared with
    the file as it was before it broke."""
    for ident, rec in before.receivables.items():
        keep[ident] = rec
    missing = {i: r for i, r in keep.items() if i not in before.receivables
               and any(p.rsplit("/", 1)[-1].rsplit(".", 1)[0] == i for p in before.key_pos)}
    if not missing:
        return before
    return replace(before, receivables={**before.receivables, **missing})
