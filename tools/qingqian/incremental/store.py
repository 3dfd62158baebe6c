"""The one store of what a run keeps: a SQLite database in the Git directory, data only.

`<git dir>/qingqian/state.sqlite3` (WAL, `PRAGMA user_version` = SCHEMA) holds plain columns
and JSON: each file's content key (its Git blob id), the ids it links, its ledger-rule facts;
the findings by file and the text `check` prints for them; and report outputs (`memo`).
Nothing in it is code, and nothing in the work tree is ever read as state: outside a Git
repository there is no store. Every value is bound to `code_key()` (the package's version
and sources, the Python and pydantic versions): other code starts from an empty store.

A damaged, foreign or empty database is deleted and made anew; one that still cannot be
opened (a read-only disk) means a run without a store, never a failure.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = 1
TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, key TEXT NOT NULL, disk INTEGER NOT NULL,
                    links TEXT NOT NULL, facts TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE ids (ident TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (ident, path)) WITHOUT ROWID;
CREATE INDEX ids_by_path ON ids (path);
CREATE TABLE rows (path TEXT NOT NULL, source TEXT NOT NULL, rows TEXT NOT NULL,
                   PRIMARY KEY (path, source)) WITHOUT ROWID;
CREATE TABLE printed (path TEXT PRIMARY KEY, text BLOB NOT NULL, errors INTEGER NOT NULL,
                      warnings INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE memo (name TEXT PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
"""
STATE_TABLES = ("files", "ids", "rows", "printed")


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """The package's version and every source file, and the Python and pydantic versions."""
    from .. import __version__

    digest = hashlib.blake2b(f"{__version__}\0{sys.version}\0".encode(), digest_size=16)
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    base = Path(__file__).parent.parent
    # the catalogue too: stored text and report outputs are in the language they were made in
    for path in sorted([*base.rglob("*.py"), *base.rglob("*.po")]):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Store:
    """An open store; `write()` wraps a run's reads and writes in one transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def open(cls, git_dir: Path | None) -> Store | None:
        """The store of the repository at `git_dir`, rebuilt when unusable; None when impossible."""
        if git_dir is None:
            return None
        target = git_dir / "qingqian" / "state.sqlite3"
        for attempt in range(2):
            try:
                return cls(_connect(target))
            except (sqlite3.Error, OSError, ValueError):
                if attempt == 0:
                    _remove(target)
        return None

    @contextmanager
    def write(self) -> Iterator[Store]:
        """One transaction holding the write lock (runs wait for each other, never mix)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    # --- meta -------------------------------------------------------------------------

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, **values: str) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def clear_state(self) -> None:
        for table in STATE_TABLES:
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - a fixed table name
        self.db.execute("DELETE FROM meta WHERE name NOT IN ('code', 'printed_lang')")

    # --- files, links, ids --------------------------------------------------------------

    def keys(self, paths: Iterable[str] | None = None) -> dict[str, str]:
        """Stored content keys: of `paths`, or of every file."""
        if paths is None:
            return dict(self.db.execute("SELECT path, key FROM files"))
        return {
            p: k
            for p in paths
            for (k,) in self.db.execute("SELECT key FROM files WHERE path = ?", (p,))
        }

    def disk_paths(self) -> list[str]:
        """Files keyed from their bytes last time (modified or untracked then): looked at again."""
        return [p for (p,) in self.db.execute("SELECT path FROM files WHERE disk = 1")]

    def unmark_disk(self, paths: Iterable[str]) -> None:
        """These files are clean again: their stored key is the index's until Git names them."""
        self.db.executemany("UPDATE files SET disk = 0 WHERE path = ?", ((p,) for p in paths))

    def policy_paths(self) -> list[str]:
        return [
            p
            for (p,) in self.db.execute(
                "SELECT path FROM files WHERE path >= 'policies/' AND path < 'policies0' "
                "ORDER BY path"
            )
        ]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM files").fetchone()[0])

    def links(self, path: str) -> tuple[str, ...] | None:
        row = self.db.execute("SELECT links FROM files WHERE path = ?", (path,)).fetchone()
        return None if row is None else tuple(json.loads(row[0]))

    def linking(self, ident: str) -> list[str]:
        return [p for (p,) in self.db.execute("SELECT path FROM ids WHERE ident = ?", (ident,))]

    def put_files(self, records: Iterable[tuple[str, str, bool, tuple, dict]]) -> None:
        """Store `(path, key, disk, links, facts)` records, replacing those files' ids."""
        records = list(records)
        self.db.executemany("DELETE FROM ids WHERE path = ?", ((r[0],) for r in records))
        self.db.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            ((p, k, int(d), json.dumps(list(ln)), facts_text(f)) for p, k, d, ln, f in records),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO ids VALUES (?, ?)", ((i, r[0]) for r in records for i in r[3])
        )

    def drop_files(self, paths: Iterable[str]) -> None:
        rows = [(p,) for p in paths]
        self.db.executemany("DELETE FROM files WHERE path = ?", rows)
        self.db.executemany("DELETE FROM ids WHERE path = ?", rows)

    def facts_texts(self, paths: Iterable[str]) -> dict[str, str]:
        """The stored facts of these files as stored text ('' for none; absent files left out)."""
        return {
            p: f
            for p in paths
            for (f,) in self.db.execute("SELECT facts FROM files WHERE path = ?", (p,))
        }

    def facts(self) -> dict[str, dict]:
        """Every file's ledger-rule facts, `{path: {rule id: facts}}` (files with none left out)."""
        from ..rules.registry import thaw

        return {
            p: {rule: thaw(found) for rule, found in json.loads(f).items()}
            for p, f in self.db.execute("SELECT path, facts FROM files WHERE facts != ''")
        }

    # --- findings and their text ----------------------------------------------------------

    def rows_of(self, source: str) -> dict[str, list]:
        return {
            p: json.loads(r)
            for p, r in self.db.execute("SELECT path, rows FROM rows WHERE source = ?", (source,))
        }

    def put_rows(self, source: str, by_path: dict[str, list]) -> None:
        """Replace the findings `source` ("group", "policy", "ledger") located in these paths."""
        self.db.executemany(
            "DELETE FROM rows WHERE path = ? AND source = ?", ((p, source) for p in by_path)
        )
        self.db.executemany(
            "INSERT INTO rows VALUES (?, ?, ?)",
            ((p, source, json.dumps(rs, ensure_ascii=False)) for p, rs in by_path.items() if rs),
        )

    def path_rows(self, path: str) -> list[tuple]:
        """Every finding located in `path`."""
        return [
            tuple(r)
            for (rs,) in self.db.execute("SELECT rows FROM rows WHERE path = ?", (path,))
            for r in json.loads(rs)
        ]

    def all_rows(self) -> list[tuple]:
        return sorted(
            {tuple(r) for (rs,) in self.db.execute("SELECT rows FROM rows") for r in json.loads(rs)}
        )

    def put_printed(self, path: str, text: bytes, errors: int, warnings: int) -> None:
        if text:
            self.db.execute(
                "INSERT OR REPLACE INTO printed VALUES (?, ?, ?, ?)", (path, text, errors, warnings)
            )
        else:
            self.db.execute("DELETE FROM printed WHERE path = ?", (path,))

    def printed_paths(self) -> list[str]:
        """The files with findings (their printed text is kept)."""
        return [p for (p,) in self.db.execute("SELECT DISTINCT path FROM rows")]

    def text(self) -> bytes:
        """What `check` prints, file by file in path order (UTF-8 sorts as Python sorts str)."""
        return b"".join(t for (t,) in self.db.execute("SELECT text FROM printed ORDER BY path"))

    def counts(self) -> tuple[int, int]:
        errors, warnings = self.db.execute(
            "SELECT total(errors), total(warnings) FROM printed"
        ).fetchone()
        return int(errors), int(warnings)

    # --- report outputs -------------------------------------------------------------------

    def memo(self, name: str, key: str) -> object | None:
        row = self.db.execute(
            "SELECT value FROM memo WHERE name = ? AND key = ?", (name, key)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def put_memo(self, name: str, key: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
            (name, key, json.dumps(value, ensure_ascii=False)),
        )


def facts_text(facts: dict) -> str:
    return json.dumps(facts, sort_keys=True) if facts else ""


def _connect(target: Path) -> sqlite3.Connection:
    """Open (or make) the database; a foreign schema or other code empties it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(target, timeout=60, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA:
            if version != 0 or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise ValueError("a foreign or older store")
            db.executescript(TABLES + f"PRAGMA user_version = {SCHEMA};")
        code = db.execute("SELECT value FROM meta WHERE name = 'code'").fetchone()
        if code is None or code[0] != code_key():
            db.execute("BEGIN IMMEDIATE")
            for table in (*STATE_TABLES, "memo", "meta"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - a fixed table name
            db.execute("INSERT INTO meta VALUES ('code', ?)", (code_key(),))
            db.execute("COMMIT")
    except BaseException:
        db.close()
        raise
    return db


def remove(git_dir: Path) -> None:
    """Delete the store of the repository at `git_dir` (the next run makes it anew)."""
    _remove(git_dir / "qingqian" / "state.sqlite3")


def _remove(target: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            target.with_name(target.name + suffix).unlink()
        except OSError:
            pass
