"""`qingqian rules`: list every rule with its id, name, default severity and what it checks."""

from __future__ import annotations

import click


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules_command(fmt: str) -> None:
    """List every rule: id, name, default severity, and what it checks."""
    from ..rules import ALL_RULES

    if fmt == "markdown":
        click.echo("| id | name | severity | checks |\n|---|---|---|---|")
        for r in ALL_RULES:
            click.echo(f"| {r.id} | {r.name} | {r.severity} | {r.summary.replace('|', '&#124;')} |")
        return
    for r in ALL_RULES:
        click.echo(f"{r.id}  {r.name:<32} {r.severity:<8} {r.summary}")


COMMANDS = (rules_command,)
