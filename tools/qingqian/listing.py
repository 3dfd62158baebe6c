"""The Git index as `git ls-files -s -z` lists it: read whole, or only where it changed.

A staged check runs on every commit. Making 100,000 records into a dict and comparing it
with the stored keys costs a third of a second, so the check state keeps the listing its
keys were taken from (qingqian.checkstate), and a staged check looks up only the files
whose records differ from it, plus the few whose stored keys were not the index's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .loader import is_ledger_file

RECORD = re.compile(rb"(\d+) ([0-9a-f]+) (\d)\t([^\0]*)\0")  # mode, object, stage, path
_REGULAR = ("100644", "100755")
LOOKUP_LIMIT = 200  # more files to look up than this: read the listing whole instead


def entries(listing: bytes) -> dict[str, str]:
    """`{ledger path: blob sha}` of the staged ledger files.

    Records are cut at fixed offsets (`%06o %s %d\\t%s`), five times faster than a regular
    expression over 100,000 records; regular files only, and a conflicted path (stages 1-3,
    no staged content yet) by "ours" (2).
    """
    records = listing.decode("utf-8", "surrogateescape").split("\0")[:-1]
    if not records:
        return {}
    width = records[0].find(" ", 7) - 7  # of the object name: SHA-1 or SHA-256
    cut = width + 10
    return {path: r[7:7 + width] for r in records
            if r[cut - 2] in "02" and r[:6] in _REGULAR and is_ledger_file(path := r[cut:])}


def entries_by_pattern(listing: bytes) -> dict[str, str]:
    """`entries` by a regular expression per record: the reference the tests hold it to."""
    staged = {path.decode("utf-8", "surrogateescape"): blob.decode()
              for mode, blob, stage, path in RECORD.findall(listing)
              if stage in b"02" and mode in (b"100644", b"100755")}
    return {path: blob for path, blob in staged.items() if is_ledger_file(path)}


def ledger_paths(listing: bytes) -> list[str]:
    """Every ledger file the listing names, whatever its mode or stage."""
    paths = (r.partition("\t")[2] for r in listing.decode("utf-8", "surrogateescape").split("\0"))
    return [p for p in paths if p and is_ledger_file(p)]


def changed_entries(old: bytes, new: bytes, also: Iterable[str]) -> dict[str, str | None] | None:
    """`{path: blob sha, or None when not staged}` in `new` of every ledger file whose
    records differ between the listings, and of the files `also` names.

    None when there are too many to look up one by one (read `entries(new)` whole).
    """
    old_part, new_part = _differing_parts(old, new)
    differing = set(old_part.split(b"\0")).symmetric_difference(new_part.split(b"\0"))
    paths = {r.partition(b"\t")[2].decode("utf-8", "surrogateescape") for r in differing}
    paths = {p for p in paths if p and is_ledger_file(p)}
    paths.update(also)
    if len(paths) > LOOKUP_LIMIT:
        return None
    return {path: entry_of(new, path) for path in sorted(paths)}


def _differing_parts(old: bytes, new: bytes, step: int = 1 << 16) -> tuple[bytes, bytes]:
    """The whole records between the longest common head and tail of two listings.

    Compared a block at a time (each comparison a memcmp), so two listings of 10 MB that
    differ in a record or two are told apart in milliseconds, not by splitting both.
    """
    size = min(len(old), len(new))
    head = 0
    while head < size and old[head:head + step] == new[head:head + step]:
        head += step
    head = min(head, size)
    head = old.rfind(b"\0", 0, head) + 1  # back to a record's start (identical up to here)
    tail = 0
    room = size - head  # the tail may not reach into the head
    while tail + step <= room and \
            old[len(old) - tail - step:len(old) - tail] == new[len(new) - tail - step:len(new) - tail]:
        tail += step
    old_end, new_end = len(old) - tail, len(new) - tail
    if tail:  # forward to a record's end, found in the text both share after their ends
        shift = old.find(b"\0", old_end) + 1 - old_end
        old_end, new_end = old_end + shift, new_end + shift
    return old[head:old_end], new[head:new_end]


def entry_of(listing: bytes, path: str) -> str | None:
    """The blob sha `entries(listing)` would give the path, found by searching the bytes."""
    needle = b"\t" + path.encode("utf-8", "surrogateescape") + b"\0"
    found = None
    at = listing.find(needle)
    while at >= 0:  # a conflicted path has a record per stage, one after another
        start = listing.rfind(b"\0", 0, at) + 1
        mode, _, rest = listing[start:at].partition(b" ")
        sha, _, stage = rest.partition(b" ")
        if mode.decode("ascii", "replace") in _REGULAR and stage in (b"0", b"2") and is_ledger_file(path):
            found = sha.decode("ascii")
        at = listing.find(needle, at + 1)
    return found
