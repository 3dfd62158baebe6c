"""Report outputs kept while no ledger file, argument or line of code changes.

A report (`age`, `total`, …) is pure in the ledger's files and its arguments, so its output
is stored (as JSON, in the store's `memo` table) under a key over every file's content key
and the arguments; the ledger is only read when no output is stored under that key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .run import no_cache, through_store
from .store import Store


def cached_run(root: Path, name: str, args: tuple, compute: Callable[[Any], Any]) -> Any:
    """`compute(ledger)`, reused while the files and `args` are the same; JSON values only."""
    from ..gitio.run import locate

    where = None if no_cache() else locate(root)
    if where is None:
        return compute(_ledger(root, None))
    found = through_store(where[0], lambda store: _memo(root, where[1], store, name, args, compute))
    return compute(_ledger(root, None)) if found is None else found[0]


def _memo(
    root: Path, index: Path, store: Store, name: str, args: tuple, compute: Callable
) -> tuple:
    from .changes import working_tree

    keys = working_tree(root, index, None, []).keys
    digest = hashlib.blake2b(repr(args).encode(), digest_size=20)
    for path in sorted(keys):
        digest.update(f"{path}\0{keys[path]}\0".encode("utf-8", "surrogateescape"))
    key = digest.hexdigest()
    value = store.memo(name, key)
    if value is None:
        value = compute(_ledger(root, sorted(p for p, k in keys.items() if k is not None)))
        store.put_memo(name, key, value)
    return (value,)


def _ledger(root: Path, paths: list[str] | None) -> Any:
    from ..ledger import assemble
    from ..loader import discover, load_paths

    paths = discover(root) if paths is None else paths
    return assemble(root, paths, load_paths(root, paths))
