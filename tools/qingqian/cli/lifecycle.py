"""Lifecycle report commands: limitation, holds, focus, cases (DESIGN §5, §6.3–6.8).

They share the report options and the loader of `cli.reports`; the figures come
from `qingqian.lifecycle`, the same library the P and A rules read.
"""

from __future__ import annotations

from typing import Any

import click

from .reports import report_options, run_report


@click.command()
@report_options
@click.pass_context
def limitation(ctx: click.Context, **opts: Any) -> None:
    """Per receivable: limitation basis, expiry, days left, status; guarantee periods."""
    from ..lifecycle.reports import limitation_report

    run_report(ctx, opts, limitation_report)


@click.command()
@report_options
@click.pass_context
def holds(ctx: click.Context, **opts: Any) -> None:
    """Debtors on credit hold (停止供货) and why."""
    from ..lifecycle.reports import holds_report

    run_report(ctx, opts, holds_report)


@click.command()
@report_options
@click.pass_context
def focus(ctx: click.Context, **opts: Any) -> None:
    """Key debts (重点清欠对象) by the rules.yaml focus criteria, ranked."""
    from ..lifecycle.reports import focus_report

    run_report(ctx, opts, focus_report)


@click.command()
@report_options
@click.pass_context
def cases(ctx: click.Context, **opts: Any) -> None:
    """Collection cases by stage: claim, costs, recovered, counsel fee due, missed installments."""
    from ..lifecycle.reports import cases_report

    run_report(ctx, opts, cases_report)


@click.command()
@report_options
@click.pass_context
def documents(ctx: click.Context, **opts: Any) -> None:
    """Missing documents (清欠资料) by collector: for handover to the collection office and
    for the case stages rules.yaml `documents` lists."""
    from ..lifecycle.documents_report import documents_report

    run_report(ctx, opts, documents_report)


COMMANDS = (limitation, holds, focus, cases, documents)
