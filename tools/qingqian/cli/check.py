"""`qingqian check`: run every rule; exit 0 clean, 1 errors, 2 usage problems."""

from __future__ import annotations


import click

from .common import as_of_option, ledger_root, resolve_as_of


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@as_of_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool, as_of) -> None:
    """Validate the ledger: structure, references, arithmetic, policy and alerts."""
    from ..check import check_ledger, in_paths
    from ..render.findings import render_findings

    root = ledger_root(ctx)
    findings = in_paths(check_ledger(root, resolve_as_of(as_of)), root, paths)
    click.echo(render_findings(findings, fmt), nl=False)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if fmt == "text":
        click.echo(f"{errors} errors, {warnings} warnings", err=True)
    ctx.exit(1 if errors or (strict and warnings) else 0)


COMMANDS = (check,)
