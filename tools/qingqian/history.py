"""History rules (H): what a commit did to the ledger, judged by comparing it with its parent.

The rules are pure functions of two ledgers and the commit (author, sha); Git is read
only by the drivers at the bottom, `check_since` and `record_log` (`check --staged` lives
in qingqian.staged). The rule records
(ids, names, docs) live in rules/history.py beside the other families.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .findings import Finding
from .gitio import (
    Commit,
    Git,
    apply,
    first_parent_range,
    ledger_of,
    loaded,
    log,
    open_git,
    record_pathspecs,
    resolve,
    stem,
    tree_entries,
)
from .gitlinks import tree_links
from .history_policy import base_severity, last_loaded, range_findings
from .ledger import Ledger
from .loader import Loaded
from .model import Receivable
from .rules import check
from .rules.history import RULES
from .rules.registry import finding, run

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
    for old, rec in c.receivables():
        for a, b in edited(old, rec):
            if any(e is not None and e.date <= through for e in (a, b)):
                what = "added" if a is None else "removed" if b is None else "changed"
                event = b or a
                yield finding("H002", c.at(rec, b),
                              f"{c.who()}: {event.type} event of {event.date} {what} "
                              f"inside the closed period (closed_through {through})",
                              hint="closed months are final; record a correction dated in the open period")


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


def compare(before: Ledger, after: Ledger, commit: Commit) -> list[Finding]:
    """Every H finding of one commit, before severities."""
    return judge(Compare(before, after, commit))


def judge(c: Compare) -> list[Finding]:
    """Every H finding of one comparison: these rules, then the policy ones (history_policy)."""
    from .history_policy import CHECKS as POLICY_CHECKS
    return [f for check_ in (*CHECKS, *POLICY_CHECKS) for f in check_(c)]


def history_findings(git: Git, commits: list[Commit]) -> tuple[list[Finding], Ledger]:
    """H findings of consecutive first-parent commits (oldest first), and the last commit's ledger."""
    start = commits[0].parents[0] if commits and commits[0].parents else None
    entries = tree_entries(git, start) if start else {}
    ledger = ledger_of(git, entries)
    found: list[Finding] = []
    kept: dict[str, Receivable] = {}  # each receivable's last version that loaded
    for commit in commits:
        if not commit.changes:
            continue
        entries = apply(entries, commit)
        after = ledger_of(git, entries)
        found.extend(compare(last_loaded(ledger, kept), after, commit))
        ledger = after
    return found, ledger


def with_severity(findings: list[Finding], ledger: Ledger, as_of: date) -> list[Finding]:
    """Names and rules.yaml severities for H findings, the way `run` gives them to every rule."""
    return run(RULES, Ledger(root=ledger.root, rules=ledger.rules, findings=findings), as_of)


def check_since(root: Path, rev: str, as_of: date) -> list[Finding]:
    """H findings of every commit in REV..HEAD (first parent) plus the full check of HEAD."""
    with open_git(root) as git:
        base_sha, head_sha = resolve(git, rev), resolve(git, "HEAD")
        commits = first_parent_range(git, base_sha, head_sha)
        found, _ = history_findings(git, commits)
        base = ledger_of(git, tree_entries(git, base_sha))
        head = ledger_of(git, tree_entries(git, head_sha))
        found += range_findings(base, head, base_sha, head_sha, found)
        links = tree_links(git, "HEAD")
    return sorted(base_severity(found, base, as_of) + check(head, as_of) + links,
                  key=lambda f: (f.path, f.line, f.col, f.rule, f.message))


# --- one record's history (`qingqian log ID`) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit that touched a record's file, and what it changed in ledger terms."""

    sha: str
    author: str
    email: str
    date: str  # authored, ISO 8601
    subject: str
    path: str
    changes: tuple[str, ...]


def record_log(root: Path, ident: str) -> list[LogEntry]:
    """Every commit (newest first) touching the file of receivable or case `ident`, renames followed."""
    with open_git(root) as git:
        commits = log(git, "HEAD", pathspecs=record_pathspecs(git, ident))
        git.read([b for c in commits for ch in c.changes for b in (ch.old_blob, ch.new_blob) if b])
        shallow = git.run("rev-parse", "--is-shallow-repository").strip() == "true"
        entries = []
        for commit in commits:
            for ch in commit.changes:
                if stem(ch.new_path or ch.old_path or "") != ident:
                    continue
                old = loaded(git, ch.old_path, ch.old_blob) if ch.old_path and ch.old_blob else None
                new = loaded(git, ch.new_path, ch.new_blob) if ch.new_path and ch.new_blob else None
                told = describe(ch.status, ch.old_path, old, new)
                if shallow and not commit.parents and told[:1] == ["created"]:
                    told[0] = CUT  # the clone's first commit: the file's creation is not here
                entries.append(LogEntry(commit.sha, commit.author, commit.email, commit.authored,
                                        commit.subject, ch.new_path or ch.old_path or "",
                                        tuple(told)))
    return entries


CUT = ("历史在此截断（浅克隆），创建时间与作者未知 / history is cut here (shallow clone): the file "
       "was created at or before this commit, by someone not known here; `git fetch --unshallow` "
       "shows its creation")


def describe(status: str, old_path: str | None, old: Loaded | None, new: Loaded | None) -> list[str]:
    """A file change told in ledger terms: created, moved, fields and events changed."""
    if new is None:
        return ["deleted"]
    out = ["created"] if old is None else [f"moved from {old_path}"] if status == "R" else []
    if new.model is None:
        return out + [f"does not load ({', '.join(sorted({f.rule for f in new.findings}))})"]
    before = old.model if old is not None else None
    for name in type(new.model).model_fields:
        if name == "pos":
            continue
        was, now = getattr(before, name, None), getattr(new.model, name)
        if isinstance(now, tuple) and (not now or hasattr(now[0], "model_dump")):
            out += _list_changes(name, was or (), now)
        elif before is not None and _plain(was) != _plain(now):
            out.append(f"{name}: {_short(was)} → {_short(now)}")
    return out


def _list_changes(name: str, was: Sequence, now: Sequence) -> list[str]:
    out = []
    for a, b in match_events(was, now):
        if a is not None and b is not None and _key(a) == _key(b):
            continue
        item = b if b is not None else a
        what = "added" if a is None else "removed" if b is None else "changed"
        kind = _type(item) or getattr(item, "stage", None) or name
        label = " ".join(str(x) for x in (kind, getattr(item, "date", ""), _ref(item) or "") if x)
        line = f"{name}: {what} {label}"
        if a is not None and b is not None:
            after = _plain(b)
            diffs = [f"{k} {_short(v)} → {_short(after.get(k))}"
                     for k, v in _plain(a).items() if v != after.get(k)]
            line += ": " + ", ".join(diffs)
        elif getattr(item, "amount", None) is not None:
            line += f" {item.amount}"
        out.append(line)
    return out


def _plain(value: Any) -> Any:
    """A model as plain data, without its source position (pos is excluded from dumps)."""
    return value.model_dump(warnings=False) if hasattr(value, "model_dump") else value


def _short(value: object) -> str:
    plain = _plain(value)
    text = str(plain) if isinstance(plain, (str, int, Decimal, date)) else \
        json.dumps(plain, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
