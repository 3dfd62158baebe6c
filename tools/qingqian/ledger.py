"""The whole ledger in memory: every valid file's model, indexed by id, with load findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .findings import Finding
from .loader import (CASE, DEBTOR, PEOPLE, RECEIVABLE, RULES, RULES_FILE, TARGETS, UNITS, Loaded,
                     discover, kind_of, load_file, load_paths)
from .model import Case, Debtor, Person, Receivable, Rules, Targets, Unit
from .figures.position import Position, position


@dataclass
class Ledger:
    """Models by id plus where they came from; built once per run and not changed after."""

    root: Path
    rules: Rules | None = None
    people: dict[str, Person] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    targets: dict[int, Targets] = field(default_factory=dict)
    debtors: dict[str, Debtor] = field(default_factory=dict)
    receivables: dict[str, Receivable] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    path_of: dict[str, str] = field(default_factory=dict)  # id (or policy kind) -> path
    key_pos: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # path -> keys
    findings: list[Finding] = field(default_factory=list)  # from loading (S rules)
    # the repository's files when read from a commit ({path: bytes, or None when not read}),
    # so evidence is looked for in that commit; None: the working tree on disk
    tree: dict[str, bytes | None] | None = field(default=None, repr=False, compare=False)
    valid: set[str] = field(default_factory=set)  # policy kinds that loaded cleanly
    people_path: str = "policies/people.yaml"
    units_path: str = "policies/units.yaml"
    # Run-wide memos; `init=False` so a `dataclasses.replace` copy starts with its own
    # (the site's scrubbed copy must not read positions or indexes of the original).
    _positions: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def where(self, path: str, key: str | None = None, line: int = 0) -> tuple[str, int, int]:
        """Path, line and column of a record, one of its top-level keys, or an event line."""
        if line:
            return path, line, 1
        pos = self.key_pos.get(path, {}).get(key or "", None) if key else None
        return (path, *pos) if pos else (path, 1, 1)

    def currency(self, rec: Receivable) -> str:
        return rec.currency or (self.rules.currency if self.rules else "CNY")

    def position(self, rec: Receivable, as_of: date, keep: bool = True) -> Position:
        """The receivable's figures as of a date, computed once per run.

        `keep=False` computes afresh without keeping the result (unless it is kept
        already): a caller asking about many past days must not grow the memo.
        """
        key = (rec.id, as_of)
        if key in self._positions:
            return self._positions[key]
        interest = self.rules.interest if self.rules else None
        found = position(rec, as_of, interest.default_rate if interest else None,
                         interest.default_basis if interest else "annual")
        if keep:
            self._positions[key] = found
        return found

    def receivables_of(self, debtor: str) -> tuple[Receivable, ...]:
        """The debtor's receivables in id order; indexed once, so per-debtor rules stay linear."""
        index = self.memo("by-debtor", self._by_debtor)
        return index.get(debtor, ())

    def _by_debtor(self) -> dict[str, tuple[Receivable, ...]]:
        index: dict[str, list[Receivable]] = {}
        for rec in self.receivables.values():
            index.setdefault(rec.debtor, []).append(rec)
        return {debtor: tuple(recs) for debtor, recs in index.items()}

    def memo(self, key: object, compute):  # type: ignore[no-untyped-def]
        """A value derived from the whole ledger (an index, a report table), computed once per run."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def build(root: Path, loaded: Iterable[Loaded]) -> Ledger:
    """Index the valid models by id; duplicate ids across the ledger are findings (S012)."""
    ledger = Ledger(root=root)
    first_seen: dict[str, str] = {}
    for item in loaded:
        ledger.findings.extend(item.findings)
        ledger.key_pos[item.path] = item.key_pos
        model = item.model
        if model is None:
            continue
        ledger.valid.add(item.kind.name)
        if item.kind in (DEBTOR, RECEIVABLE, CASE):
            ident = model.id  # type: ignore[attr-defined]
            if ident in first_seen:
                line, col = item.key_pos.get("id", (1, 1))
                ledger.findings.append(Finding(item.path, line, col, "S012",
                                               f"id `{ident}` is also used by {first_seen[ident]}",
                                               hint="ids are unique across the ledger"))
                continue
            first_seen[ident] = item.path
            ledger.path_of[ident] = item.path
            table = {DEBTOR: ledger.debtors, RECEIVABLE: ledger.receivables, CASE: ledger.cases}
            table[item.kind][ident] = model  # type: ignore[index]
        elif item.kind is RULES:
            ledger.rules = model  # type: ignore[assignment]
        elif item.kind is PEOPLE:
            ledger.people_path = item.path
            _index(ledger, ledger.people, model.people, item.path)  # type: ignore[attr-defined]
        elif item.kind is UNITS:
            ledger.units_path = item.path
            _index(ledger, ledger.units, model.units, item.path)  # type: ignore[attr-defined]
        elif item.kind is TARGETS:
            ledger.targets[model.year] = model  # type: ignore[attr-defined]
            ledger.path_of[f"targets:{model.year}"] = item.path  # type: ignore[attr-defined]
    return ledger


def _index(ledger: Ledger, table: dict, records: Iterable, path: str) -> None:
    for record in records:
        if record.id in table:
            ledger.findings.append(Finding(path, record.line, 1, "S012",
                                           f"id `{record.id}` is listed twice"))
        table.setdefault(record.id, record)


def load(root: Path, cache: bool | None = None) -> Ledger:
    """Read and validate every ledger file under `root` from the working tree.

    Always afresh: the store belongs to the engine above (qingqian.incremental). `cache`
    is accepted and ignored, for callers written before the engine moved.
    """
    paths = discover(root)
    return assemble(root, paths, load_paths(root, paths))


def load_blobs(root: Path, blobs: dict[str, bytes]) -> Ledger:
    """Build a ledger from `{repo-relative path: bytes}` (a working tree, a commit, the index)."""
    paths = sorted(p for p in blobs if kind_of(p))
    loaded = [load_file(p, blobs[p], kind_of(p)) for p in paths]  # type: ignore[arg-type]
    return assemble(root, paths, loaded)


def assemble(root: Path, paths: list[str], loaded: list[Loaded]) -> Ledger:
    """The ledger of the loaded files, noting a missing rules.yaml."""
    ledger = build(root, loaded)
    if RULES_FILE not in paths and "policies/rules.yml" not in paths:
        ledger.findings.append(Finding(RULES_FILE, 1, 1, "S008", "policies/rules.yaml is missing",
                                       hint="run `qingqian init` for a default one"))
    return ledger
