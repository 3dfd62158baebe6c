"""History rules (H) on the staged change: the index judged against HEAD, for the pre-commit hook.

`check --since` judges commits already made; a commit refused before it exists is cheaper
than a revert. Only the staged delta is read: the ledger files whose staged blob differs
from HEAD's (one `git diff --cached --raw`), plus policies/ on both sides (people name the
author for the four-eyes rule, rules.yaml holds `closed_through` and the severities).
Every H rule compares one record, or one policy file, with its earlier version, so a
ledger of just these files gives the same H findings as the whole one: the record rules
(H001–H005) and the policy rules (H010–H014: rules.yaml, roles, `closed_through` moved
back, closed schedules, approvals by widened roles) alike. Git is read through the one
runner (gitio.run), never GitPython, so the hook starts quickly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..findings import Finding
from ..loader import kind_of, load_file
from .run import LEDGER_TOPS, Blobs, GitProblem, finish, run, start

STAGED = "staged"  # the pseudo-commit's sha: findings say "staged change by …"
_NULL = "0" * 40
_IDENT = re.compile(r"^(.*?) <(.*)> \d+ [+-]\d{4}$")


@dataclass(frozen=True, slots=True)
class StagedCommit:
    """The commit being made, as the H rules read a commit: its author, and no sha yet."""

    author: str
    email: str
    sha: str = STAGED
    parents: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha


def staged_delta(root: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    """`({path: HEAD blob}, {path: staged blob})` of the ledger files the index changes, with
    policies/ on both sides; None before the first commit (there is no history to break).

    The three listings run side by side (each `git` costs its start-up, which adds up in
    a hook)."""
    changes = start(root, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames",
                    "--relative", "HEAD", paths=LEDGER_TOPS)
    head_policies = start(root, "ls-tree", "-r", "-z", "HEAD", paths=["policies"])
    staged_policies = start(root, "ls-files", "-s", "-z", paths=["policies"])
    out = finish(changes)
    listed = [finish(head_policies), finish(staged_policies)]
    if out is None:
        if run(root, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False) is None:
            return None
        raise GitProblem("git diff --cached failed")
    before, after = {}, {}
    tokens = out.split(b"\0")
    for meta, raw_path in zip(tokens[0::2], tokens[1::2]):
        _, _, old, new, _ = meta.decode().lstrip(":").split(" ")
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind_of(path) is None:
            continue
        if old != _NULL:
            before[path] = old
        if new != _NULL:
            after[path] = new
    if not before and not after:
        return before, after  # nothing staged in the ledger: nothing to judge
    for found, command in zip(listed, ("ls-tree", "ls-files")):
        if found is None:
            raise GitProblem(f"git {command} failed: policies/")
    before.update(_listed(listed[0] or b"", 2))
    after.update(_listed(listed[1] or b"", 1))
    return before, after


def _listed(out: bytes, sha_field: int) -> dict[str, str]:
    """`{path: blob}` from `ls-tree -z` (sha is field 2) or `ls-files -s -z` (field 1)."""
    found = {}
    for record in filter(None, out.split(b"\0")):
        meta, _, path = record.partition(b"\t")
        text = path.decode("utf-8", "surrogateescape")
        if kind_of(text) is not None:
            found[text] = meta.split()[sha_field].decode()
    return found


def author(root: Path) -> tuple[str, str]:
    """The name and email the commit will carry (`git var GIT_AUTHOR_IDENT`: env, then config)."""
    ident = (run(root, "var", "GIT_AUTHOR_IDENT", check=False) or b"").decode("utf-8", "replace")
    match = _IDENT.match(ident.strip())
    return (match.group(1), match.group(2)) if match else ("", "")


def staged_history(root: Path, as_of: date) -> list[Finding]:
    """H findings of the staged change against HEAD (H001–H005 and H010–H014), with HEAD's
    rules.yaml severities. No GitPython: the rules are pure, the delta comes from the runner."""
    delta = staged_delta(root)
    if delta is None or not any(delta):
        return []
    from ..ledger import assemble
    from ..rules.history_policy import base_severity, compare

    before, after = delta
    with Blobs(root) as blobs:
        data = blobs.read([*before.values(), *after.values()])

    def ledger(entries: dict[str, str]):  # type: ignore[no-untyped-def]
        paths = sorted(entries)
        return assemble(root, paths, [load_file(p, data[entries[p]], kind_of(p))  # type: ignore[arg-type]
                                      for p in paths])

    old, new = ledger(before), ledger(after)
    # severities from HEAD's rules.yaml: a change cannot turn off the rules that judge it
    return base_severity(compare(old, new, StagedCommit(*author(root))), old, as_of)
