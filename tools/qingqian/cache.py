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
import gc
import hashlib
import os
import pickle
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .safefile import MAX_FILE_BYTES, Refused, marker, read_regular
from .timing import phase

if TYPE_CHECKING:  # imported when used: a check with nothing to read needs neither
    from concurrent.futures import Executor

    from .loader import Loaded

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


def content_keys(root: Path, paths: Iterable[str], listing: GitListing | None = None) -> dict[str, str]:
    """Each path's content key: Git's blob id when the file is tracked and unmodified, else blake2b.

    Unmodified means `git diff-files` does not name it: plumbing, which never rewrites the
    index (`git diff` may, and the index's signature must stay; see qingqian.worktree).
    """
    known = (listing or GitListing(root)).blob_ids()
    keys = {}
    for path in paths:
        blob = known.get(path)
        keys[path] = "g" + blob if blob else "b" + _hash_file(root / path)
    return keys


def _hash_file(path: Path) -> str:
    data = read_bytes(path)  # a link or a FIFO is never followed, not even to hash it
    return hashlib.blake2b(data, digest_size=20).hexdigest() if data else "missing"


class GitListing:
    """Blob ids of tracked files whose working copy matches the index; {} outside Git.

    The two `git` commands start when this is made and run on another core while the
    caller lists the folders; `blob_ids` waits for them.
    """

    listing: bytes | None = None  # `git ls-files -s -z` as read, once `blob_ids` has run

    def __init__(self, root: Path) -> None:
        scope = ("--", "ledger", "cases", "policies")
        self._runs = [self._start(root, "ls-files", "-s", "-z", *scope),
                      self._start(root, "diff-files", "--name-only", "--relative", "-z", *scope)]

    @staticmethod
    def _start(root: Path, *args: str) -> subprocess.Popen | None:
        try:
            return subprocess.Popen(["git", "-C", str(root), *args], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                    env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
        except OSError:
            return None

    def _output(self, run: subprocess.Popen | None) -> bytes | None:
        if run is None:
            return None
        try:
            out, _ = run.communicate(timeout=60)
        except subprocess.SubprocessError:
            run.kill()
            return None
        return out if run.returncode == 0 else None

    def blob_ids(self) -> dict[str, str]:
        listing, changed = (self._output(run) for run in self._runs)
        if listing is None or changed is None:
            return {}
        from .listing import RECORD

        self.listing = listing
        records = RECORD.findall(listing)
        dirty = set(changed.split(b"\0"))
        dirty.update(path for mode, _blob, stage, path in records if stage != b"0" or not mode.startswith(b"100"))
        blobs = {path.decode("utf-8", "surrogateescape"): blob.decode()
                 for _mode, blob, _stage, path in records if path not in dirty}
        return blobs


def _shard_of(path: str) -> int:
    return hashlib.blake2b(path.encode(), digest_size=2).digest()[0]


def pack(item: Loaded) -> Packed:
    return (item.path, item.kind.name, item.model, item.key_pos, item.findings)


def unpack(packed: Packed) -> Loaded | None:
    """A Loaded from its packed form, or None when it does not hold together."""
    from .loader import Loaded, kind_of

    try:
        path, kind_name, model, key_pos, findings = packed
        kind = kind_of(path)
        if kind is None or kind.name != kind_name or not isinstance(findings, tuple) \
                or not isinstance(key_pos, dict) or not (model is None or isinstance(model, kind.model)):
            return None
        return Loaded(path, kind, model, key_pos, findings)
    except (TypeError, ValueError):
        return None


Entry = tuple  # (pickled packed Loaded, links): what a shard keeps per path besides its key


class FileCache:
    """Per-file results under one version directory of a ledger's cache.

    Each entry keeps the file's Loaded pickled, plus its links (partition.links_of), so a
    check can group files and hand them to workers without unpickling a single model.
    """

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = root
        self.version = version or version_key()
        self.base = root / CACHE_DIR / self.version
        self._shards: dict[int, dict[str, tuple]] = {}

    def _shard(self, index: int) -> dict[str, tuple]:
        if index not in self._shards:
            try:
                data = pickle.loads((self.base / f"{index:02x}.pickle").read_bytes())
                self._shards[index] = data if isinstance(data, dict) else {}
            except Exception:  # noqa: BLE001 - missing, truncated or foreign: start the shard afresh
                self._shards[index] = {}
        return self._shards[index]

    def entry(self, path: str, key: str) -> Entry | None:
        """The stored (blob, links) for this content, unchecked beyond its shape."""
        entry = self._shard(_shard_of(path)).get(path)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != key \
                or not isinstance(entry[1], bytes) or not isinstance(entry[2], tuple):
            return None
        return entry[1], entry[2]

    def get(self, path: str, key: str) -> Loaded | None:
        entry = self.entry(path, key)
        return None if entry is None else loaded_of(path, entry[0])

    def put(self, results: dict[str, tuple[str, bytes, tuple]], keys: dict[str, str] | None = None) -> None:
        """Store `{path: (key, blob, links)}` and write each touched shard.

        With `keys`, every file's current content key, entries of stale or gone files are dropped.
        """
        touched: dict[int, dict[str, tuple]] = {}
        for path, entry in results.items():
            index = _shard_of(path)
            touched.setdefault(index, dict(self._shard(index)))[path] = entry
        if not touched:
            return
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            _ignore_dir(self.root)
            _prune_versions(self.base)
            for index, shard in touched.items():
                live = shard if keys is None else {p: e for p, e in shard.items() if keys.get(p) == e[0]}
                _write_atomic(self.base / f"{index:02x}.pickle",
                              pickle.dumps(live, protocol=pickle.HIGHEST_PROTOCOL))
                self._shards[index] = live
        except OSError:
            pass  # a read-only or full disk makes the run slower, not wrong


@contextmanager
def bulk() -> Iterator[None]:
    """Cyclic garbage collection paused while many small objects are made (a batch of models).

    Nothing a file's model holds forms a cycle, so reference counting frees it; the
    collector's passes over a growing heap only cost time (about a fifth of a worker's).
    Whatever cycles do form (an exception's frames) wait for the collector's next pass.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def blob_of(item: Loaded) -> bytes:
    return pickle.dumps(pack(item), protocol=pickle.HIGHEST_PROTOCOL)


def loaded_of(path: str, blob: bytes) -> Loaded | None:
    """The Loaded a blob holds, or None when it is corrupt or belongs to another file."""
    try:
        item = unpack(pickle.loads(blob))
    except Exception:  # noqa: BLE001 - a corrupt entry is a miss
        return None
    return item if item is not None and item.path == path else None


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


Reader = Callable[[list[str]], dict[str, bytes]]  # paths -> bytes (the index, a commit)


def entries(root: Path, keys: dict[str, str], read: Reader | None = None,
            pool: Executor | None = None, store: bool = True, whole: bool = False) -> dict[str, Entry]:
    """Every path's (blob, links): from the cache where its content key matches, else parsed.

    Parsing runs on every core when many files miss (in `pool`, or one made here); new
    results are stored unless `store` is false. `read` supplies content not on disk.
    `whole` says `keys` lists every file of the ledger, so entries of others can go.
    """
    cache = FileCache(root)
    found: dict[str, Entry] = {}
    missing: list[str] = []
    for path in keys:
        entry = cache.entry(path, keys[path]) if store else None
        if entry is None:
            missing.append(path)
        else:
            found[path] = entry
    with phase(f"parse {len(missing)} files"):
        fresh = parse(root, missing, read, pool)
    if fresh and store:
        with phase("write file cache"):
            cache.put({p: (keys[p], *entry) for p, entry in fresh.items()}, keys if whole else None)
    found.update(fresh)
    return found


def load_cached(root: Path, paths: list[str], keys: dict[str, str] | None = None) -> list[Loaded]:
    """Every path's Loaded, from the cache where its content key matches, else read afresh."""
    keys = content_keys(root, paths) if keys is None else keys
    found = entries(root, {p: keys[p] for p in paths}, whole=True)
    with bulk():
        return [item for item, _links in checked_out(root, found, keys).values()]


def checked_out(root: Path, found: dict[str, Entry], keys: dict[str, str],
                read: Reader | None = None) -> dict[str, tuple[Loaded, tuple]]:
    """`{path: (Loaded, links)}` of entries, re-reading (and re-storing) any that is corrupt.

    A blob that does not unpickle, belongs to another file or disagrees with its stored
    links is never trusted: the file is read and validated again.
    """
    from .partition import links_of

    out: dict[str, tuple[Loaded, tuple]] = {}
    bad = []
    for path, (blob, links) in found.items():
        item = loaded_of(path, blob)
        if item is None or links_of(item) != links:
            bad.append(path)
        else:
            out[path] = (item, links)
    if bad:
        fresh = parse(root, bad, read)
        FileCache(root).put({p: (keys[p], *fresh[p]) for p in bad}, keys)
        for path in bad:
            out[path] = (loaded_of(path, fresh[path][0]), fresh[path][1])  # type: ignore[assignment]
    return out


def cached_blobs(root: Path, entries_: dict[str, str]) -> dict[str, Loaded]:
    """The cached results for `{path: Git blob id}` (the index, a commit), where there are any.

    Read-only: a history walk writing old versions would evict the working tree's entries.
    """
    if os.environ.get("QINGQIAN_NO_CACHE", "") not in ("", "0"):
        return {}
    cache = FileCache(root)
    found = {}
    for path, blob in entries_.items():
        item = cache.get(path, "g" + blob)
        if item is not None:
            found[path] = item
    return found


def load_paths(root: Path, paths: list[str]) -> dict[str, Loaded]:
    """Read and validate files afresh, on every core when there are many."""
    return {p: loaded_of(p, blob) for p, (blob, _links) in parse(root, paths).items()}  # type: ignore[misc]


def worker_pool() -> Executor:
    """A pool of one process per core, forked once the models are built (they are then shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .loader import build_validators

    build_validators()  # once, before forking the workers
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                               mp_context=multiprocessing.get_context(method))


def parse(root: Path, paths: list[str], read: Reader | None = None,
          pool: Executor | None = None) -> dict[str, Entry]:
    """`{path: (blob, links)}` of files read and validated afresh, on every core when many.

    Workers return each result already pickled (the form the cache stores), so the parent,
    the serial part, neither pickles nor unpickles a model.
    """
    data = read(paths) if read is not None and paths else {}
    items = [(p, data.get(p)) for p in paths]
    workers = os.cpu_count() or 1
    if len(paths) < POOL_THRESHOLD or workers < 2:
        return {p: entry for p, *entry in _parse_chunk(str(root), items)}
    size = max(200, len(items) // (workers * 8))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    own = pool is None
    pool = pool or worker_pool()
    try:
        out: dict[str, Entry] = {}
        for results in pool.map(_parse_chunk, [str(root)] * len(chunks), chunks):
            for path, blob, links in results:
                out[path] = (blob, links)
        return out
    finally:
        if own:
            pool.shutdown()


def _parse_chunk(root: str, items: list[tuple[str, bytes | None]]) -> list[tuple[str, bytes, tuple]]:
    from .loader import kind_of, load_file
    from .partition import links_of

    base = Path(root)
    out = []
    with bulk():
        for path, data in items:
            item = load_file(path, data if data is not None else _read(base / path), kind_of(path))  # type: ignore[arg-type]
            out.append((path, blob_of(item), links_of(item)))
    return out


def read_bytes(path: Path | str) -> bytes:
    """A ledger file's bytes; b"" when it is gone since it was listed (then S003, never a
    traceback); a refusal marker (safefile) for a link, a device, a FIFO or a file above
    the size limit, which the loader reports as S019 or S006 without reading it."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except Refused as refused:
        return marker(refused)
    except OSError:
        return b""


_read = read_bytes
READ_THREADS = 4  # more lose to the GIL when the files are in the page cache


def read_many(root: Path, paths: list[str]) -> dict[str, bytes]:
    """Many files' bytes, read by a few threads: a file not in the page cache waits on the
    disk, and the threads overlap those waits (reading releases the GIL)."""
    if len(paths) < 1000:
        return {p: read_bytes(root / p) for p in paths}
    from concurrent.futures import ThreadPoolExecutor

    base = str(root) + os.sep
    step = max(1, len(paths) // (READ_THREADS * 8))
    chunks = [paths[i:i + step] for i in range(0, len(paths), step)]
    out: dict[str, bytes] = {}
    with ThreadPoolExecutor(READ_THREADS) as pool:
        for chunk, datas in zip(chunks, pool.map(lambda c: [read_bytes(base + p) for p in c], chunks)):
            out.update(zip(chunk, datas))
    return out


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
