"""Groups: the files a group rule reads together, so a change re-checks its group alone.

A group rule (rules.registry) reads a record with the records it names or that name it: a
receivable with its debtor, the debtor's other receivables and the cases covering any of
them, plus the policy files. Linking each ledger file to the ids it defines and names (a
receivable: its id and debtor; a case: its id, debtor and receivables; a debtor: its id)
and taking the connected components gives groups closed under those reads. Files that
share an id (S012) are linked by it, so duplicates always meet in one group.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..loader import Loaded

Links = tuple[str, ...]
_DEBTOR_LINE = re.compile(rb"^debtor:[ \t]*[\"']?([^\s\"'#,\]}]+)", re.MULTILINE)


def is_policy(path: str) -> bool:
    return path.startswith("policies/")


def links_of(item: Loaded) -> Links:
    """The ids a ledger file defines or names; () for an invalid file, which stands alone."""
    from ..loader import CASE, DEBTOR, RECEIVABLE

    model = item.model
    if model is None:
        return ()
    if item.kind is RECEIVABLE:
        return (model.id, model.debtor)  # type: ignore[attr-defined]
    if item.kind is CASE:
        return (model.id, model.debtor, *model.receivables)  # type: ignore[attr-defined]
    if item.kind is DEBTOR:
        return (model.id,)  # type: ignore[attr-defined]
    return ()


def guess_links(path: str, data: bytes) -> Links:
    """The links a file will most likely have, from its name and its `debtor:` line (unparsed)."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("ledger/debtors/"):
        return (stem,)
    found = _DEBTOR_LINE.search(data)
    return (stem, found.group(1).decode("utf-8", "replace")) if found else (stem,)


def groups(links: Mapping[str, Links]) -> dict[str, str]:
    """`{path: anchor}` where the anchor, the group's first path, names the group."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        top = node
        while parent.get(top, top) != top:
            top = parent[top]
        while node != top:  # path compression keeps later finds short
            parent[node], node = top, parent[node]
        return top

    for path, ids in links.items():
        node = find("\0" + path)  # paths and ids live in one namespace: keep them apart
        for ident in ids:
            other = find(ident)
            if other != node:
                parent[other] = node
    anchor: dict[str, str] = {}
    for path in sorted(links):
        anchor.setdefault(find("\0" + path), path)
    return {path: anchor[find("\0" + path)] for path in links}


def members(anchor_of: Mapping[str, str]) -> dict[str, list[str]]:
    """`{anchor: [paths]}`, each list sorted: the inverse of `groups`."""
    out: dict[str, list[str]] = {}
    for path in sorted(anchor_of):
        out.setdefault(anchor_of[path], []).append(path)
    return out


def component(
    start: Iterable[str],
    links: Callable[[str], Iterable[str] | None],
    linking: Callable[[str], Iterable[str]],
) -> set[str]:
    """The paths in the groups of `start`: a walk from path to id (`links`) to path (`linking`).

    Reads only the groups walked, not the ledger: a check after an edit costs what it touches.
    """
    seen = set(start)
    seen_ids: set[str] = set()
    queue = list(seen)
    while queue:
        for ident in links(queue.pop()) or ():
            if ident not in seen_ids:
                seen_ids.add(ident)
                fresh = [p for p in linking(ident) if p not in seen]
                seen.update(fresh)
                queue.extend(fresh)
    return seen
