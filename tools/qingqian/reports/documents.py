"""`documents`: what each collector (or case owner) still has to collect, record by record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ledger import Ledger
from ..lifecycle.documents import Gap, gaps, policy
from .common import Filters, group_name
from .labels import DOCUMENT_LABELS, stage_name, value
from .layout import Column, Table


@dataclass(frozen=True, slots=True)
class DocumentsReport:
    as_of: date
    rows: tuple[Gap, ...]
    names: dict[str, str]  # person id -> name
    debtors: dict[str, str]  # debtor id -> name
    kinds: dict[str, str]  # document kind -> Chinese name (rules.yaml documents.kinds)

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [
            {"person": g.person, "name": self.names.get(g.person, ""), "record": g.record,
             "what": g.what, "debtor": g.debtor, "required_for": g.required_for,
             "missing": list(g.missing), "held": list(g.held), "blocking": g.blocking}
            for g in self.rows]}

    def _kind(self, need: str, lang: str) -> str:
        if lang != "zh":
            return need.replace("|", " or ")
        return "或".join(self.kinds.get(k, k) for k in need.split("|"))

    def _for(self, gap: Gap, lang: str) -> str:
        if gap.required_for == "handover":
            return DOCUMENT_LABELS("handover", lang)
        if gap.what == "case":
            return stage_name(gap.required_for, lang)
        kind = value(gap.required_for, lang)
        return DOCUMENT_LABELS("file", lang).format(kind=kind)

    def tables(self, lang: str) -> list[Table]:
        sep = "、" if lang == "zh" else ", "
        cols = tuple(Column(DOCUMENT_LABELS(k, lang)) for k in (
            "person", "name", "record", "debtor", "required_for", "missing", "blocking"))
        rows = tuple((g.person, self.names.get(g.person, ""), g.record,
                      self.debtors.get(g.debtor, g.debtor), self._for(g, lang),
                      sep.join(self._kind(m, lang) for m in g.missing),
                      DOCUMENT_LABELS("yes", lang) if g.blocking else "") for g in self.rows)
        return [Table(cols, rows, (), f"{DOCUMENT_LABELS('title', lang)} {self.as_of}")]


def documents_report(ledger: Ledger, as_of: date, filters: Filters = Filters(),
                     lang: str = "zh") -> DocumentsReport:
    """Gaps of open receivables and active cases, by person; filters as for the other reports
    (a case passes when one of its receivables does, or its debtor is the one asked for)."""
    def wanted(gap: Gap) -> bool:
        if filters.collector is not None and gap.person != filters.collector:
            return False
        if gap.what == "receivable":
            return filters.without_collector().accepts(ledger.receivables[gap.record])
        case = ledger.cases[gap.record]
        if filters.debtor is not None and case.debtor != filters.debtor:
            return False
        scoped = Filters(filters.unit, None, None, filters.kind)
        return any(scoped.accepts(ledger.receivables[ar]) for ar in case.receivables
                   if ar in ledger.receivables) or not case.receivables

    rows = tuple(g for g in gaps(ledger, as_of) if wanted(g))
    names = {g.person: group_name(ledger, "person", g.person, lang) for g in rows}
    debtors = {g.debtor: group_name(ledger, "debtor", g.debtor, lang) for g in rows}
    return DocumentsReport(as_of, rows, names, debtors, dict(policy(ledger).kinds))
