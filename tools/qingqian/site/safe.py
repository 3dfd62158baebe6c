"""The one escaping function for every value from YAML that reaches the site.

A value lands in Markdown text, in raw HTML blocks (tables) and in inline SVG. Escaping
for HTML first and then turning every Markdown-active character into a numeric character
reference makes the same string inert in all three: the browser shows the characters,
Markdown sees no emphasis, link, code span, table cell separator or raw HTML, and no
`javascript:` link can be formed because brackets and parentheses are never literal.
Where the theme prints a value with no Markdown in between (a nav or page title: MkDocs
Material does not escape them), `html_text` is the HTML half alone, so `&`, `(` show as
written there too.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from typing import Any

from ..money import cents

# After html.escape: & < > " ' are already references; these are Markdown-active.
_MD_ACTIVE = re.compile(r"[\\`*_{}\[\]()#+!|~:=^$%@]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def esc(value: Any) -> str:
    """Text safe in Markdown, HTML and SVG: shows exactly as written, never as markup."""
    # `&` of the references html_text made must stay literal, so substitute char by char.
    return _MD_ACTIVE.sub(lambda m: f"&#{ord(m.group(0))};", html_text(value))


def html_text(value: Any) -> str:
    """Text safe where a theme writes it into HTML as it is, with no Markdown in between (nav
    titles, page titles, the site name): shows exactly as written, on one line."""
    if value is None:
        return ""
    text = _CONTROL.sub(" ", str(value)).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return html.escape(text, quote=True)


def money(amount: Decimal | None) -> str:
    """An amount as shown on the site: thousands separators, two decimals, half-up."""
    return "" if amount is None else f"{cents(amount):,.2f}"


def cell(value: Any) -> str:
    """A table cell: amounts formatted, dates ISO, everything escaped."""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, date):
        return value.isoformat()
    return esc(value)


def percent(ratio: str | None) -> str:
    """A completion ratio string (4 decimals) as a percentage with one decimal."""
    if ratio is None:
        return "—"
    return f"{Decimal(ratio) * 100:.1f}%"
