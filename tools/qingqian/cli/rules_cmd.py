"""`qingqian rules`: list every rule with its id, name, default severity and what it checks."""

from __future__ import annotations

import click

from ..i18n import NC_
from .bilingual import Command
from .common import lang_option, ledger_language

HEADS = (NC_("rules", "id"), NC_("rules", "name"), NC_("rules", "severity"),
         NC_("rules", "checks"))
LEVELS = {"error": NC_("severity", "error"), "warning": NC_("severity", "warning")}


@click.command("rules", cls=Command)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
@lang_option
@click.pass_context
def rules_command(ctx: click.Context, fmt: str, lang: str | None) -> None:
    """List every rule: id, name, default severity, and what it checks."""
    from ..i18n import _
    from ..rules import ALL_RULES
    from .common import RootNotFound, find_root

    try:
        root = find_root(ctx.find_root().obj.get("root"))
    except RootNotFound:  # listing the rules needs no ledger
        root = None
    lang = ledger_language(root, lang)
    level = {key: _(word, lang, "severity") for key, word in LEVELS.items()}
    if fmt == "markdown":
        heads = [_(head, lang, "rules") for head in HEADS]
        click.echo(f"| {' | '.join(heads)} |\n|---|---|---|---|")
        for r in ALL_RULES:
            summary = _(r.summary, lang, r.id).replace("|", "&#124;")
            click.echo(f"| {r.id} | {r.name} | {level[r.severity]} | {summary} |")
        return
    width = 8 if lang == "en" else 6  # 错误 and 警告 take four columns
    for r in ALL_RULES:
        click.echo(f"{r.id}  {r.name:<32} {level[r.severity]:<{width}} {_(r.summary, lang, r.id)}")

COMMANDS = (rules_command,)
