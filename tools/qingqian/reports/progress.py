"""`report case` / `report cases`: the client's progress report as data, tables and HTML.

Every value from YAML is escaped (html.escape) on its way into HTML; the page has no
script and loads nothing, so it prints and converts to PDF as it is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..lifecycle.progress import CaseProgress, Deadline, Happening
from ..money import fmt
from .labels import PROGRESS_LABELS, PROGRESS_NEXT, PROGRESS_WHAT
from .layout import Column, Table


def word(key: str, lang: str) -> str:
    return PROGRESS_LABELS(key, lang)


def what(key: str | None, lang: str) -> str:
    return PROGRESS_WHAT(key or "", lang)


@dataclass(frozen=True, slots=True)
class CaseReport:
    """One case's progress; `tables` for table/csv/markdown, `html` for the client."""

    p: CaseProgress

    def to_json(self) -> dict:
        p, c = self.p, self.p.case
        counsel = c.counsel
        return {
            "case": c.id, "debtor": c.debtor, "debtor_name": p.debtor_name, "owner": c.owner,
            "owner_name": p.owner_name, "period": p.period, "from": p.start.isoformat(),
            "to": p.end.isoformat(), "stage": p.stage,
            "stage_since": p.stage_since.isoformat() if p.stage_since else None,
            "counsel": None if counsel is None else {
                "firm": counsel.firm, "lawyer": counsel.lawyer, "scope": counsel.scope,
                "engaged": counsel.engaged.isoformat() if counsel.engaged else None,
                "contract": counsel.contract},
            **{k: fmt(getattr(p, k)) for k in MONEY},
            "happened": [{"date": h.date.isoformat(), "what": h.what, "detail": h.detail,
                          "amount": fmt(h.amount) if isinstance(h.amount, Decimal) else None}
                         for h in p.happenings],
            "assets": [{"date": a.date.isoformat(), "kind": a.kind, "description": a.description,
                        "amount": fmt(a.amount), "encumbered": fmt(a.encumbered)}
                       for a in c.assets if a.date <= p.end],
            "deadlines": [{"date": d.date.isoformat(), "what": d.what, "detail": d.detail}
                          for d in p.deadlines],
            "missing": list(p.missing),
            "next": PROGRESS_NEXT.english[_next_key(p)],
        }

    def tables(self, lang: str) -> list[Table]:
        p = self.p
        title = (f"{word('title', lang)} {p.case.id} {p.debtor_name} "
                 f"({word('period', lang)} {p.start} {word('to', lang)} {p.end}; "
                 f"{word('stage', lang)} {what(p.stage, lang) or '-'})")
        money = Table((Column(word("item", lang)), Column(word("amount", lang), "money")),
                      tuple((word(k, lang), getattr(p, k)) for k in MONEY), (), title)
        events = Table(_cols(lang, "date", "what", "detail", "amount:money"),
                       tuple(_event_row(h, lang) for h in p.happenings), (), word("happened", lang))
        ahead = Table(_cols(lang, "date", "what", "detail"),
                      tuple((d.date, what(d.what, lang), d.detail) for d in p.deadlines), (),
                      word("deadlines", lang))
        steps = Table((Column(word("next", lang)),), ((_next(p, lang),),), (), word("next", lang))
        return [money, events, ahead, steps]

    def html(self, lang: str) -> str:
        return page(section(self, lang), f"{self.p.case.id} {word('title', lang)}")


MONEY = ("claim", "claim_at_opening", "recovered_period", "recovered_total", "costs_period",
         "costs_total", "fee_due", "frozen")


def _cols(lang: str, *keys: str) -> tuple[Column, ...]:
    return tuple(Column(word(k.split(":")[0], lang), (k.split(":") + ["text"])[1]) for k in keys)


def _event_row(h: Happening, lang: str) -> tuple:
    detail = h.detail
    if h.what in ("stage", "asset", "cost", "agreement"):  # the first word is a key: name it
        head, _, rest = detail.partition(" ")
        detail = f"{what(head, lang)} {rest}".strip()
    return (h.date, what(h.what, lang), detail, h.amount if isinstance(h.amount, Decimal) else None)


def _next_key(p: CaseProgress) -> str:
    """The stage whose next step applies; `none` before the first (or for a stage unknown)."""
    return p.stage if p.stage and p.stage in PROGRESS_NEXT else "none"


def _next(p: CaseProgress, lang: str) -> str:
    text = PROGRESS_NEXT(_next_key(p), lang)
    if p.missing:
        sep = "、" if lang == "zh" else ", "
        text += f" {word('missing', lang)}: {sep.join(p.missing)}"
    return text


def _e(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return html.escape("" if value is None else str(value))


def _html_table(heads: tuple[str, ...], rows: list[tuple], empty: str = "") -> str:
    """A table; without `heads` a plain two-column sheet; no rows: one row saying `empty`."""
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f'<td class="{_cls(v)}">{_e(v)}</td>' for v in row) + "</tr>"
                   for row in rows)
    if not rows:
        body = f'<tr><td colspan="{max(len(heads), 1)}">{_e(empty)}</td></tr>'
    thead = f"<thead><tr>{head}</tr></thead>" if heads else ""
    return f"<table>{thead}<tbody>{body}</tbody></table>"


def _cls(value: object) -> str:
    return "num" if isinstance(value, Decimal) else "day" if isinstance(value, date) else ""


def section(report: CaseReport, lang: str) -> str:
    """One case's report as an HTML section (a page of its own when printed)."""
    p, c = report.p, report.p.case
    counsel = c.counsel
    facts = [(word("debtor", lang), p.debtor_name), (word("owner", lang), p.owner_name),
             (word("period", lang), f"{p.start} {word('to', lang)} {p.end}"),
             (word("stage", lang), (f"{what(p.stage, lang) or '-'} "
                                   f"({word('since', lang)} {p.stage_since or '-'})"))]
    if counsel is not None:
        facts += [(word("counsel", lang), f"{counsel.firm} {counsel.lawyer or ''}".strip()),
                  (word("scope", lang), word(counsel.scope, lang) if counsel.scope else "-"),
                  (word("engaged", lang), f"{counsel.engaged or '-'} {counsel.contract or ''}")]
    parts = [f"<section><h1>{_e(word('title', lang))}</h1>",
             f"<p class=\"no\">{_e(c.id)}</p>", _html_table((), facts),
             f"<h2>{_e(word('money', lang))}</h2>",
             _html_table((word("item", lang), word("amount", lang)),
                         [(word(k, lang), getattr(p, k)) for k in MONEY]),
             f"<h2>{_e(word('happened', lang))}</h2>",
             _html_table(tuple(word(k, lang) for k in ("date", "what", "detail", "amount")),
                         [_event_row(h, lang) for h in p.happenings], word("none", lang)),
             f"<h2>{_e(word('assets', lang))}</h2>",
             _html_table(tuple(word(k, lang) for k in ("date", "kind", "detail", "amount",
                                                       "encumbered")),
                         [(a.date, what(a.kind, lang), a.description, a.amount, a.encumbered)
                          for a in c.assets if a.date <= p.end], word("none", lang)),
             f"<h2>{_e(word('deadlines', lang))}</h2>",
             _html_table(tuple(word(k, lang) for k in ("date", "what", "detail")),
                         [(d.date, what(d.what, lang), d.detail) for d in p.deadlines],
                         word("none", lang)),
             f"<h2>{_e(word('next', lang))}</h2><p>{_e(_next(p, lang))}</p></section>"]
    return "\n".join(parts)


CSS = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", sans-serif;
       font-size: 10.5pt; line-height: 1.6; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 0.2em; }
h2 { font-size: 12pt; border-bottom: 1px solid #000; margin: 1.2em 0 0.4em; }
p.no { text-align: center; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 2pt 5pt; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
td.day { white-space: nowrap; }
td:nth-child(2) { white-space: nowrap; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
"""


def page(body: str, title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")


@dataclass(frozen=True, slots=True)
class PackReport:
    """Every open case's report for one period: the monthly pack."""

    period: str
    as_of: date
    reports: tuple[CaseReport, ...]

    def to_json(self) -> dict:
        return {"period": self.period, "as_of": self.as_of.isoformat(),
                "cases": [r.to_json() for r in self.reports]}

    def tables(self, lang: str) -> list[Table]:
        return [t for r in self.reports for t in r.tables(lang)]

    def html(self, lang: str) -> str:
        return page("\n".join(section(r, lang) for r in self.reports),
                    f"{word('pack', lang)} {self.period}")


def deadline_text(d: Deadline, lang: str) -> str:
    return f"{d.date} {what(d.what, lang)} {d.detail}".strip()
