"""The `opening` event: the balance still owed when the ledger took over (not a collection)."""

from __future__ import annotations

from datetime import date

from conftest import receivable
from qingqian.figures.position import position
from qingqian.reports.commission import commission_report
from qingqian.reports.monthly import monthly_report

AR = "ledger/east/2024/AR-1.yaml"
# 2023 invoices 100000 + 50000 (old 台账); on 2024-01-01 the sheet says 60000 is still owed:
# 90000 was settled before the ledger took over, FIFO: all of I1 (due first) is not possible
# (100000 > 90000), so I1 keeps 10000 open and I2 keeps 50000.
EVENTS = """
    - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
    - {date: 2023-09-01, type: invoice, amount: "50000.00", due: 2023-09-30, ref: I2}
    - {date: 2024-01-01, type: opening, amount: "60000.00", as_of: 2024-01-01, source: 台账!B7}
"""


def test_opening_settles_the_difference_before_the_ledger_not_as_a_collection(make_ledger):
    led = make_ledger({AR: receivable("AR-1", EVENTS)})
    pos = position(led.receivables["AR-1"], date(2024, 6, 30))
    assert (pos.invoiced, pos.collected, pos.settled_before, pos.outstanding) == (
        150000, 0, 90000, 60000)
    assert list(pos.open) == [10000, 50000]
    assert pos.payments == () and pos.recoveries == ()


def test_opening_is_in_no_monthly_return_and_earns_no_commission(make_ledger):
    led = make_ledger({AR: receivable("AR-1", EVENTS)})
    report = monthly_report(led, date(2024, 1, 31), "2024-01")
    assert all(r.payments == 0 and r.amount == 0 for r in report.rows)
    assert commission_report(led, date(2024, 1, 31), "2024-01").rows == ()


def test_opening_without_invoices_is_owed_from_its_date(make_ledger):
    led = make_ledger({AR: receivable("AR-1", """
        - {date: 2024-01-01, type: opening, amount: "60000.00", source: 台账!B8}
    """)})
    pos = position(led.receivables["AR-1"], date(2024, 6, 30))
    assert (pos.invoiced, pos.outstanding, pos.bills[0].due) == (60000, 60000, date(2024, 1, 1))
