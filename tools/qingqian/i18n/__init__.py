"""One message catalogue (gettext, kept as a Babel `.po` file) and the language to speak.

Messages are written in English in the code (the msgid); `locale/zh/LC_MESSAGES/qingqian.po`
holds their Chinese. The `.po` is compiled to `.mo` with Babel on first use (beside it when
the package folder is writable, else in memory), so `pip install -e .` on a fresh machine
needs no build step. Rule summaries carry the rule id as their context (`msgctxt`).

The language: `--lang`, else `QINGQIAN_LANG`, else rules.yaml `language`, else zh.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import os
from pathlib import Path

LANGS = ("zh", "en")
LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "qingqian"


def N_(message: str) -> str:
    """Marks a message for the catalogue (Babel extracts `N_`) without translating it here."""
    return message


def NC_(context: str, message: str) -> str:
    """`N_` with a context (`msgctxt`): one English word that means one thing there."""
    return message


def choose(explicit: str | None = None, configured: str | None = None) -> str:
    """`--lang`, else QINGQIAN_LANG, else rules.yaml `language`, else zh."""
    for candidate in (explicit, os.environ.get("QINGQIAN_LANG"), configured):
        if candidate in LANGS:
            return candidate  # type: ignore[return-value]
    return "zh"


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language; English is the msgids themselves."""
    po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.is_file():
        return _gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
        data = compile_po(po)
        try:
            tmp = mo.with_suffix(".mo.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, mo)
        except OSError:  # a read-only install: keep it in memory
            return _gettext.GNUTranslations(io.BytesIO(data))
    with mo.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


def compile_po(po: Path) -> bytes:
    """A `.po` file compiled to `.mo` bytes with Babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _(message: str, lang: str, context: str | None = None) -> str:
    """`message` in `lang` (itself when the catalogue lacks it)."""
    if lang == "en":
        return message
    table = translations(lang)
    return table.pgettext(context, message) if context else table.gettext(message)


def say(message: str, lang: str, **fields: object) -> str:
    """A message template in `lang`, its `{fields}` filled in."""
    return _(message, lang).format(**fields)
