"""Repository reads through GitPython: a commit's tree, a range's history, revisions, blobs.

Every read goes through one repository opened with `with Repo(...)`: trees are listed with
one `git ls-tree -r -z`, history with one `git log -z --raw` pass, and blobs through
GitPython's one long-lived `git cat-file --batch` process. Paths are relative to the ledger
root, which may sit below the top of the Git work tree; only ledger files (loader.kind_of)
are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from git import Repo
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from ..loader import kind_of
from .listing import shown_path
from .run import LEDGER_TOPS as TOPS
from .run import GitProblem, revision

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
_NULL_SHA = "0" * 40


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of a history walk and the ledger files it changed against its first parent."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: str  # ISO 8601 with offset
    committed: str
    subject: str
    changes: tuple[Change, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class Change:
    """One file's change in a commit: status A/M/D/R/C/T, old and new path and blob (or None)."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass
class Git:
    """An open repository plus the ledger root's place in it, and caches shared by one run."""

    repo: Repo
    root: Path
    prefix: str  # the ledger root relative to the work tree top, "" or "sub/dir/"
    blobs: dict[str, bytes] = field(default_factory=dict)
    loaded: dict[tuple[str, str], object] = field(default_factory=dict)  # (path, blob) -> Loaded

    def run(self, *args: str) -> str:
        try:
            return self.repo.git.execute(["git", *args], strip_newline_in_stdout=False)  # type: ignore[call-overload]
        except GitCommandError as exc:
            raise GitProblem(f"git {args[0]} failed: {str(exc.stderr).strip() or exc}") from None

    def rel(self, path: str) -> str | None:
        """A work-tree path as a ledger path, or None when it lies outside the ledger root."""
        path = shown_path(path)  # a name that is not UTF-8: shown with escapes, refused (S020)
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    def read(self, shas: list[str]) -> dict[str, bytes]:
        """Blob contents by sha, through the one persistent `cat-file --batch` process."""
        for sha in shas:
            if sha not in self.blobs:
                self.blobs[sha] = self.repo.git.get_object_data(sha)[3]
        return {sha: self.blobs[sha] for sha in shas}

    def pathspecs(self) -> list[str]:
        return [f"{self.prefix}{top}" for top in TOPS]


@contextmanager
def open_git(root: Path) -> Iterator[Git]:
    """The repository holding the ledger root; closing it ends its `cat-file` process."""
    root = Path(root).resolve()
    try:
        repo = Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise GitProblem(f"{root} is not inside a Git repository") from None
    with repo:
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = root.relative_to(top).as_posix()
        yield Git(repo, root, "" if prefix == "." else prefix + "/")


def resolve(git: Git, rev_or_date: str) -> str:
    """A revision, or a date (or date and time): the last first-parent commit of HEAD by its end."""
    text = rev_or_date.strip()
    if not (_DATE.match(text) or _DATETIME.match(text)):
        text = revision(rev_or_date)
    if _DATE.match(text) or _DATETIME.match(text):
        try:  # 2026-11-31 must not be read as 2026-12-01, nor 0000-00-00 as "now"
            date.fromisoformat(text[:10])
        except ValueError:
            raise GitProblem(f"`{text}` is not a date on the calendar (YYYY-MM-DD)") from None
        end = f"{text} 23:59:59" if _DATE.match(text) else text.replace("T", " ")
        sha = git.run("rev-list", "--first-parent", "-1", f"--before={end}", "HEAD").strip()
        if not sha:
            raise GitProblem(f"no commit on or before {text}")
        return sha
    try:
        return git.repo.git.rev_parse("--verify", "--quiet", f"{text}^{{commit}}")
    except GitCommandError:
        raise GitProblem(f"unknown revision `{text}`") from None


def tree_entries(git: Git, sha: str) -> dict[str, str]:
    """`{ledger path: blob sha}` of a commit's ledger files, from one `ls-tree -r -z`."""
    out = git.run("ls-tree", "-r", "-z", "--full-tree", sha, "--", *git.pathspecs())
    entries = {}
    for record in out.split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split()
        rel = git.rel(path)
        if kind == "blob" and mode != "120000" and rel is not None and kind_of(rel):
            entries[rel] = blob
    return entries


def commit_of(root: Path, rev_or_date: str) -> tuple[str, str]:
    """(sha, commit time `YYYY-MM-DD HH:MM`) of the commit `--as-known-at` reads."""
    with open_git(root) as git:
        sha = resolve(git, rev_or_date)
        when = git.run("show", "-s", "--format=%cd", "--date=format:%Y-%m-%d %H:%M", sha).strip()
        return sha, when


_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s"


def log(git: Git, *args: str, pathspecs: list[str] | None = None) -> list[Commit]:
    """Commits with their raw changes from one `git log -z --raw` pass, newest first."""
    out = git.run(
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "-M",
        f"--format={_FORMAT}",
        *args,
        "--",
        *(pathspecs if pathspecs is not None else git.pathspecs()),
    )
    return [_commit(git, chunk) for chunk in out.split("\x1e") if chunk.strip("\0\n")]


def first_parent_range(git: Git, base: str, head: str = "HEAD") -> list[Commit]:
    """The commits of base..head along head's first parents, oldest first (merges: parent 1)."""
    commits = log(
        git, "--first-parent", "--diff-merges=first-parent", f"{base}..{head}", pathspecs=[]
    )
    return commits[::-1]


def _commit(git: Git, chunk: str) -> Commit:
    header, _, body = chunk.partition("\0")
    sha, parents, author, email, authored, committed, subject = header.split("\x1f", 6)
    tokens = body.lstrip("\n").split("\0")
    changes = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if not token.startswith(":"):
            i += 1
            continue
        _, _, old_blob, new_blob, status = token[1:].split(" ")
        two = status[0] in "RC"
        old_path = tokens[i + 1]
        new_path = tokens[i + 2] if two else old_path
        i += 3 if two else 2
        old_rel, new_rel = git.rel(old_path), git.rel(new_path)
        old_rel = old_rel if old_rel and kind_of(old_rel) and old_blob != _NULL_SHA else None
        new_rel = new_rel if new_rel and kind_of(new_rel) and new_blob != _NULL_SHA else None
        if old_rel or new_rel:
            changes.append(
                Change(
                    status[0],
                    old_rel,
                    new_rel,
                    old_blob if old_rel else None,
                    new_blob if new_rel else None,
                )
            )
    return Commit(
        sha, tuple(parents.split()), author, email, authored, committed, subject, tuple(changes)
    )


def apply(entries: dict[str, str], commit: Commit) -> dict[str, str]:
    """The parent's `{path: blob}` moved forward by a commit's changes."""
    after = dict(entries)
    for change in commit.changes:
        if change.old_path:
            after.pop(change.old_path, None)
    for change in commit.changes:
        if change.new_path and change.new_blob:
            after[change.new_path] = change.new_blob
    return after


def record_pathspecs(git: Git, ident: str) -> list[str]:
    """Pathspecs matching every file that can hold the record `ident`, wherever it moved."""
    specs = []
    for suffix in (".yaml", ".yml"):
        specs.append(f":(glob){git.prefix}ledger/**/{ident}{suffix}")
        specs.append(f":(glob){git.prefix}cases/{ident}{suffix}")
    return specs


def stem(path: str) -> str:
    return PurePosixPath(path).stem
