"""A cache of what reading and validating each file produced, keyed by the file's content.

Loading a file is pure (`loader.load_file`), so its `Loaded` result can be reused
while the file's bytes, its path and the code that reads it stay the same. Content
keys come from Git's blob ids where Git already knows them (one `git ls-files -s`
plus `git diff --name-only` for the modified ones), else from blake2b of the bytes.

Layout under `<root>/.qingqian/cache/<version>/`: 256 shard files, each a pickled
`{path: (content key, pickled entry)}`, written whole to a temporary file and moved
into place with `os.replace`, so concurrent runs never see half a shard; the last
writer wins and the loser's entries are simply computed again next time. Anything
that fails to unpickle or to validate is treated as missing: a cache can make a run
faster, never different. Whole-run results (a check's findings) are memoised the
same way under a key over every file's content key.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import TypeVar

from .loader import Loaded, kind_of, load_file

CACHE_DIR = ".qingqian/cache"
SHARDS = 256
POOL_THRESHOLD = 2000  # below this many files to parse, one process is faster than a pool
_SOURCES = ("source.py", "loader.py", "findings.py", "cache.py", "model")
T = TypeVar("T")
Packed = tuple  # (path, kind name, model, key_pos, findings): FileKind is restored on load


@functools.lru_cache(maxsize=1)
def version_key() -> str:
    """Package version plus a hash of the reading and model code: a code change empties the cache."""
    from . import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=10)
    base = Path(__file__).parent
    for name in _SOURCES:
        target = base / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def content_keys(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Each path's content key: Git's blob id when the file is tracked and unmodified, else blake2b."""
    wanted = list(paths)
    known = _git_blob_ids(root)
    keys = {}
    for path in wanted:
        blob = known.get(path)
        keys[path] = "g" + blob if blob else "b" + _hash_file(root / path)
    return keys


def _hash_file(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return "missing"


def _git_blob_ids(root: Path) -> dict[str, str]:
    """Blob ids of tracked files whose working copy matches the index; {} outside Git."""
    def git(*args: str) -> bytes | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False,
                                  env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    listing = git("ls-files", "-s", "-z", "--", "ledger", "cases", "policies")
    changed = git("diff", "--name-only", "--relative", "-z", "--", "ledger", "cases", "policies")
    if listing is None or changed is None:
        return {}
    dirty = set(changed.decode("utf-8", "surrogateescape").split("\0"))
    blobs: dict[str, str] = {}
    for record in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, blob, stage = meta.split(" ")
        if stage != "0" or not mode.startswith("100") or path in dirty:
            blobs.pop(path, None)  # conflicted, a symlink, or modified: hash the bytes instead
            dirty.add(path)
            continue
        blobs[path] = blob
    return blobs


def _shard_of(path: str) -> int:
    return hashlib.blake2b(path.encode(), digest_size=2).digest()[0]


def pack(item: Loaded) -> Packed:
    return (item.path, item.kind.name, item.model, item.key_pos, item.findings)


def unpack(packed: Packed) -> Loaded | None:
    """A Loaded from its packed form, or None when it does not hold together."""
    try:
        path, kind_name, model, key_pos, findings = packed
        kind = kind_of(path)
        if kind is None or kind.name != kind_name or not isinstance(findings, tuple) \
                or not isinstance(key_pos, dict) or not (model is None or isinstance(model, kind.model)):
            return None
        return Loaded(path, kind, model, key_pos, findings)
    except (TypeError, ValueError):
        return None


class FileCache:
    """Per-file Loaded results under one version directory of a ledger's cache."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = root
        self.version = version or version_key()
        self.base = root / CACHE_DIR / self.version
        self._shards: dict[int, dict[str, tuple[str, bytes]]] = {}

    def _shard(self, index: int) -> dict[str, tuple[str, bytes]]:
        if index not in self._shards:
            try:
                data = pickle.loads((self.base / f"{index:02x}.pickle").read_bytes())
                self._shards[index] = data if isinstance(data, dict) else {}
            except Exception:  # noqa: BLE001 - missing, truncated or foreign: start the shard afresh
                self._shards[index] = {}
        return self._shards[index]

    def get(self, path: str, key: str) -> Loaded | None:
        entry = self._shard(_shard_of(path)).get(path)
        if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            item = unpack(pickle.loads(entry[1]))
        except Exception:  # noqa: BLE001 - a corrupt entry is a miss
            return None
        if item is None or item.path != path:
            return None
        return item

    def put(self, results: dict[str, tuple[str, Loaded]], keys: dict[str, str],
            blobs: dict[str, bytes] | None = None) -> None:
        """Store new results and write each touched shard, dropping entries of stale or gone files.

        `blobs` holds results already pickled by the workers that computed them.
        """
        touched: dict[int, dict[str, tuple[str, bytes]]] = {}
        blobs = blobs or {}
        for path, (key, item) in results.items():
            index = _shard_of(path)
            shard = touched.setdefault(index, dict(self._shard(index)))
            blob = blobs.get(path) or pickle.dumps(pack(item), protocol=pickle.HIGHEST_PROTOCOL)
            shard[path] = (key, blob)
        if not touched:
            return
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            _prune_versions(self.base)
            for index, shard in touched.items():
                live = {p: e for p, e in shard.items() if keys.get(p) == e[0]}
                _write_atomic(self.base / f"{index:02x}.pickle",
                              pickle.dumps(live, protocol=pickle.HIGHEST_PROTOCOL))
                self._shards[index] = live
        except OSError:
            pass  # a read-only or full disk makes the run slower, not wrong


def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _prune_versions(current: Path) -> None:
    """Remove the directories of other code versions (their entries can never be used)."""
    import shutil

    for other in current.parent.iterdir():
        if other.is_dir() and other != current:
            shutil.rmtree(other, ignore_errors=True)


def _ignore_dir(root: Path) -> None:
    """Keep the cache out of Git even where the ledger's .gitignore does not list it."""
    marker = root / ".qingqian" / ".gitignore"
    if not marker.exists():
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("*\n", encoding="utf-8")
        except OSError:
            pass


def load_cached(root: Path, paths: list[str], keys: dict[str, str] | None = None) -> list[Loaded]:
    """Every path's Loaded, from the cache where its content key matches, else read afresh."""
    keys = content_keys(root, paths) if keys is None else keys
    cache = FileCache(root)
    found: dict[str, Loaded] = {}
    missing: list[str] = []
    for path in paths:
        item = cache.get(path, keys[path])
        if item is None:
            missing.append(path)
        else:
            found[path] = item
    blobs: dict[str, bytes] = {}
    fresh = load_paths(root, missing, blobs)
    if fresh:
        _ignore_dir(root)
        cache.put({p: (keys[p], item) for p, item in fresh.items()}, keys, blobs)
    found.update(fresh)
    return [found[p] for p in paths]


def cached_blobs(root: Path, entries: dict[str, str]) -> dict[str, Loaded]:
    """The cached results for `{path: Git blob id}` (the index, a commit), where there are any.

    Read-only: a history walk writing old versions would evict the working tree's entries.
    """
    if os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0"):
        return {}
    cache = FileCache(root)
    found = {}
    for path, blob in entries.items():
        item = cache.get(path, "g" + blob)
        if item is not None:
            found[path] = item
    return found


def load_paths(root: Path, paths: list[str], blobs: dict[str, bytes] | None = None
               ) -> dict[str, Loaded]:
    """Read and validate files, on every core when there are many.

    Workers return each result already pickled (the form the cache stores), so the parent,
    which is the serial part, unpickles once and never pickles; `blobs` receives them.
    """
    workers = os.cpu_count() or 1
    if len(paths) < POOL_THRESHOLD or workers < 2:
        return {p: load_file(p, _read(root / p), kind_of(p)) for p in paths}  # type: ignore[arg-type]
    from .loader import KINDS

    for kind in KINDS:  # build the deferred validators once, before forking the workers
        kind.model.model_rebuild(force=True)
    size = max(200, len(paths) // (workers * 8))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    out: dict[str, Loaded] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_load_chunk, [str(root)] * len(chunks), chunks):
            for path, blob in results:
                item = unpack(pickle.loads(blob))
                assert item is not None and item.path == path
                out[path] = item
                if blobs is not None:
                    blobs[path] = blob
    return out


def _load_chunk(root: str, paths: list[str]) -> list[tuple[str, bytes]]:
    base = Path(root)
    return [(p, pickle.dumps(pack(load_file(p, _read(base / p), kind_of(p))),  # type: ignore[arg-type]
                             protocol=pickle.HIGHEST_PROTOCOL)) for p in paths]


def _read(path: Path) -> bytes:
    return path.read_bytes()


def run_key(keys: dict[str, str], *parts: object) -> str:
    """One key over every file's content key and the run's arguments."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(keys):
        digest.update(f"{path}\0{keys[path]}\0".encode())
    for part in parts:
        digest.update(repr(part).encode() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of every module of the package: whole-run results depend on the rules too."""
    digest = hashlib.blake2b(version_key().encode(), digest_size=10)
    base = Path(__file__).parent
    for path in sorted(base.rglob("*.py")):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def with_ledger(root: Path, name: str, args: tuple, compute: Callable[[object], T]) -> T:
    """`compute(ledger)`, reused while no ledger file, argument or line of code has changed.

    For whole-ledger results that are pure in the files and the arguments (check findings,
    reports as of a date); the ledger itself is only loaded when the result is not stored.
    """
    from .loader import discover

    def build() -> T:
        from .ledger import assemble  # models and rules are imported only when not stored
        return compute(assemble(root, paths, load_cached(root, paths, keys)))

    paths = discover(root)
    keys = content_keys(root, paths)
    return memo_run(root, name, run_key(keys, code_key(), *args), build)


def cached_run(root: Path, name: str, args: tuple, compute: Callable[[object], T]) -> T:
    """`with_ledger`, or `compute(load(root, cache=False))` when QINGQIAN_NO_CACHE is set."""
    if os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0"):
        from .ledger import load
        return compute(load(root, cache=False))
    return with_ledger(root, name, args, compute)


def memo_run(root: Path, name: str, key: str, compute: Callable[[], T]) -> T:
    """A whole-run result (e.g. a check's findings) reused while nothing it depends on changed."""
    target = root / CACHE_DIR / version_key() / f"run-{name}.pickle"
    try:
        stored_key, value = pickle.loads(target.read_bytes())
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - missing or corrupt: compute
        pass
    value = compute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _ignore_dir(root)
        _write_atomic(target, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return value
