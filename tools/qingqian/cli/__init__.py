"""The `qingqian` command: a thin Click layer over the library.

Commands import their heavy modules inside the function so `qingqian --help` is instant.
Exit codes: 0 clean, 1 findings or report problems, 2 usage or internal failure.
"""

from __future__ import annotations

import atexit
import os
import sys

import click

from .common import RootNotFound, UsageProblem


class Group(click.Group):
    """Lists commands in the order they were added, and never shows a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (RootNotFound, UsageProblem) as exc:
            click.echo(f"qingqian: {exc}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("QINGQIAN_DEBUG"):
                raise
            click.echo(f"qingqian: internal error: {type(exc).__name__}: {exc} "
                       "(set QINGQIAN_DEBUG=1 for the traceback, and please report it)", err=True)
            ctx.exit(2)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False), envvar="QINGQIAN_ROOT",
              help="Ledger root (default: nearest ancestor holding policies/rules.yaml).")
@click.version_option(package_name="qingqian")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """qingqian: receivables and debt collection (清收清欠) kept as YAML in Git."""
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


def main() -> None:
    """Console entry point: the command, then an exit without the interpreter's teardown.

    Tearing down pydantic's validators and the rules' modules took a sixth of a second,
    as long as checking an edited file. Every file a command writes is complete and closed
    when it returns, so the exit handlers run and the output is flushed, and nothing else
    is left to do.
    """
    try:
        cli.main(prog_name="qingqian")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    check = sys.modules.get("qingqian.check")
    if check is not None:  # a thread still building models is stopped whole by os._exit
        atexit.unregister(check.finish_preparing)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing more can be said
            pass
    os._exit(code)
