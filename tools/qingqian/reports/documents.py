"""`documents`: what each collector (or case owner) still has to collect, record by record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ledger import Ledger
from ..lifecycle.documents import Gap, gaps, policy
from .common import Filters, group_name
from .labels import DOCUMENT_LABELS, DOCUMENT_STAGES, VALUES
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
        words = DOCUMENT_LABELS[lang]
        if gap.required_for == "handover":
            return words["handover"]
        if gap.what == "case":
            return DOCUMENT_STAGES.get(gap.required_for, gap.required_for) if lang == "zh" \
                else gap.required_for
        kind = VALUES.get(lang, {}).get(gap.required_for, gap.required_for)
        return f"{kind}{words['file']}" if lang == "zh" else f"{kind} file"

    def tables(self, lang: str) -> list[Table]:
        words = DOCUMENT_LABELS.get(lang, DOCUMENT_LABELS["en"])
        sep = "、" if lang == "zh" else ", "
        cols = tuple(Column(words[k]) for k in ("person", "name", "record", "debtor",
                                                 "required_for", "missing", "blocking"))
        rows = tuple((g.person, self.names.get(g.person, ""), g.record,
                      self.debtors.get(g.debtor, g.debtor), self._for(g, lang),
                      sep.join(self._kind(m, lang) for m in g.missing),
                      words["yes"] if g.blocking else "") for g in self.rows)
        return [Table(cols, rows, (), f"{words['title']} {self.as_of}")]


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
