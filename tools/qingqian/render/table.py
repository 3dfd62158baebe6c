"""One renderer for every report: a `Table` of typed cells → table, CSV or Markdown.

JSON is each report's own `to_json()`, written by `render_json`.

Reports build `Table`s from their frozen data; this module only formats. Cell values
are Decimal (money), int, date, str or None; a column's `kind` says how to show them:

- ``money``: table and Markdown show ``1,250,000.00`` (thousands separators), CSV
  shows ``1250000.00``; always right-aligned, always two decimals, half-up.
- ``int`` and ``ratio`` (already a 4-decimal string, or None): right-aligned.
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
from datetime import date
from decimal import Decimal
from typing import Any

from ..cells import csv_text
from ..money import cents
from ..reports.layout import RIGHT, SupportsReport, Table


def cell_text(value: Any, kind: str, human: bool) -> str:
    """One cell as text; `human` adds thousands separators to money."""
    if value is None:
        return ""
    if kind == "money" and isinstance(value, Decimal):
        return f"{cents(value):,.2f}" if human else f"{cents(value):.2f}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cells(table: Table, rows: Sequence[tuple[Any, ...]], human: bool) -> list[list[str]]:
    return [[cell_text(v, c.kind, human) for v, c in zip(row, table.columns)] for row in rows]


def render_text(table: Table) -> str:
    """A plain-text table (tabulate, display-width aligned, numbers never reparsed)."""
    from tabulate import SEPARATING_LINE, tabulate

    body: list[Any] = _cells(table, table.rows, True)
    if table.totals:
        body = [*body, SEPARATING_LINE, *_cells(table, table.totals, True)]
    align = tuple("right" if c.kind in RIGHT else "left" for c in table.columns)
    text = tabulate(body, headers=[c.title for c in table.columns], tablefmt="simple",
                    colalign=align, disable_numparse=True)
    head = f"{table.title}\n\n" if table.title else ""
    tail = "".join(f"\n{note}" for note in table.notes)
    return f"{head}{text}{tail}\n"


def render_csv(table: Table) -> str:
    """CSV: a header row, the rows, then the total rows; plain two-decimal amounts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(c.title) for c in table.columns])
    for row in (*_cells(table, table.rows, False), *_cells(table, table.totals, False)):
        writer.writerow([csv_text(cell) for cell in row])
    return out.getvalue()


_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    """Escape Markdown-active characters (`|` above all) so a cell stays one cell of plain text."""
    return _MD_ACTIVE.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def render_markdown(table: Table) -> str:
    """A GitHub/MkDocs pipe table; totals rows in bold."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = ["---:" if c.kind in RIGHT else "---" for c in table.columns]
    lines = [line([md_escape(c.title) for c in table.columns]), line(rule)]
    lines += [line([md_escape(v) for v in row]) for row in _cells(table, table.rows, True)]
    lines += [line([f"**{md_escape(v)}**" if v else "" for v in row])
              for row in _cells(table, table.totals, True)]
    head = f"### {md_escape(table.title)}\n\n" if table.title else ""
    tail = "".join(f"\n{md_escape(note)}\n" for note in table.notes)
    return f"{head}" + "\n".join(lines) + "\n" + tail


RENDERERS = {"table": render_text, "csv": render_csv, "markdown": render_markdown}


def render_tables(tables: Sequence[Table], fmt: str) -> str:
    """Several tables in one output, separated by a blank line."""
    render = RENDERERS[fmt]
    return "\n".join(render(t) for t in tables)


def render_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_report(report: SupportsReport, fmt: str, lang: str) -> str:
    """`json` → `report.to_json()`; otherwise the report's tables in `fmt`."""
    if fmt == "json":
        return render_json(report.to_json())
    return render_tables(report.tables(lang), fmt)
