"""`qingqian report`: the law firm's reports to the client (art. 3) — a case's progress for a
period, the monthly pack of every open case, the legal opinion and the closing report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from .bilingual import Group
from .common import DATE, UsageProblem, ledger_root, resolve_as_of

FORMATS = ("table", "csv", "json", "markdown", "html")


@click.group(cls=Group)
def report() -> None:
    """Reports to the client (委托人): progress, monthly pack, legal opinion, closing report."""


def _common(func: Any) -> Any:
    for option in (
        click.option("--lang", type=click.Choice(["zh", "en"]), default=None),
        click.option("--as-of", "as_of", type=DATE, default=None,
                     help="Compute as of this date (default: today)."),
        click.option("--pdf", "pdf", type=click.Path(dir_okay=False), default=None,
                     help="Also write the HTML as PDF to this file."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                     show_default=True),
        click.option("--period", default=None, help="YYYY-MM or YYYY (default: month of --as-of)."),
    ):
        func = option(func)
    return func


def _period(text: str | None, as_of: Any) -> str:
    period = text or resolve_as_of(as_of).strftime("%Y-%m")
    if not re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", period):
        raise UsageProblem(f"--period {period!r} is not YYYY-MM or YYYY")
    return period


def _load(ctx: click.Context) -> tuple[Path, Any]:
    from ..ledger import load
    root = ledger_root(ctx)
    ledger = load(root)
    if ledger.rules is None:
        raise UsageProblem("policies/rules.yaml does not load; run `qingqian check`")
    return root, ledger


def _emit(report_obj: Any, fmt: str, lang: str, pdf: str | None) -> None:
    from ..render.table import render_report
    page = report_obj.html(lang)
    click.echo(page if fmt == "html" else render_report(report_obj, fmt, lang), nl=False)
    if pdf:
        _pdf(page, Path(pdf))
        click.echo(f"wrote {pdf}", err=True)


def _pdf(page: str, path: Path) -> None:
    try:
        from ..render.pdf import write_pdf  # type: ignore[import-not-found]
    except ImportError:
        raise UsageProblem("PDF output needs qingqian.render.pdf (WeasyPrint); "
                           "write --format html and print it to PDF meanwhile") from None
    write_pdf(page, path)


@report.command("case")
@click.argument("ident", metavar="CASE-ID")
@_common
@click.pass_context
def case_cmd(ctx: click.Context, ident: str, period: str | None, fmt: str, pdf: str | None,
             as_of: Any, lang: str | None) -> None:
    """One case's progress for the period: what happened, money, assets, deadlines, next steps."""
    from ..lifecycle.progress import progress
    from ..reports.common import language
    from ..reports.progress import CaseReport

    _, ledger = _load(ctx)
    if ident not in ledger.cases:
        raise UsageProblem(f"no case `{ident}`")
    found = progress(ledger, ident, _period(period, as_of), resolve_as_of(as_of))
    _emit(CaseReport(found), fmt, language(ledger, lang), pdf)


@report.command("cases")
@_common
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Also write one HTML (and with --pdf, PDF) per case into this folder.")
@click.pass_context
def cases_cmd(ctx: click.Context, period: str | None, fmt: str, pdf: str | None, as_of: Any,
              lang: str | None, out: str | None) -> None:
    """The monthly pack: every open case's progress report for the period."""
    from ..lifecycle.progress import open_cases, progress
    from ..reports.common import language
    from ..reports.progress import CaseReport, PackReport
    from ..write.atomic import atomic_write

    _, ledger = _load(ctx)
    day, span = resolve_as_of(as_of), _period(period, as_of)
    words = language(ledger, lang)
    pack = PackReport(span, day, tuple(CaseReport(progress(ledger, ident, span, day))
                                       for ident in open_cases(ledger, day)))
    _emit(pack, fmt, words, pdf)
    if out:
        for item in pack.reports:
            stem = Path(out) / f"{item.p.case.id}-{span}"
            atomic_write(stem.with_suffix(".html"), item.html(words).encode("utf-8"))
            if pdf:
                _pdf(item.html(words), stem.with_suffix(".pdf"))
        click.echo(f"wrote {len(pack.reports)} case reports into {out}", err=True)


def _letter(ctx: click.Context, ident: str, kind: str, out: str, as_of: Any,
            pdf: bool) -> None:
    from ..write import WriteProblem
    from ..write.case_letters import write_case_letter

    root, ledger = _load(ctx)
    try:
        paths = write_case_letter(root, ledger, ident, kind, resolve_as_of(as_of), Path(out))
    except WriteProblem as exc:
        raise UsageProblem(str(exc)) from None
    if pdf:
        target = paths[1].with_suffix(".pdf")
        _pdf(paths[1].read_text(encoding="utf-8"), target)
        paths.append(target)
    for path in paths:
        click.echo(f"wrote {path}")


def _letter_options(func: Any) -> Any:
    for option in (
        click.option("--pdf", "pdf", is_flag=True, help="Also write a PDF."),
        click.option("--as-of", "as_of", type=DATE, default=None),
        click.option("--out", default="letters", show_default=True,
                     type=click.Path(file_okay=False)),
    ):
        func = option(func)
    return click.argument("ident", metavar="CASE-ID")(func)


@report.command("opinion")
@_letter_options
@click.pass_context
def opinion_cmd(ctx: click.Context, ident: str, out: str, as_of: Any, pdf: bool) -> None:
    """法律意见书 to the debtor, from policies/templates/legal-opinion.md."""
    _letter(ctx, ident, "opinion", out, as_of, pdf)


@report.command("closing")
@_letter_options
@click.pass_context
def closing_cmd(ctx: click.Context, ident: str, out: str, as_of: Any, pdf: bool) -> None:
    """结案报告 to the client, from policies/templates/closing-report.md."""
    _letter(ctx, ident, "closing", out, as_of, pdf)


COMMANDS = (report,)
