"""Report commands: age, total, monthly, targets, commission (DESIGN §5).

`report_options` adds the options every report shares (--as-of, --format, the four
filters, --lang) and `run_report` loads the ledger, builds and prints one report;
the lifecycle reports reuse both.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from ..i18n.words import Words
from .bilingual import Command
from .common import DATE, UsageProblem, ledger_root, remember_lang, resolve_as_of

GROUPS = ("debtor", "unit", "collector", "kind", "debtor-type")


def report_options(func: Callable) -> Callable:
    """--as-of, --format, --unit, --debtor, --collector, --kind, --lang, in that order of help."""
    options = [
        click.option("--no-bom", "no_bom", is_flag=True,
                     help="CSV without the UTF-8 byte order mark (Excel needs it for Chinese)."),
        click.option("--wan", "unit_scale", flag_value="wan", default=None,
                     help="Amounts in 万元 (short for --unit-scale wan)."),
        click.option("--unit-scale", "unit_scale", type=click.Choice(["yuan", "wan"]),
                     help="Amounts in yuan (default) or 万元."),
        click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                     callback=remember_lang,
                     help="Labels (default: QINGQIAN_LANG, else rules.yaml language, else zh)."),
        click.option("--kind", default=None, help="Only receivables of this kind."),
        click.option("--collector", default=None, help="Only this collector."),
        click.option("--debtor", default=None, help="Only this debtor."),
        click.option("--unit", default=None, help="Only this unit."),
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
                     default="table", show_default=True),
        click.option("--as-of", "as_of", type=DATE, default=None,
                     help="Compute as of this date; later events are ignored (default: today)."),
        click.option("--as-known-at", "as_known_at", metavar="REV|DATE", default=None,
                     help="Read the ledger as Git held it at a commit (a date: the last commit on "
                          "or before it), without a checkout."),
    ]
    for option in options:
        func = option(func)
    return func


def by_option(func: Callable) -> Callable:
    return click.option("--by", type=click.Choice(GROUPS), default="debtor", show_default=True,
                        help="Group rows by.")(func)


def run_report(ctx: click.Context, opts: dict[str, Any],
               build: Callable[..., Any]) -> None:
    """Load the ledger, call `build(ledger, as_of=…, filters=…, lang=…)`, print it, exit 0.

    Every output names its as-of date and, with --as-known-at, the commit it read (a
    line above the tables; `as_of` and `as_known_at` keys in JSON). CSV starts with a
    UTF-8 byte order mark unless --no-bom: Excel on Chinese Windows needs it.
    """
    from ..incremental.memo import cached_run

    as_of = resolve_as_of(opts["as_of"])
    known = _known(ctx, opts.get("as_known_at"))

    def compute(ledger: Any) -> tuple[int, str] | None:
        from ..reports.common import language

        if ledger.rules is None:
            return None
        lang = language(ledger, opts["lang"])
        filters = _filters(ledger, opts, lang)
        report = build(ledger, as_of=as_of, filters=filters, lang=lang)
        broken = sum(f.severity == "error" for f in ledger.findings)
        return broken, render_stamped(report, opts, lang, as_of, known)

    if known is not None:
        from .git import load_ledger
        result = compute(load_ledger(ledger_root(ctx), known[1]))
    else:  # pure in the files and every option, so an unchanged ledger reprints the stored output
        result = cached_run(ledger_root(ctx), f"report-{ctx.info_name}",
                            (ctx.command_path, sorted(ctx.params.items(), key=str), as_of,
                             os.environ.get("QINGQIAN_LANG", "")), compute)
    if result is None:
        raise UsageProblem("policies/rules.yaml does not load; run `qingqian check`")
    broken, text = result
    if broken:
        click.echo(f"qingqian: {broken} loading errors, those files are left out "
                   "(run `qingqian check`)", err=True)
    click.echo(text, nl=False)


def _filters(ledger: Any, opts: dict[str, Any], lang: str) -> Any:
    """The filters, a unit, debtor or collector given by name resolved to its id."""
    from ..names import NameProblem, Names, resolve
    from ..reports.common import Filters

    names = Names.of(ledger)
    try:
        unit, debtor, collector = (
            resolve(opts[key], table, what, lang) if opts[key] else None
            for key, table, what in (("unit", names.units, "unit"),
                                     ("debtor", names.debtors, "debtor"),
                                     ("collector", names.people, "person")))
    except NameProblem as exc:
        raise UsageProblem(str(exc)) from None
    return Filters(unit, debtor, collector, opts["kind"])


def _known(ctx: click.Context, rev: str | None) -> tuple[str, str, str] | None:
    """(what was asked, commit sha, commit time) for --as-known-at; None without it."""
    if not rev:
        return None
    from ..gitio.repo import commit_of
    from .git import _git_usage

    with _git_usage():
        sha, when = commit_of(ledger_root(ctx), rev)
    return rev, sha, when


STAMP = Words("stamp", {"as_of": "As of {as_of}",
                        "commit": "; ledger as of commit {sha} (committed {when})"})


def render_stamped(report: Any, opts: dict[str, Any], lang: str, as_of: date,
                   known: tuple[str, str, str] | None) -> str:
    """The report in its format, with the as-of date and the commit read named."""
    from ..render.table import Display, render_json, render_report

    fmt = opts["fmt"]
    if fmt == "json":
        doc = {"as_of": as_of.isoformat(), **report.to_json()}
        if known is not None:
            doc["as_known_at"] = {"asked": known[0], "commit": known[1], "committed": known[2]}
        return render_json(doc)
    text = render_report(report, fmt, lang, Display(opts.get("unit_scale"), lang))
    if fmt == "csv":
        return text if opts.get("no_bom") else "\ufeff" + text
    line = STAMP("as_of", lang).format(as_of=as_of)
    if known:
        line += STAMP("commit", lang).format(sha=known[1][:10], when=known[2])
    return f"{line}\n\n{text}"


def month_of(text: str | None, as_of: date | None) -> str:
    """`YYYY-MM`, defaulting to the month of the as-of date."""
    if text is None:
        return resolve_as_of(as_of).strftime("%Y-%m")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text):
        raise UsageProblem(f"--month {text!r} is not a month like 2026-11")
    return text


@click.command(cls=Command)
@report_options
@by_option
@click.option("--basis", type=click.Choice(["due", "invoice"]), default=None,
              help="Days past due, or days since invoice (default: rules.yaml aging.basis).")
@click.pass_context
def age(ctx: click.Context, by: str, basis: str | None, **opts: Any) -> None:
    """Outstanding by aging bucket, with provision (坏账准备)."""
    from ..reports.age import age_report

    run_report(ctx, opts, lambda ledger, **kw: age_report(ledger, by=by, basis=basis, **kw))


@click.command(cls=Command)
@report_options
@by_option
@click.pass_context
def total(ctx: click.Context, by: str, **opts: Any) -> None:
    """Invoiced, collected, credited, written off, recovered, outstanding, overdue, interest."""
    from ..reports.total import total_report

    run_report(ctx, opts, lambda ledger, **kw: total_report(ledger, by=by, **kw))


@click.command(cls=Command)
@report_options
@click.option("--month", default=None, help="YYYY-MM (default: month of --as-of).")
@click.pass_context
def monthly(ctx: click.Context, month: str | None, **opts: Any) -> None:
    """Per unit: payments (笔数), receivables (项数), amount, target, completion, year to date;
    new arrears (前清后欠), intercompany and unconfirmed claims; 催讨次数 per collector."""
    from ..reports.returns import monthly_return

    period = month_of(month, opts["as_of"])
    run_report(ctx, opts, lambda ledger, **kw: monthly_return(ledger, month=period, **kw))


@click.command(cls=Command)
@report_options
@click.option("--year", type=click.IntRange(1900, 9999), default=None,
              help="Target year (default: year of --as-of).")
@click.option("--month", type=click.IntRange(1, 12), default=None,
              help="Targets and collections through this month.")
@click.pass_context
def targets(ctx: click.Context, year: int | None, month: int | None, **opts: Any) -> None:
    """Per person and unit: target, collected, completion, behind pace (定人员、定指标、定任务)."""
    from ..reports.targets import targets_report

    year = year or resolve_as_of(opts["as_of"]).year
    run_report(ctx, opts, lambda ledger, **kw: targets_report(ledger, year=year, month=month, **kw))


@click.command(cls=Command)
@report_options
@click.option("--period", default=None, help="YYYY-MM or YYYY (default: month of --as-of).")
@click.option("--details", is_flag=True, help="List every settled portion.")
@click.pass_context
def commission(ctx: click.Context, period: str | None, details: bool, **opts: Any) -> None:
    """Per collector: collections in the period and commission (DESIGN §6.5)."""
    from ..reports.commission import commission_report

    period = period or month_of(None, opts["as_of"])
    if not re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", period):
        raise UsageProblem(f"--period {period!r} is not YYYY-MM or YYYY")
    run_report(ctx, opts, lambda ledger, **kw: commission_report(
        ledger, period=period, details=details, **kw))


@click.command(cls=Command)
@report_options
@click.argument("person")
@click.pass_context
def clearance(ctx: click.Context, person: str, **opts: Any) -> None:
    """Everything PERSON is responsible for, collects, owns or approved (离任、晋升清单)."""
    from ..reports.clearance import clearance_report

    def build(ledger: Any, **kw: Any) -> Any:
        if person not in ledger.people:
            raise UsageProblem(f"unknown person `{person}`: see policies/people.yaml")
        return clearance_report(ledger, person=person, **kw)

    run_report(ctx, opts, build)


COMMANDS = (age, total, monthly, targets, commission, clearance)
