"""What the last check saw and found, so the next one reads and rewrites only what changed.

Kept under `.qingqian/cache/<version>/check/`: a small head, four maps split into shards by
a hash of their keys (each file's content key, its findings, its links, and the files that
link each id), and the text of every finding as `check` prints it. A run reads the head,
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .cache import CACHE_DIR, _ignore_dir, _write_atomic, bulk, version_key

Row = tuple  # Finding's fields in order: path, line, col, rule, message, severity, name, hint
FORMAT = 5
_MAGIC = b"QQC5"
_TEXT_MAGIC = b"QQT5"
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
    text_name: str | None = None  # the stored text of every finding, None when not kept
    index: tuple | None = None  # Git's index file as `keys` were taken (qingqian.worktree)
    _text: bytes | None = None
    _text_loaded: bool = False
    text_changed: bool = False

    def usable_for(self, code: str, as_of: date) -> bool:
        return self.code == code and self.as_of == as_of

    @property
    def text(self) -> bytes | None:
        """Every finding as `check` prints it (render.findings.text_lines), if kept."""
        if not self._text_loaded:
            self._text = None if self.text_name is None else \
                bytes(_read(self.base, self.text_name, _TEXT_MAGIC))
            self._text_loaded = True
        return self._text

    @text.setter
    def text(self, value: bytes | None) -> None:
        self._text, self._text_loaded, self.text_changed = value, True, True

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
        ShardedMap.build(base, "i", {i: tuple(ps) for i, ps in ids.items()}, count))
    state.text = text
    return state


def load_state(root: Path) -> CheckState | None:
    """The head of the stored state (its shards are read as used), or None when unusable."""
    base = folder(root)
    try:
        with bulk():
            stored = marshal.loads(_read(base, "head.bin"))
        (fmt, code, as_of, policies, assigned, hashed, files, errors, warnings, names,
         text_name, index) = stored
        if fmt != FORMAT or set(names) != set(MAPS):
            return None
        maps = {kind: ShardedMap(base, kind[0], names[kind]) for kind in MAPS}
        return CheckState(base, code, date.fromisoformat(as_of), policies, assigned, hashed, files,
                          errors, warnings, text_name=text_name, index=index, **maps)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: check in full
        return None


def save_state(root: Path, state: CheckState) -> None:
    """Write the changed shards and text, then the head that names them, then tidy up."""
    base = state.base
    try:
        base.mkdir(parents=True, exist_ok=True)
        _ignore_dir(root)
        names = {kind: getattr(state, kind).save() for kind in MAPS}
        if state.text_changed:
            text = state.text
            state.text_name = None if text is None else _write_named(
                base, "text", _TEXT_MAGIC + zlib.crc32(text).to_bytes(4, "big") + text)
            state.text_changed = False
        _write_atomic(base / "head.bin", _encode(
            (FORMAT, state.code, state.as_of.isoformat(), state.policies, state.assigned,
             state.hashed, state.files, state.errors, state.warnings, names, state.text_name,
             state.index)))
        _remove_unnamed(base, {n for ns in names.values() for n in ns if n} | {state.text_name})
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
