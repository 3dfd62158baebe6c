"""`qingqian rules`: list every rule with its id, name, default severity and what it checks."""

from __future__ import annotations

import click

from .common import lang_option, ledger_language


@click.command("rules")
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
    if fmt == "markdown":
        click.echo("| id | name | severity | checks |\n|---|---|---|---|")
        for r in ALL_RULES:
            summary = _(r.summary, lang, r.id).replace("|", "&#124;")
            click.echo(f"| {r.id} | {r.name} | {r.severity} | {summary} |")
        return
    for r in ALL_RULES:
        click.echo(f"{r.id}  {r.name:<32} {r.severity:<8} {_(r.summary, lang, r.id)}")


COMMANDS = (rules_command,)
