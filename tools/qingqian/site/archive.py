"""Pages per month (the monthly statistics archive) and per debtor (when rules.yaml allows).

Debtor pages read the scrubbed ledger only: name, type, status, condition and credit
data; the receivables' figures come from `ledger.position` and the reports, filtered
to the debtor.
"""

from __future__ import annotations

from typing import Any

from ..lifecycle.holds import hold_of
from ..reports.total import FIELDS, total_of, total_report
from .pages import Link, Site, header, md_table, report_tables
from .safe import esc

DEBTOR_FIELDS = (("type", "type"), ("status", "status_col"), ("condition", "condition"))


def monthly_index(site: Site) -> str:
    w = site.w
    rows = [(Link(month, f"{month}.md"), *_home(report)) for month, report in
            reversed(site.months.items()) if any(t.payments for t in report.totals)]
    table = md_table([(w("month"), "text"), (w("currency"), "text"), (w("payments"), "int"),
                      (w("amount"), "money"), (w("target"), "money"),
                      (w("completion"), "ratio")], rows)
    return (header(site, w("monthly")) + f"## {esc(w('years_archive'))}\n\n"
            + (table or f"{esc(w('no_data'))}\n"))


def _home(report) -> tuple:  # type: ignore[no-untyped-def]
    first = report.totals[0]
    return first.currency, first.payments, first.amount, first.target, first.completion


def month_pages(site: Site) -> dict[str, str]:
    """`monthly/YYYY-MM.md` for every month of the last 24 with payments."""
    return {f"monthly/{month}.md": header(site, f"{site.w('monthly')} {month}")
            + report_tables(report.tables(site.lang))
            for month, report in site.months.items() if any(t.payments for t in report.totals)}


def debtor_index(site: Site) -> str:
    w, ledger = site.w, site.ledger
    totals = {r.key: r for r in total_report(ledger, site.as_of, by="debtor", lang=site.lang).rows}
    rows = []
    for ident in sorted(ledger.debtors):
        debtor = ledger.debtors[ident]
        row = totals.get(ident)
        figures = dict(zip(FIELDS, row.figures)) if row else {}
        rows.append((ident, Link(debtor.name, f"{ident}.md"), site.v(debtor.type),
                     site.v(debtor.status), figures.get("outstanding"), figures.get("overdue")))
    table = md_table([(w("id"), "text"), (w("name"), "text"), (w("type"), "text"),
                      (w("status_col"), "text"), (w("outstanding"), "money"),
                      (w("overdue"), "money")], rows)
    return header(site, w("debtors")) + f"{esc(w('private_note'))}\n\n" + table


def debtor_page(site: Site, ident: str) -> str:
    """One debtor: public facts, totals by kind, receivables, cases, limitation and holds."""
    w, ledger = site.w, site.ledger
    debtor = ledger.debtors[ident]
    facts: list[tuple[Any, ...]] = [(w(key), site.v(getattr(debtor, f)))
                                   for f, key in DEBTOR_FIELDS]
    if debtor.credit is not None:
        facts += [(w("rating"), debtor.credit.rating), (w("limit"), debtor.credit.limit)]
    parts = [header(site, f"{ident} {debtor.name}"),
             md_table([(w("field"), "text"), (w("description"), "text")], facts), "\n"]
    recs = site.by_debtor.receivables.get(ident, [])
    report = total_of(ledger, recs, site.as_of, by="kind", lang=site.lang)
    parts.append(report_tables(report.tables(site.lang)) + "\n")
    rows = []
    for rec in recs:
        pos = ledger.position(rec, site.as_of)
        rows.append((rec.id, rec.title, site.unit(rec.unit), site.v(rec.kind), pos.outstanding,
                     pos.overdue,
                     pos.off_book, site.v(pos.status)))
    parts += [f"## {esc(w('receivables'))}\n\n",
              md_table([(w("receivable"), "text"), (w("title"), "text"), (w("unit"), "text"),
                        (w("kind"), "text"), (w("outstanding"), "money"), (w("overdue"), "money"),
                        (w("off_book"), "money"), (w("status_col"), "text")], rows) or
              f"{esc(w('no_data'))}\n"]
    mine = site.by_debtor.cases.get(ident, [])
    if mine:
        parts += [f"\n## {esc(w('cases'))}\n\n",
                  md_table([(w("case"), "text"), (w("stage"), "text"), (w("claim"), "money"),
                            (w("case_recovered"), "money")],
                           [(r.case.id, site.stage(r.stage), r.claim, r.recovered)
                            for r in mine])]
    clocks = site.by_debtor.clocks.get(ident, [])
    if clocks:
        parts += [f"\n## {esc(w('limitation'))}\n\n",
                  md_table([(w("receivable"), "text"), (w("basis"), "text"),
                            (w("basis_date"), "date"), (w("expires"), "date"),
                            (w("days_left"), "int"), (w("status_col"), "text")],
                           [(r.receivable, site.v(r.basis), r.basis_date, r.expires, r.days_left,
                             site.v(r.status)) for r in clocks])]
    for hold in hold_of(ledger, ident, site.as_of):
        parts.append(f"\n!!! warning \"{esc(w('holds'))}\"\n    {esc(hold.reason(site.lang))}\n")
    return "".join(parts)
