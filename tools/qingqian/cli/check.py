"""`qingqian check`: run every rule; exit 0 clean, 1 errors, 2 usage problems."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .bilingual import Command
from .common import as_of_option, lang_option, ledger_language, ledger_root, resolve_as_of


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--since", metavar="REV", help="Also run the history rules on each commit in REV..HEAD "
              "(first parent); checks the HEAD commit.")
@click.option("--staged", is_flag=True, help="Check the staged content (the index), not the working "
              "tree; report what the staged change touches, and run the history rules on the "
              "staged change against HEAD.")
@click.option("--no-cache", is_flag=True, help="Read and validate every file afresh, ignoring "
              "the store kept in the Git directory (also QINGQIAN_NO_CACHE=1).")
@as_of_option
@lang_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool, since: str | None,
          staged: bool, no_cache: bool, as_of, lang: str | None) -> None:
    """Validate the ledger: structure, references, arithmetic, policy and alerts."""
    from ..incremental.run import check_tree
    from ..render.findings import render_rows
    from .git import git_check

    root = ledger_root(ctx)
    day = resolve_as_of(as_of)
    lang = ledger_language(root, lang)
    if since or staged:
        rows = [f.row() for f in git_check(root, day, since, staged)]
    else:
        # the store keeps the text in the language asked last
        whole_text = lang if fmt == "text" and not paths else None
        outcome = check_tree(root, day, cache=False if no_cache else None, text=whole_text)
        if outcome.text is not None:
            _print(outcome.text)
            _exit(ctx, fmt, strict, outcome.errors, outcome.warnings, lang)
        rows = outcome.rows or []
    rows = in_paths(rows, root, paths)
    click.echo(render_rows(rows, fmt, lang), nl=False)
    errors = sum(r[5] == "error" for r in rows)
    _exit(ctx, fmt, strict, errors, len(rows) - errors, lang)


def in_paths(rows: list[tuple], root: Path, paths: tuple[str, ...]) -> list[tuple]:
    """Only findings in the given files or folders (the whole ledger is still checked)."""
    if not paths:
        return rows
    wanted = []
    for path in paths:
        rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
        wanted.append("" if rel == "." else rel)
    return [r for r in rows
            if any(not w or r[0] == w or r[0].startswith(w.rstrip("/") + "/") for w in wanted)]


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
    from ..render.findings import summary

    if fmt == "text":
        click.echo(summary(errors, warnings, lang), err=True)
    ctx.exit(1 if errors or (strict and warnings) else 0)


COMMANDS = (check,)
