"""`qingqian export`: reports as a formatted workbook, and the whole ledger as rows for BI tools.

The workbook holds the reports the other commands compute (reports/): monthly
statistics, aging by unit and by debtor, totals by debtor. This module only lays
out their `Table`s (render/table.py): bold header, '#,##0.00' money, a bold
totals row, widths from the display width of the text. No figure is computed here.

The flat export has one row per event (plus one per invoice a `schedule`
generates up to the as-of date, `source: schedule`), with the receivable's
identity on every row, sorted by receivable, date and file order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..cells import csv_text
from ..i18n.words import Words
from ..money import fmt

MONEY_FORMAT = "#,##0.00"
# the workbook's sheets, in order
SHEETS = Words("sheet", {"monthly": "Monthly", "age-unit": "Aging by unit",
                         "age-debtor": "Aging by debtor", "total-debtor": "Totals by debtor"})
COLUMNS = ("receivable", "debtor", "debtor_name", "unit", "kind", "currency", "collector",
           "date", "type", "amount", "due", "ref", "method", "applies_to", "note", "source")


def report_tables(ledger: Any, as_of: date, month: str, lang: str) -> list[tuple[str, Any]]:
    """(sheet name, Table) for each report in the workbook, in order."""
    from ..reports.age import age_report
    from ..reports.monthly import monthly_report
    from ..reports.total import total_report

    names = tuple(SHEETS(key, lang) for key in SHEETS.english)
    reports: tuple[Any, ...] = (monthly_report(ledger, as_of, month, lang=lang),
               age_report(ledger, as_of, by="unit", lang=lang),
               age_report(ledger, as_of, by="debtor", lang=lang),
               total_report(ledger, as_of, by="debtor", lang=lang))
    out = []
    for name, report in zip(names, reports):
        for index, table in enumerate(report.tables(lang)):
            out.append((name if index == 0 else f"{name}-{index + 1}", table))
    return out


def write_workbook(path: Path, tables: list[tuple[str, Any]]) -> None:
    """One sheet per table; saved through a temporary file so a crash leaves no half workbook."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from .atomic import atomic_write

    book = Workbook()
    book.remove(book.active)
    for name, table in tables:
        _sheet(book.create_sheet(name[:31]), table)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue())


def _sheet(ws: Any, table: Any) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    bold = Font(bold=True)
    row = 1
    if table.title:
        _cell(ws, 1, 1, table.title).font = Font(bold=True, size=13)
        row = 3
    header = row
    for col, column in enumerate(table.columns, start=1):
        _cell(ws, header, col, column.title).font = bold
    for values in table.rows:
        row += 1
        _row(ws, row, table.columns, values)
    for values in table.totals:
        row += 1
        for cell in _row(ws, row, table.columns, values):
            cell.font = bold
    for note in table.notes:
        row += 2
        _cell(ws, row, 1, note)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    _widths(ws, table, header)


def _cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """A cell holding `value`; text is typed as a string, so `=…` is never stored as a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _row(ws: Any, row: int, columns: Any, values: tuple) -> list:
    cells = []
    for col, (column, value) in enumerate(zip(columns, values), start=1):
        cell = _cell(ws, row, col, _cell_value(value, column.kind))
        if column.kind == "money":
            cell.number_format = MONEY_FORMAT
        elif column.kind == "ratio":
            cell.number_format = "0.00%"
        elif column.kind == "int":
            cell.number_format = "0"
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


def _cell_value(value: Any, kind: str) -> Any:
    """Money stays Decimal (openpyxl writes it as a number); a ratio string becomes a number."""
    if kind == "ratio" and isinstance(value, str):
        return Decimal(value)
    return value


def _widths(ws: Any, table: Any, header: int) -> None:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from wcwidth import wcswidth

    from ..render.table import cell_text
    for col, column in enumerate(table.columns, start=1):
        texts = [column.title] + [cell_text(r[col - 1], column.kind, True)
                                  for r in (*table.rows, *table.totals)]
        widest = max(max(wcswidth(t), len(t)) for t in texts)
        ws.column_dimensions[get_column_letter(col)].width = min(60, widest + 3)


@dataclass(frozen=True, slots=True)
class Line:
    """One exported event."""

    order: tuple
    values: dict[str, Any]


def event_lines(ledger: Any, as_of: date) -> Iterator[dict[str, Any]]:
    """Every event of every receivable as a flat mapping (JSON-ready: amounts as strings)."""
    from ..figures.position import bills_of, collector_on

    lines: list[Line] = []
    for ident, rec in ledger.receivables.items():
        debtor = ledger.debtors.get(rec.debtor)
        base = {"receivable": ident, "debtor": rec.debtor,
                "debtor_name": debtor.name if debtor else None, "unit": rec.unit,
                "kind": rec.kind, "currency": ledger.currency(rec)}
        due_of = {b.line: b.due for b in bills_of(rec, date.max)}
        for index, event in enumerate(rec.events):
            data = _plain(event)
            row = {**base, "collector": collector_on(rec, event.date), **data,
                   "date": str(event.date), "type": event.type,
                   "amount": fmt(getattr(event, "amount", None)),
                   "source": "event"}
            if event.type == "invoice" and event.line in due_of:
                row["due"] = str(due_of[event.line])
            lines.append(Line((ident, event.date, 1, index), row))
        invoice_lines = {e.line for e in rec.events if e.type == "invoice"}
        for bill in bills_of(rec, as_of):
            if bill.line not in invoice_lines:  # generated by a schedule
                lines.append(Line((ident, bill.date, 0, bill.order), {
                    **base, "collector": collector_on(rec, bill.date), "date": str(bill.date),
                    "type": "invoice", "amount": fmt(bill.amount), "due": str(bill.due),
                    "ref": bill.ref, "source": "schedule"}))
    for line in sorted(lines, key=lambda x: x.order):
        yield line.values


def _plain(record: Any) -> Any:
    """A model as JSON-ready data: set fields only, aliases as written, amounts as strings."""
    if isinstance(record, Decimal):
        return str(record)
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, (tuple, list)):
        return [_plain(v) for v in record]
    fields = getattr(type(record), "model_fields", None)
    if fields is None:
        return record
    return {(info.alias or name): _plain(getattr(record, name))
            for name, info in fields.items()
            if name != "pos" and getattr(record, name) not in (None, (), info.default)}


def to_jsonl(lines: Iterator[dict[str, Any]]) -> str:
    return "".join(json.dumps(_ordered(v), ensure_ascii=False) + "\n" for v in lines)


def _ordered(values: dict[str, Any]) -> dict[str, Any]:
    """The common columns first, then each type's own fields."""
    return {**{k: values.get(k) for k in COLUMNS}, **{k: v for k, v in values.items()
                                                     if k not in COLUMNS}}


def to_csv(lines: Iterator[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for values in lines:
        writer.writerow(["" if values.get(k) is None else csv_text(values[k]) for k in COLUMNS])
    return out.getvalue()


def write_text(path: Path, text: str, bom: bool = False) -> None:
    """CSV gets a UTF-8 BOM so Excel opens Chinese text correctly."""
    from .atomic import atomic_write
    atomic_write(path, (("\ufeff" if bom else "") + text).encode("utf-8"))
