"""One debtor, one file: a company is known by its 统一社会信用代码, a person by an ID-card number.

Two files for one debtor split its balance, so neither credit hold nor limit sees the
whole debt. The credit code (GB 32100-2015) and the ID-card number (GB 11643, private:
never shown) are checked and must be unique; names equal once full-width characters,
spaces and the usual suffixes are normalised are a warning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from ..findings import ERROR, WARNING, Finding
from ..ledger import Ledger
from ..model.debtor import Debtor
from ..model.identity import credit_code_problem, id_number_problem, normal_name
from .registry import finding, rule


def identity_invalid(ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A debtor's credit_code fails GB 32100-2015 or its id_number fails the ID-card check character."""
    for ident, debtor in ledger.debtors.items():
        path = ledger.path_of[ident]
        if debtor.credit_code is not None:
            problem = credit_code_problem(debtor.credit_code)
            if problem:
                yield finding("S015", ledger.where(path, "credit_code"),
                              f"credit_code `{debtor.credit_code}` {problem} (统一社会信用代码无效)",
                              "copy the 18-character code from the business licence")
        if debtor.id_number is not None:
            problem = id_number_problem(debtor.id_number)
            if problem:
                yield finding("S015", ledger.where(path, "id_number"),
                              f"id_number {problem} (身份证号码无效)",
                              "copy the 18-character number from the ID card")


def debtor_facts(path: str, model: Any) -> tuple:
    """(id, name, normalised name, credit code, ID-number digest, line) of a debtor file."""
    if not isinstance(model, Debtor):
        return ()
    code = (model.credit_code or "").strip().upper()
    person = model.id_number.strip().upper() if model.id_number else ""
    digest = hashlib.sha256(person.encode()).hexdigest() if person else ""
    return ((model.id, model.name, normal_name(model.name), code, digest, model.line or 1),)


def _debtors(facts: Mapping[str, tuple]) -> list[tuple[str, tuple]]:
    return [(path, fact) for path in sorted(facts) for fact in facts[path] if len(fact) == 6]


def duplicate_identity(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Two debtor files carry one credit_code or one id_number (one debtor, two files)."""
    for column, label in ((3, "credit_code"), (4, "ID-card number")):
        first: dict[str, tuple[str, tuple]] = {}
        for path, fact in _debtors(facts):
            value = fact[column]
            if not value:
                continue
            if value in first:
                other_path, other = first[value]
                shown = f"`{value}` " if column == 3 else ""
                yield finding("S016", (path, fact[5], 1),
                              f"{label} {shown}is also {other[1]} ({other[0]}, {other_path}) "
                              f"(一户一档：重复的债务人)",
                              f"merge into {other[0]}: one debtor, one file")
            else:
                first[value] = (path, fact)


def similar_name(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """Two debtors' names are equal once full-width characters, spaces and usual suffixes are normalised."""
    first: dict[str, tuple[str, tuple]] = {}
    for path, fact in _debtors(facts):
        if fact[2] in first:
            other_path, other = first[fact[2]]
            if not (fact[3] and other[3] and fact[3] != other[3]):  # two codes: two companies
                yield finding("P019", (path, fact[5], 1),
                              f"name {fact[1]} matches {other[1]} ({other[0]}, {other_path}) "
                              f"(疑似同一债务人)",
                              f"merge into {other[0]}, or record each one's credit_code")
        else:
            first[fact[2]] = (path, fact)


RULES = (
    rule("S015", "identity-invalid", ERROR, identity_invalid),
    rule("S016", "duplicate-debtor", ERROR, duplicate_identity, scope="ledger", facts=debtor_facts),
    rule("P019", "similar-debtor-name", WARNING, similar_name, scope="ledger", facts=debtor_facts),
)
