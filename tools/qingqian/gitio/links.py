"""Symbolic links committed or staged under the ledger folders (Git mode 120000) as findings.

The checks that read Git (`check --since`, `check --staged`) list trees and the index
by mode and used to pass over links without a word, so a link to the environment file
could be committed unseen. Each one is now an S019 finding at its path; its target is
never read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..loader import kind_of

LINK_MODE = "120000"
_UNDER = ("ledger/", "cases/", "policies/")
MESSAGE = ("以符号链接提交，未读取 / committed as a symbolic link (mode 120000): links are never "
           "followed")


def link_findings(records: Iterable[str], rel: Callable[[str], str | None] = lambda p: p
                  ) -> list[Finding]:
    """S019 for every `ls-tree` or `ls-files -s` record (`mode … \\tpath`) of a ledger-file link."""
    found = []
    for record in records:
        meta, _, path = record.partition("\t")
        if not meta.startswith(LINK_MODE + " "):
            continue
        where = rel(path)
        if where is not None and (kind_of(where) or where.startswith(_UNDER)):  # a folder too
            found.append(Finding(where, 1, 1, "S019", MESSAGE, name="not-a-regular-file",
                                 hint="commit the file itself"))
    return found


def tree_links(git, sha: str) -> list[Finding]:  # type: ignore[no-untyped-def]
    """The link findings of a commit's tree (gitio.repo.Git)."""
    out = git.run("ls-tree", "-r", "-z", "--full-tree", sha, "--", *git.pathspecs())
    return link_findings(out.split("\0"), git.rel)


def index_links(listing: bytes) -> list[Finding]:
    """The link findings of an `ls-files -s -z` listing (paths already ledger-relative)."""
    if (LINK_MODE + " ").encode() not in listing:
        return []
    return link_findings(listing.decode("utf-8", "surrogateescape").split("\0"))
