"""`qingqian import`: a legacy 台账 sheet (.xlsx or .csv) becomes debtors and receivables.

A mapping file names which column holds which field and the defaults for the
rest. Each readable row becomes one receivable with one invoice (应收金额) and,
when 已收金额 > 0, one payment (method bank, ref IMPORT-<sheet row>). Debtors are
matched by exact name; an unknown name creates a debtor.

Re-running is safe: each row has an import key, `<contract or ->#<hash>`, where
the hash covers the row's identity (customer, contract, invoice date, 应收金额)
and not 已收金额, so a row whose collections were updated is still recognised.
The key is kept in the receivable's `note` (`import:<key>`); a row whose key is
already in the ledger is skipped.

Cell conversion (money is never a float): text amounts lose thousands separators
and currency signs, then go through Decimal(str); a float cell is Excel's binary
double, so it goes through Decimal(repr(float)), the shortest text that reads back
as the same double, then is rounded half-up to the cent (0.30000000000000004 →
0.30). Dates may be date cells, Excel serial numbers, or text such as 2024/5/10,
2024-05-10, 2024.5.10, 2024年5月10日 or 20240510.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..money import CENT, ZERO
from . import Change, Outcome, WriteProblem, snapshot, validate_ledger
from .new import ReceivableSpec, debtor_file, receivable_file, stems
from .record import EventInput

TARGETS = ("debtor", "contract", "invoiced", "collected", "due", "date", "responsible",
           "collector", "unit", "title", "kind", "ref", "paid_date", "debtor_type")
KEY_MARK = re.compile(r"import:(\S+)")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class CellProblem(Exception):
    """Why one cell cannot be read; becomes a bad-row line."""


@dataclass(frozen=True, slots=True)
class Mapping:
    """Column → field, plus defaults (unit, responsible, collector, kind, debtor_type, …)."""

    columns: dict[str, str]
    defaults: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int = 1


def read_mapping(path: Path) -> Mapping:
    import yaml  # type: ignore[import-untyped]
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    columns = {str(k): str(v) for k, v in (doc.get("columns") or {}).items()}
    unknown = sorted(set(columns.values()) - set(TARGETS))
    if unknown:
        raise WriteProblem(f"{path}: unknown field(s) {', '.join(unknown)}; "
                           f"map columns to {', '.join(TARGETS)}")
    for needed in ("debtor", "invoiced"):
        if needed not in columns.values():
            raise WriteProblem(f"{path}: no column is mapped to `{needed}`")
    return Mapping(columns, dict(doc.get("defaults") or {}), doc.get("sheet"),
                   int(doc.get("header_row", 1)))


def read_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: cell value}) for each non-empty row below the header."""
    rows = _xlsx_rows(path, mapping.sheet) if path.suffix.lower() in (".xlsx", ".xlsm") \
        else _csv_rows(path)
    header: list[str] = []
    for number, cells in rows:
        if number < mapping.header_row:
            continue
        if number == mapping.header_row:
            header = [str(c).strip() if c is not None else "" for c in cells]
            missing = [c for c in mapping.columns if c not in header]
            if missing:
                raise WriteProblem(f"{path.name}: no column {', '.join(missing)} in row {number}")
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        named = dict(zip(header, cells))
        yield number, {f: named.get(col) for col, f in mapping.columns.items()}


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


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    _bounded_size(path)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows, columns = ws.max_row or 0, ws.max_column or 0
        if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
            raise WriteProblem(_too_big(path, rows, columns))
        cells = ws.iter_rows(values_only=True, max_row=MAX_SHEET_ROWS + 1,
                             max_col=MAX_SHEET_COLUMNS + 1)
        for number, row in enumerate(cells, start=1):
            if number > MAX_SHEET_ROWS or (len(row) > MAX_SHEET_COLUMNS and row[-1] is not None):
                raise WriteProblem(_too_big(path, number, len(row)))
            yield number, row[:MAX_SHEET_COLUMNS]
    finally:
        book.close()


def _too_big(path: Path, rows: int, columns: int) -> str:
    return (f"{path.name}: the sheet reaches row {rows:,}, column {columns:,}; the limit is "
            f"{MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS:,} columns / 表格超出行列上限")


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    _bounded_size(path)
    data = path.read_bytes()
    try:  # Excel writes UTF-8 with a BOM, or GB18030 on Chinese Windows
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    for number, cells in enumerate(csv.reader(text.splitlines()), start=1):
        yield number, tuple(cells)


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


@dataclass(frozen=True, slots=True)
class Row:
    """A readable sheet row, resolved to ledger ids."""

    number: int
    key: str
    customer: str
    contract: str | None
    invoiced: Decimal
    collected: Decimal
    day: date
    due: date | None
    paid: date
    unit: str
    responsible: str
    collector: str
    title: str
    kind: str
    ref: str | None


@dataclass(frozen=True, slots=True)
class Totals:
    invoiced: Decimal = ZERO
    collected: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.collected

    def plus(self, invoiced: Decimal, collected: Decimal) -> Totals:
        return Totals(self.invoiced + invoiced, self.collected + collected)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import does: created, skipped, unreadable rows, and the totals check."""

    outcome: Outcome
    debtors: tuple[tuple[str, str], ...]  # (id, name) created
    receivables: tuple[tuple[int, str, str], ...]  # (row, id, debtor) created
    skipped: tuple[tuple[int, str], ...]  # (row, existing receivable id)
    bad: tuple[tuple[int, str], ...]  # (row, reason)
    sheet: Totals
    ledger: Totals

    @property
    def agree(self) -> bool:
        return (self.sheet.invoiced, self.sheet.collected) == \
            (self.ledger.invoiced, self.ledger.collected)


class _Resolver:
    """Unit and person cells name ids or names (单位, 经办人); both resolve to ids."""

    def __init__(self, ledger: Any, defaults: dict[str, Any]) -> None:
        self.units = {**{u.name: i for i, u in ledger.units.items()},
                      **{i: i for i in ledger.units}}
        self.people = {**{p.name: i for i, p in ledger.people.items()},
                       **{i: i for i in ledger.people}}
        self.defaults = defaults

    def pick(self, raw: dict[str, Any], name: str, table: dict[str, str] | None = None) -> str:
        value = raw.get(name)
        value = str(value).strip() if value not in (None, "") else self.defaults.get(name)
        if value in (None, ""):
            raise CellProblem(f"missing {name}")
        if table is not None:
            if str(value) not in table:
                raise CellProblem(f"unknown {name} {value!r}")
            return table[str(value)]
        return str(value)


def parse_row(number: int, raw: dict[str, Any], resolve: _Resolver) -> Row:
    customer = str(raw.get("debtor") or "").strip()
    if not customer:
        raise CellProblem("missing customer (客户名称)")
    invoiced = amount_of(raw.get("invoiced"))
    if not invoiced:
        raise CellProblem("missing or zero receivable amount (应收金额)")
    collected = amount_of(raw.get("collected")) or ZERO
    if collected > invoiced:
        raise CellProblem(f"collected {collected} exceeds the receivable {invoiced}")
    day = date_of(raw.get("date")) or date_of(resolve.defaults.get("date"))
    if day is None:
        raise CellProblem("missing invoice date (开票日期)")
    due = date_of(raw.get("due"))
    paid = date_of(raw.get("paid_date")) or date_of(resolve.defaults.get("paid_on")) or day
    contract = str(raw["contract"]).strip() if raw.get("contract") not in (None, "") else None
    responsible = resolve.pick(raw, "responsible", resolve.people)
    collector = resolve.pick(raw, "collector", resolve.people) \
        if raw.get("collector") or resolve.defaults.get("collector") else responsible
    title = str(raw.get("title") or "").strip() or f"{customer} {contract or ''}".strip()
    ident = "|".join([customer, contract or "", day.isoformat(), str(invoiced)])
    key = f"{contract or '-'}#{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:10]}"
    ref = str(raw["ref"]).strip() if raw.get("ref") not in (None, "") else contract
    return Row(number, key, customer, contract, invoiced, collected, day, due, paid,
               resolve.pick(raw, "unit", resolve.units), responsible, collector, title,
               str(raw.get("kind") or resolve.defaults.get("kind", "other")), ref)


def plan_import(root: Path, sheet: Path, mapping: Mapping, as_of: date) -> ImportReport:
    """Everything the import would write, validated; nothing is written here."""
    from ..ledger import load_blobs

    blobs = snapshot(root)
    ledger = load_blobs(root, blobs)
    resolve = _Resolver(ledger, mapping.defaults)
    existing = {m.group(1): ident for ident, rec in ledger.receivables.items()
                if rec.note and (m := KEY_MARK.search(rec.note))}
    names = {d.name: ident for ident, d in ledger.debtors.items()}
    taken, seen = stems(blobs), Counter[str]()
    changes: list[Change] = []
    debtors, created, skipped, bad = [], [], [], []
    sheet_totals, keys = Totals(), {}
    for number, raw in read_rows(sheet, mapping):
        try:
            row = parse_row(number, raw, resolve)
        except CellProblem as exc:
            bad.append((number, str(exc)))
            continue
        seen[row.key] += 1  # identical rows stay distinct, in sheet order
        key = row.key if seen[row.key] == 1 else f"{row.key}.{seen[row.key]}"
        sheet_totals = sheet_totals.plus(row.invoiced, row.collected)
        if key in existing:
            skipped.append((number, existing[key]))
            keys[key] = existing[key]
            continue
        if row.customer not in names:
            new_debtor = debtor_file(taken, row.customer,
                                     str(mapping.defaults.get("debtor_type", "other")))
            taken.add(new_debtor.ident)
            names[row.customer] = new_debtor.ident
            debtors.append((new_debtor.ident, row.customer))
            changes.append(Change(new_debtor.path, None, new_debtor.data))
        new = receivable_file(taken, _spec(row, names[row.customer], key, mapping.defaults))
        taken.add(new.ident)
        keys[key] = new.ident
        created.append((number, new.ident, names[row.customer]))
        changes.append(Change(new.path, None, new.data))
    added, after = validate_ledger(root, blobs, changes, as_of)
    created_paths = {c.path for c in changes}  # names a spreadsheet would run (S018) are flagged
    flagged = [f.with_severity("warning").to_text() for f in after.findings
               if f.rule == "S018" and f.path in created_paths]
    outcome = Outcome(tuple(changes), added, tuple(flagged))
    ledger_totals = Totals()
    for ident in keys.values():
        rec = after.receivables.get(ident)
        if rec is not None:
            pos = after.position(rec, as_of)
            ledger_totals = ledger_totals.plus(pos.invoiced, pos.collected)
    return ImportReport(outcome, tuple(debtors), tuple(created), tuple(skipped), tuple(bad),
                        sheet_totals, ledger_totals)


def _spec(row: Row, debtor: str, key: str, defaults: dict[str, Any]) -> ReceivableSpec:
    events = [EventInput("invoice", row.day, {"amount": row.invoiced, "due": row.due,
                                               "ref": row.ref})]
    if row.collected > 0:
        events.append(EventInput("payment", row.paid, {"amount": row.collected, "method": "bank",
                                                        "ref": f"IMPORT-{row.number}"}))
    due_days = defaults.get("due_days")
    return ReceivableSpec(
        debtor=debtor, unit=row.unit, title=row.title, responsible=row.responsible,
        collector=row.collector, year=row.day.year, kind=row.kind,
        difficulty=str(defaults.get("difficulty", "normal")), contract_no=row.contract,
        due_days=int(due_days) if due_days is not None else None,
        note=f"台账导入 import:{key}", events=tuple(events))


def render_report(report: ImportReport) -> str:
    """The dry-run and after-the-fact report, in plain text."""
    lines = [f"debtors to create: {len(report.debtors)}"]
    lines += [f"  {ident} {name}" for ident, name in report.debtors]
    lines.append(f"receivables to create: {len(report.receivables)}")
    lines += [f"  row {n}: {ident} (debtor {d})" for n, ident, d in report.receivables]
    lines.append(f"already imported (skipped): {len(report.skipped)}")
    lines += [f"  row {n}: {ident}" for n, ident in report.skipped]
    lines.append(f"rows that cannot be read: {len(report.bad)}")
    lines += [f"  row {n}: {reason}" for n, reason in report.bad]
    lines.append(f"{'':8}{'应收 invoiced':>18}{'已收 collected':>18}{'未收 outstanding':>18}")
    for name, t in (("sheet", report.sheet), ("ledger", report.ledger)):
        lines.append(f"{name:8}{t.invoiced:>18,.2f}{t.collected:>18,.2f}{t.outstanding:>18,.2f}")
    lines.append("totals agree to the cent" if report.agree else
                 "TOTALS DIFFER: the ledger does not reproduce the sheet")
    return "\n".join(lines) + "\n"
