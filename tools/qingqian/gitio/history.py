"""The drivers of the history rules: walk Git and hand each commit's two ledgers to
qingqian.rules.history; and one record's history for `qingqian log`.

`check --staged` lives in qingqian.incremental.staged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..findings import Finding
from ..ledger import Ledger
from ..loader import Loaded
from ..model import Receivable
from ..model.receivable import WriteOff
from ..rules import check
from ..rules.history import (
    _key,
    _plain,
    _ref,
    _type,
    match_events,
    stem,
    with_severity,
)
from ..rules.history_policy import compare, judge, last_loaded, range_compare
from .ledgers import ledger_of, loaded
from .links import tree_links
from .repo import (
    Commit,
    Git,
    apply,
    first_parent_range,
    log,
    open_git,
    record_pathspecs,
    resolve,
    tree_entries,
)


def history_findings(git: Git, commits: list[Commit]) -> tuple[list[Finding], Ledger]:
    """H findings of consecutive first-parent commits (oldest first), and the last one's ledger."""
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


def range_findings(base: Ledger, head: Ledger, base_sha: str, head_sha: str,
                   per_commit: list[Finding]) -> list[Finding]:
    """The H findings of base against head as one change, less those a commit already showed
    for the same rule and file (the range catches what was split across commits)."""
    span = f"{base_sha[:7]}..{head_sha[:7]}"
    commit = Commit(head_sha, (base_sha,), "", "", "", "", f"the range {span}")
    seen = {(f.rule, f.path) for f in per_commit}
    found = judge(range_compare(base, head, commit, span))
    return [f for f in found if (f.rule, f.path) not in seen]


def evidence_tree(git: Git, ledger: Ledger, rev: str) -> dict[str, bytes | None]:
    """Every file of the commit (any folder: evidence lives beside the ledger), with the bytes
    of those a write-off's evidence names with a sha256 (P016 looks in the commit, not the disk)."""
    listed: dict[str, str] = {}
    for record in git.run("ls-tree", "-r", "-z", "--full-tree", rev).split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            rel = git.rel(path)
            if meta.split()[1] == "blob" and rel is not None:
                listed[rel] = meta.split()[2]
    hashed = {item.path for rec in ledger.receivables.values() for event in rec.events
              if isinstance(event, WriteOff) for item in event.evidence
              if not isinstance(item, str) and item.path and item.sha256 and item.path in listed}
    blobs = git.read([listed[p] for p in sorted(hashed)])
    return {p: (blobs[listed[p]] if p in hashed else None) for p in listed}


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
        head.tree = evidence_tree(git, head, "HEAD")
    # severities from the base: a change cannot turn off the rules that judge it
    return sorted(
        with_severity(found, base, as_of) + check(head, as_of) + links,
        key=lambda f: (f.path, f.line, f.col, f.rule, f.message),
    )


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
    """Every commit (newest first) touching the file of record `ident`, renames followed."""
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
                entries.append(
                    LogEntry(
                        commit.sha,
                        commit.author,
                        commit.email,
                        commit.authored,
                        commit.subject,
                        ch.new_path or ch.old_path or "",
                        tuple(told),
                    )
                )
    return entries


CUT = ("历史在此截断（浅克隆），创建时间与作者未知 / history is cut here (shallow clone): the file "
       "was created at or before this commit, by someone not known here; `git fetch --unshallow` "
       "shows its creation")


def describe(
    status: str, old_path: str | None, old: Loaded | None, new: Loaded | None
) -> list[str]:
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
            diffs = [
                f"{k} {_short(v)} → {_short(after.get(k))}"
                for k, v in _plain(a).items()
                if v != after.get(k)
            ]
            line += ": " + ", ".join(diffs)
        elif getattr(item, "amount", None) is not None:
            line += f" {item.amount}"
        out.append(line)
    return out


def _short(value: object) -> str:
    plain = _plain(value)
    text = (
        str(plain)
        if isinstance(plain, (str, int, Decimal, date))
        else json.dumps(plain, ensure_ascii=False, default=str)
    )
    return text if len(text) <= 60 else text[:57] + "..."
