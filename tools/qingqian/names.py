"""People, units and debtors by name: shown by name, and accepted by name where an id is asked.

A clerk types `--by 张伟`, not `--by zhang.wei`. `resolve` turns a name into its id when
exactly one record carries it, and otherwise says which ids were meant ("did you mean")
so that the clerk can pick one; an id is always accepted as it is. `Names` is the
id → name table a report keeps to print names where a person reads (ids stay in JSON).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_, say
from .i18n.words import Words


class NameProblem(ValueError):
    """A name that matches no record, or several: the message lists the candidates."""


@dataclass(frozen=True)
class Names:
    """Display names by id; an unknown id shows as itself."""

    debtors: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ledger: Any) -> Names:
        return cls({k: d.name for k, d in ledger.debtors.items()},
                   {k: p.name for k, p in ledger.people.items()},
                   {k: u.name for k, u in ledger.units.items()})

    def debtor(self, ident: str | None) -> str:
        return self.debtors.get(ident or "", ident or "")

    def person(self, ident: str | None) -> str:
        return self.people.get(ident or "", ident or "")

    def unit(self, ident: str | None) -> str:
        return self.units.get(ident or "", ident or "")


WHAT = Words("noun", {"person": "person", "unit": "unit", "debtor": "debtor"})


def resolve(text: str, table: Mapping[str, str], what: str = "person", lang: str = "zh") -> str:
    """The id `text` names: an id as is, else the one record with that name.

    Several records of that name, or none but some close ones, raise `NameProblem`
    naming them (`zhang.wei（张伟）`); a text close to nothing is returned unchanged, for
    the checks to report as an unknown id.
    """
    if text in table:
        return text
    same = sorted(i for i, name in table.items() if name == text)
    if len(same) == 1:
        return same[0]
    noun = WHAT(what, lang)
    if same:
        raise NameProblem(say(N_("`{text}` names several: {list}; give the {noun} id"), lang,
                              text=text, list=_list(same, table), noun=noun))
    close = _close(text, table)
    if close:
        raise NameProblem(say(N_("no {noun} `{text}`; did you mean {list}?"), lang,
                              noun=noun, text=text, list=_list(close, table)))
    return text


def _close(text: str, table: Mapping[str, str]) -> list[str]:
    """Ids whose id or name looks like `text` (a typo, a missing character, a partial name)."""
    by_name = {name: ident for ident, name in table.items()}
    found = difflib.get_close_matches(text, list(table), n=3, cutoff=0.7)
    found += [by_name[n] for n in difflib.get_close_matches(text, list(by_name), n=3, cutoff=0.5)]
    found += [i for i, name in table.items() if text and (text in name or name in text)]
    return sorted(dict.fromkeys(found))[:5]


def _list(idents: list[str], table: Mapping[str, str]) -> str:
    return "、".join(f"{i}（{table[i]}）" for i in idents)
