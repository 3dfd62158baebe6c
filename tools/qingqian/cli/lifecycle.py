"""Lifecycle report commands: limitation, holds, focus, cases (DESIGN §5, §6.3–6.8).

They share the report options and the loader of `cli.reports`; the figures come
from `qingqian.lifecycle`, the same library the P and A rules read.
"""

from __future__ import annotations

from typing import Any

import click

from .bilingual import Command
from .common import DATE, UsageProblem, ledger_root, resolve_as_of
from .reports import report_options, run_report


@click.command(cls=Command)
@report_options
@click.pass_context
def limitation(ctx: click.Context, **opts: Any) -> None:
    """Per receivable: limitation basis, expiry, days left, status; guarantee periods."""
    from ..reports.lifecycle import limitation_report

    run_report(ctx, opts, limitation_report)


@click.command(cls=Command)
@report_options
@click.pass_context
def holds(ctx: click.Context, **opts: Any) -> None:
    """Debtors on credit hold (停止供货) and why."""
    from ..reports.lifecycle import holds_report

    run_report(ctx, opts, holds_report)


@click.command(cls=Command)
@report_options
@click.pass_context
def focus(ctx: click.Context, **opts: Any) -> None:
    """Key debts (重点清欠对象) by the rules.yaml focus criteria, ranked."""
    from ..reports.lifecycle import focus_report

    run_report(ctx, opts, focus_report)


@click.command(cls=Command)
@report_options
@click.pass_context
def cases(ctx: click.Context, **opts: Any) -> None:
    """Collection cases by stage: claim, costs, recovered, counsel fee due, missed installments."""
    from ..reports.lifecycle import cases_report

    run_report(ctx, opts, cases_report)


@click.command(cls=Command)
@report_options
@click.pass_context
def documents(ctx: click.Context, **opts: Any) -> None:
    """Missing documents (清欠资料) by collector: for handover to the collection office and
    for the case stages rules.yaml `documents` lists."""
    from ..reports.documents import documents_report

    run_report(ctx, opts, documents_report)


@click.command(cls=Command)
@report_options
@click.option("--settle", "settle", metavar="AR-ID", default=None,
              help="The move-out settlement (退租结算) of one lease instead of the register.")
@click.pass_context
def leases(ctx: click.Context, settle: str | None, **opts: Any) -> None:
    """Lease register (出租台账): asset, tenant, term, rent, deposit held, arrears, penalty."""
    from ..reports.leases import leases_report, settlement_report

    if settle is None:
        run_report(ctx, opts, leases_report)
        return

    def build(ledger: Any, as_of: Any, **_: Any) -> Any:
        found = settlement_report(ledger, as_of, settle)
        if found is None:
            raise UsageProblem(f"`{settle}` is no receivable with a `lease:`")
        return found

    run_report(ctx, opts, build)


@click.command(cls=Command)
@click.argument("ident", metavar="AR-ID")
@click.option("--month", required=True, help="YYYY-MM: the readings of this month.")
@click.option("--write", "write", is_flag=True,
              help="Append the month's invoice (readings × tariff) to the receivable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
              default="table", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--as-of", "as_of", type=DATE, default=None)
@click.pass_context
def meter(ctx: click.Context, ident: str, month: str, write: bool, fmt: str,
          lang: str | None, as_of: Any) -> None:
    """Metered utilities: each meter's readings × the rules.yaml tariff, the month's invoice."""
    from ..ledger import load
    from ..lifecycle.leases import meter_invoice, meter_ref
    from ..render.table import render_report
    from ..reports.common import language
    from ..reports.leases import meter_report
    from .reports import month_of

    month = month_of(month, as_of)
    root = ledger_root(ctx)
    ledger = load(root)
    if ident not in ledger.receivables:
        raise UsageProblem(f"no receivable `{ident}`")
    report = meter_report(ledger, resolve_as_of(as_of), ident, month)
    words = language(ledger, lang)
    click.echo(render_report(report, fmt, words), nl=False)
    if write:
        invoice = meter_invoice(report.charges)
        if invoice is None:
            raise UsageProblem(f"no invoice for {month}: no readings, or no tariff in rules.yaml")
        _write_invoice(ctx, root, ident, report.charges[-1].current.date, invoice,
                       meter_ref(month), resolve_as_of(as_of))


def _write_invoice(ctx: click.Context, root: Any, ident: str, day: Any, invoice: Any,
                   ref: str, as_of: Any) -> None:
    from ..write.record import EventInput, record
    from .write import _finish, _guard

    amount, note = invoice
    outcome = _guard(record, root, ident, EventInput("invoice", day, {
        "amount": amount, "ref": ref, "note": note}), max(as_of, day))
    _finish(ctx, root, outcome, dry_run=False)


COMMANDS = (limitation, holds, focus, cases, documents, leases, meter)
