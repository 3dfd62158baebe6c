"""`python -m qingqian.i18n.extract`: refresh the catalogue from the code (a maintainer's step).

Collects every `N_("…")` and `NC_("context", "…")` message of the package (Babel's Python
extractor), every text of the `Words` tables (context: table and key, read from the source),
every rule's summary (context: the rule id) and every help text of the command line (each
command's docstring and each option's help, from the Click tree), writes
`locale/qingqian.pot`, and updates each language's `.po` with Babel: new messages appear
untranslated, gone ones are dropped, translations are kept. tests/test_i18n.py fails while
a message has no Chinese.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import DOMAIN, LOCALE

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

PACKAGE = Path(__file__).resolve().parents[1]


def template() -> Catalog:
    """Every message of the package, every table text and every rule summary, as a catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from ..cli import cli
    from ..cli.bilingual import help_messages
    from ..rules import ALL_RULES

    catalog = Catalog(project=DOMAIN, charset="utf-8")
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")],
            keywords={"N_": None, "NC_": ((1, "c"), 2)},
            comment_tags=(), strip_comment_tags=True):
        catalog.add(message, locations=[(filename, lineno)], context=context)
    for path in sorted(PACKAGE.rglob("*.py")):
        for context, message, lineno in word_tables(path):
            catalog.add(message, locations=[(path.relative_to(PACKAGE).as_posix(), lineno)],
                        context=context)
    for rule in ALL_RULES:
        catalog.add(rule.summary, context=rule.id, locations=[("rules", 0)])
    for message, where in help_messages(cli):
        known = catalog.get(message)
        places = [*(known.locations if known else ()), (where, 0)]
        catalog.add(message, locations=places)
    return catalog


def word_tables(path: Path) -> Iterator[tuple[str, str, int]]:
    """(context, English, line) of every entry of every `Words("table", {...})` in a file."""
    source = path.read_text(encoding="utf-8")
    if "Words(" not in source:
        return
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Words"):
            continue
        table, english = (node.args + [None, None])[:2]
        if not (isinstance(table, ast.Constant) and isinstance(table.value, str)
                and isinstance(english, ast.Dict)):
            raise ValueError(f"{path}:{node.lineno}: Words() takes a table name and a dict literal")
        for key, text in zip(english.keys, english.values):
            if not (isinstance(key, ast.Constant) and isinstance(text, ast.Constant)
                    and isinstance(key.value, str) and isinstance(text.value, str) and text.value):
                raise ValueError(f"{path}:{text.lineno}: a Words entry is a literal key and text")
            yield f"{table.value}:{key.value}", text.value, text.lineno


def update(lang: str = "zh") -> Path:
    from babel.messages.pofile import read_po, write_po

    pot = template()
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        catalog.update(pot, no_fuzzy_matching=True)
    else:
        from babel.messages.catalog import Catalog
        catalog = Catalog(locale=lang, project=DOMAIN, charset="utf-8")
        catalog.update(pot, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False)
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, pot, width=0)
    return path


if __name__ == "__main__":
    print(update())
