"""Git commands: `diff` (the review summary of a range) and `log` (one record's history).

Also the pieces other commands use: `load_ledger` (time travel for every report) and
`git_check` (`check --since` / `check --staged`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .bilingual import Command, Group
from .common import (
    UsageProblem,
    as_of_option,
    lang_option,
    ledger_language,
    ledger_root,
    resolve_as_of,
)

if TYPE_CHECKING:
    from ..findings import Finding
    from ..ledger import Ledger


@contextmanager
def _git_usage() -> Iterator[None]:
    """Git's refusals (no repository, unknown revision) are usage problems: exit 2, no traceback."""
    from ..gitio import GitProblem

    try:
        yield
    except GitProblem as exc:
        raise UsageProblem(str(exc)) from None


def load_ledger(root: Path, as_known_at: str | None) -> Ledger:
    """The working tree's ledger, or the ledger as known at a revision or date."""
    from ..ledger import load

    if not as_known_at:
        return load(root)
    from ..gitio.ledgers import ledger_as_known_at

    with _git_usage():
        return ledger_as_known_at(root, as_known_at)


def git_check(root: Path, as_of: date, since: str | None, staged: bool) -> list[Finding]:
    """`check --staged` (the index) or `check --since REV` (history rules plus HEAD)."""
    if since and staged:
        raise UsageProblem("use --since or --staged, not both")
    with _git_usage():
        if staged:
            from ..gitio.staged_history import staged_history
            from ..incremental.staged import check_staged
            return sorted(check_staged(root, as_of) + staged_history(root, as_of),
                          key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
        from ..gitio.history import check_since
        return check_since(root, since or "", as_of)


@click.command(cls=Command)
@click.argument("range_", metavar="BASE..HEAD", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown")
@click.option("--restated", metavar="MONTH", help="List how a closed month's figures changed "
              "since first reported (YYYY-MM).")
@as_of_option
@lang_option
@click.pass_context
def diff(ctx: click.Context, range_: str | None, fmt: str, restated: str | None, as_of,
         lang: str | None) -> None:
    """Review summary of a change: totals, new and deleted records, money and other events,
    reassignments, debtor, case and policy changes, stage moves, history rules."""
    from ..render import review as rr
    from ..reports import review as rv

    root = ledger_root(ctx)
    language = ledger_language(root, lang)
    if restated:
        if not _is_month(restated):
            raise UsageProblem(f"--restated {restated}: expected a month like 2026-10")
        with _git_usage():
            result = rv.restated(root, restated, (range_ or "HEAD").split("..")[-1] or "HEAD")
        click.echo(rr.restated_json(result) if fmt == "json" else
                   rr.restated_markdown(result, language), nl=False)
        return
    if not range_:
        raise UsageProblem("give a range such as origin/main..HEAD (or BASE for BASE..HEAD)")
    with _git_usage():
        summary = rv.review(root, range_, resolve_as_of(as_of))
    # a report, not a gate: `check --since` fails the build, this is posted for the reviewer
    text = rr.review_json(summary) if fmt == "json" else rr.review_markdown(summary, language)
    click.echo(text, nl=False)


def _is_month(text: str) -> bool:
    year, _, month = text.partition("-")
    return len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12


@click.command(cls=Command)
@click.argument("ident", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def log(ctx: click.Context, ident: str, fmt: str) -> None:
    """History of one receivable or case: each commit, its author, what it changed."""
    from ..gitio.history import record_log

    with _git_usage():
        entries = record_log(ledger_root(ctx), ident)
    if not entries:
        raise UsageProblem(f"no commit touched a file of `{ident}`")
    if fmt == "json":
        click.echo(json.dumps([{"commit": e.sha, "author": e.author, "email": e.email, "date": e.date,
                                "subject": e.subject, "path": e.path, "changes": list(e.changes)}
                               for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        click.echo(f"{e.sha[:7]} {e.date[:10]} {e.author} <{e.email}>  {e.subject}\n    {e.path}")
        for change in e.changes:
            click.echo(f"    - {change}")


@click.group(cls=Group)
def hook() -> None:
    """The Git pre-commit hook without the pre-commit framework (see README, Working in Git)."""


@hook.command("install")
@click.option("--force", is_flag=True, help="Replace a pre-commit hook that is not qingqian's.")
@click.pass_context
def hook_install(ctx: click.Context, force: bool) -> None:
    """Write .git/hooks/pre-commit: `qingqian check --staged` (history rules included) on every commit."""
    from ..gitio.hook import HookProblem, install

    try:
        path = install(ledger_root(ctx), force)
    except HookProblem as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"installed {path}")
    click.echo("每次提交前检查暂存的台账（含历史规则）/ every commit now checks the staged ledger, "
               "history rules included", err=True)


@hook.command("uninstall")
@click.pass_context
def hook_uninstall(ctx: click.Context) -> None:
    """Remove the hook `qingqian hook install` wrote (another tool's hook is left alone)."""
    from ..gitio.hook import HookProblem, uninstall

    try:
        path = uninstall(ledger_root(ctx))
    except HookProblem as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"removed {path}" if path else "no qingqian hook installed")


COMMANDS = (diff, log, hook)
