"""`qingqian import`: a legacy 台账 sheet (.xlsx or .csv) becomes debtors and receivables.

A mapping file names which column holds which field and the defaults for the rest
(qingqian.write.sheet reads it, the rows and their cells). Each readable row becomes one
receivable with its invoice (应收金额). What the sheet says was collected (已收金额) is
history when the invoice is older than rules.yaml `opened`, the day the ledger took over:
the receivable gets an `opening` event on that day stating what was still owed, with the
sheet and row as its source, and no payment is invented (an opening is not a collection,
earns no commission and is in no monthly return). A row invoiced on or after `opened` is
the ledger's own business: its collections are payments on their 回款日期.

Debtors are matched by exact name; an unknown name creates a debtor. Each row has an import
key, `<contract or ->#<hash>`, the hash over the row's identity (customer, contract, invoice
date, 应收金额) and not 已收金额, kept in the receivable's `import_key`. Two rows with the
same identity are refused, both named, unless `allow_duplicates` (then each key also holds
its row number, `…@<row>`). A re-import sorts the rows into new, unchanged and changed
(已收 moved); `update` records a rise in 已收 as a payment. The totals reconcile the sheet
with what was imported, refused and left unapplied, to the cent.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..money import ZERO
from . import Change, Outcome, WriteProblem, dump, load_rt, snapshot, validate_ledger
from .new import ReceivableSpec, debtor_file, receivable_file, stems
from .record import EventInput, append_event, build_event
from .sheet import (
    TARGETS,
    TOTAL_ROW,
    CellProblem,
    Mapping,
    amount_of,
    date_of,
    read_mapping,
    read_rows,
)

__all__ = ["TARGETS", "CellProblem", "ImportReport", "Mapping", "amount_of", "date_of",
           "plan_import", "read_mapping", "render_report"]
KEY_MARK = re.compile(r"import:(\S+)")  # keys kept in `note` by imports before `import_key`


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
    paid: date | None
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
    rows: tuple[int, ...] = ()

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.collected

    def plus(self, number: int, invoiced: Decimal | None, collected: Decimal | None) -> Totals:
        return Totals(self.invoiced + (invoiced or ZERO), self.collected + (collected or ZERO),
                      (*self.rows, number))

    def money(self) -> tuple[Decimal, Decimal]:
        return self.invoiced, self.collected


@dataclass(frozen=True, slots=True)
class RowResult:
    """What became of one sheet row: new, unchanged, changed, updated or refused."""

    number: int
    status: str
    ident: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import does, row by row, and the totals that prove it."""

    outcome: Outcome
    opened: date
    debtors: tuple[tuple[str, str], ...]  # (id, name) created
    rows: tuple[RowResult, ...]
    sheet: Totals  # every row whose amounts can be read
    imported: Totals  # rows the ledger now holds as the sheet says (sheet figures)
    ledger: Totals  # the ledger's figures for those rows
    refused: Totals
    pending: Totals  # changed rows not applied (sheet figures)
    unreadable: tuple[int, ...]  # rows whose 应收 cannot be read: in no total
    own: tuple[tuple[int, Decimal | None, Decimal | None], ...] = ()  # the sheet's 合计 rows

    @property
    def agree(self) -> bool:
        """The ledger holds the imported rows to the cent, and every row is accounted for."""
        parts = (self.imported.money(), self.refused.money(), self.pending.money())
        return self.ledger.money() == self.imported.money() and \
            self.sheet.money() == tuple(sum(p[i] for p in parts) for i in (0, 1))

    def of(self, status: str) -> list[RowResult]:
        return [r for r in self.rows if r.status == status]


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
    """A sheet row as a Row, or CellProblem saying which cell cannot be read."""
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
    paid = date_of(raw.get("paid_date")) or date_of(resolve.defaults.get("paid_on"))
    contract = str(raw["contract"]).strip() if raw.get("contract") not in (None, "") else None
    responsible = resolve.pick(raw, "responsible", resolve.people)
    collector = resolve.pick(raw, "collector", resolve.people) \
        if raw.get("collector") or resolve.defaults.get("collector") else responsible
    title = str(raw.get("title") or "").strip() or f"{customer} {contract or ''}".strip()
    ident = "|".join([customer, contract or "", day.isoformat(), str(invoiced)])
    key = f"{contract or '-'}#{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:10]}"
    ref = str(raw["ref"]).strip() if raw.get("ref") not in (None, "") else contract
    return Row(number, key, customer, contract, invoiced, collected, day,
               date_of(raw.get("due")), paid, resolve.pick(raw, "unit", resolve.units),
               responsible, collector, title,
               str(raw.get("kind") or resolve.defaults.get("kind", "other")), ref)


def _loose(raw: dict[str, Any]) -> tuple[Decimal | None, Decimal | None]:
    """A refused row's amounts where they can be read (for the totals), else None."""
    def read(name: str) -> Decimal | None:
        try:
            return amount_of(raw.get(name))
        except CellProblem:
            return None
    return read("invoiced"), read("collected")


@dataclass
class _Sheet:
    """The sheet read whole: readable rows, refused rows with their reasons, and totals."""

    rows: list[Row]
    refused: list[tuple[int, str]]
    sheet: Totals
    refused_totals: Totals
    unreadable: list[int]
    own: list[tuple[int, Decimal | None, Decimal | None]]  # the sheet's 合计 rows


def read_sheet(sheet: Path, mapping: Mapping, resolve: _Resolver, allow_duplicates: bool) -> _Sheet:
    """Every row parsed; duplicates (same identity) refused in pairs unless allowed."""
    rows: list[Row] = []
    refused: list[tuple[int, str, Decimal | None, Decimal | None]] = []
    total, unreadable = Totals(), []
    own: list[tuple[int, Decimal | None, Decimal | None]] = []
    for number, raw in read_rows(sheet, mapping):
        invoiced, collected = _loose(raw)
        if raw.get(TOTAL_ROW):
            own.append((number, invoiced, collected))
            continue
        if invoiced is None:
            unreadable.append(number)
        else:
            total = total.plus(number, invoiced, collected)
        try:
            rows.append(parse_row(number, raw, resolve))
        except CellProblem as exc:
            refused.append((number, str(exc), invoiced, collected))
    by_key: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_key[row.key].append(row)
    kept = []
    for row in rows:
        twins = by_key[row.key]
        if len(twins) == 1:
            kept.append(row)
        elif allow_duplicates:
            kept.append(replace(row, key=f"{row.key}@{row.number}"))
        else:
            others = ", ".join(str(t.number) for t in twins if t is not row)
            why = (f"duplicate of row {others} / 与第{others}行重复 (same customer, contract, "
                   "invoice date and amount); --allow-duplicates imports both")
            refused.append((row.number, why, row.invoiced, row.collected))
    refused.sort()
    refused_totals = Totals()
    for number, _, invoiced, collected in refused:
        refused_totals = refused_totals.plus(number, invoiced, collected)
    return _Sheet(kept, [(n, why) for n, why, _, _ in refused], total, refused_totals, unreadable,
                  own)


def opened_date(ledger: Any, given: date | None) -> tuple[date, list[Change]]:
    """The opening date: rules.yaml `opened`, else `given`, which is then written there."""
    on_file = ledger.rules.opened if ledger.rules is not None else None
    if on_file is not None and given is not None and given != on_file:
        raise WriteProblem(f"--opened {given} differs from policies/rules.yaml opened: {on_file}")
    if on_file is not None:
        return on_file, []
    if given is None:
        raise WriteProblem("no opening date: set `opened:` in policies/rules.yaml (the day the "
                           "ledger takes over from the 台账, e.g. the day after the sheet's "
                           "cut-off) or pass --opened DATE / 请在 policies/rules.yaml 设置 opened"
                           "（台账移交之日）")
    path = next(p for p in ("policies/rules.yaml", "policies/rules.yml")
                if (ledger.root / p).exists())
    old = (ledger.root / path).read_bytes()
    document, yml = load_rt(old.decode("utf-8"))
    document["opened"] = given
    return given, [Change(path, old, dump(yml, document).encode("utf-8"))]


class _Plan:
    """The changes an import makes, row by row, against the ledger as it is."""

    def __init__(self, ledger: Any, blobs: dict[str, bytes], opened: date, as_of: date,
                 mapping: Mapping, source: str) -> None:
        self.ledger, self.blobs, self.opened, self.as_of = ledger, blobs, opened, as_of
        self.mapping, self.source = mapping, source
        self.existing = {key: ident for ident, rec in ledger.receivables.items()
                         if (key := _key_of(rec)) is not None}
        self.names = {d.name: ident for ident, d in ledger.debtors.items()}
        self.taken = stems(blobs)
        self.changes: list[Change] = []
        self.debtors: list[tuple[str, str]] = []
        self.results: list[RowResult] = []
        self.held: dict[int, tuple[Row, str]] = {}  # rows the ledger holds as the sheet says
        self.pending: list[Row] = []

    def add(self, row: Row, update: bool) -> None:
        ident = self.existing.get(row.key)
        if ident is None:
            self._create(row)
        else:
            self._compare(row, ident, update)

    def _create(self, row: Row) -> None:
        if row.customer not in self.names:
            new_debtor = debtor_file(self.taken, row.customer,
                                     str(self.mapping.defaults.get("debtor_type", "other")))
            self.taken.add(new_debtor.ident)
            self.names[row.customer] = new_debtor.ident
            self.debtors.append((new_debtor.ident, row.customer))
            self.changes.append(Change(new_debtor.path, None, new_debtor.data))
        new = receivable_file(self.taken, self._spec(row, self.names[row.customer]))
        self.taken.add(new.ident)
        self.existing[row.key] = new.ident
        self.held[row.number] = (row, new.ident)
        history = "opening balance" if row.day < self.opened else "payment" if row.collected else ""
        self.results.append(RowResult(row.number, "new", new.ident,
                                      f"debtor {self.names[row.customer]}"
                                      + (f", {history}" if history else "")))
        self.changes.append(Change(new.path, None, new.data))

    def _spec(self, row: Row, debtor: str) -> ReceivableSpec:
        due_days = self.mapping.defaults.get("due_days")
        return ReceivableSpec(
            debtor=debtor, unit=row.unit, title=row.title, responsible=row.responsible,
            collector=row.collector, year=row.day.year, kind=row.kind,
            difficulty=str(self.mapping.defaults.get("difficulty", "normal")),
            contract_no=row.contract, due_days=int(due_days) if due_days is not None else None,
            note="台账导入", import_key=row.key, events=tuple(self._events(row)))

    def _events(self, row: Row) -> list[EventInput]:
        """The invoice; then what was owed on `opened` (history), or the payment (the ledger's)."""
        events = [EventInput("invoice", row.day, {"amount": row.invoiced, "due": row.due,
                                                   "ref": row.ref})]
        if row.day < self.opened:
            # a copy: one date object twice in a document makes ruamel write an anchor
            as_of = date.fromordinal(self.opened.toordinal())
            events.append(EventInput("opening", self.opened, {
                "amount": row.invoiced - row.collected, "as_of": as_of,
                "source": f"{self.source} 第{row.number}行"}))
        elif row.collected > 0:
            if row.paid is None:
                raise CellProblem("collected after `opened` with no 回款日期 (paid_date) / "
                                  "接管日后的已收缺回款日期")
            events.append(EventInput("payment", row.paid, {
                "amount": row.collected, "method": "bank", "ref": f"IMPORT-{row.number}"}))
        return events

    def _compare(self, row: Row, ident: str, update: bool) -> None:
        """A row already imported: unchanged, or 已收 moved (a rise recorded with `update`)."""
        rec = self.ledger.receivables[ident]
        pos = self.ledger.position(rec, self.as_of)
        have = pos.collected + pos.settled_before
        if have == row.collected:
            self.held[row.number] = (row, ident)
            self.results.append(RowResult(row.number, "unchanged", ident))
            return
        moved = f"已收 collected {have:,.2f} → {row.collected:,.2f} ({row.collected - have:+,.2f})"
        if row.collected < have or not update:
            why = ("went down: record a reversal or credit by hand / 已收减少，请手工记冲回或让利"
                   if row.collected < have
                   else "run with --update to record the payment / 加 --update 记为回款")
            self.pending.append(row)
            self.results.append(RowResult(row.number, "changed", ident, f"{moved}; {why}"))
            return
        day = self.as_of
        if row.paid is not None and self.opened <= row.paid <= self.as_of:
            day = row.paid
        payment = EventInput("payment", day, {"amount": row.collected - have, "method": "bank",
                                              "ref": f"IMPORT-{row.number}-{day:%Y%m%d}"})
        path = self.ledger.path_of[ident]
        text, _ = append_event(self.blobs[path].decode("utf-8"), build_event(payment))
        self.changes.append(Change(path, self.blobs[path], text.encode("utf-8")))
        self.held[row.number] = (row, ident)
        self.results.append(RowResult(row.number, "updated", ident,
                                      f"{moved}: payment of {day} recorded / 已记回款"))


def _key_of(rec: Any) -> str | None:
    key = getattr(rec, "import_key", None)
    if key:
        return str(key)
    match = KEY_MARK.search(rec.note or "")
    return match.group(1) if match else None


def plan_import(root: Path, sheet: Path, mapping: Mapping, as_of: date, opened: date | None = None,
                allow_duplicates: bool = False, update: bool = False) -> ImportReport:
    """Everything the import would write, validated; nothing is written here."""
    from ..ledger import load_blobs

    blobs = snapshot(root)
    ledger = load_blobs(root, blobs)
    read = read_sheet(sheet, mapping, _Resolver(ledger, mapping.defaults), allow_duplicates)
    opening, changes = opened_date(ledger, opened)  # after the sheet: its bounds come first
    name = sheet.name + (f" {mapping.sheet}" if mapping.sheet else "")
    plan = _Plan(ledger, blobs, opening, as_of, mapping, name)
    refused, refused_totals = list(read.refused), read.refused_totals
    for row in read.rows:
        try:
            plan.add(row, update)
        except CellProblem as exc:
            refused.append((row.number, str(exc)))
            refused_totals = refused_totals.plus(row.number, row.invoiced, row.collected)
    changes += plan.changes
    added, after = validate_ledger(root, blobs, changes, as_of)
    created_paths = {c.path for c in changes}  # names a spreadsheet would run (S018) are flagged
    flagged = tuple(f.with_severity("warning").to_text() for f in after.findings
                    if f.rule == "S018" and f.path in created_paths)
    imported, held = Totals(), Totals()
    for number, (row, ident) in sorted(plan.held.items()):
        imported = imported.plus(number, row.invoiced, row.collected)
        rec = after.receivables.get(ident)
        pos = after.position(rec, as_of) if rec is not None else None
        held = held.plus(number, pos and pos.invoiced, pos and pos.collected + pos.settled_before)
    pending = Totals()
    for row in plan.pending:
        pending = pending.plus(row.number, row.invoiced, row.collected)
    results = plan.results + [RowResult(n, "refused", None, why) for n, why in refused]
    return ImportReport(Outcome(tuple(changes), added, flagged), opening, tuple(plan.debtors),
                        tuple(sorted(results, key=lambda r: r.number)), read.sheet, imported, held,
                        refused_totals, pending, tuple(read.unreadable), tuple(read.own))


STATUS = {"new": "新增 new", "unchanged": "未变 unchanged", "changed": "有变 changed",
          "updated": "已更新 updated", "refused": "拒绝 refused"}


def render_report(report: ImportReport) -> str:
    """The dry-run and after-the-fact report, in plain text: rows, then totals."""
    lines = [(f"opened {report.opened}: rows invoiced before it carry an `opening` balance, "
              "not payments / 此日前的已收为期初余额，不计回款")]
    lines.append(f"debtors to create: {len(report.debtors)}")
    lines += [f"  {ident} {name}" for ident, name in report.debtors]
    lines.append(f"receivables to create: {len(report.of('new'))}")
    lines.append("rows / 逐行:")
    for r in report.rows:
        detail = f"({r.detail})" if r.detail and r.ident else r.detail
        what = " ".join(x for x in (r.ident, detail) if x)
        lines.append(f"  row {r.number}: {STATUS[r.status]} {what}".rstrip())
    lines.append(", ".join(f"{STATUS[s]} {len(report.of(s))}" for s in STATUS))
    lines += _totals(report)
    return "\n".join(lines) + "\n"


def _totals(report: ImportReport) -> list[str]:
    heads = ("应收 invoiced", "已收 collected", "未收 outstanding")
    lines = [_pad("合计 totals", 28) + "".join(_pad(h, 18, right=True) for h in heads)]
    for label, t in (("sheet 台账", report.sheet), ("imported 已导入", report.imported),
                     ("refused 拒绝", report.refused), ("not applied 未更新", report.pending),
                     ("ledger 账本", report.ledger)):
        head = f"{label} ({len(t.rows)} row{'' if len(t.rows) == 1 else 's'})"
        listed = t is report.refused or t is report.pending
        rows = f"  rows {_rows(t.rows)}" if t.rows and listed else ""
        money = f"{t.invoiced:>18,.2f}{t.collected:>18,.2f}{t.outstanding:>18,.2f}"
        lines.append(f"{_pad(head, 28)}{money}{rows}")
    if report.unreadable:
        lines.append(f"row{'s' if len(report.unreadable) > 1 else ''} {_rows(report.unreadable)}: "
                     "应收 cannot be read, so it is in no total / 应收无法读取，未计入合计")
    for number, invoiced, collected in report.own:
        lines.append(_own_total(number, invoiced, collected, report.sheet))
    if report.agree:
        lines.append("reconciled to the cent / 对账一致: sheet = imported + refused + not applied, "
                     "and the ledger holds the imported rows as the sheet says")
    else:
        lines.append("TOTALS DIFFER / 对账不一致: the ledger does not reproduce the sheet")
    return lines


def _own_total(number: int, invoiced: Decimal | None, collected: Decimal | None,
               sheet: Totals) -> str:
    """The sheet's own 合计 row against the sum of its rows: a hidden or pasted-over row shows."""
    said = f"row {number}: the sheet's own 合计 / 表内合计 says 应收 " + \
        (f"{invoiced:,.2f}" if invoiced is not None else "(unreadable)")
    if invoiced is None:
        return said
    said += f", 已收 {collected:,.2f}" if collected is not None else ""
    if (invoiced, collected if collected is not None else sheet.collected) == sheet.money():
        return said + ": equal to the rows' sum / 与逐行合计一致"
    off = f"应收 {invoiced - sheet.invoiced:+,.2f}"
    if collected is not None:
        off += f", 已收 {collected - sheet.collected:+,.2f}"
    return said + f": DIFFERS from the rows' sum by {off} / 与逐行合计不一致"


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width: a Chinese character takes two columns."""
    from wcwidth import wcswidth  # type: ignore[import-untyped]
    fill = " " * max(0, width - wcswidth(text))
    return fill + text if right else text + fill


def _rows(numbers: tuple[int, ...] | list[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))
