"""Split a ledger into groups that no rule looks across, so a change re-checks its group alone.

A rule reads a record together with the records it names or that name it: a receivable
with its debtor, the debtor's other receivables and the cases covering any of them; and
every rule may read the policy files. Linking each ledger file to the ids it defines and
names (a receivable: its id and debtor; a case: its id, debtor and receivables) and taking
the connected components gives groups closed under those reads. The findings located in a
group's files therefore depend on the group and the policies only, and any union of groups
checks like the whole ledger restricted to it (tests/test_partition.py holds us to that).

Files that share an id (S012) are linked by it, so duplicates always meet in one group.
Policy files belong to no group; the findings located in them are computed over the
policies and the receivables the targets assign (`assigned_ids`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import Loaded

Links = tuple[str, ...]


def is_policy(path: str) -> bool:
    return path.startswith("policies/")


def links_of(item: Loaded) -> Links:
    """The ids a ledger file defines or names; () for an invalid file, which stands alone."""
    from .loader import CASE, DEBTOR, RECEIVABLE
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


def assigned_ids(policies: Iterable[Loaded]) -> frozenset[str]:
    """Receivable ids the targets files assign to people (R004 checks they exist)."""
    from .loader import TARGETS
    found: set[str] = set()
    for item in policies:
        if item.kind is TARGETS and item.model is not None:
            for target in item.model.people.values():  # type: ignore[attr-defined]
                found.update(target.assigned)
    return frozenset(found)


def groups(links: Mapping[str, Links]) -> dict[str, str]:
    """`{path: anchor}` where the anchor, the group's first path, names the group."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while node != root:  # path compression keeps later finds short
            parent[node], node = root, parent[node]
        return root

    for path, ids in links.items():
        node = find("\0" + path)  # paths and ids live in one namespace: keep them apart
        for ident in ids:
            other = find(ident)
            if other != node:
                parent[other] = node
    anchor_of_root: dict[str, str] = {}
    for path in sorted(links):
        anchor_of_root.setdefault(find("\0" + path), path)
    return {path: anchor_of_root[find("\0" + path)] for path in links}


def members(anchor_of: Mapping[str, str]) -> dict[str, list[str]]:
    """`{anchor: [paths]}`, each list sorted: the inverse of `groups`."""
    out: dict[str, list[str]] = {}
    for path in sorted(anchor_of):
        out.setdefault(anchor_of[path], []).append(path)
    return out


def component(start: Iterable[str], links: Callable[[str], Links], linking: Callable[[str], Iterable[str]]
              ) -> set[str]:
    """The paths in the groups of `start`: a walk from path to id (`links`) to path (`linking`).

    Reads only the group, not the ledger: what lets a check after an edit cost what the
    edit touches.
    """
    seen = set(start)
    seen_ids: set[str] = set()
    queue = list(seen)
    while queue:
        for ident in links(queue.pop()):
            if ident not in seen_ids:
                seen_ids.add(ident)
                fresh = [p for p in linking(ident) if p not in seen]
                seen.update(fresh)
                queue.extend(fresh)
    return seen
