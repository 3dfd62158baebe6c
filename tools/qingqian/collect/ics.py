"""Deadlines as iCalendar (RFC 5545): all-day events with an alarm, one calendar per person.

Each work-queue item is a VEVENT on its date with a VALARM `dunning.alarm_days` before.
Its UID hashes the subject (receivable, case or debtor), the kind and what the date
rests on, never the run, so a re-export updates a subscribed calendar rather than
duplicating it; DTSTAMP is the as-of date, so the same ledger gives the same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from ..ledger import Ledger
from ..money import fmt
from .report import action_text, kind_text, names, text
from .todo import Item, items, person_id, select

PRODID = "-//qingqian//collector's day//ZH"


def uid(item: Item) -> str:
    """A stable identity: the same deadline keeps its UID from one export to the next."""
    key = f"{item.subject}|{item.kind}|{item.basis}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:32]}@qingqian"


def calendar_bytes(ledger: Ledger, chosen: tuple[Item, ...], as_of: date, lang: str,
                   title: str) -> bytes:
    """One VCALENDAR holding an all-day VEVENT with a VALARM per item."""
    from icalendar import Alarm, Calendar, Event

    assert ledger.rules is not None
    alarm_days = ledger.rules.dunning.alarm_days
    shown = names(ledger)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for item in chosen:
        event = Event()
        event.add("uid", uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + timedelta(days=1))
        kind = kind_text(item.kind, lang)
        event.add("summary", text("event", lang).format(
            kind=kind, action=action_text(item.action, lang), subject=item.subject,
            debtor=shown.get(item.debtor, item.debtor)))
        event.add("description", "\n".join(filter(None, (
            f"{text('amount', lang)}: {fmt(item.amount)}" if item.amount is not None else "",
            f"{text('people', lang)}: {'、'.join(shown.get(p, p) for p in item.people)}",
            f"{text('alert', lang)}: {item.alert}" if item.alert else ""))))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{kind} {item.date}")
        alarm.add("trigger", timedelta(days=-alarm_days))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendars(ledger: Ledger, as_of: date, lang: str, ics: Path | None,
                    out_dir: Path | None, collector: str | None,
                    unit: str | None) -> list[tuple[Path, int]]:
    """Write one .ics (`ics`) and/or one per person into `out_dir` (plus all.ics)."""
    from ..write.atomic import atomic_write

    assert ledger.rules is not None
    found = items(ledger, as_of, ledger.rules.dunning.calendar_days)
    person = person_id(ledger, collector) if collector else None
    chosen = select(found, person, unit)
    title = text("todo", lang) + (f" {ledger.people[person].name}"
                                  if person in ledger.people else "")
    written: list[tuple[Path, int]] = []
    if ics is not None:
        atomic_write(ics, calendar_bytes(ledger, chosen, as_of, lang, title))
        written.append((ics, len(chosen)))
    if out_dir is not None:
        for ident, mine in per_person(chosen).items():
            name = ledger.people[ident].name if ident in ledger.people else ident
            path = out_dir / f"{ident}.ics"
            title = f"{text('todo', lang)} {name}"
            atomic_write(path, calendar_bytes(ledger, mine, as_of, lang, title))
            written.append((path, len(mine)))
        path = out_dir / "all.ics"
        atomic_write(path, calendar_bytes(ledger, chosen, as_of, lang, text("todo", lang)))
        written.append((path, len(chosen)))
    return written


def per_person(chosen: tuple[Item, ...]) -> dict[str, tuple[Item, ...]]:
    """Each person's items, people in id order."""
    people = sorted({p for i in chosen for p in i.people})
    return {p: select(chosen, p) for p in people}
