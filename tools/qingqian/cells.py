"""Text that a spreadsheet would run: cells starting with = + - @, a tab or a carriage return.

OWASP's CSV-injection guidance (plus a line feed, which a CR becomes): Excel,
LibreOffice and Sheets read such a cell as a formula (`=HYPERLINK(…)`,
`+cmd|' /C calc'!A0`, `@SUM(…)`), so exported text that starts with one of them is
written as text — behind a single quote in CSV, as a string-typed cell in xlsx — and
the loader flags ledger names that start so (S018).
A plain number such as `-12.50` is a value, not a formula, and is left alone.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"^[-+]?[0-9][0-9,]*(\.[0-9]+)?%?$")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula rather than as text."""
    return text.startswith(FORMULA_START) and not _NUMBER.match(text)


def csv_text(value: object) -> object:
    """A CSV cell that opens as the text it holds: formula-like text behind a single quote.

    A carriage return becomes a line feed: the writer quotes a cell holding a line feed,
    but not one holding a lone CR, which a reader takes as the end of the row (and the
    text after it as a new row's first cell, formula or not).
    """
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if formula_like(value) else value
