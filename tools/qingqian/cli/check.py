"""`qingqian check`: run every rule; exit 0 clean, 1 errors, 2 usage problems."""

from __future__ import annotations

import click

from .common import as_of_option, lang_option, ledger_language, ledger_root, resolve_as_of


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--since", metavar="REV", help="Also run the history rules on each commit in REV..HEAD "
              "(first parent); checks the HEAD commit.")
@click.option("--staged", is_flag=True, help="Check the staged content (the index), not the working "
              "tree; report what the staged change touches.")
@click.option("--no-cache", is_flag=True, help="Read and validate every file afresh, ignoring "
              ".qingqian/cache (also QINGQIAN_NO_CACHE=1).")
@as_of_option
@lang_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool, since: str | None,
          staged: bool, no_cache: bool, as_of, lang: str | None) -> None:
    """Validate the ledger: structure, references, arithmetic, policy and alerts."""
    from ..check import check_tree, in_paths, row
    from ..render.findings import render_rows
    from .git import git_check

    root = ledger_root(ctx)
    day = resolve_as_of(as_of)
    lang = ledger_language(root, lang)
    if since or staged:
        rows = [row(f) for f in git_check(root, day, since, staged)]
    else:
        outcome = check_tree(root, day, cache=False if no_cache else None)
        # the stored text is English: other languages render the rows
        kept = outcome.text() if fmt == "text" and not paths and lang == "en" else None
        if kept is not None:
            _print(kept)
            _exit(ctx, fmt, strict, outcome.errors, outcome.warnings, lang)
        rows = outcome.rows()
    rows = in_paths(rows, root, paths)
    click.echo(render_rows(rows, fmt, lang), nl=False)
    errors = sum(r[5] == "error" for r in rows)
    _exit(ctx, fmt, strict, errors, len(rows) - errors, lang)


def _print(text: bytes) -> None:
    """The stored text as it is where the output is UTF-8 (tens of megabytes: no decoding)."""
    import codecs
    import sys

    stream = sys.stdout
    if codecs.lookup(stream.encoding or "ascii").name == "utf-8" and hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(text)
        stream.buffer.flush()
    else:
        click.echo(text.decode("utf-8"), nl=False)


def _exit(ctx: click.Context, fmt: str, strict: bool, errors: int, warnings: int,
          lang: str = "en") -> None:
    from ..i18n import N_, say

    if fmt == "text":
        click.echo(say(N_("{errors} errors, {warnings} warnings"), lang, errors=errors,
                       warnings=warnings), err=True)
    ctx.exit(1 if errors or (strict and warnings) else 0)


COMMANDS = (check,)
