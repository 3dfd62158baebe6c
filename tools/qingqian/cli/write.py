"""Commands that write: record, new, import, export, letter.

Writers validate before writing: a change that would add errors to `qingqian check`
is refused (exit 1) with the findings; `--dry-run` prints the diff and writes nothing.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..vocabulary import CASE_ENTRIES as CASE_EVENTS
from ..vocabulary import CASE_STAGES, EVENT_TYPES
from .bilingual import Command, Group
from .common import DATE, UsageProblem, as_of_option, ledger_root, resolve_as_of

CASE_OPTIONS = ("stage", "court", "case_no", "pay_by", "installment", "cost_type",
                "agreement_type", "receivable")

dry_run_option = click.option("--dry-run", is_flag=True, help="Print the diff; write nothing.")


def locked(func):  # type: ignore[no-untyped-def]
    """Run a writing command under the ledger's write lock: read, validate and replace as one."""
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args, **kwargs):  # type: ignore[no-untyped-def]
        from ..write.lock import LockProblem, write_lock
        _warm()  # imports take most of a short command; waiters do them while another writes
        try:
            with write_lock(ledger_root(ctx)):
                return func(ctx, *args, **kwargs)
        except LockProblem as exc:
            raise UsageProblem(str(exc)) from None
    return wrapper


def _warm() -> None:
    """Import what every writer uses, outside the lock, so the locked part is read-check-write."""
    import ruamel.yaml  # noqa: F401

    from .. import ledger, rules  # noqa: F401
    from ..loader import build_validators
    build_validators()


def _finish(ctx: click.Context, root: Path, outcome, dry_run: bool,  # type: ignore[no-untyped-def]
            show_diff: bool = True) -> None:
    """Show or write an outcome; exit 1 when it would add errors."""
    from ..write import apply, diff

    for note in outcome.notes:
        click.echo(f"note: {note}", err=True)
    if dry_run and show_diff:
        click.echo(diff(outcome.changes), nl=False)
    if not outcome.ok:
        from ..i18n import N_, say
        from ..render.findings import render_findings
        from .common import usage_language

        lang = usage_language(ctx)
        click.echo(render_findings(list(outcome.added), "text", lang), nl=False)
        click.echo(say(N_("refused: the change would add {count} error(s); nothing was written"),
                       lang, count=len(outcome.added)), err=True)
        ctx.exit(1)
    if not dry_run:
        for path in _guard(apply, root, outcome):
            click.echo(f"wrote {path}")


def _guard(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Library refusals about the input (bad amount, unknown id) are usage problems: exit 2."""
    from ..write import WriteProblem
    try:
        return func(*args, **kwargs)
    except WriteProblem as exc:
        raise UsageProblem(str(exc)) from None


@click.command(cls=Command)
@click.argument("event_type", metavar="TYPE", type=click.Choice(EVENT_TYPES + CASE_EVENTS))
@click.argument("ident", metavar="ID")
@click.option("--date", "day", type=DATE, help="Event date (default: the as-of date).")
@click.option("--amount")
@click.option("--ref", help="Document number; for a reversal, the ref of the payment undone.")
@click.option("--note")
@click.option("--evidence", multiple=True, help="A file in the repo or a tracking number; repeatable.")
@click.option("--method", help="payment: bank|cash|note|offset|in-kind; demand: letter|lawyer-letter|email|sms|notarized|court")
@click.option("--applies-to", help="Invoice ref a payment or credit settles (else FIFO).")
@click.option("--due", type=DATE, help="invoice: due date (else date + terms.due_days).")
@click.option("--reason")
@click.option("--approved-by", multiple=True, help="Person id; repeatable.")
@click.option("--by", "by", help="visit: who visited.")
@click.option("--with", "with_", help="visit: whom they met.")
@click.option("--signed/--unsigned", default=None, help="visit: the debtor signed the record.")
@click.option("--delivered", type=DATE, help="demand: date of proven delivery.")
@click.option("--signed-by", help="acknowledgment: who signed for the debtor.")
@click.option("--by-date", type=DATE, help="promise: pay by this date.")
@click.option("--to", help="assign: the new collector; transfer: the assignee.")
@click.option("--price", help="transfer: the price paid for the claim.")
@click.option("--basis", help="writeoff: the basis (rules.yaml writeoff.bases).")
@click.option("--accountability-kind", type=click.Choice(["personal", "unit"]))
@click.option("--accountability-who")
@click.option("--accountability-action")
@click.option("--receipt-ref", help="payment: the receipt this payment is a part of (a split).")
@click.option("--receipt-total", help="payment: the whole receipt's amount (the parts add up to it).")
@click.option("--override-by", help="invoice: who approved supply during a credit hold.")
@click.option("--override-reason")
@click.option("--stage", type=click.Choice(CASE_STAGES), help="case stage: the stage entered.")
@click.option("--court", help="case stage/preservation/hearing: the court.")
@click.option("--case-no", help="case stage/judgment: the court's case number.")
@click.option("--pay-by", type=DATE, help="judgment: the date the judgment orders payment by.")
@click.option("--installment", multiple=True, help="agreement: DUE:AMOUNT, repeatable.")
@click.option("--cost-type", type=click.Choice(["court-fee", "preservation-fee", "counsel-fee",
                                                "appraisal", "other"]))
@click.option("--agreement-type", type=click.Choice(["repayment", "settlement", "in-kind"]))
@click.option("--receivable", help="installment-paid: the case's receivable paid (default: the "
              "first one owing).")
@as_of_option
@dry_run_option
@click.pass_context
@locked
def record(ctx: click.Context, event_type: str, ident: str, day: date | None,
           as_of: date | None, dry_run: bool, **fields: Any) -> None:
    """Append an event to receivable ID, or a stage, hearing, judgment, … to case ID.

    Validated first; refused if `check` would fail.
    """
    from ..write.record import EventInput
    from ..write.record import record as record_event

    as_of = resolve_as_of(as_of)
    case_fields = {k: fields.pop(k) for k in CASE_OPTIONS}
    if event_type in CASE_EVENTS:
        _record_case(ctx, event_type, ident, day or as_of, as_of, dry_run, fields, case_fields)
        return
    given = [k for k, v in case_fields.items() if v not in (None, ())]
    if given:
        raise UsageProblem(f"{event_type} takes no --{given[0].replace('_', '-')} "
                           "(that option is for case entries)")
    values = _event_values(fields)
    outcome = _guard(record_event, ledger_root(ctx), ident,
                     EventInput(event_type, day or as_of, values), as_of)
    _finish(ctx, ledger_root(ctx), outcome, dry_run)


def _record_case(ctx: click.Context, kind: str, ident: str, day, as_of, dry_run: bool,  # type: ignore[no-untyped-def]
                 fields: dict, case_fields: dict) -> None:
    """A case entry, or a paid installment as a payment on the case's receivable."""
    from ..write.case_record import CaseInput, parse_installment, record_case

    values = {k: v for k, v in {**fields, **case_fields}.items() if v not in (None, ())}
    if "installment" in values:
        values["installments"] = [_guard(parse_installment, t) for t in values.pop("installment")]
    outcome = _guard(record_case, ledger_root(ctx), ident, CaseInput(kind, day, values), as_of)
    _finish(ctx, ledger_root(ctx), outcome, dry_run)


def _event_values(fields: dict) -> dict:
    """CLI options → event fields; grouped options become nested mappings."""
    values = {k: v for k, v in fields.items()
              if v not in (None, ())
              and not k.startswith(("accountability_", "override_", "receipt_"))}
    if "with_" in values:
        values["with"] = values.pop("with_")
    if any(fields[f"accountability_{k}"] for k in ("kind", "who", "action")):
        values["accountability"] = {k: fields[f"accountability_{k}"]
                                    for k in ("kind", "who", "action")}
    if fields["receipt_ref"] or fields["receipt_total"]:
        values["receipt"] = {"ref": fields["receipt_ref"], "total": fields["receipt_total"]}
    if fields["override_by"] or fields["override_reason"]:
        values["override"] = {"approved_by": fields["override_by"],
                              "reason": fields["override_reason"]}
    return values


@click.group(cls=Group)
def new() -> None:
    """Create a receivable, debtor or case file with the next free id."""


@new.command("debtor")
@click.option("--name", required=True)
@click.option("--type", "type_", default="other", show_default=True,
              type=click.Choice(["government", "state-owned", "real-estate", "private",
                                 "individual", "other"]))
@click.option("--status", default="active", show_default=True)
@click.option("--condition", default="good", show_default=True)
@click.option("--note")
@click.option("--credit-code", help="统一社会信用代码 (18 characters, GB 32100-2015 check digit).")
@click.option("--id-number", help="An individual's ID-card number (private: never published).")
@as_of_option
@dry_run_option
@click.pass_context
@locked
def new_debtor(ctx: click.Context, as_of, dry_run: bool, **fields) -> None:  # type: ignore[no-untyped-def]
    """A debtor: ledger/debtors/D-NNNN.yaml (refused when the ledger has it already)."""
    from ..write.new import create, debtor_file, existing_debtor

    _guard(existing_debtor, ledger_root(ctx), fields["name"], fields["credit_code"],
           fields["id_number"])
    ident, outcome = _guard(create, ledger_root(ctx), debtor_file, resolve_as_of(as_of),
                            fields.pop("name"), fields.pop("type_"), **fields)
    click.echo(ident, err=True)
    _finish(ctx, ledger_root(ctx), outcome, dry_run)


@new.command("receivable")
@click.option("--debtor", required=True)
@click.option("--unit", required=True)
@click.option("--title", required=True)
@click.option("--responsible", required=True, help="第一责任人 (person id).")
@click.option("--collector", help="Initial collector (default: the responsible person).")
@click.option("--kind", default="other", show_default=True)
@click.option("--difficulty", default="normal", show_default=True)
@click.option("--contract", "contract_no")
@click.option("--contract-signed", type=DATE)
@click.option("--contract-amount")
@click.option("--currency")
@click.option("--due-days", type=int)
@click.option("--interest-rate", help="Overdue interest rate, e.g. 0.0005.")
@click.option("--interest-basis", type=click.Choice(["daily", "annual"]), default="daily")
@click.option("--year", type=int, help="Year of the id and folder (default: the invoice's).")
@click.option("--note")
@click.option("--amount", help="Record a first invoice of this amount.")
@click.option("--date", "day", type=DATE, help="First invoice date (default: the as-of date).")
@click.option("--due", type=DATE)
@click.option("--ref")
@as_of_option
@dry_run_option
@click.pass_context
@locked
def new_receivable(ctx: click.Context, as_of: date | None, dry_run: bool, amount: str | None,
                   day: date | None, due: date | None, ref: str | None, year: int | None,
                   collector: str | None, **fields: Any) -> None:
    """A receivable: ledger/<unit>/<year>/AR-YYYY-NNNN.yaml, optionally with its first invoice."""
    from ..write.new import ReceivableSpec, create, receivable_file
    from ..write.record import EventInput

    as_of = resolve_as_of(as_of)
    day = day or as_of
    events = (EventInput("invoice", day, {"amount": amount, "due": due, "ref": ref}),) \
        if amount else ()
    spec = ReceivableSpec(year=year or day.year, collector=collector or fields["responsible"],
                          events=events, **fields)
    ident, outcome = _guard(create, ledger_root(ctx), receivable_file, as_of, spec)
    click.echo(ident, err=True)
    _finish(ctx, ledger_root(ctx), outcome, dry_run)


@new.command("case")
@click.option("--receivable", "receivables", multiple=True, required=True, help="Repeatable.")
@click.option("--debtor", help="Default: the first receivable's debtor.")
@click.option("--owner", required=True, help="专人负责 (person id).")
@click.option("--strategy", required=True,
              type=click.Choice(["cash", "collateral", "in-kind", "negotiation", "litigation"]))
@click.option("--priority", type=click.Choice(["key", "normal"]), default="normal")
@click.option("--opened", type=DATE, help="Date of the first stage, documents (default: as-of).")
@click.option("--year", type=int)
@click.option("--note")
@as_of_option
@dry_run_option
@click.pass_context
@locked
def new_case(ctx: click.Context, receivables: tuple[str, ...], debtor: str | None,
             owner: str | None, strategy: str | None, priority: str | None,
             opened: date | None, year: int | None, note: str | None, as_of: date | None,
             dry_run: bool) -> None:
    """A collection case: cases/C-YYYY-NNN.yaml, opened at the documents stage."""
    from ..ledger import load
    from ..write.new import case_file, create

    root, as_of = ledger_root(ctx), resolve_as_of(as_of)
    if debtor is None:
        first = load(root).receivables.get(receivables[0])
        if first is None:
            raise UsageProblem(f"no receivable `{receivables[0]}`; pass --debtor")
        debtor = first.debtor
    opened = opened or as_of
    ident, outcome = _guard(create, root, case_file, as_of, year or opened.year, debtor,
                            tuple(receivables), owner, strategy, priority, opened, note)
    click.echo(ident, err=True)
    _finish(ctx, root, outcome, dry_run)


@click.command("import", cls=Command)
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False))
@click.option("--mapping", "mapping_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="YAML: sheet columns → fields (~ ignores a column), and defaults.")
@click.option("--opened", type=DATE, help="The day the ledger takes over from the sheet, written to "
              "policies/rules.yaml `opened` when it has none: older rows get opening balances.")
@click.option("--allow-duplicates", is_flag=True, help="Import rows that repeat another row "
              "(both, each keyed by its row number) instead of refusing them.")
@click.option("--update", is_flag=True, help="Record a rise in 已收 on an imported row as a payment.")
@as_of_option
@dry_run_option
@click.pass_context
@locked
def import_(ctx: click.Context, sheet: str, mapping_path: str, opened, allow_duplicates: bool,  # type: ignore[no-untyped-def]
            update: bool, as_of, dry_run: bool) -> None:
    """Import a legacy 台账 (.xlsx or .csv) as debtors and receivables; a re-import says per row
    what is new, unchanged or changed."""
    from ..write.importer import plan_import, read_mapping, render_report

    root = ledger_root(ctx)
    mapping = _guard(read_mapping, Path(mapping_path))
    report = _guard(plan_import, root, Path(sheet), mapping, resolve_as_of(as_of), opened,
                    allow_duplicates, update)
    click.echo(render_report(report), nl=False)
    if not report.agree:
        click.echo("refused: the ledger totals would not match the sheet; nothing was written",
                   err=True)
        ctx.exit(1)
    if report.of("refused"):
        click.echo(f"{len(report.of('refused'))} row(s) refused: mend them in the sheet and import "
                   "again (a re-import adds only what is new) / 被拒绝的行请在台账中修正后重新导入", err=True)
    _finish(ctx, root, report.outcome, dry_run, show_diff=False)


@click.command(cls=Command)
@click.option("--xlsx", type=click.Path(dir_okay=False), help="Monthly statistics and aging workbook.")
@click.option("--jsonl", type=click.Path(dir_okay=False), help="Every event, one JSON object a line.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Every event, one CSV row.")
@click.option("--month", help="YYYY-MM for the monthly sheet (default: month of --as-of).")
@click.option("--lang", type=click.Choice(["zh", "en"]))
@as_of_option
@click.pass_context
def export(ctx: click.Context, xlsx, jsonl, csv_path, month, lang, as_of) -> None:  # type: ignore[no-untyped-def]
    """Export reports as a formatted .xlsx, or the whole ledger as JSON lines / CSV for BI tools."""
    from ..ledger import load
    from ..reports.common import language
    from ..write import export as ex

    if not (xlsx or jsonl or csv_path):
        raise UsageProblem("say what to export: --xlsx FILE, --jsonl FILE or --csv FILE")
    ledger, as_of = load(ledger_root(ctx)), resolve_as_of(as_of)
    if xlsx:
        tables = ex.report_tables(ledger, as_of, month or as_of.strftime("%Y-%m"),
                                  language(ledger, lang))
        ex.write_workbook(Path(xlsx), tables)
        click.echo(f"wrote {xlsx} ({len(tables)} sheets)")
    for path, render, bom in ((jsonl, ex.to_jsonl, False), (csv_path, ex.to_csv, True)):
        if path:
            from ..progress import each

            items = list(ex.event_lines(ledger, as_of))
            lines = each(items, len(items), f"export {path}")
            ex.write_text(Path(path), render(lines), bom)
            click.echo(f"wrote {path}")


@click.command(cls=Command)
@click.argument("ident", metavar="ID", required=False)
@click.option("--type", "kind", type=click.Choice(["demand", "confirmation", "lawyer", "visit-form",
                                                   "statement"]),
              default="demand", show_default=True)
@click.option("--due", is_flag=True, help="Every letter the ladder calls for as of the date, "
              "HTML and PDF, with index.md and index.json.")
@click.option("--no-pdf", is_flag=True, help="With --due: HTML only.")
@click.option("--mail", is_flag=True, help="With --due: email each debtor contact their letters "
              "(SMTP from QINGQIAN_SMTP_*) and record each as a demand, method email.")
@click.option("--dry-run", is_flag=True, help="With --mail: print what would be sent.")
@click.option("--out", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder for the letters.")
@as_of_option
@click.pass_context
@locked
def letter(ctx: click.Context, ident: str | None, kind: str, due: bool, no_pdf: bool, mail: bool,
           dry_run: bool, out: str, as_of: date | None) -> None:
    """Draft a 催款通知书 / 对账确认函 / 律师函 / 回访记录表 / 对账单 (HTML + Markdown), or all due."""
    from ..ledger import load
    from ..write.letter import record_hint, write_letter

    root = ledger_root(ctx)
    if due:
        _letters_due(ctx, root, resolve_as_of(as_of), Path(out), not no_pdf, mail, dry_run)
        return
    if ident is None:
        raise UsageProblem("name a receivable, debtor or case, or pass --due")
    paths, data = _guard(write_letter, root, load(root), ident, kind, resolve_as_of(as_of),
                         Path(out))
    for path in paths:
        click.echo(f"wrote {path}")
    click.echo(f"{data.debtor_name}: principal {data.principal:,.2f}, interest "
               f"{data.interest:,.2f}, total {data.total:,.2f} {data.currency}")
    for line in record_hint(data):
        click.echo(line, err=True)


def _letters_due(ctx: click.Context, root: Path, as_of, out: Path, pdf: bool, mail: bool,  # type: ignore[no-untyped-def]
                 dry_run: bool) -> None:
    """Write every due letter; with --mail send them and record what was sent."""
    from ..ledger import load
    from ..write.letters_due import write_due

    ledger = load(root)
    if ledger.rules is None:
        raise UsageProblem("policies/rules.yaml does not load; run `qingqian check`")
    produced, notes = _guard(write_due, root, ledger, as_of, out, pdf)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    for item in produced:
        click.echo(f"wrote {' '.join(str(out / f) for f in item.files)}")
    click.echo(f"wrote {out / 'index.md'} ({len(produced)} letters)")
    if not mail:
        return
    from ..collect.mail import mail_letters
    from ..write.record import record_many

    lines, events = _guard(mail_letters, root, ledger, as_of, produced, out, dry_run)
    for line in lines:
        click.echo(line)
    if events:
        _finish(ctx, root, _guard(record_many, root, events, as_of), False)


COMMANDS = (record, new, import_, export, letter)
