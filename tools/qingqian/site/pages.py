"""The status pages as Markdown: every figure from `reports` and `lifecycle`, every value escaped.

A page function takes a `Site` (the scrubbed ledger, the as-of date, the language and
figures shared by several pages) and returns Markdown. Tables are pipe tables whose
cells go through `safe.cell`; charts are raw HTML blocks from `charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..ledger import Ledger
from ..lifecycle.cases import CaseRow, by_stage, cases
from ..lifecycle.focus import focus
from ..lifecycle.holds import holds
from ..lifecycle.limitation import LimitationRow, guarantees, limitation
from ..model import Receivable
from ..reports.age import age_report, bucket_labels
from ..reports.common import base_currency
from ..reports.labels import stage_name, value, word
from ..reports.layout import RIGHT, Table
from ..reports.monthly import MonthlyReport
from ..reports.targets import targets_report
from ..reports.total import FIELDS, TotalReport, total_report
from . import charts
from .safe import cell, esc, money, percent

ALERT = ("near", "expired")


@dataclass(frozen=True)
class Link:
    """A table cell that links to another generated page (target built from ids, never data)."""

    text: str
    href: str


@dataclass(frozen=True)
class DebtorIndex:
    """Per debtor id, in the order the whole-ledger lists give them (receivables by id)."""

    receivables: dict[str, list[Receivable]]
    cases: dict[str, list[CaseRow]]
    clocks: dict[str, list[LimitationRow]]

    @classmethod
    def of(cls, ledger: Ledger, case_rows: Sequence[CaseRow],
           clocks: Sequence[LimitationRow]) -> DebtorIndex:
        index = cls({}, {}, {})
        for ident in sorted(ledger.receivables):
            rec = ledger.receivables[ident]
            index.receivables.setdefault(rec.debtor, []).append(rec)
        for row in case_rows:
            index.cases.setdefault(row.case.debtor, []).append(row)
        for clock in clocks:
            index.clocks.setdefault(clock.debtor, []).append(clock)
        return index


@dataclass(frozen=True)
class Site:
    """What every page reads; `ledger` has had its private fields removed."""

    ledger: Ledger
    as_of: date
    lang: str
    debtor_pages: bool
    totals: TotalReport
    months: dict[str, MonthlyReport] = field(default_factory=dict)  # last 24 months, oldest first
    trend: tuple[tuple[str, Decimal], ...] = ()  # (YYYY-MM, month-end outstanding), base currency

    @cached_property
    def case_rows(self) -> tuple[CaseRow, ...]:
        """Every case as of the date; several pages and every debtor page read it."""
        return cases(self.ledger, self.as_of)

    @cached_property
    def limitation_rows(self) -> tuple[LimitationRow, ...]:
        """Every limitation clock as of the date, computed once per build."""
        return limitation(self.ledger, self.as_of)

    @cached_property
    def by_debtor(self) -> DebtorIndex:
        """Receivables, cases and clocks per debtor, so a debtor page never scans the ledger."""
        return DebtorIndex.of(self.ledger, self.case_rows, self.limitation_rows)

    def w(self, key: str) -> str:
        return word(key, self.lang)

    def v(self, key: str | None) -> str:
        """A coded value (kind, status, basis…) by its name in the site's language."""
        return "" if key is None else value(key, self.lang)

    def stage(self, code: str | None) -> str:
        """A case stage (`None`: before the first) by its name in the site's language."""
        return stage_name(code, self.lang)

    def unit(self, ident: str) -> str:
        """A unit by its name (the id when the unit is not in units.yaml)."""
        found = self.ledger.units.get(ident)
        return found.name if found else ident

    def person(self, ident: str | None) -> str:
        found = self.ledger.people.get(ident or "")
        return found.name if found else (ident or "")

    def debtor(self, ident: str, up: str) -> Any:
        """The debtor's name, linked to its page when debtor pages are published."""
        found = self.ledger.debtors.get(ident)
        name = found.name if found else ident
        from .untrusted import debtor_page
        return Link(name, f"{up}{debtor_page(ident)}") if self.debtor_pages and found else name


def md_table(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]],
             totals: Sequence[Sequence[Any]] = ()) -> str:
    """A table; `columns` are (title, kind) with kind text|money|int|ratio|date.

    HTML (md_in_html) rather than a pipe table so that each cell carries its column's
    title (`data-label`: a phone shows each row as a card with the titles beside the
    values) and the table scrolls in its own box (`qq-table`) with a sticky header row
    and first column. Link cells stay Markdown (`markdown="span"`) so MkDocs still
    checks and rewrites them; a table without links is plain HTML, which Markdown passes
    through as it is (three times faster to build than Markdown inside HTML).
    """
    if not rows and not totals:
        return ""
    titles = [esc(t) for t, _ in columns]
    classes = [_align(k, [*rows, *totals], i) for i, (_, k) in enumerate(columns)]
    head = "".join(f'<th class="{c}" scope="col">{t}</th>' for t, c in zip(titles, classes))
    # only a table with links needs Markdown inside it (a third of a page's build time)
    md = ' markdown="1"' if any(isinstance(x, Link) for r in (*rows, *totals) for x in r) else ""
    body = [_row(row, classes, columns, titles, "", md) for row in rows]
    body += [_row(row, classes, columns, titles, "qq-total", md) for row in totals]
    cards = " qq-cards" if len(columns) > 3 else ""  # a phone shows each row as a card
    return (f'<div class="qq-table{cards}"{md}>\n'
            f'<p class="qq-scroll-hint" aria-hidden="true"></p>\n<table class="qq-t"{md}>\n'
            f'<thead{md}><tr{md}>{head}</tr></thead>\n<tbody{md}>\n'
            + "\n".join(body) + "\n</tbody>\n</table>\n</div>\n")


def _align(kind: str, rows: Sequence[Sequence[Any]], i: int) -> str:
    """Numbers right-aligned on one line; text on one line too when every value is short."""
    if kind in RIGHT or kind == "date":
        return "qq-num" if kind in RIGHT else "qq-text qq-nowrap"
    longest = max((len(x.text if isinstance(x, Link) else str(x)) for r in rows
                   for x in r[i:i + 1] if x is not None), default=0)
    return "qq-text qq-nowrap" if longest <= 16 else "qq-text"


def _row(row: Sequence[Any], classes: Sequence[str], columns: Sequence[tuple[str, str]],
         titles: Sequence[str], css: str, md: str) -> str:
    """One `<tr>`: each cell labelled with its column title; empty cells marked for cards."""
    cells = []
    for item, klass, (_, kind), title in zip(row, classes, columns, titles):
        if isinstance(item, Link):
            text, span = f"[{esc(item.text)}]({item.href})", ' markdown="span"'
        else:
            text, span = (percent(item) if kind == "ratio" else cell(item)), ""
        empty = " qq-empty" if text == "" else ""
        cells.append(f'<td class="{klass}{empty}" data-label="{title}"{span}>{text}</td>')
    klass = f' class="{css}"' if css else ""
    return f"<tr{klass}{md}>" + "".join(cells) + "</tr>"


def report_tables(tables: Sequence[Table]) -> str:
    """Report `Table`s (the CLI's own) as Markdown sections."""
    out = []
    for table in tables:
        columns = [(c.title, c.kind) for c in table.columns]
        text = md_table(columns, table.rows, table.totals)
        title = f"### {esc(table.title)}\n\n" if table.title else ""
        notes = "".join(f"\n{esc(n)}\n" for n in table.notes)
        out.append(title + (text or "") + notes)
    return "\n".join(out)


def header(site: Site, title: str) -> str:
    return f"# {esc(title)}\n\n{esc(site.w('as_of'))} {esc(site.as_of.isoformat())}\n\n"


def headline(site: Site) -> str:
    """The overview's key figures as a raw HTML block (the browser test reads `data-figure`)."""
    items = []
    month = site.months.get(site.as_of.strftime("%Y-%m"))
    for total in site.totals.totals:
        figures = dict(zip(FIELDS, total.figures))
        for key in ("outstanding", "overdue", "collected", "written_off", "interest"):
            items.append((key, total.currency, site.w(key), money(figures[key])))
    if month is not None:
        for row in month.totals:
            items.append(("month_collected", row.currency, site.w("collected_month"),
                          money(row.amount)))
            items.append(("month_target", row.currency, site.w("month_target"), money(row.target)))
            shown = percent(row.completion) if row.completion is not None else site.w("no_target")
            name = (f"{site.w('completion')}（{row.currency}）" if site.lang == "zh"
                    else f"{site.w('completion')} ({row.currency})")
            items.append(("month_completion", "", name, shown))
    cells = "".join(
        f'<div class="qq-kpi" data-figure="{esc(key)}" data-currency="{esc(cur)}">'
        f'<span class="qq-kpi-label">{esc(name)}</span> <strong class="qq-kpi-value">'
        f'{esc(shown)}</strong> <span class="qq-kpi-currency">{esc(cur)}</span></div>'
        for key, cur, name, shown in items)
    return f'<div class="qq-headline">{cells}</div>\n'


def overview(site: Site) -> str:
    ledger, w = site.ledger, site.w
    stages = by_stage(site.case_rows)
    alerts = [r for r in site.limitation_rows if r.status in ALERT]
    keys = focus(ledger, site.as_of)[:10]
    recent = list(site.months.values())[-12:]
    parts = [header(site, w("overview")), f"## {esc(w('headline'))}\n\n", headline(site), "\n"]
    from .todo_pages import overview_block  # the work queue's count (collect.todo)
    parts.append(overview_block(site))
    if site.trend:
        parts += [f"## {esc(w('trend'))}\n\n",
                  charts.line(w("trend"), [m for m, _ in site.trend], [v for _, v in site.trend],
                              charts.Style(site.lang, base_currency(ledger)), False),
                  "\n\n"]
    home = base_currency(ledger)
    if recent:
        amounts = [_home_row(r, home, "amount") or Decimal(0) for r in recent]
        targets = [_home_row(r, home, "target") for r in recent]
        parts += [f"## {esc(w('collections_chart'))}\n\n",
                  charts.pairs(w("collections_chart"), [r.month[2:] for r in recent], amounts,
                               targets, (w("collected"), w("target")),
                               charts.Style(site.lang, home), False), "\n\n"]
    parts += [f"## {esc(w('cases_by_stage'))}\n\n", stage_chart(site, stages, False), "\n",
              f"[{esc(w('cases'))}](status/cases.md)\n\n"]
    parts += [f"## {esc(w('limitation_alerts'))}\n\n",
              md_table([(w("receivable"), "text"), (w("debtor"), "text"), (w("expires"), "date"),
                        (w("days_left"), "int"), (w("status_col"), "text")],
                       [(r.receivable, site.debtor(r.debtor, ""), r.expires, r.days_left,
                         site.v(r.status)) for r in alerts[:10]]) or f"{esc(w('no_data'))}\n",
              f"\n[{esc(w('limitation'))}](status/limitation.md)\n\n"]
    parts += [f"## {esc(w('key_debts'))}\n\n",
              focus_table(site, keys, "") or f"{esc(w('no_data'))}\n"]
    return "".join(parts)


def _home_row(report: MonthlyReport, home: str, attr: str) -> Decimal | None:
    for row in report.totals:
        if row.currency == home:
            return getattr(row, attr)
    return None


def stage_chart(site: Site, stages: Sequence[Any], caption: bool = True) -> str:
    if not stages:
        return f"{esc(site.w('no_data'))}\n"
    chart = charts.hbars(site.w("cases_by_stage"), [site.stage(s.stage) for s in stages],
                         [Decimal(s.cases) for s in stages], [str(s.cases) for s in stages],
                         caption=caption)
    table = md_table([(site.w("stage"), "text"), (site.w("count"), "int"),
                      (site.w("claim"), "money")],
                     [(site.stage(s.stage), s.cases, s.claim) for s in stages])
    return f"{chart}\n\n{table}"


def focus_table(site: Site, rows: Sequence[Any], up: str) -> str:
    return md_table([(site.w("rank"), "int"), (site.w("receivable"), "text"),
                     (site.w("debtor"), "text"), (site.w("outstanding"), "money"),
                     (site.w("overdue_days"), "int"), (site.w("criteria"), "text")],
                    [(r.rank, r.receivable, site.debtor(r.debtor, up), r.outstanding,
                      r.overdue_days, "、".join(site.v(c) for c in r.criteria)) for r in rows])


def aging(site: Site) -> str:
    report = age_report(site.ledger, site.as_of, by="unit", lang=site.lang)
    by_debtor = age_report(site.ledger, site.as_of, by="debtor", lang=site.lang)
    parts = [header(site, site.w("aging"))]
    for total in report.totals:
        parts.append(charts.hbars(f"{site.w('aging_chart')} {total.currency}",
                                  bucket_labels(report.buckets, site.lang), list(total.amounts),
                                  style=charts.Style(site.lang, total.currency)) + "\n\n")
    parts += [report_tables(report.tables(site.lang)), "\n",
              report_tables(by_debtor.tables(site.lang))]
    return "".join(parts)


def units(site: Site) -> str:
    totals = total_report(site.ledger, site.as_of, by="unit", lang=site.lang)
    ages = age_report(site.ledger, site.as_of, by="unit", lang=site.lang)
    return (header(site, site.w("units")) + report_tables(totals.tables(site.lang)) + "\n"
            + report_tables(ages.tables(site.lang)))


def collectors(site: Site) -> str:
    totals = total_report(site.ledger, site.as_of, by="collector", lang=site.lang)
    targets = targets_report(site.ledger, site.as_of, year=site.as_of.year, lang=site.lang)
    return (header(site, site.w("collectors")) + report_tables(totals.tables(site.lang)) + "\n"
            + report_tables(targets.tables(site.lang)))


def cases_page(site: Site) -> str:
    w, ledger = site.w, site.ledger
    rows = site.case_rows
    table = md_table(
        [(w("case"), "text"), (w("debtor"), "text"), (w("priority"), "text"), (w("owner"), "text"),
         (w("stage"), "text"), (w("claim"), "money"), (w("costs"), "money"),
         (w("case_recovered"), "money"), (w("fee_due"), "money")],
        [(r.case.id, site.debtor(r.case.debtor, "../"), w(r.case.priority),
          _person(ledger, r.case.owner), site.stage(r.stage), r.claim, r.costs,
          r.recovered, r.fee_due) for r in rows])
    return (header(site, w("cases")) + stage_chart(site, by_stage(rows)) + "\n"
            + (table or f"{esc(w('no_data'))}\n"))


def _person(ledger: Ledger, ident: str) -> str:
    person = ledger.people.get(ident)
    return person.name if person else ident


def limitation_page(site: Site) -> str:
    w = site.w
    rows = site.limitation_rows
    table = md_table(
        [(w("receivable"), "text"), (w("debtor"), "text"), (w("outstanding"), "money"),
         (w("off_book"), "money"), (w("basis"), "text"), (w("basis_date"), "date"),
         (w("expires"), "date"), (w("days_left"), "int"), (w("status_col"), "text")],
        [(r.receivable, site.debtor(r.debtor, "../"), r.outstanding, r.off_book, site.v(r.basis),
          r.basis_date, r.expires, r.days_left, site.v(r.status)) for r in rows])
    found = guarantees(site.ledger, site.as_of)
    side = md_table([(w("debtor"), "text"), (w("guarantor"), "text"), (w("type"), "text"),
                     (w("period_end"), "date"), (w("days_left"), "int"), (w("claim"), "money")],
                    [(site.debtor(g.debtor, "../"), g.guarantor, site.v(g.kind), g.period_end,
                      g.days_left, g.claim) for g in found])
    return (header(site, w("limitation")) + (table or f"{esc(w('no_data'))}\n")
            + (f"\n## {esc(w('guarantees'))}\n\n{side}" if side else ""))


def holds_page(site: Site) -> str:
    w = site.w
    table = md_table([(w("debtor"), "text"), (w("currency"), "text"), (w("overdue"), "money"),
                      (w("outstanding"), "money"), (w("reason"), "text")],
                     [(site.debtor(h.debtor, "../"), h.currency, h.overdue, h.outstanding,
                       h.reason(site.lang)) for h in holds(site.ledger, site.as_of)])
    return header(site, w("holds")) + (table or f"{esc(w('no_data'))}\n")


def writeoffs(site: Site) -> str:
    """账销案存: every receivable with a write-off, its recoveries and the off-book claim."""
    w, ledger = site.w, site.ledger
    rows = []
    for ident in sorted(ledger.receivables):
        rec = ledger.receivables[ident]
        pos = ledger.position(rec, site.as_of)
        if pos.written_off <= 0:
            continue
        first = min((e for e in rec.events if e.type == "writeoff" and e.date <= site.as_of),
                    key=lambda e: e.date)
        rows.append((ident, site.debtor(rec.debtor, "../"), site.unit(rec.unit), first.date,
                     site.v(first.basis), pos.written_off, pos.recovered, pos.off_book))  # type: ignore[attr-defined]
    # The totals row is the `total` report's, so the site and the CLI agree to the cent.
    totals = [(w("totals"), t.currency, "", "", "", dict(zip(FIELDS, t.figures))["written_off"],
               dict(zip(FIELDS, t.figures))["recovered"], None) for t in site.totals.totals]
    table = md_table([(w("receivable"), "text"), (w("debtor"), "text"), (w("unit"), "text"),
                      (w("written_off_on"), "date"), (w("write_basis"), "text"),
                      (w("written_off"), "money"), (w("recovered"), "money"),
                      (w("off_book"), "money")], rows, totals if rows else ())
    return header(site, w("writeoffs")) + (table or f"{esc(w('no_data'))}\n")
