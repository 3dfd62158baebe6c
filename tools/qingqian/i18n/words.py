"""Tables of short texts looked up by a key: column titles, names of coded values, headings.

A table is written in English in the code, `Words("label", {"outstanding": "Outstanding"})`;
its Chinese is in the catalogue like every other message, under the context
`<table>:<key>` (`label:outstanding`, `value:stage:litigation`), so that two short English
words of different meaning ("Recovered" by a case, "Recovered" after a write-off) keep
their own Chinese. `extract.py` reads the tables from the source, so a table's name and
its keys and texts are literal strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import _


@dataclass(frozen=True, slots=True)
class Words:
    """One table: `table` names its part of the catalogue, `english` maps key → English text."""

    table: str
    english: Mapping[str, str]

    def __call__(self, key: str, lang: str) -> str:
        """The text of `key` in `lang`; a key the table does not hold shows as itself."""
        text = self.english.get(key)
        return key if text is None else _(text, lang, self.context(key))

    def __contains__(self, key: object) -> bool:
        return key in self.english

    def context(self, key: str) -> str:
        """The catalogue's context (msgctxt) of a key."""
        return f"{self.table}:{key}"
