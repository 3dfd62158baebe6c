"""Help in the language asked: each command's English docstring and option help are msgids.

`qingqian --help` is printed before a ledger root is known, so its language is `--lang`
when the command line gives one, else QINGQIAN_LANG, else zh (never rules.yaml). The
catalogue gets every help text from the command tree itself (`i18n.extract`).
"""

from __future__ import annotations

import copy
import inspect
from typing import Any

import click

from ..i18n import N_, _, choose
from .widetext import Context, columns

HEADINGS = {"Usage: ": N_("Usage: "), "Options": N_("Options"), "Commands": N_("Commands")}
LANG_KEY = "qingqian.help_lang"


def help_text(command: click.Command) -> str:
    """A command's help as Click shows it (and as the catalogue keeps it)."""
    return inspect.cleandoc(command.help).partition("\f")[0] if command.help else ""


def help_language(ctx: click.Context | None) -> str:
    """`--lang` seen on the command line, else QINGQIAN_LANG, else zh."""
    return choose(ctx.meta.get(LANG_KEY) if ctx is not None else None)


def _peek_lang(args: list[str]) -> str | None:
    """The value of `--lang` among the arguments, read before Click parses them (help is eager)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return None


def short_help(command: click.Command, lang: str, limit: int) -> str:
    """The line a command gets in its group's list: Click's own in English, the first
    sentence of the translation otherwise."""
    if lang == "en" or not (command.short_help or command.help):
        return command.get_short_help_str(limit)
    english = inspect.cleandoc(command.short_help) if command.short_help else help_text(command)
    text = _(english, lang)
    if text == english:  # not in the catalogue
        return command.get_short_help_str(limit)
    sentence = text.split("\n\n")[0].replace("\n", "").split("。")[0].strip()
    for mark in "；：（，":  # too long for one line: its head
        if columns(sentence) > limit and sentence.split(mark)[0]:
            sentence = sentence.split(mark)[0]
    while columns(sentence) > limit:
        sentence = sentence[:-2] + "…"
    return sentence


class HelpInLanguage:
    """Command help, option help and the headings Click writes, from the catalogue; text
    wrapped by terminal columns (`widetext`)."""

    context_class: type[click.Context] = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _peek_lang(args)
        if lang:
            ctx.meta[LANG_KEY] = lang
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = _(HEADINGS["Usage: "], help_language(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = help_text(self)  # type: ignore[arg-type]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(text, help_language(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_language(ctx)
        rows = [row for param in self.get_params(ctx)  # type: ignore[attr-defined]
                if (row := _in(param, lang).get_help_record(ctx)) is not None]
        if rows:
            with formatter.section(_(HEADINGS["Options"], lang)):
                formatter.write_dl(rows)


def _in(param: click.Parameter, lang: str) -> click.Parameter:
    """The parameter with its help in `lang` (a copy: the tree keeps the English msgid)."""
    text = getattr(param, "help", None)
    if lang == "en" or not text:
        return param
    shown = copy.copy(param)
    shown.help = _(text, lang)  # type: ignore[attr-defined]
    return shown


class Command(HelpInLanguage, click.Command):
    """A command whose help speaks the language asked."""


class Group(HelpInLanguage, click.Group):
    """A group whose help, and the list of its commands, speak the language asked."""

    command_class = Command
    group_class = type  # a subgroup is of this class too

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_language(ctx)
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
        rows = [(name, short_help(cmd, lang, limit)) for name, cmd in commands]
        with formatter.section(_(HEADINGS["Commands"], lang)):
            formatter.write_dl(rows)


def walk(command: click.Command, path: tuple[str, ...] = ("qingqian",)) -> Any:
    """(path, command) for the command and every command under it, in the order listed."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))


def help_messages(command: click.Command) -> list[tuple[str, str]]:
    """(msgid, where) of every help text of the tree: commands, short helps and options."""
    out = []
    for path, cmd in walk(command):
        where = "/".join(path)
        for text in (help_text(cmd), inspect.cleandoc(cmd.short_help or "")):
            if text:
                out.append((text, where))
        ctx = click.Context(cmd, info_name=path[-1])
        for param in cmd.get_params(ctx):
            if getattr(param, "help", None):
                out.append((param.help, where))  # type: ignore[attr-defined]
    return out
