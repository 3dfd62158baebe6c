"""Reports on the demo ledger (the repository root) as of 2026-11-30: goldens, invariants, speed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from conftest import ROOT, as_json
from qingqian.cli import cli
from qingqian.figures.fx import counted
from qingqian.ledger import load
from qingqian.model.receivable import Payment, Reversal, WriteOff

AS_OF = "2026-11-30"
REPORTS = {
    "age": ["age"],
    "total": ["total"],
    "monthly": ["monthly", "--month", "2026-11"],
    "targets": ["targets", "--year", "2026"],
    "commission": ["commission", "--period", "2026-11", "--details"],
}
FORMATS = {"table": "txt", "csv": "csv", "json": "json", "markdown": "md"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(ROOT), *args, "--as-of", AS_OF],
                                catch_exceptions=False)
    return result.exit_code, result.stdout


def report(*args: str) -> dict:
    code, out = run(*args, "--format", "json")
    assert code == 0
    return as_json(out)


@pytest.fixture(scope="module")
def demo():
    return load(ROOT)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", REPORTS)
def test_golden(name, fmt, golden):
    code, out = run(*REPORTS[name], "--format", fmt)
    assert code == 0
    golden(f"{name}.{FORMATS[fmt]}", out)


@pytest.mark.parametrize("by", ["debtor", "unit", "collector", "kind", "debtor-type"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_grouped_reports_run_in_every_way(by, lang, fmt):
    for name in ("age", "total"):
        code, out = run(name, "--by", by, "--lang", lang, "--format", fmt)
        assert code == 0 and out


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_renders_in_every_format(name):
    """Every report in every format (its speed is measured in benchmarks/, not asserted here)."""
    for fmt in FORMATS:
        code, out = run(*REPORTS[name], "--format", fmt)
        assert code == 0 and out.strip()


def as_list(totals) -> list[dict]:
    return totals if isinstance(totals, list) else [totals]


@pytest.mark.parametrize("basis", ["due", "invoice"])
@pytest.mark.parametrize("by", ["debtor", "unit", "collector", "kind", "debtor-type"])
def test_buckets_add_up_to_outstanding(by, basis):
    age, total = report("age", "--by", by, "--basis", basis), report("total", "--by", by)
    for row in [*age["rows"], *as_list(age["totals"])]:
        assert sum(Decimal(a) for a in row["amounts"]) == Decimal(row["total"])
    outstanding = {(r.get("currency"), r["key"]): r["outstanding"] for r in total["rows"]
                   if Decimal(r["outstanding"])}
    assert {(r.get("currency"), r["key"]): r["total"] for r in age["rows"]} == outstanding
    assert [t["total"] for t in as_list(age["totals"])] == \
        [t["outstanding"] for t in as_list(total["totals"])]


def test_monthly_amounts_are_the_months_payments(demo):
    """Independently: payments dated in the month, minus payments reversed in the month."""
    expected: dict[tuple[str, str], Decimal] = {}
    for rec in demo.receivables.values():
        paid = {e.ref: e.amount for e in rec.events if isinstance(e, Payment)}
        for e in rec.events:
            if not (date(2026, 11, 1) <= e.date <= date(2026, 11, 30)):
                continue
            amount = e.amount if isinstance(e, Payment) else (
                -paid[e.ref] if isinstance(e, Reversal) else None)
            if amount is not None:  # another currency at its payment month's fx rate (§6.5)
                day = e.date if isinstance(e, Payment) else next(
                    p.date for p in rec.events if isinstance(p, Payment) and p.ref == e.ref)
                cur, amount = counted(demo.rules, demo.currency(rec), day, amount)
                key = (cur, rec.unit)
                expected[key] = expected.get(key, Decimal(0)) + amount
    doc = report("monthly", "--month", "2026-11")
    got = {(r.get("currency", "CNY"), r["unit"]): Decimal(r["amount"]) for r in doc["rows"]}
    assert {k: v for k, v in got.items() if v} == expected


def test_commission_counts_each_payment_once_and_never_a_writeoff(demo):
    doc = report("commission", "--period", "2026")
    payments = {(rec.id, e.date.isoformat()): [] for rec in demo.receivables.values()
                for e in rec.events if isinstance(e, (Payment, Reversal))}
    writeoffs = {(rec.id, e.date.isoformat()) for rec in demo.receivables.values()
                 for e in rec.events if isinstance(e, WriteOff)}
    for d in doc["details"]:
        key = (d["receivable"], d["date"])
        assert key in payments and key not in writeoffs
        payments[key].append(Decimal(d["amount"]))  # details keep the payment's own currency
    for rec in demo.receivables.values():
        for e in rec.events:
            if isinstance(e, Payment) and e.date.year == 2026:
                same_day = sum(p.amount for p in rec.events
                               if isinstance(p, Payment) and p.date == e.date)
                assert sum(payments[(rec.id, e.date.isoformat())]) <= same_day
    # collected over the year equals the money the monthly report counts year to date
    monthly = report("monthly", "--month", "2026-11")
    by_currency: dict = {}
    for row in doc["rows"]:
        cur = row.get("currency", "CNY")
        by_currency[cur] = by_currency.get(cur, Decimal(0)) + Decimal(row["collected"])
    assert by_currency == {t.get("currency", "CNY"): Decimal(t["ytd_amount"])
                           for t in as_list(monthly["totals"])}


def test_commission_rows_add_up_to_the_details():
    doc = report("commission", "--period", "2026-11")
    def in_row_currency(d: dict) -> tuple:  # a converted portion counts in the ledger currency
        if "commission_converted" in d:
            return "CNY", Decimal(d["commission_converted"])
        return d.get("currency"), Decimal(d["commission"])

    for cur in {r.get("currency") for r in doc["rows"]}:
        rows = [r for r in doc["rows"] if r.get("currency") == cur]
        details = [a for c, a in map(in_row_currency, doc["details"]) if c == cur]
        assert sum(Decimal(r["commission"]) for r in rows) == sum(details)
    assert any("commission_converted" in d for d in doc["details"])  # the demo's USD payment


def test_targets_shape():
    doc = report("targets", "--year", "2026")
    assert set(doc) == {"as_of", "year", "month", "rows", "assigned", "campaigns"}  # campaigns: issue 22
    assert {r["kind"] for r in doc["rows"]} == {"person", "unit"}
    assert all(r["behind"] in (True, False, None) for r in doc["rows"])


def test_usage_problems_exit_2():
    assert run("monthly", "--month", "2026-13")[0] == 2
    assert run("commission", "--period", "26-11")[0] == 2
