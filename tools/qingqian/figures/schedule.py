"""Expansion of recurring charges (rent, utilities) into invoices (DESIGN §6.0)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from ..model.receivable import Schedule

_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _on_day(year: int, month: int, day: int) -> date:
    """The given day of a month, or the month's last day where it is shorter (31 → 30 April)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrences(item: Schedule, as_of: date) -> Iterator[date]:
    """Invoice dates: `from`, then every period on `day`, up to `to` and the as-of date."""
    last = min(item.to, as_of)
    if item.from_ > last:
        return
    yield item.from_
    step = _MONTHS[item.every]
    day = item.day or item.from_.day
    index = item.from_.year * 12 + item.from_.month - 1
    while True:
        index += step
        current = _on_day(index // 12, index % 12 + 1, day)
        if current > last:
            return
        yield current
