"""The lifecycle reports (`limitation`, `holds`, `focus`, `cases`): frozen data, JSON and tables.

Each report wraps the library results with `to_json()` (DESIGN §5 shapes) and
`tables(lang)` for the shared table/CSV/Markdown renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..ledger import Ledger
from ..money import ZERO, fmt
from ..render.table import Column, Table
from .common import Filters
from .common import label as common_label
from ..lifecycle.cases import CaseRow, StageTotal, by_stage, cases
from ..lifecycle.focus import FocusRow, focus
from ..lifecycle.holds import Hold, holds
from ..lifecycle.limitation import GuaranteeRow, Ignored, LimitationRow, guarantees, limitation

ALL = Filters()

LABELS = {
    "zh": {
        "limitation": "诉讼时效", "guarantees": "保证期间", "holds": "停止供货（信用冻结）",
        "focus": "重点清欠对象", "cases": "清欠案件", "by_stage": "按阶段",
        "off_book": "账销案存", "basis": "起算依据", "basis_date": "起算日", "expires": "届满日",
        "days_left": "剩余天数", "status": "状态", "ignored": "不中断时效的记录",
        "guarantor": "保证人", "type": "方式", "period_end": "保证期间届满", "claim": "债权金额",
        "reason": "原因", "rank": "排名", "overdue_days": "逾期天数", "criteria": "符合条件",
        "case": "案件", "stage": "阶段", "owner": "负责人", "costs": "费用",
        "recovered": "已回收", "fee_due": "应付律师费", "missed_installments": "逾期未付期数",
        "cases_count": "案件数", "totals": "合计",
    },
    "en": {
        "limitation": "Limitation", "guarantees": "Guarantee periods", "holds": "Credit holds",
        "focus": "Key debts", "cases": "Collection cases", "by_stage": "By stage",
        "off_book": "Written off", "basis": "Basis", "basis_date": "Basis date",
        "expires": "Expires", "days_left": "Days left", "status": "Status",
        "ignored": "Not interrupting", "guarantor": "Guarantor", "type": "Type",
        "period_end": "Period ends", "claim": "Claim", "reason": "Reason", "rank": "Rank",
        "overdue_days": "Days overdue", "criteria": "Criteria", "case": "Case", "stage": "Stage",
        "owner": "Owner", "costs": "Costs", "recovered": "Recovered", "fee_due": "Counsel fee due",
        "missed_installments": "Missed installments", "cases_count": "Cases", "totals": "Total",
    },
}
VALUES = {
    "zh": {
        "ok": "正常", "near": "临近届满", "expired": "已届满", "suspended": "中止", "revived": "已恢复",
        "due": "到期日", "payment": "回款", "visit": "签字回访", "acknowledgment": "对账确认",
        "promise": "还款承诺", "demand": "催款函送达", "preservation": "诉前保全",
        "litigation": "起诉", "arbitration": "申请仲裁", "in-suit-preservation": "诉中保全",
        "agreement": "还款协议", "judgment": "判决",
        "overdue": "逾期超期", "amount": "金额大",
        "debtor-type": "债务人类型", "debtor-status": "债务人状态", "unconfirmed": "底数不清", "joint": "连带", "general": "一般",
    },
    "en": {},
}


def label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key) or common_label(key, lang)


def value(key: str, lang: str) -> str:
    return VALUES.get(lang, {}).get(key, key)


STAGE_NAMES = {"documents": "资料整理", "investigation": "财产调查", "negotiation": "协商",
               "preservation": "财产保全", "litigation": "诉讼", "arbitration": "仲裁",
               "enforcement": "强制执行",
               "closed": "结案", "none": "未开始"}


def stage_name(stage: str | None, lang: str) -> str:
    return STAGE_NAMES.get(stage or "none", stage or "none") if lang == "zh" else stage or "none"


def _columns(lang: str, *spec: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(label(key, lang), kind) for key, kind in spec)


EVENTS = {"zh": {"visit": "回访", "demand": "催款函", "promise": "还款承诺",
                 "preservation": "诉前保全", "litigation": "起诉", "arbitration": "申请仲裁",
                 "agreement": "还款协议"}}
REASONS = {"zh": {"unsigned": "未经对方签字", "undelivered": "无送达证明",
                  "after-expiry": "在时效届满后，不能恢复时效"},
           "en": {"unsigned": "not signed by the debtor", "undelivered": "no proof of delivery",
                  "after-expiry": "after expiry, does not revive"}}


def ignored_text(items: tuple[Ignored, ...], lang: str) -> str:
    """`2024-03-05 demand: no proof of delivery; …`: why each recorded event does not count."""
    if lang == "zh":
        return "；".join(f"{i.date} {EVENTS['zh'].get(i.type, i.type)}{REASONS['zh'][i.reason]}"
                        for i in items)
    return "; ".join(f"{i.date} {i.type}: {REASONS['en'][i.reason]}" for i in items)


@dataclass(frozen=True, slots=True)
class LimitationReport:
    as_of: date
    rows: tuple[LimitationRow, ...]
    guarantees: tuple[GuaranteeRow, ...]

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"receivable": r.receivable, "debtor": r.debtor, "outstanding": fmt(r.outstanding),
             "basis": r.basis, "basis_date": r.basis_date.isoformat(),
             "expires": r.expires.isoformat(), "days_left": r.days_left, "status": r.status}
            for r in self.rows]}

    def tables(self, lang: str) -> list[Table]:
        cols = _columns(lang, ("receivable", "text"), ("debtor", "text"), ("currency", "text"),
                        ("outstanding", "money"), ("off_book", "money"), ("basis", "text"),
                        ("basis_date", "date"), ("expires", "date"), ("days_left", "int"),
                        ("status", "text"), ("ignored", "text"))
        rows = tuple((r.receivable, r.debtor, r.currency, r.outstanding, r.off_book,
                      value(r.basis, lang), r.basis_date, r.expires, r.days_left,
                      value(r.status, lang), ignored_text(r.ignored, lang)) for r in self.rows)
        out = [Table(cols, rows, title=f"{label('limitation', lang)} {self.as_of}")]
        if self.guarantees:
            gcols = _columns(lang, ("debtor", "text"), ("guarantor", "text"), ("type", "text"),
                             ("period_end", "date"), ("days_left", "int"), ("claim", "money"))
            grows = tuple((g.debtor, g.guarantor, value(g.kind, lang), g.period_end, g.days_left,
                           g.claim) for g in self.guarantees)
            out.append(Table(gcols, grows, title=label("guarantees", lang)))
        return out


def limitation_report(ledger: Ledger, as_of: date, filters: Filters = ALL,
                      lang: str = "zh") -> LimitationReport:
    rows = tuple(r for r in limitation(ledger, as_of)
                 if filters.accepts(ledger.receivables[r.receivable], as_of))
    debtors = {ledger.receivables[r].debtor for r in ledger.receivables
               if filters.accepts(ledger.receivables[r], as_of)}
    return LimitationReport(as_of, rows, tuple(g for g in guarantees(ledger, as_of)
                                               if g.debtor in debtors))


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
    kept = [f for f in focus(ledger, as_of) if filters.accepts(ledger.receivables[f.receivable], as_of)]
    # ranks stay those of the whole ledger: a filter shows where a debt stands overall
    return FocusReport(as_of, tuple(kept))


@dataclass(frozen=True, slots=True)
class CasesReport:
    as_of: date
    rows: tuple[CaseRow, ...]
    stages: tuple[StageTotal, ...]

    def totals(self) -> dict:
        fees = [r.fee_due for r in self.rows if r.fee_due is not None]
        return {"cases": len(self.rows), "claim": sum((r.claim for r in self.rows), ZERO),
                "costs": sum((r.costs for r in self.rows), ZERO),
                "recovered": sum((r.recovered for r in self.rows), ZERO),
                "fee_due": sum(fees, ZERO), "missed_installments": sum(len(r.missed) for r in self.rows)}

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
                        ("recovered", "money"), ("fee_due", "money"), ("missed_installments", "int"))
        rows = tuple((r.case.id, r.case.debtor, stage_name(r.stage, lang), r.case.owner,
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
    return CasesReport(as_of, rows, by_stage(rows))
