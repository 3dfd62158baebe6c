"""Reading a legacy 台账 sheet (.xlsx or .csv): the mapping, the rows and their cells.

Cell conversion (money is never a float): text amounts lose thousands separators
and currency signs, then go through Decimal(str); a float cell is Excel's binary
double, so it goes through Decimal(repr(float)), the shortest text that reads back
as the same double, then is rounded half-up to the cent (0.30000000000000004 →
0.30). Dates may be date cells, Excel serial numbers, or text such as 2024/5/10,
2024-05-10, 2024.5.10, 2024年5月10日 or 20240510.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Self

from ..money import CENT
from . import WriteProblem

TARGETS = ("debtor", "contract", "invoiced", "collected", "due", "date", "responsible",
           "collector", "unit", "title", "kind", "ref", "paid_date", "debtor_type")
PROGRESS_OVER = 1000  # rows: a larger sheet shows a progress bar on a terminal's stderr
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


TOTAL_ROW = "__total__"  # a row the sheet sums itself in (合计), not a receivable
_TOTAL_LABELS = ("合计", "总计", "小计", "总合计", "本页合计")


def is_total_row(cells: tuple) -> bool:
    """The sheet's own 合计 row: its first text cell says so (序号, 单位 or 客户名称 column)."""
    text = next((str(c) for c in cells if isinstance(c, str) and c.strip()), "")
    return re.sub(r"\s", "", text) in _TOTAL_LABELS


class CellProblem(Exception):
    """Why one cell cannot be read; becomes a refused row."""


@dataclass(frozen=True, slots=True)
class Mapping:
    """Column → field, plus defaults (unit, responsible, collector, kind, debtor_type, …);
    `ignored` are the columns mapped to `~` (序号, 备注: read past, never required)."""

    columns: dict[str, str]
    defaults: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int = 1
    ignored: tuple[str, ...] = ()


def read_mapping(path: Path) -> Mapping:
    """The mapping file; `column: ~` ignores a column."""
    import yaml  # type: ignore[import-untyped]
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise WriteProblem(f"{path}: {exc}") from None
    raw = doc.get("columns") or {}
    columns = {str(k): str(v) for k, v in raw.items() if v is not None}
    ignored = tuple(str(k) for k, v in raw.items() if v is None)
    unknown = sorted(set(columns.values()) - set(TARGETS))
    if unknown:
        raise WriteProblem(f"{path}: unknown field(s) {', '.join(unknown)}; "
                           f"map columns to {', '.join(TARGETS)}, or to ~ to ignore one")
    for needed in ("debtor", "invoiced"):
        if needed not in columns.values():
            raise WriteProblem(f"{path}: no column is mapped to `{needed}`")
    return Mapping(columns, dict(doc.get("defaults") or {}), doc.get("sheet"),
                   int(doc.get("header_row", 1)), ignored)


def read_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: cell value}) for each non-empty row below the header."""
    count, rows = _open(path, mapping.sheet)
    header: list[str] = []
    with _progress(count) as bar:
        for number, cells in rows:
            bar.update(1)
            if number < mapping.header_row:
                continue
            if number == mapping.header_row:
                header = [str(c).strip() if c is not None else "" for c in cells]
                missing = [c for c in mapping.columns if c not in header]
                if missing:
                    raise WriteProblem(f"{path.name}: no column {', '.join(missing)} "
                                       f"in row {number}")
                continue
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            named = dict(zip(header, cells))
            fields = {f: named.get(col) for col, f in mapping.columns.items()}
            if is_total_row(cells):
                fields[TOTAL_ROW] = True
            yield number, fields


# Safety bounds on a sheet, checked before its cells are read (a 5 KB workbook with one
# cell at XFD1048576 once ran 150 s): the file's size, then the sheet's declared
# dimension, then — since the dimension may lie — the rows and columns actually read.
MAX_SHEET_BYTES = 50 * 1024 * 1024
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 256


def _bounded_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_SHEET_BYTES:
        raise WriteProblem(f"{path.name}: {size:,} bytes, above the limit of {MAX_SHEET_BYTES:,}; "
                           "split the sheet / 文件过大，请拆分")


def _too_big(path: Path, rows: int, columns: int) -> str:
    return (f"{path.name}: the sheet reaches row {rows:,}, column {columns:,}; the limit is "
            f"{MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS:,} columns / 表格超出行列上限")


def _open(path: Path, sheet: str | None) -> tuple[int, Iterator[tuple[int, tuple]]]:
    """How many rows the sheet has, and its rows."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    try:
        _bounded_size(path)
        data = path.read_bytes()
    except OSError as exc:
        raise WriteProblem(f"{path}: {exc.strerror}") from None
    try:  # Excel writes UTF-8 with a BOM, or GB18030 on Chinese Windows
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    lines = text.splitlines()
    return len(lines), ((n, tuple(cells)) for n, cells in enumerate(csv.reader(lines), start=1))


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[int, Iterator[tuple[int, tuple]]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    _bounded_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise WriteProblem(f"{path}: not a readable .xlsx ({type(exc).__name__})") from None
    if sheet and sheet not in book.sheetnames:
        book.close()
        names = ", ".join(book.sheetnames)
        raise WriteProblem(f"{path.name}: no sheet {sheet!r} (sheets: {names})")
    ws = book[sheet] if sheet else book.worksheets[0]
    count, columns = ws.max_row or 0, ws.max_column or 0
    if count > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        book.close()
        raise WriteProblem(_too_big(path, count, columns))

    def rows() -> Iterator[tuple[int, tuple]]:
        try:
            cells = ws.iter_rows(values_only=True, max_row=MAX_SHEET_ROWS + 1,
                                 max_col=MAX_SHEET_COLUMNS + 1)
            for number, row in enumerate(cells, start=1):
                wide = len(row) > MAX_SHEET_COLUMNS and row[-1] is not None
                if number > MAX_SHEET_ROWS or wide:
                    raise WriteProblem(_too_big(path, number, len(row)))
                yield number, row[:MAX_SHEET_COLUMNS]
        finally:
            book.close()
    return count, rows()


class _Quiet:
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def _progress(count: int):  # type: ignore[no-untyped-def]
    """A progress bar on stderr for sheets over PROGRESS_OVER rows, only when stderr is a
    terminal (never in a pipe, a log or a test)."""
    if count <= PROGRESS_OVER or not sys.stderr.isatty():
        return _Quiet()
    import click
    return click.progressbar(length=count, label="读取台账 reading the sheet", file=sys.stderr)


def amount_of(value: Any) -> Decimal | None:
    """A cell as a non-negative amount to the cent; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(f"bad amount {value!r}")
    if isinstance(value, float):
        amount = Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        text = re.sub(r"[,，\s¥￥元]", "", str(value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellProblem(f"bad amount {str(value)!r}") from None
        if not amount.is_finite() or amount != amount.quantize(CENT):
            raise CellProblem(f"bad amount {str(value)!r} (more than 2 decimals)")
    if amount < 0:
        raise CellProblem(f"negative amount {value}")
    return amount.quantize(CENT)


def date_of(value: Any) -> date | None:
    """A cell as a date; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return date(1899, 12, 30) + timedelta(days=int(value))  # an Excel serial day number
    text = str(value).strip()
    match = _DATE_TEXT.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    try:
        if match:
            return date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    raise CellProblem(f"bad date {text!r}")
