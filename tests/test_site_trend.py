"""The site's one-pass figures equal the reports they replace: the outstanding trend equals
`total` at each month end, and `monthly_reports` equals `monthly_report` month by month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import receivable
from hypothesis import given
from qingqian.ledger import Ledger, load
from qingqian.reports.monthly import month_bounds, monthly_report, monthly_reports
from qingqian.reports.total import FIELDS, total_report
from qingqian.figures.trend import outstanding_at
from qingqian.site.build import month_list
from test_properties import PROPS, ledger_of, receivable_events, render

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 30)


def month_ends(as_of: date, count: int = 24) -> list[date]:
    return [min(month_bounds(m)[1], as_of) for m in month_list(as_of, count)]


def per_day_totals(ledger: Ledger, days: list[date], currency: str) -> list[Decimal]:
    """The trend as the site computed it before: one `total` report per day."""
    out = []
    for day in days:
        found = [dict(zip(FIELDS, t.figures))["outstanding"]
                 for t in total_report(ledger, day, by="unit").totals if t.currency == currency]
        out.append(found[0] if found else Decimal(0))
    return out


def assert_same_trend(ledger: Ledger, days: list[date]) -> None:
    for currency in {ledger.currency(r) for r in ledger.receivables.values()} | {"CNY"}:
        assert list(outstanding_at(ledger, days, currency)) == per_day_totals(ledger, days, currency)


def test_trend_equals_total_report_on_the_demo_ledger():
    ledger = load(ROOT)
    assert_same_trend(ledger, month_ends(AS_OF, 36))


# Across months: partial payments, a reversal in a later month, a reversal dated before its
# payment, a payment reversed twice, a write-off then a recovery (and its reversal), a credit,
# a schedule, a payment after the as-of date, a second currency.
MOVES = receivable("AR-M", """
    - {date: 2025-01-10, type: invoice, amount: "100000.00", due: 2025-02-10, ref: M1}
    - {date: 2025-03-02, type: payment, amount: "30000.00", method: bank, ref: P1}
    - {date: 2025-05-20, type: reversal, ref: P1, reason: 退票}
    - {date: 2025-05-20, type: payment, amount: "20000.00", method: bank, ref: P2}
    - {date: 2025-04-01, type: reversal, ref: P2, reason: 误记}
    - {date: 2025-06-01, type: payment, amount: "10000.00", method: note, ref: P3}
    - {date: 2025-07-31, type: reversal, ref: P3, reason: 商票拒付}
    - {date: 2025-09-30, type: reversal, ref: P3, reason: 重复登记}
    - {date: 2025-08-15, type: credit, amount: "5000.00", reason: 让利, approved_by: qian.fm}
    - {date: 2025-12-31, type: writeoff, amount: "40000.00", basis: bankruptcy,
       approved_by: [qian.fm, sun.cfo]}
    - {date: 2026-02-03, type: payment, amount: "3000.00", method: bank, ref: R1}
    - {date: 2026-03-03, type: payment, amount: "2000.00", method: bank, ref: R2}
    - {date: 2026-04-04, type: reversal, ref: R2, reason: 退票}
    - {date: 2026-12-05, type: payment, amount: "1000.00", method: bank, ref: LATE}
""")
RENT = receivable("AR-R", """
    - {date: 2026-06-15, type: payment, amount: "2500.00", method: bank, ref: RP1}
""", extra="""\
kind: rent
schedule:
  - {item: 房租, amount: "1200.00", from: 2025-10-01, to: 2027-09-01, every: month, day: 1}
""").replace("kind: construction\n", "")
DOLLARS = receivable("AR-U", """
    - {date: 2026-02-01, type: invoice, amount: "7000.00", due: 2026-03-01, ref: U1}
    - {date: 2026-05-11, type: payment, amount: "2000.00", method: bank, ref: UP1}
""", extra="currency: USD\n")


def test_trend_equals_total_report_across_moves(make_ledger):
    ledger = make_ledger({"ledger/east/2025/AR-M.yaml": MOVES, "ledger/east/2025/AR-R.yaml": RENT,
                          "ledger/east/2026/AR-U.yaml": DOLLARS})
    assert not [f for f in ledger.findings if f.severity == "error"], ledger.findings
    assert len(ledger.receivables) == 3
    days = month_ends(AS_OF)
    assert_same_trend(ledger, days)
    assert len(set(outstanding_at(ledger, days, "CNY"))) > 10  # the figures do move


def test_trend_of_a_currency_without_receivables_is_zero(make_ledger):
    ledger = make_ledger({"ledger/east/2026/AR-U.yaml": DOLLARS})
    assert outstanding_at(ledger, month_ends(AS_OF, 3), "CNY") == (0, 0, 0)
    assert outstanding_at(ledger, [], "CNY") == ()


@PROPS
@given(receivable_events())
def test_trend_equals_total_report_for_any_receivable(events):
    ledger = ledger_of({"ledger/east/2026/AR-1.yaml": render("AR-1", events)})
    assert_same_trend(ledger, month_ends(AS_OF, 36))


def assert_same_months(ledger: Ledger, as_of: date, count: int = 24) -> None:
    months = month_list(as_of, count)
    together = monthly_reports(ledger, as_of, months, lang="en")
    assert list(together) == months
    for month in months:
        alone = monthly_report(ledger, as_of, month, lang="en")
        assert together[month] == alone, month
        assert together[month].to_json() == alone.to_json(), month


def test_monthly_reports_equal_monthly_report_on_the_demo_ledger():
    ledger = load(ROOT)
    assert_same_months(ledger, AS_OF, 36)
    assert_same_months(ledger, date(2026, 1, 15))  # the as-of month has only begun


def test_monthly_reports_equal_monthly_report_across_moves(make_ledger):
    ledger = make_ledger({"ledger/east/2025/AR-M.yaml": MOVES, "ledger/east/2025/AR-R.yaml": RENT,
                          "ledger/east/2026/AR-U.yaml": DOLLARS,
                          "policies/targets/2026.yaml": "year: 2026\nunits:\n  east: {annual: \"120000.00\"}\n"})
    assert_same_months(ledger, AS_OF)
    assert_same_months(ledger, date(2026, 4, 4))
    assert monthly_reports(ledger, AS_OF, []) == {}
    later = monthly_reports(ledger, date(2026, 3, 10), ["2026-02", "2026-05"])  # May: after as-of
    assert later["2026-05"] == monthly_report(ledger, date(2026, 3, 10), "2026-05")


@PROPS
@given(receivable_events())
def test_monthly_reports_equal_monthly_report_for_any_receivable(events):
    ledger = ledger_of({"ledger/east/2026/AR-1.yaml": render("AR-1", events)})
    assert_same_months(ledger, AS_OF, 36)
