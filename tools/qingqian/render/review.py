"""The review summary (`qingqian diff`) and a restated month as Markdown or JSON.

The Markdown is posted on a pull request: every value from the ledger goes through
`md_escape`, so a title or message cannot make a link, an image or a new table cell.
"""

from __future__ import annotations

import json

from ..i18n.words import Words
from ..money import ZERO, fmt
from ..reports.review import Restatement, Review, Totals
from .table import md_escape


def _md(text: object) -> str:
    return md_escape(str(text))



def review_json(r: Review) -> str:
    doc = {
        "base": r.base, "head": r.head, "as_of": r.as_of.isoformat(), "commits": r.commits,
        "new": [{"kind": n.kind, "id": n.id, "debtor": n.debtor, "title": n.title, "path": n.path}
                for n in r.new],
        "money": [{"receivable": m.receivable, "currency": m.currency, "change": m.change,
                   "date": m.date.isoformat(), "type": m.type, "amount": fmt(m.amount),
                   "was": fmt(m.was), "detail": m.detail, "approved_by": list(m.approved_by)}
                  for m in r.money],
        "stages": [{"case": s.case, "from": s.before, "to": s.after, "date": s.date.isoformat()}
                   for s in r.stages],
        "interruptions": [{"receivable": i.receivable, "date": i.date.isoformat(), "type": i.type,
                           "detail": i.detail} for i in r.interruptions],
        "history": [f.to_json() for f in r.history],
        "totals": {"before": _totals_json(r.before), "after": _totals_json(r.after)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _totals_json(items: tuple[Totals, ...]) -> dict:
    return {t.currency: {"outstanding": fmt(t.outstanding), "overdue": fmt(t.overdue)}
            for t in items}


HEADINGS = Words("review", {
    "title": "qingqian diff", "commits": "{n} commit(s); figures as of {as_of}.",
    "totals": "Totals", "head": "| currency | figure | before | after | change |",
    "new": "New receivables and cases", "money": "Money recorded",
    "money_head": "| receivable | date | type | amount | change | detail | approved by |",
    "stages": "Stage moves", "interruptions": "Limitation interruptions",
    "history": "History rules", "none": "none", "was": "was", "new_stage": "(new)",
    "outstanding": "outstanding", "overdue": "overdue",
})


def _amount(value: object) -> str:
    """An amount with thousands separators (a reviewer reads 1,250,000.00, not 1250000.00)."""
    from decimal import Decimal

    from ..money import cents

    return f"{cents(value):,.2f}" if isinstance(value, Decimal) else ""


def review_markdown(r: Review, lang: str = "en") -> str:
    """The review summary in `lang`: headings, figures with separators, history findings."""

    def h(key: str) -> str:
        return HEADINGS(key, lang)

    lines = [f"## {h('title')} `{r.base}..{r.head}`", "",
             h("commits").format(n=r.commits, as_of=r.as_of), "", f"### {h('totals')}", "",
             h("head"), "|---|---|--:|--:|--:|"]
    before = {t.currency: t for t in r.before}
    after = {t.currency: t for t in r.after}
    for cur in sorted(set(before) | set(after)):
        for name in ("outstanding", "overdue"):
            b = getattr(before[cur], name) if cur in before else ZERO
            a = getattr(after[cur], name) if cur in after else ZERO
            lines.append(f"| {_md(cur)} | {name} | {fmt(b)} | {fmt(a)} | {fmt(a - b)} |")
    lines += ["", "### New receivables and cases", ""]
    lines += [f"- {n.kind} **{_md(n.id)}** ({_md(n.debtor)}) {_md(n.title)} — {_md(n.path)}"
              for n in r.new] or ["none"]
    lines += ["", "### Money recorded", ""]
    if r.money:
        lines += ["| receivable | date | type | amount | change | detail | approved by |",
                  "|---|---|---|--:|---|---|---|"]
        lines += [f"| {_md(m.receivable)} | {m.date} | {m.type} | "
                  f"{fmt(m.amount) or ''} {_md(m.currency)} | "
                  f"{m.change}{f' (was {fmt(m.was)})' if m.was is not None else ''} | "
                  f"{_md(m.detail)} | {_md(', '.join(m.approved_by))} |" for m in r.money]
    else:
        lines.append("none")
    lines += ["", "### Stage moves", ""]
    lines += [f"- {_md(s.case)}: {_md(s.before or '(new)')} → {_md(s.after)} ({s.date})"
              for s in r.stages] or ["none"]
    lines += ["", "### Limitation interruptions", ""]
    lines += [f"- {_md(i.receivable)} {i.date} {i.type} {_md(i.detail)}".rstrip()
              for i in r.interruptions] or ["none"]
    lines += ["", f"### ⚠ History rules ({len(r.history)})", ""]
    lines += [f"- **{f.severity} {f.rule}** {_md(f.name)} {_md(f.path)}:{f.line}: {_md(f.message)}"
              for f in r.history] or ["none"]
    return "\n".join(lines) + "\n"


def restated_json(s: Restatement) -> str:
    doc = {"month": s.month, "month_end": s.month_end.isoformat(), "reported_at": s.reported_at,
           "rows": [{"receivable": x.receivable, "currency": x.currency, "first": fmt(x.first),
                     "now": fmt(x.now), "change": fmt(x.now - x.first)} for x in s.rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def restated_markdown(s: Restatement) -> str:
    lines = [f"## Restated: {s.month} (outstanding at {s.month_end})", "",
             f"First reported at commit `{s.reported_at}`; now as known at HEAD.", ""]
    if not s.rows:
        return "\n".join(lines + ["No receivable's figures changed.\n"])
    lines += ["| receivable | currency | first reported | now | change |", "|---|---|--:|--:|--:|"]
    lines += [f"| {_md(x.receivable)} | {x.currency} | {fmt(x.first)} | {fmt(x.now)} | "
              f"{fmt(x.now - x.first)} |"
              for x in s.rows]
    return "\n".join(lines) + "\n"

