"""The `qingqian` command: a thin Click layer over the library.

Commands import their heavy modules inside the function so `qingqian --help` is instant.
Exit codes: 0 clean, 1 findings or report problems, 2 usage or internal failure.
"""

from __future__ import annotations

import gc
import os

import click

from .bilingual import Group
from .common import RootNotFound, UsageProblem


class Root(Group):
    """Lists commands in the order they were added, and never shows a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (RootNotFound, UsageProblem) as exc:
            click.echo(f"qingqian: {_said(ctx, str(exc))}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("QINGQIAN_DEBUG"):
                raise
            from ..i18n import N_, say

            click.echo("qingqian: " + say(N_("internal error: {kind}: {detail} (set "
                                             "QINGQIAN_DEBUG=1 for the traceback, and please "
                                             "report it)"), _quiet_language(ctx),
                                          kind=type(exc).__name__, detail=exc), err=True)
            ctx.exit(2)


def _quiet_language(ctx: click.Context) -> str:
    """The language to report an internal error in, never failing itself."""
    try:
        from .common import usage_language

        return usage_language(ctx)
    except Exception:  # noqa: BLE001 - reporting an error must not raise another
        return "en"


def _said(ctx: click.Context, text: str) -> str:
    """A usage problem in the language asked (the catalogue's CLI templates; else as written)."""
    from ..i18n.messages import render
    from .common import usage_language

    return render("CLI", text, usage_language(ctx))


@click.group(cls=Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False), envvar="QINGQIAN_ROOT",
              help="Ledger root (default: nearest ancestor holding policies/rules.yaml).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bars on stderr (they show only on a terminal anyway).")
@click.version_option(package_name="qingqian")
@click.pass_context
def cli(ctx: click.Context, root: str | None, quiet: bool) -> None:
    """qingqian: receivables and debt collection (清收清欠) kept as YAML in Git."""
    from ..progress import QUIET

    QUIET["quiet"] = quiet
    ctx.obj = {"root": root}


def _register() -> None:
    from . import (
        case_report,
        check,
        collect,
        demo,
        git,
        init,
        lifecycle,
        reports,
        rules_cmd,
        schema,
        site,
        write,
    )
    for module in (check, reports, lifecycle, collect, rules_cmd, write, git, schema, init, demo,
                   site, case_report):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


# A command is a short batch job that builds up its objects and drops them all at exit. With
# the default thresholds (700, 10, 10) the cycle collector rescans the growing heap again and
# again while files are read (a third of a cold check's parse time, benchmarks/README.md);
# the objects qingqian makes hold almost no cycles, so it runs far less often here.
GC_THRESHOLDS = (100_000, 100, 1_000)


def main() -> None:
    """Console entry point."""
    gc.set_threshold(*GC_THRESHOLDS)
    cli.main(prog_name="qingqian")
