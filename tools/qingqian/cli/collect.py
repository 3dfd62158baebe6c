"""The collector's day: `todo` (the work queue) and `calendar` (deadlines as iCalendar)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from .bilingual import Command
from .common import UsageProblem, as_of_option, ledger_root, resolve_as_of
from .reports import report_options, run_report


def horizon_days(text: str | None) -> int | None:
    """`30d`, `30` or `6w` → days; None keeps rules.yaml `dunning.horizon_days`."""
    if text is None:
        return None
    match = re.fullmatch(r"\s*([0-9]{1,5})\s*([dw]?)\s*", text)
    if not match:
        raise UsageProblem(f"--horizon {text} is not a number of days like 30d or 6w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


@click.command(cls=Command)
@report_options
@click.option("--horizon", default=None, help="Deadlines within this span, e.g. 30d or 6w "
              "(default: rules.yaml dunning.horizon_days).")
@click.option("--mail", is_flag=True, help="Email each person their own list (SMTP from "
              "QINGQIAN_SMTP_* environment variables).")
@click.option("--dry-run", is_flag=True, help="With --mail: print what would be sent.")
@click.pass_context
def todo(ctx: click.Context, horizon: str | None, mail: bool, dry_run: bool,
         **opts: Any) -> None:
    """The work queue (今日待办): next actions and deadlines, gravest first."""
    from ..collect.report import todo_report

    days = horizon_days(horizon)
    if not mail:
        run_report(ctx, opts, lambda ledger, **kw: todo_report(ledger, horizon=days, **kw))
        return
    from ..collect.mail import mail_todo
    from ..ledger import load
    from ..reports.common import language

    ledger = load(ledger_root(ctx))
    lang = language(ledger, opts["lang"])
    for line in mail_todo(ledger, resolve_as_of(opts["as_of"]), days, lang, opts["collector"],
                          opts["unit"], dry_run):
        click.echo(line)


@click.command(cls=Command)
@click.option("--ics", "ics", type=click.Path(dir_okay=False), help="Write one .ics file.")
@click.option("--out-dir", type=click.Path(file_okay=False),
              help="Write one <person>.ics per collector (and all.ics).")
@click.option("--collector", default=None, help="Only this person's deadlines (id or name).")
@click.option("--unit", default=None, help="Only this unit's deadlines.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@as_of_option
@click.pass_context
def calendar(ctx: click.Context, ics: str | None, out_dir: str | None, collector: str | None,
             unit: str | None, lang: str | None, as_of: Any) -> None:
    """Deadlines and next actions as all-day iCalendar events with an alarm (RFC 5545)."""
    from ..collect.ics import write_calendars
    from ..i18n import N_, say
    from ..ledger import load
    from ..reports.common import language

    if not (ics or out_dir):
        raise UsageProblem("say where: --ics FILE or --out-dir DIR")
    ledger = load(ledger_root(ctx))
    day = resolve_as_of(as_of)
    lang = language(ledger, lang)
    written = write_calendars(ledger, day, lang,
                              Path(ics) if ics else None, Path(out_dir) if out_dir else None,
                              collector, unit)
    for path, count in written:
        click.echo(say(N_("wrote {path} ({count} events)"), lang, path=path, count=count))


COMMANDS = (todo, calendar)
