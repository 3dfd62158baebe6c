"""今日待办 pages: the work queue per person and per unit, with each one's calendar to subscribe.

Every figure is `qingqian todo`'s (collect.report), rendered with the site's table
helper, so the page and the command agree. Each person page links `<person>.ics`,
written beside it by `write_calendars` (the same export as `qingqian calendar`).
"""

from __future__ import annotations

from pathlib import Path

from ..collect.ics import calendar_bytes, per_person
from ..collect.report import TodoReport, text, todo_report
from ..collect.todo import items
from ..i18n.words import Words
from ..reports.common import Filters
from . import forks
from .pages import Site, esc, header, md_table, report_tables

WORDS = Words("todo-page", {
    "subscribe": "Subscribe to the calendar (phone, Outlook)", "person": "Person", "unit": "Unit",
    "items": "Items", "overdue_items": "Overdue", "overdue_actions": "Overdue actions",
})


def _w(key: str, lang: str) -> str:
    return WORDS(key, lang)


def _report(site: Site, person: str | None = None, unit: str | None = None) -> TodoReport:
    return todo_report(site.ledger, site.as_of, Filters(unit, None, person, None), site.lang)


def pages(site: Site) -> dict[str, str]:
    """todo/index.md, todo/<person>.md and todo/unit-<unit>.md (ids in paths, names in text)."""
    if site.ledger.rules is None:
        return {}
    ledger = site.ledger
    people = sorted(per_person(items(ledger, site.as_of)))
    units = sorted(ledger.units)
    out = {f"todo/{p}.md": _page(site, _report(site, person=p), ledger.people[p].name
                                 if p in ledger.people else p, f"{p}.ics") for p in people}
    out.update({f"todo/unit-{u}.md": _page(site, _report(site, unit=u), ledger.units[u].name, None)
                for u in units})
    out["todo/index.md"] = _index(site, people, units)
    return out


def _page(site: Site, report: TodoReport, name: str, ics: str | None) -> str:
    lang = site.lang
    parts = [header(site, f"{text('todo', lang)} {name}"),
             f"{esc(_w('overdue_items', lang))}: **{report.overdue}** / {len(report.items)}\n\n"]
    if ics:
        parts.append(f"[{esc(_w('subscribe', lang))}]({ics})\n\n")
    parts.append(report_tables(report.tables(lang)))
    return "".join(parts)


def _index(site: Site, people: list[str], units: list[str]) -> str:
    lang, ledger = site.lang, site.ledger
    rows = []
    for p in people:
        report = _report(site, person=p)
        name = ledger.people[p].name if p in ledger.people else p
        rows.append((_link(name, f"{p}.md"), report.overdue, len(report.items),
                     _link("ics", f"{p}.ics")))
    table = md_table([(_w("person", lang), "text"), (_w("overdue_items", lang), "int"),
                      (_w("items", lang), "int"), ("iCalendar", "text")], rows)
    unit_rows = [(_link(ledger.units[u].name, f"unit-{u}.md"), r.overdue, len(r.items))
                 for u in units for r in (_report(site, unit=u),)]
    unit_table = md_table([(_w("unit", lang), "text"), (_w("overdue_items", lang), "int"),
                           (_w("items", lang), "int")], unit_rows)
    return header(site, text("todo", lang)) + table + "\n" + unit_table


def _link(label: str, href: str):  # type: ignore[no-untyped-def]
    from .pages import Link
    return Link(label, href)


def overview_block(site: Site) -> str:
    """The overview's line: how many actions are overdue, linked to the 今日待办 pages."""
    if site.ledger.rules is None:
        return ""
    overdue = _report(site).overdue
    title = _w("overdue_actions", site.lang)
    return (f"## {esc(title)}\n\n"
            f'<div class="qq-headline"><div class="qq-kpi" data-figure="overdue_actions">'
            f'<span class="qq-kpi-label">{esc(title)}</span> '
            f'<strong class="qq-kpi-value">{overdue}</strong></div></div>\n\n'
            f"[{esc(text('todo', site.lang))}](todo/index.md)\n\n")


def write_calendars(docs: Path, site: Site) -> list[str]:
    """todo/<person>.ics for each person with items (the site publishes them as they are)."""
    if site.ledger.rules is None:
        return []
    found = per_person(items(site.ledger, site.as_of, site.ledger.rules.dunning.calendar_days))
    (docs / "todo").mkdir(parents=True, exist_ok=True)

    def write(people: list[str]) -> list[str]:
        for person in people:
            name = site.ledger.people[person].name if person in site.ledger.people else person
            (docs / "todo" / f"{person}.ics").write_bytes(calendar_bytes(
                site.ledger, found[person], site.as_of, site.lang,
                f"{text('todo', site.lang)} {name}"))
        return [f"todo/{person}.ics" for person in people]

    # serialising thousands of events is the icalendar library's slow part: on every core
    shares = forks.split(sorted(found), forks.cores())
    return sorted(path for share in forks.map_forked(write, shares) for path in share)
