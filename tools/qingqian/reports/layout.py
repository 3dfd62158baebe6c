"""A report's tables as data: titled columns of a kind, rows of typed cells, total rows.

Reports build these from their frozen results (`tables(lang)`); `render.table` turns them
into text, CSV or Markdown and `write.export` into a workbook. Cells hold values, never
formatted text: Decimal (money), int, date, str or None. A column's `kind` says how
renderers show them: ``money`` (two decimals, half-up), ``int``, ``ratio`` (a 4-decimal
string), ``text`` and ``date``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

RIGHT = {"money", "int", "ratio"}


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title (already in the report's language) and how its cells are shown."""

    title: str
    kind: str = "text"  # text | money | int | ratio | date


@dataclass(frozen=True, slots=True)
class Table:
    """Rows then total rows (shown under a rule); `title` is printed above in table/Markdown."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[tuple[Any, ...], ...] = ()
    title: str | None = None
    notes: tuple[str, ...] = field(default=())


class SupportsReport(Protocol):
    """What `render_report` needs from a report."""

    def to_json(self) -> dict: ...

    def tables(self, lang: str) -> Sequence[Table]: ...
