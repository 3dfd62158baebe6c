"""History rules (H): what a commit did to the ledger, judged by comparing it with its parent.

The rules are pure functions of two ledgers and the commit (author, sha); the drivers that
walk Git and hand them the two ledgers live in the Git layer (qingqian.gitio.history).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..model import Receivable
from .registry import Rule, finding, run

if TYPE_CHECKING:
    from ..gitio.repo import Commit


def stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


Pair = tuple[Any, Any]  # (event or entry before, after); None when absent


def _key(event: object) -> str:
    """An event's content without its source position, comparable across commits."""
    return json.dumps(_plain(event), sort_keys=True, ensure_ascii=False, default=str)


def match_events(old: Sequence, new: Sequence) -> list[Pair]:
    """Pair the events of two versions: identical ones, then by (type, ref), then by position."""
    old_keys, new_keys = [_key(e) for e in old], [_key(e) for e in new]
    left, right = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int | None, int | None]] = []

    def take(same: Callable[[int, int], bool]) -> None:
        for i in list(left):
            j = next((j for j in right if same(i, j)), None)
            if j is not None:
                pairs.append((i, j))
                left.remove(i)
                right.remove(j)

    take(lambda i, j: old_keys[i] == new_keys[j])
    take(lambda i, j: _ref(old[i]) is not None
         and (_type(old[i]), _ref(old[i])) == (_type(new[j]), _ref(new[j])))
    take(lambda i, j: _type(old[i]) == _type(new[j]))
    pairs += [(i, None) for i in left] + [(None, j) for j in right]
    pairs.sort(key=lambda p: (p[1] if p[1] is not None else -1, p[0] or 0))
    return [(None if i is None else old[i], None if j is None else new[j]) for i, j in pairs]


def _plain(value: Any) -> Any:
    """A model as plain data, without its source position (pos is excluded from dumps)."""
    return value.model_dump(warnings=False) if hasattr(value, "model_dump") else value


def _type(item: object) -> str | None:
    return getattr(item, "type", None)


def _ref(item: object) -> str | None:
    return getattr(item, "ref", None)


def edited(before: Receivable | None, after: Receivable | None) -> list[Pair]:
    """The event pairs that differ between two versions of a receivable (added, removed, changed)."""
    old = before.events if before else ()
    new = after.events if after else ()
    return [(a, b) for a, b in match_events(old, new)
            if a is None or b is None or _key(a) != _key(b)]


class Compare:
    """One commit's before and after, with what every history rule needs to say where and who."""

    def __init__(self, before: Ledger, after: Ledger, commit: Commit) -> None:
        self.before, self.after, self.commit = before, after, commit
        self.after_stems = {stem(p) for p in after.key_pos}
        self.before_stems = {stem(p) for p in before.key_pos}

    def who(self) -> str:
        if self.commit.sha == "staged":  # qingqian.gitio.staged_history: the commit being made
            return f"staged change by {self.commit.author}"
        return f"commit {self.commit.short} by {self.commit.author}"

    def receivables(self) -> Iterable[tuple[Receivable | None, Receivable]]:
        """Each receivable after the commit with its version before (None when new)."""
        for ident, rec in sorted(self.after.receivables.items()):
            old = self.before.receivables.get(ident)
            if old is None and ident in self.before_stems:
                continue  # the file existed but did not load: its S findings speak for it
            yield old, rec

    def at(self, rec: Receivable, event: object | None, key: str = "events") -> tuple[str, int, int]:
        path = self.after.path_of[rec.id]
        line = getattr(event, "line", 0) if event is not None else 0
        return self.after.where(path, key, line)


def responsible_changed(c: Compare) -> Iterable[Finding]:
    """A receivable's `responsible` (第一责任人) changed; lifetime responsibility never moves."""
    for old, rec in c.receivables():
        if old is not None and old.responsible != rec.responsible:
            yield finding("H001", c.at(rec, None, "responsible"),
                          f"{c.who()}: responsible changed from {old.responsible} to {rec.responsible}",
                          hint="第一责任人 is for life; change the collector with an `assign` event")


def closed_period_edit(c: Compare) -> Iterable[Finding]:
    """An event dated on or before rules.yaml `closed_through` was added, changed or removed."""
    closed = [r.closed_through for r in (c.before.rules, c.after.rules) if r and r.closed_through]
    if not closed:
        return
    through = max(closed)
    opened = c.after.rules.opened if c.after.rules else None
    for old, rec in c.receivables():
        for a, b in edited(old, rec):
            if old is None and _migrated(b, opened):
                continue
            if any(e is not None and e.date <= through for e in (a, b)):
                what = "added" if a is None else "removed" if b is None else "changed"
                event = b or a
                yield finding("H002", c.at(rec, b),
                              f"{c.who()}: {event.type} event of {event.date} {what} "
                              f"inside the closed period (closed_through {through})",
                              hint="closed months are final; record a correction dated in the open period")


def _migrated(event: object, opened: date | None) -> bool:
    """An event of a receivable added with the old 台账's history (`qingqian import`): dated
    before rules.yaml `opened`, or its `opening` balance. The months before `opened` were
    closed by the old books, not this ledger's, so adding them is the migration, not an edit."""
    if opened is None or event is None:
        return False
    return event.date < opened or getattr(event, "type", None) == "opening"  # type: ignore[attr-defined]


def recorded_amount_changed(c: Compare) -> Iterable[Finding]:
    """The amount or date of an already recorded event changed; record a correction instead."""
    for old, rec in c.receivables():
        for a, b in edited(old, rec):
            if a is None or b is None:
                continue
            changes = [f"{name} {getattr(a, name)} → {getattr(b, name)}" for name in ("amount", "date")
                       if getattr(a, name, None) != getattr(b, name, None)]
            if changes:
                ref = f" {a.ref}" if a.ref else ""
                yield finding("H003", c.at(rec, b),
                              f"{c.who()}: {a.type}{ref}: {', '.join(changes)}",
                              hint="keep recorded events; undo a payment with `reversal` and record it anew")


def record_deleted(c: Compare) -> Iterable[Finding]:
    """A receivable or case file was deleted; records are kept for life (账销案存)."""
    for table in ("receivables", "cases"):
        for ident in sorted(getattr(c.before, table)):
            if ident not in getattr(c.after, table) and ident not in c.after_stems:
                path = c.before.path_of[ident]
                yield finding("H004", (path, 1, 1), f"{c.who()}: {path} ({ident}) deleted",
                              hint="keep the file; a settled or written-off record stays (账销案存)")


def self_approved_writeoff(c: Compare) -> Iterable[Finding]:
    """A write-off lists the commit's author among its approvers (four eyes)."""
    author = author_ids(c.after, c.commit.author, c.commit.email)
    if not author:
        return
    for old, rec in c.receivables():
        for _, b in edited(old, rec):
            if b is not None and b.type == "writeoff" and author & set(b.approved_by):
                yield finding("H005", c.at(rec, b),
                              f"{c.who()}: write-off of {b.date} approved by its own author "
                              f"({', '.join(sorted(author & set(b.approved_by)))})",
                              hint="another person commits the write-off an approver signed")


CHECKS: tuple[Callable[[Compare], Iterable[Finding]], ...] = (
    responsible_changed, closed_period_edit, recorded_amount_changed, record_deleted,
    self_approved_writeoff)


def author_ids(ledger: Ledger, name: str, email: str) -> set[str]:
    """The people.yaml ids a Git author stands for: by `email`, else by id or name."""
    by_email = {p.id for p in ledger.people.values()
                if p.email and email and p.email.strip().lower() == email.strip().lower()}
    if by_email:
        return by_email
    return {p.id for p in ledger.people.values() if name and name.strip() in (p.id, p.name)}


def with_severity(findings: list[Finding], ledger: Ledger, as_of: date) -> list[Finding]:
    """Names and rules.yaml severities for H findings, the way `run` gives them to every rule."""
    return run(RULES, Ledger(root=ledger.root, rules=ledger.rules, findings=findings), as_of)


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
    # issue 19: the policies the rules read are judged too (rules/history_policy.py)
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
