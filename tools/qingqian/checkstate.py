"""What the last check saw and found, so the next one reads and rewrites only what changed.

Kept under `.qingqian/cache/<version>/check/`: a small head, four maps split into shards by
a hash of their keys (each file's content key, its findings, its links, and the files that
link each id), the text of every finding as `check` prints it, and the Git index listing
the content keys were taken from (qingqian.listing). A run reads the head,
then only the shards it needs, and writes back only the shards it changed: a check after
one edit in a 100,000-file ledger reads and writes a few hundred kilobytes, plus the text
it prints.

Shard and text files are named by the CRC-32 of their content and never rewritten; the
head, written last with os.replace, names the files of the state it describes. So a run
sees one state whole whatever other runs do meanwhile, and a torn, damaged or missing
file is caught by its CRC or its absence (`Broken`): the check then runs in full. Files
no head names are removed once a minute old (a run still writing its own is not robbed).

Everything is stored with marshal (str, int, tuple, list, dict, frozenset only): several
times faster than pickle both ways. The CRC is checked before marshal reads a byte, as
marshal is not meant for damaged input.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cache import CACHE_DIR, _ignore_dir, _write_atomic, bulk, version_key
from .render.text import splice

Row = tuple  # Finding's fields in order: path, line, col, rule, message, severity, name, hint
FORMAT = 7
_MAGIC = b"QQC5"
TEXT_PATCH_LIMIT = 1 << 20  # bytes of mended text kept beside the text before it is rewritten whole
MAPS = ("keys", "rows", "links", "ids")
GRACE_SECONDS = 60  # unnamed files younger than this may belong to a run still saving


class Broken(Exception):
    """A stored file is missing, damaged or foreign: the state cannot be used."""


def folder(root: Path) -> Path:
    return root / CACHE_DIR / version_key() / "check"


def shard_count(files: int) -> int:
    """About a thousand files per shard, 16 to 1024 shards: few reads after an edit, few writes in full."""
    count = 16
    while count < 1024 and count * 1000 < files:
        count *= 2
    return count


def _encode(value: object) -> bytes:
    payload = marshal.dumps(value)
    return _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def _decode(data: bytes, magic: bytes = _MAGIC) -> memoryview:
    """The payload behind a valid header and CRC; Broken otherwise."""
    payload = memoryview(data)[8:]
    if data[:4] != magic or int.from_bytes(data[4:8], "big") != zlib.crc32(payload):
        raise Broken("not a check state file, or damaged")
    return payload


def _read(base: Path, name: str, magic: bytes = _MAGIC) -> memoryview:
    try:
        return _decode((base / name).read_bytes(), magic)
    except OSError as exc:
        raise Broken(str(exc)) from None


def _write_named(base: Path, prefix: str, data: bytes) -> str:
    """Store `data` under a name made of its CRC (already there: nothing to write)."""
    name = f"{prefix}-{int.from_bytes(data[4:8], 'big'):08x}-{len(data):x}.bin"
    if not (base / name).exists():
        _write_atomic(base / name, data)
    return name


class StoredBytes:
    """Bytes kept whole in a file named by their CRC-32 and length (no header: read, not copied)."""

    def __init__(self, base: Path, prefix: str, name: str | None) -> None:
        self.base, self.prefix, self.name = base, prefix, name
        self._value: bytes | None = None
        self.changed = False

    @property
    def value(self) -> bytes | None:
        if self._value is None and self.name is not None:
            try:
                data = (self.base / self.name).read_bytes()
            except OSError as exc:
                raise Broken(str(exc)) from None
            if self.name != self._name_of(data):
                raise Broken(f"{self.name} is damaged")
            self._value = data
        return self._value

    @value.setter
    def value(self, data: bytes | None) -> None:
        self._value, self.name, self.changed = data, None, True

    def _name_of(self, data: bytes) -> str:
        return f"{self.prefix}-{zlib.crc32(data):08x}-{len(data):x}.bin"

    def save(self) -> str | None:
        if self.changed:
            data = self._value
            self.name = None if data is None else self._name_of(data)
            if data is not None and not (self.base / self.name).exists():  # type: ignore[operator]
                _write_atomic(self.base / self.name, data)  # type: ignore[operator]
            self.changed = False
        return self.name


class ShardedMap:
    """A dict split into shards by a hash of its keys; a shard is read on first use."""

    def __init__(self, base: Path, kind: str, names: list[str | None]) -> None:
        self.base, self.kind, self.names = base, kind, list(names)
        self._shards: dict[int, dict] = {}
        self._dirty: set[int] = set()

    @classmethod
    def build(cls, base: Path, kind: str, data: dict, count: int) -> ShardedMap:
        made = cls(base, kind, [None] * count)
        for index in range(count):
            made._shards[index] = {}
        for key, value in data.items():
            made._shards[made._index(key)][key] = value
        made._dirty = set(range(count))
        return made

    def _index(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogateescape")) % len(self.names)

    def _shard(self, index: int) -> dict:
        shard = self._shards.get(index)
        if shard is None:
            name = self.names[index]
            if name is None:
                shard = {}
            else:
                with bulk():
                    shard = marshal.loads(_read(self.base, name))
                if not isinstance(shard, dict):
                    raise Broken(f"{name} holds no map")
            self._shards[index] = shard
        return shard

    def get(self, key: str, default: object = None) -> object:
        return self._shard(self._index(key)).get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._shard(self._index(key))

    def set(self, key: str, value: object) -> None:
        index = self._index(key)
        self._shard(index)[key] = value
        self._dirty.add(index)

    def pop(self, key: str) -> None:
        index = self._index(key)
        if self._shard(index).pop(key, None) is not None:
            self._dirty.add(index)

    def items(self) -> Iterator[tuple[str, object]]:
        """Every item, reading every shard (a full listing: for a rendering that needs all)."""
        for index in range(len(self.names)):
            yield from self._shard(index).items()

    def save(self) -> list[str | None]:
        for index in sorted(self._dirty):
            shard = self._shards[index]
            self.names[index] = _write_named(self.base, f"{self.kind}{index:03x}", _encode(shard)) \
                if shard else None
        self._dirty.clear()
        return self.names


@dataclass
class CheckState:
    """What a check saw (content keys, links) and found (findings, and their text)."""

    base: Path
    code: str
    as_of: date
    policies: dict[str, str]  # policy path -> content key
    assigned: frozenset[str]  # receivable ids the targets assign
    hashed: dict[str, str]  # files keyed by a hash of their bytes, not Git's blob id: rehashed each run
    files: int  # how many files `keys` holds
    errors: int
    warnings: int
    keys: ShardedMap  # every file (policies too) -> content key
    rows: ShardedMap  # file -> its findings, sorted
    links: ShardedMap  # ledger file -> the ids it defines or names (qingqian.partition)
    ids: ShardedMap  # id -> the files that link it
    # Every finding as printed (render.text), kept as a text and the blocks of the files
    # re-checked since (`text_patch`), spliced in when printed: an edit never rewrites it whole.
    text_base: StoredBytes
    text_patch: dict[str, bytes]
    # The index listing the keys were taken from: every key Git's ("g…") is the listed blob,
    # every other key is in `hashed`, and a listed file with no key is in `gone`.
    listing_kept: StoredBytes
    gone: set[str] = field(default_factory=set)
    index: tuple | None = None  # Git's index file as `keys` were taken (qingqian.worktree)

    def usable_for(self, code: str, as_of: date) -> bool:
        return self.code == code and self.as_of == as_of

    @property
    def text(self) -> bytes | None:
        """Every finding as `check` prints it (render.text), or None when not kept."""
        base = self.text_base.value
        if base is not None and self.text_patch:
            base = splice(base, self.text_patch)
        return base

    @text.setter
    def text(self, value: bytes | None) -> None:
        self.text_base.value, self.text_patch = value, {}

    def mend_text(self, blocks: dict[str, bytes | None]) -> None:
        """Replace the printed lines of these files (a None block: the text can no longer be kept)."""
        if self.text_base.name is None and self.text_base.value is None:
            return
        if any(block is None for block in blocks.values()):
            self.text = None
        else:
            self.text_patch.update(blocks)  # type: ignore[arg-type]

    @property
    def listing(self) -> bytes | None:
        """The `git ls-files -s -z` output the keys were taken from, if kept."""
        return self.listing_kept.value

    def keep_listing(self, listing: bytes | None, gone: set[str]) -> None:
        self.listing_kept.value, self.gone = listing, gone

    def all_rows(self) -> list[Row]:
        """Every finding, sorted (reads every shard of findings)."""
        out: list[Row] = []
        for _path, found in self.rows.items():
            out.extend(found)  # type: ignore[arg-type]
        out.sort()
        return out

    def all_keys(self) -> dict[str, str]:
        return dict(self.keys.items())  # type: ignore[arg-type]


def new_state(root: Path, code: str, as_of: date, keys: dict[str, str], rows: dict[str, tuple],
              links: dict[str, tuple], policies: dict[str, str], assigned: frozenset[str],
              errors: int, warnings: int, text: bytes | None) -> CheckState:
    """A state for a whole ledger, every shard to be written."""
    base = folder(root)
    count = shard_count(len(keys))
    ids: dict[str, list[str]] = {}
    for path, linked in links.items():
        for ident in linked:
            ids.setdefault(ident, []).append(path)
    state = CheckState(
        base, code, as_of, policies, assigned, {p: k for p, k in keys.items() if not k.startswith("g")},
        len(keys), errors, warnings, ShardedMap.build(base, "k", keys, count),
        ShardedMap.build(base, "r", rows, count), ShardedMap.build(base, "l", links, count),
        ShardedMap.build(base, "i", {i: tuple(ps) for i, ps in ids.items()}, count),
        StoredBytes(base, "text", None), {}, StoredBytes(base, "list", None))
    state.text = text
    return state


def load_state(root: Path) -> CheckState | None:
    """The head of the stored state (its shards are read as used), or None when unusable."""
    base = folder(root)
    try:
        with bulk():
            stored = marshal.loads(_read(base, "head.bin"))
        (fmt, code, as_of, policies, assigned, hashed, files, errors, warnings, names,
         text_name, text_patch, index, listing_name, gone) = stored
        if fmt != FORMAT or set(names) != set(MAPS):
            return None
        maps = {kind: ShardedMap(base, kind[0], names[kind]) for kind in MAPS}
        return CheckState(base, code, date.fromisoformat(as_of), policies, assigned, hashed, files,
                          errors, warnings, text_base=StoredBytes(base, "text", text_name),
                          text_patch=text_patch, listing_kept=StoredBytes(base, "list", listing_name),
                          gone=set(gone), index=index, **maps)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: check in full
        return None


def save_state(root: Path, state: CheckState) -> None:
    """Write the changed shards and text, then the head that names them, then tidy up."""
    base = state.base
    try:
        base.mkdir(parents=True, exist_ok=True)
        _ignore_dir(root)
        names = {kind: getattr(state, kind).save() for kind in MAPS}
        if sum(map(len, state.text_patch.values())) + len(state.text_patch) * 64 > TEXT_PATCH_LIMIT:
            state.text = state.text  # mended in, written whole
        text_name, listing_name = state.text_base.save(), state.listing_kept.save()
        _write_atomic(base / "head.bin", _encode(
            (FORMAT, state.code, state.as_of.isoformat(), state.policies, state.assigned,
             state.hashed, state.files, state.errors, state.warnings, names, text_name,
             state.text_patch, state.index, listing_name, tuple(sorted(state.gone)))))
        _remove_unnamed(base, {n for ns in names.values() for n in ns if n} | {text_name, listing_name})
    except (OSError, ValueError):
        pass  # a read-only or full disk (or a value marshal cannot write) slows the next run only


def _remove_unnamed(base: Path, named: set[str | None]) -> None:
    cutoff = time.time() - GRACE_SECONDS
    for entry in os.scandir(base):
        if entry.name.endswith(".bin") and entry.name != "head.bin" and entry.name not in named:
            try:
                if entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:
                pass
