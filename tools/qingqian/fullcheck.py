"""A check of the whole ledger in one pass on every core: each worker reads, validates and checks.

Groups (qingqian.partition) are known only once files are read, yet splitting the work
in two passes (read everything, then check by group) costs a second trip of every model
between processes, which is as slow as reading it. So the groups are first *guessed*
from each unread file's bytes (its `debtor:` line; a debtor file is its own), workers
read, validate and check whole guessed groups in one go, and the parent then computes
the true groups from what the files really link. A true group whose files went to more
than one worker, or that holds a corrupt cache entry, is checked again in the parent:
a wrong guess costs time, never a finding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from . import cache as file_cache
from .checkstate import Row
from .loader import Loaded, load_file, kind_of
from .partition import groups, is_policy, links_of, members
from .progress import each
from .timing import phase

BATCHES_PER_WORKER = 8
_DEBTOR_LINE = re.compile(rb"^debtor:[ \t]*[\"']?([^\s\"'#,\]}]+)", re.MULTILINE)

Job = list[tuple[str, bytes | None, tuple | None, bytes | None]]  # path, cached blob, links, content


def guess_links(path: str, data: bytes) -> tuple[str, ...]:
    """The links a file will most likely have, from its name and its `debtor:` line."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("ledger/debtors/"):
        return (stem,)
    found = _DEBTOR_LINE.search(data)
    return (stem, found.group(1).decode("utf-8", "replace")) if found else (stem,)


PROGRESS_FROM = 2_000  # files to read before a bar is worth drawing


def check_all(root: Path, as_of: date, keys: dict[str, str], read: file_cache.Reader | None,
              store: bool, policy: list[Loaded]) -> tuple[list[Row], dict[str, tuple]]:
    """Findings located in ledger (non-policy) files, and every such file's true links.

    `policy` holds the policy files, already read. New results go into the file cache.
    """
    cache = file_cache.FileCache(root)
    ledger_keys = {p: k for p, k in keys.items() if not is_policy(p)}
    hits = {p: e for p in ledger_keys if store and (e := cache.entry(p, ledger_keys[p])) is not None}
    misses = [p for p in ledger_keys if p not in hits]
    many = len(misses) + len(hits) // 4 >= file_cache.POOL_THRESHOLD and (os.cpu_count() or 1) > 1
    with (file_cache.worker_pool() if many else nullcontext()) as pool:
        with phase(f"guess the groups of {len(misses)} files"):
            content = read(misses) if read is not None and misses else {}
            guessed = {p: guess_links(p, content[p]) for p in misses} if content else \
                _scan(root, misses, pool)
        links = {**{p: e[1] for p, e in hits.items()}, **guessed}
        batches = _batches(members(groups(links)), pool)
        policy_blobs = [(item.path, file_cache.blob_of(item)) for item in policy]
        jobs: list[Job] = [[(p, *(hits[p] if p in hits else (None, None)), content.get(p))
                            for p in batch] for batch in batches]
        with phase(f"read, validate, check {len(jobs)} batches"):
            outcomes = each(_map(pool, _check_job, [(str(root), as_of, policy_blobs, job)
                                                    for job in jobs]), len(jobs) if len(misses) >
                            PROGRESS_FROM else 0, "check")
            rows, fresh, bad, batch_of = [], {}, set(), {}
            for number, (job_rows, job_fresh, job_bad) in enumerate(outcomes):
                rows.extend(job_rows)
                fresh.update(job_fresh)
                bad.update(job_bad)
                batch_of.update((p, number) for p, *_ in jobs[number])
    if fresh and store:
        with phase("write file cache"):
            cache.put({p: (keys[p], *entry) for p, entry in fresh.items()}, keys)
    true_links = {p: (fresh[p][1] if p in fresh else hits[p][1]) for p in ledger_keys if p not in bad}
    with phase("verify groups"):
        redo = _misplaced(true_links, bad, batch_of)
    if redo:
        rows = _redo(root, as_of, keys, read, policy, hits, fresh, redo, rows, true_links)
    return rows, true_links


def _scan(root: Path, paths: list[str], pool) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """Guessed links of files on disk, read by the workers (the parent does no file I/O)."""
    if pool is None:
        return _scan_chunk(str(root), paths)
    size = max(1000, len(paths) // ((os.cpu_count() or 1) * 2))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    out: dict[str, tuple] = {}
    for part in pool.map(_scan_chunk, [str(root)] * len(chunks), chunks):
        out.update(part)
    return out


def _scan_chunk(root: str, paths: list[str]) -> dict[str, tuple]:
    data = file_cache.read_many(Path(root), paths)
    return {p: guess_links(p, data[p]) for p in paths}


def _batches(by_anchor: dict[str, list[str]], pool) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Whole groups packed into batches of about equal size, a few per worker."""
    total = sum(len(paths) for paths in by_anchor.values())
    workers = (os.cpu_count() or 1) if pool is not None else 1
    size = max(1, total // (workers * BATCHES_PER_WORKER)) if pool is not None else total or 1
    batches: list[list[str]] = [[]]
    for anchor in sorted(by_anchor):
        if len(batches[-1]) >= size:
            batches.append([])
        batches[-1].extend(by_anchor[anchor])
    return [b for b in batches if b]


def _map(pool, function, argument_lists: list[tuple]) -> Iterable:  # type: ignore[no-untyped-def]
    if pool is None:
        return (function(*args) for args in argument_lists)
    return pool.map(function, *zip(*argument_lists)) if argument_lists else ()


def _check_job(root: str, as_of: date, policy_blobs: list[tuple[str, bytes]], job: Job
               ) -> tuple[list[Row], dict[str, tuple[bytes, tuple]], list[str]]:
    """In a worker: read or unpickle a batch's files, then check them with the policies.

    Returns the findings located in the batch's files, the entries of the files read
    (for the cache) and the paths whose cache entry proved corrupt.
    """
    with file_cache.bulk():
        return _check_items(Path(root), as_of, policy_blobs, job)


def _check_items(base: Path, as_of: date, policy_blobs: list[tuple[str, bytes]], job: Job
                 ) -> tuple[list[Row], dict[str, tuple[bytes, tuple]], list[str]]:
    from .check import group_rows

    policy = [file_cache.loaded_of(p, blob) for p, blob in policy_blobs]
    items: list[Loaded] = []
    fresh: dict[str, tuple[bytes, tuple]] = {}
    bad: list[str] = []
    for path, blob, links, data in job:
        if blob is not None:
            item = file_cache.loaded_of(path, blob)
            if item is None or links_of(item) != links:
                bad.append(path)
                continue
        else:
            if data is None:
                data = file_cache.read_bytes(base / path)
            item = load_file(path, data, kind_of(path))  # type: ignore[arg-type]
            fresh[path] = (file_cache.blob_of(item), links_of(item))
        items.append(item)
    return group_rows(base, as_of, policy, items), fresh, bad  # type: ignore[arg-type]


def _misplaced(links: dict[str, tuple], bad: set[str], batch_of: dict[str, int]) -> dict[str, list[str]]:
    """True groups that were split across batches or hold a corrupt entry: {anchor: paths}."""
    by_anchor = members(groups({**links, **{p: () for p in bad}}))  # bad: linked once read again
    return {anchor: paths for anchor, paths in by_anchor.items()
            if len({batch_of[p] for p in paths}) > 1 or any(p in bad for p in paths)}


def _redo(root: Path, as_of: date, keys: dict[str, str], read: file_cache.Reader | None,
          policy: list[Loaded], hits: dict, fresh: dict, redo: dict[str, list[str]], rows: list[Row],
          true_links: dict[str, tuple]) -> list[Row]:
    """Check the misplaced groups again in this process and swap in their findings."""
    from .check import group_rows

    paths = {p for group in redo.values() for p in group}
    with phase(f"recheck {len(paths)} misplaced"):
        found = {p: (fresh[p] if p in fresh else hits[p]) for p in paths}
        items = file_cache.checked_out(root, found, keys, read)
        true_links.update({p: items[p][1] for p in paths})
        anchor_of = groups(true_links)  # a corrupt entry, once read, may link into other groups
        wanted = {anchor_of[p] for p in paths}
        closure = {p for p, anchor in anchor_of.items() if anchor in wanted}
        more = {p: (fresh[p] if p in fresh else hits[p]) for p in closure - paths}
        items.update(file_cache.checked_out(root, more, keys, read))
        new_rows = group_rows(root, as_of, policy, [items[p][0] for p in sorted(items)])
    return [r for r in rows if r[0] not in closure] + new_rows
