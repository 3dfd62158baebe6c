"""One renderer for every report: a `Table` of typed cells → table, CSV or Markdown.

JSON is each report's own `to_json()`, written by `render_json`.

Reports build `Table`s from their frozen data; this module only formats. Cell values
are Decimal (money), int, date, str or None; a column's `kind` says how to show them:

- ``money``: table and Markdown show ``1,250,000.00`` (thousands separators), CSV
  shows ``1250000.00``; always right-aligned, always two decimals, half-up.
- ``int`` and ``ratio`` (already a 4-decimal string, or None): right-aligned; table and
  Markdown show a ratio as a percentage (``0.9151`` → ``91.5%``), CSV as written.
- `Display(scale="wan")` shows money in 万元 (÷10,000, two decimals) and says so in the
  column titles (``余额（万元）``): finance managers read large figures that way.
- ``text``/``date``: left-aligned; Chinese is aligned by display width (wcwidth).

The tables themselves (`Column`, `Table`, `SupportsReport`) are report data, defined in
`reports.layout`; this module's API: `render_tables`, `render_report`, `md_escape`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..cells import csv_text
from ..money import cents, percent
from ..reports.layout import RIGHT, Column, SupportsReport, Table


@dataclass(frozen=True, slots=True)
class Display:
    """How amounts are shown: in yuan (default) or 万元 (`scale="wan"`), in a language."""

    scale: str | None = None
    lang: str = "zh"

    def title(self, column: Column) -> str:
        if self.scale != "wan" or column.kind != "money":
            return column.title
        return f"{column.title}（万元）" if self.lang == "zh" else f"{column.title} (10k)"


PLAIN = Display()
WAN = Decimal(10000)


def cell_text(value: Any, kind: str, human: bool, display: Display = PLAIN) -> str:
    """One cell as text; `human` adds thousands separators to money and shows ratios as %."""
    if value is None:
        return ""
    if kind == "money" and isinstance(value, Decimal):
        if display.scale == "wan":
            value = value / WAN
        return f"{cents(value):,.2f}" if human else f"{cents(value):.2f}"
    if kind == "ratio" and human and isinstance(value, (str, Decimal)) and value != "":
        return percent(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cells(table: Table, rows: Sequence[tuple[Any, ...]], human: bool,
           display: Display = PLAIN) -> list[list[str]]:
    return [[cell_text(v, c.kind, human, display) for v, c in zip(row, table.columns)]
            for row in rows]


def render_text(table: Table, display: Display = PLAIN) -> str:
    """A plain-text table (tabulate, display-width aligned, numbers never reparsed)."""
    from tabulate import SEPARATING_LINE, tabulate

    body: list[Any] = _cells(table, table.rows, True, display)
    if table.totals:
        body = [*body, SEPARATING_LINE, *_cells(table, table.totals, True, display)]
    align = tuple("right" if c.kind in RIGHT else "left" for c in table.columns)
    text = tabulate(body, headers=[display.title(c) for c in table.columns], tablefmt="simple",
                    colalign=align, disable_numparse=True)
    head = f"{table.title}\n\n" if table.title else ""
    tail = "".join(f"\n{note}" for note in table.notes)
    return f"{head}{text}{tail}\n"


def render_csv(table: Table, display: Display = PLAIN) -> str:
    """CSV: a header row, the rows, then the total rows; plain two-decimal amounts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(display.title(c)) for c in table.columns])
    for row in (*_cells(table, table.rows, False, display),
                *_cells(table, table.totals, False, display)):
        writer.writerow([csv_text(cell) for cell in row])
    return out.getvalue()


_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    """Escape Markdown-active characters (`|` above all) so a cell stays one cell of plain text."""
    return _MD_ACTIVE.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def render_markdown(table: Table, display: Display = PLAIN) -> str:
    """A GitHub/MkDocs pipe table; totals rows in bold."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = ["---:" if c.kind in RIGHT else "---" for c in table.columns]
    lines = [line([md_escape(display.title(c)) for c in table.columns]), line(rule)]
    lines += [line([md_escape(v) for v in row]) for row in _cells(table, table.rows, True, display)]
    lines += [line([f"**{md_escape(v)}**" if v else "" for v in row])
              for row in _cells(table, table.totals, True, display)]
    head = f"### {md_escape(table.title)}\n\n" if table.title else ""
    tail = "".join(f"\n{md_escape(note)}\n" for note in table.notes)
    return f"{head}" + "\n".join(lines) + "\n" + tail


RENDERERS = {"table": render_text, "csv": render_csv, "markdown": render_markdown}


def render_tables(tables: Sequence[Table], fmt: str, display: Display = PLAIN) -> str:
    """Several tables in one output, separated by a blank line."""
    render = RENDERERS[fmt]
    return "\n".join(render(t, display) for t in tables)


def render_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_report(report: SupportsReport, fmt: str, lang: str,
                  display: Display | None = None) -> str:
    """`json` → `report.to_json()`; otherwise the report's tables in `fmt`."""
    if fmt == "json":
        return render_json(report.to_json())
    return render_tables(report.tables(lang), fmt, display or Display(lang=lang))
