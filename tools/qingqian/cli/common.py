"""Options and helpers shared by commands: the ledger root, dates, output format."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

RULES_FILE = Path("policies") / "rules.yaml"


class RootNotFound(Exception):
    """No ledger root above the working directory."""


class UsageProblem(Exception):
    """A command was used in a way that cannot work; exit 2 with this message."""


def find_root(explicit: str | None, start: Path | None = None) -> Path:
    """--root or QINGQIAN_ROOT, else the nearest ancestor holding policies/rules.yaml."""
    if explicit:
        root = Path(explicit).resolve()
        if not root.is_dir():
            raise RootNotFound(f"--root {explicit} is not a directory")
        return root
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / RULES_FILE).is_file():
            return candidate
    raise RootNotFound("no policies/rules.yaml here or above; run inside a ledger, "
                       "pass --root, or create one with `qingqian init DIR`")


def ledger_root(ctx: click.Context) -> Path:
    return find_root(ctx.find_root().obj.get("root"))


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            from ..i18n import N_, say

            self.fail(say(N_("{value} is not a date like 2026-11-30"), usage_language(ctx),
                          value=repr(value)), param, ctx)


DATE = DateType()


def as_of_option(func):  # type: ignore[no-untyped-def]
    return click.option("--as-of", "as_of", type=DATE, default=None, envvar="QINGQIAN_AS_OF",
                        help="Compute as of this date (default: QINGQIAN_AS_OF, else today).")(func)


def resolve_as_of(value: date | None) -> date:
    """Today is an argument: only the CLI reads the clock."""
    return value or date.today()


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Keeps --lang where the error printer finds it (a usage problem is said in that language)."""
    root = ctx.find_root()
    if value and isinstance(root.obj, dict):
        root.obj["lang"] = value
    return value


def lang_option(func):  # type: ignore[no-untyped-def]
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                        callback=remember_lang,
                        help="Language of messages (default: QINGQIAN_LANG, else rules.yaml "
                             "language, else zh).")(func)


def ledger_language(root: Path | None, explicit: str | None) -> str:
    """--lang, else QINGQIAN_LANG, else rules.yaml `language` (read as text, cheaply), else zh."""
    import re

    from ..i18n import choose

    if explicit or os.environ.get("QINGQIAN_LANG") or root is None:
        return choose(explicit)
    try:
        text = (root / RULES_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return choose()
    found = re.search(r"^language:\s*['\"]?(zh|en)\b", text, re.M)
    return choose(None, found.group(1) if found else None)


def usage_language(ctx: click.Context | None) -> str:
    """The language of a usage problem: --lang (even one Click has not reached yet), else
    QINGQIAN_LANG, else the ledger's rules.yaml `language` when there is a ledger, else zh."""
    from .bilingual import LANG_KEY

    obj = (ctx.find_root().obj or {}) if ctx is not None else {}
    explicit = obj.get("lang") or (ctx.meta.get(LANG_KEY) if ctx is not None else None)
    try:
        root = find_root(obj.get("root"))
    except RootNotFound:
        root = None
    return ledger_language(root, explicit)
