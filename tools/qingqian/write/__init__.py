"""The write path: commands that change ledger files, validated before anything is written.

Every writer builds a change set ({path: new bytes}) in memory; `validate` loads
the ledger twice, as it is and with the changes substituted (`load_blobs`), and
reports the errors the changes would add. Only a change set that adds none is
written, file by file, atomically. YAML is edited with ruamel.yaml's round trip
so comments, key order, quoting and flow style survive; new values follow the
ledger's conventions (amounts as quoted 2-decimal strings, plain ISO dates).
"""

from __future__ import annotations

import difflib
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..findings import ERROR, Finding
from ..money import CENT

SCHEMA_LINE = "# yaml-language-server: $schema={}\n"


class WriteProblem(Exception):
    """A value the writer cannot turn into ledger YAML (bad amount, unknown id); exit 2."""


@dataclass(frozen=True, slots=True)
class Change:
    """One file's new content; `old` is None for a file being created."""

    path: str  # repository-relative, forward slashes
    old: bytes | None
    new: bytes


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a writer would do: the changes, the errors they would add, and notes to show."""

    changes: tuple[Change, ...]
    added: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.added


def snapshot(root: Path) -> dict[str, bytes]:
    """Every ledger file's bytes, read once so that before and after see the same tree."""
    from ..loader import discover
    from ..safefile import read_ledger_bytes as read_bytes
    return {p: read_bytes(root / p) for p in discover(root)}  # a link is never followed


def validate(root: Path, blobs: dict[str, bytes], changes: Iterable[Change],
             as_of: date) -> tuple[Finding, ...]:
    """Errors present after the changes and not before, compared by (path, rule, message).

    Lines are left out of the comparison: appending an event moves nothing above it,
    but a new file has no "before", and a changed message (a larger over-collection)
    is a new error. The whole ledger is checked, since a new file can break another.
    """
    return validate_ledger(root, blobs, changes, as_of)[0]


def validate_ledger(root: Path, blobs: dict[str, bytes], changes: Iterable[Change],
                    as_of: date) -> tuple[tuple[Finding, ...], Any]:
    """`validate`, plus the ledger as it would be after the changes."""
    from ..ledger import load_blobs
    from ..rules import check

    after_blobs = {**blobs, **{c.path: c.new for c in changes}}
    before_errors = Counter(_key(f) for f in check(load_blobs(root, blobs), as_of)
                            if f.severity == ERROR)
    after = load_blobs(root, after_blobs)
    added = []
    for finding in check(after, as_of):
        if finding.severity != ERROR:
            continue
        if before_errors[_key(finding)] > 0:
            before_errors[_key(finding)] -= 1
        else:
            added.append(finding)
    return tuple(added), after


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.path, finding.rule, finding.message)


def settle(root: Path, blobs: dict[str, bytes], changes: list[Change], as_of: date,
           notes: Iterable[str] = ()) -> Outcome:
    """The outcome of a change set: validated, not yet written."""
    return Outcome(tuple(changes), validate(root, blobs, changes, as_of), tuple(notes))


def apply(root: Path, outcome: Outcome) -> list[str]:
    """Write a validated outcome's files atomically; returns the paths written."""
    from ..safefile import read_ledger_bytes as read_bytes
    from .atomic import atomic_write
    if not outcome.ok:
        raise WriteProblem("refusing to write a change set that adds errors")
    for change in outcome.changes:  # someone may have edited the tree since it was read
        path = root / change.path
        current = read_bytes(path) if os.path.lexists(path) else None
        if current != change.old:
            raise WriteProblem(f"{change.path} changed while the command ran; nothing was "
                               "written, run it again")
    for change in outcome.changes:
        atomic_write(root / change.path, change.new)
    return [c.path for c in outcome.changes]


def diff(changes: Iterable[Change]) -> str:
    """A unified diff of the change set, as `git diff` would show it."""
    out: list[str] = []
    for change in changes:
        old = change.old.decode("utf-8").splitlines(keepends=True) if change.old else []
        new = change.new.decode("utf-8").splitlines(keepends=True)
        src = f"a/{change.path}" if change.old is not None else "/dev/null"
        out.extend(difflib.unified_diff(old, new, src, f"b/{change.path}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


# --- YAML round trip -------------------------------------------------------------------------

_UNSAFE = set(":#{}[],&*!|>'\"%@`\\")
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_rt(sequence_offset: int = 2) -> Any:
    """A ruamel.yaml round-trip instance in the ledger's layout (`  - {…}` under a key)."""
    from ruamel.yaml import YAML
    yml = YAML(typ="rt")
    yml.preserve_quotes = True
    yml.width = 4096  # never fold a long flow mapping onto a second line
    yml.allow_unicode = True
    yml.indent(mapping=2, sequence=sequence_offset + 2, offset=sequence_offset)
    return yml


def sequence_offset(text: str) -> int:
    """How far the file indents `- ` items under their key (0 or 2 in practice)."""
    match = re.search(r"^( *)[A-Za-z_][\w-]*:[ \t]*(?:#.*)?\n(?:[ \t]*#.*\n)*( *)- ", text,
                      re.MULTILINE)
    return max(0, len(match.group(2)) - len(match.group(1))) if match else 2


def load_rt(text: str) -> tuple[Any, Any]:
    """(document, yaml instance) for editing a file in place."""
    from ruamel.yaml.error import YAMLError
    yml = yaml_rt(sequence_offset(text))
    try:
        return yml.load(text), yml
    except YAMLError as exc:
        raise WriteProblem(f"cannot edit a file that is not valid YAML: {exc}") from None


def dump(yml: Any, document: Any) -> str:
    out = io.StringIO()
    yml.dump(document, out)
    return out.getvalue()


def money(value: Decimal | str | int) -> Any:
    """An amount as the ledger writes it: a quoted string with exactly two decimals."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    return DoubleQuotedScalarString(str(parse_amount(value)))


def parse_amount(value: Decimal | str | int) -> Decimal:
    """A non-negative amount with at most two decimals; `100` becomes 100.00."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise WriteProblem(f"`{value}` is not an amount like 1250000.00") from None
    if not amount.is_finite() or amount < 0:
        raise WriteProblem(f"`{value}` is not an amount: amounts are never negative")
    if amount != amount.quantize(CENT):
        raise WriteProblem(f"amount {value} has more than 2 decimal places")
    return amount.quantize(CENT)


def text(value: str) -> Any:
    """A string: plain where every YAML reader agrees on it, else double-quoted."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    plain = (value and value == value.strip() and value[0].isalpha()
             and not any(c in _UNSAFE or ord(c) < 32 for c in value)
             and value.lower() not in _WORDS)
    return value if plain else DoubleQuotedScalarString(value)


def flow_map(pairs: Iterable[tuple[str, Any]]) -> Any:
    """A flow-style mapping `{k: v, …}`; None values are left out, values converted."""
    from ruamel.yaml.comments import CommentedMap
    node = CommentedMap((k, scalar(v)) for k, v in pairs if v is not None)
    node.fa.set_flow_style()
    return node


def flow_seq(items: Iterable[Any]) -> Any:
    """A flow-style sequence `[a, b]`, values converted."""
    from ruamel.yaml.comments import CommentedSeq
    node = CommentedSeq([scalar(v) for v in items])
    node.fa.set_flow_style()
    return node


def scalar(value: Any) -> Any:
    """Python value → ledger YAML value (Decimal → quoted amount, str → safe text)."""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, str) and not hasattr(value, "style"):
        return text(value)
    return value


def schema_comment(relpath: str, kind: str) -> str:
    """The editor hint line, relative from the file to schemas/<kind>.schema.json."""
    depth = relpath.count("/")
    return SCHEMA_LINE.format("../" * depth + f"schemas/{kind}.schema.json")
