"""The lifecycle reports (`limitation`, `holds`, `focus`, `cases`): frozen data, JSON and tables.

Each report wraps the library results with `to_json()` (DESIGN §5 shapes) and
`tables(lang)` for the shared table/CSV/Markdown renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..lifecycle.cases import CaseRow, StageTotal, by_stage, cases
from ..lifecycle.focus import FocusRow, focus
from ..lifecycle.holds import Hold, holds
from ..lifecycle.limitation import (
    GuaranteeRow,
    Ignored,
    InvoiceLimitation,
    LimitationRow,
    guarantees,
    limitation,
)
from ..money import ZERO, fmt
from ..names import Names
from .common import Filters
from .labels import label, stage_name, value
from .layout import Column, Table

ALL = Filters()

def _columns(lang: str, *spec: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(label(key, lang), kind) for key, kind in spec)


def _invoice_json(i: InvoiceLimitation) -> dict:
    """One open invoice's own limitation (DESIGN §6.3)."""
    return {"ref": i.ref, "due": i.due.isoformat(), "claim": fmt(i.claim), "basis": i.basis,
            "basis_date": i.basis_date.isoformat(), "expires": i.expires.isoformat(),
            "days_left": i.days_left, "status": i.status, **({"hint": i.hint} if i.hint else {})}


def ignored_text(items: tuple[Ignored, ...], lang: str) -> str:
    """`2024-03-05 demand: no proof of delivery; …`: why each recorded event does not count."""
    if lang == "zh":
        return "；".join(f"{i.date} {value('event:' + i.type, 'zh').removeprefix('event:')}"
                        f"{value('reason:' + i.reason, 'zh')}" for i in items)
    return "; ".join(f"{i.date} {i.type}: {value('reason:' + i.reason, 'en')}" for i in items)


@dataclass(frozen=True, slots=True)
class LimitationReport:
    as_of: date
    rows: tuple[LimitationRow, ...]
    guarantees: tuple[GuaranteeRow, ...]
    names: Names = Names()  # debtors shown by name in tables; JSON keeps ids

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"receivable": r.receivable, "debtor": r.debtor, "outstanding": fmt(r.outstanding),
             "basis": r.basis, "basis_date": r.basis_date.isoformat(),
             "expires": r.expires.isoformat(), "days_left": r.days_left, "status": r.status,
             "claim": fmt(r.claim), **({"hint": r.hint} if r.hint else {}),
             "invoices": [_invoice_json(i) for i in r.invoices]}
            for r in self.rows]}

    def tables(self, lang: str) -> list[Table]:
        cols = _columns(lang, ("receivable", "text"), ("debtor", "text"), ("currency", "text"),
                        ("outstanding", "money"), ("off_book", "money"), ("invoice", "text"),
                        ("claim", "money"), ("basis", "text"),
                        ("basis_date", "date"), ("expires", "date"), ("days_left", "int"),
                        ("status", "text"), ("ignored", "text"))
        rows = tuple((r.receivable, self.names.debtor(r.debtor), r.currency, r.outstanding,
                      r.off_book, _first_ref(r), r.claim, value(r.basis, lang), r.basis_date,
                      r.expires, r.days_left, value(r.status, lang),
                      "；".join(x for x in (ignored_text(r.ignored, lang), _hint(r.hint, lang))
                               if x))
                     for r in self.rows)
        out = [Table(cols, rows, title=f"{label('limitation', lang)} {self.as_of}")]
        if self.guarantees:
            gcols = _columns(lang, ("debtor", "text"), ("guarantor", "text"), ("type", "text"),
                             ("period_end", "date"), ("days_left", "int"), ("claim", "money"))
            grows = tuple((self.names.debtor(g.debtor), g.guarantor, value(g.kind, lang),
                           g.period_end, g.days_left,
                           g.claim) for g in self.guarantees)
            out.append(Table(gcols, grows, title=label("guarantees", lang)))
        return out


def _first_ref(row: LimitationRow) -> str:
    """The first-expiring invoice, and how many others are open (`JS-1 (+2)`)."""
    first = next((i for i in row.invoices
                  if i.expires == row.expires and i.claim == row.claim), None)
    ref = (first.ref if first else None) or ""
    return f"{ref} (+{len(row.invoices) - 1})" if len(row.invoices) > 1 else ref


def _hint(hint: str, lang: str) -> str:
    if not hint:
        return ""
    return "仅凭付款恢复时效：请取得对方签字的对账确认" if lang == "zh" else \
        "revived by a payment alone: obtain a signed acknowledgment"


def limitation_report(ledger: Ledger, as_of: date, filters: Filters = ALL,
                      lang: str = "zh") -> LimitationReport:
    rows = tuple(r for r in limitation(ledger, as_of)
                 if filters.accepts(ledger.receivables[r.receivable], as_of))
    debtors = {ledger.receivables[r].debtor for r in ledger.receivables
               if filters.accepts(ledger.receivables[r], as_of)}
    return LimitationReport(as_of, rows, tuple(g for g in guarantees(ledger, as_of)
                                               if g.debtor in debtors), Names.of(ledger))


@dataclass(frozen=True, slots=True)
class HoldsReport:
    as_of: date
    rows: tuple[Hold, ...]

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"debtor": h.debtor, "name": h.name, "overdue": fmt(h.overdue), "reason": h.reason()}
            for h in self.rows]}

    def tables(self, lang: str) -> list[Table]:
        cols = _columns(lang, ("debtor", "text"), ("name", "text"), ("currency", "text"),
                        ("overdue", "money"), ("outstanding", "money"), ("reason", "text"))
        rows = tuple((h.debtor, h.name, h.currency, h.overdue, h.outstanding, h.reason(lang))
                     for h in self.rows)
        return [Table(cols, rows, title=f"{label('holds', lang)} {self.as_of}")]


def holds_report(ledger: Ledger, as_of: date, filters: Filters = ALL,
                 lang: str = "zh") -> HoldsReport:
    debtors = {rec.debtor for rec in ledger.receivables.values() if filters.accepts(rec, as_of)}
    return HoldsReport(as_of, tuple(h for h in holds(ledger, as_of) if h.debtor in debtors))


@dataclass(frozen=True, slots=True)
class FocusReport:
    as_of: date
    rows: tuple[FocusRow, ...]

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"rank": f.rank, "receivable": f.receivable, "debtor": f.debtor, "name": f.name,
             "outstanding": fmt(f.outstanding), "overdue_days": f.overdue_days,
             "criteria": list(f.criteria), "disputed": fmt(f.disputed),
             "unconfirmed": f.unconfirmed} for f in self.rows]}

    def tables(self, lang: str) -> list[Table]:
        shown = any(f.disputed for f in self.rows)  # the column appears once a dispute is open
        extra = (("disputed", "money"),) if shown else ()
        cols = _columns(lang, ("rank", "int"), ("receivable", "text"), ("debtor", "text"),
                        ("name", "text"), ("outstanding", "money"), ("overdue_days", "int"),
                        ("criteria", "text"), *extra)
        rows = tuple((f.rank, f.receivable, f.debtor, f.name, f.outstanding, f.overdue_days,
                      "、".join(value(c, lang) for c in f.criteria) if lang == "zh"
                      else ", ".join(f.criteria), *((f.disputed,) if shown else ()))
                     for f in self.rows)
        return [Table(cols, rows, title=f"{label('focus', lang)} {self.as_of}")]


def focus_report(ledger: Ledger, as_of: date, filters: Filters = ALL,
                 lang: str = "zh") -> FocusReport:
    kept = [f for f in focus(ledger, as_of)
            if filters.accepts(ledger.receivables[f.receivable], as_of)]
    # ranks stay those of the whole ledger: a filter shows where a debt stands overall
    return FocusReport(as_of, tuple(kept))


@dataclass(frozen=True, slots=True)
class CasesReport:
    as_of: date
    rows: tuple[CaseRow, ...]
    stages: tuple[StageTotal, ...]
    names: Names = Names()  # debtors and owners shown by name in tables; JSON keeps ids

    def totals(self) -> dict:
        fees = [r.fee_due for r in self.rows if r.fee_due is not None]
        return {"cases": len(self.rows), "claim": sum((r.claim for r in self.rows), ZERO),
                "costs": sum((r.costs for r in self.rows), ZERO),
                "recovered": sum((r.recovered for r in self.rows), ZERO),
                "fee_due": sum(fees, ZERO),
                "missed_installments": sum(len(r.missed) for r in self.rows)}

    def to_json(self) -> dict:
        totals = {k: fmt(v) if isinstance(v, Decimal) else v for k, v in self.totals().items()}
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"case": r.case.id, "debtor": r.case.debtor, "stage": r.stage, "owner": r.case.owner,
             "claim": fmt(r.claim), "costs": fmt(r.costs), "recovered": fmt(r.recovered),
             "fee_due": fmt(r.fee_due), "missed_installments": len(r.missed)} for r in self.rows],
            "by_stage": [{"stage": s.stage, "cases": s.cases, "claim": fmt(s.claim)}
                         for s in self.stages],
            "totals": totals}

    def tables(self, lang: str) -> list[Table]:
        cols = _columns(lang, ("case", "text"), ("debtor", "text"), ("stage", "text"),
                        ("owner", "text"), ("claim", "money"), ("costs", "money"),
                        ("case_recovered", "money"), ("fee_due", "money"),
                        ("missed_installments", "int"))
        rows = tuple((r.case.id, self.names.debtor(r.case.debtor), stage_name(r.stage, lang),
                      self.names.person(r.case.owner),
                      r.claim, r.costs, r.recovered, r.fee_due, len(r.missed)) for r in self.rows)
        t = self.totals()
        totals = ((label("totals", lang), "", "", "", t["claim"], t["costs"], t["recovered"],
                   t["fee_due"], t["missed_installments"]),)
        scols = _columns(lang, ("stage", "text"), ("cases_count", "int"), ("claim", "money"))
        srows = tuple((stage_name(s.stage, lang), s.cases, s.claim) for s in self.stages)
        return [Table(cols, rows, totals, title=f"{label('cases', lang)} {self.as_of}"),
                Table(scols, srows, title=label("by_stage", lang))]


def cases_report(ledger: Ledger, as_of: date, filters: Filters = ALL,
                 lang: str = "zh") -> CasesReport:
    def wanted(row: CaseRow) -> bool:
        if filters.debtor is not None and row.case.debtor != filters.debtor:
            return False
        if filters.unit is None and filters.collector is None and filters.kind is None:
            return True
        return any(filters.accepts(ledger.receivables[ar], as_of)
                   for ar in row.case.receivables if ar in ledger.receivables)

    rows = tuple(r for r in cases(ledger, as_of) if wanted(r))
    return CasesReport(as_of, rows, by_stage(rows), Names.of(ledger))
