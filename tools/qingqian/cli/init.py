"""`qingqian init DIR`: scaffold a new ledger repository."""

from __future__ import annotations

from pathlib import Path

import click

from .bilingual import Command
from .common import UsageProblem


@click.command(cls=Command)
@click.argument("directory", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Create an empty ledger (folders, policies, mkdocs.yml) that passes `qingqian check`."""
    from ..scaffold.init import InitRefused, scaffold

    try:
        written = scaffold(Path(directory))
    except InitRefused as exc:
        raise UsageProblem(str(exc)) from None
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next / 下一步: cd {directory} && git init && qingqian check && "
               "qingqian hook install (or pre-commit install); then set CODEOWNERS and "
               "branch protection (README: Working in Git)", err=True)


COMMANDS = (init,)
