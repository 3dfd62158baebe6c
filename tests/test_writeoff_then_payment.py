"""DESIGN §6.0: after a (partial) write-off a payment settles the books first; only the excess
is a recovery, which reduces the named (else the earliest-due) written-off invoice."""

from __future__ import annotations

from datetime import date

from conftest import receivable
from qingqian.figures.position import position
from qingqian.reports.commission import commission_report

AR = "ledger/east/2024/AR-1.yaml"
WO = ('{date: 2025-06-30, type: writeoff, amount: "%s", basis: overdue-3y, '
      'approved_by: [qian.fm, sun.cfo]}')


def pos_of(make_ledger, events: str, as_of: date = date(2026, 11, 30)):
    led = make_ledger({AR: receivable("AR-1", events)})
    return led, position(led.receivables["AR-1"], as_of)


def test_payment_after_partial_writeoff_settles_books_first_then_recovers(make_ledger):
    # 100000 invoiced, 70000 written off: 30000 on the books. A 45000 payment settles the
    # 30000 (collected) and recovers 15000 (off-book claim 70000 − 15000 = 55000).
    _, pos = pos_of(make_ledger, f"""
        - {{date: 2022-01-01, type: invoice, amount: "100000.00", due: 2022-01-31, ref: I1}}
        - {WO % "70000.00"}
        - {{date: 2026-11-10, type: payment, amount: "45000.00", method: bank, ref: P1}}
    """)
    assert (pos.collected, pos.recovered, pos.outstanding, pos.off_book) == (30000, 15000, 0, 55000)
    assert [s.kind for s in pos.settlements] == ["writeoff", "payment", "recovery"]


def test_same_day_payment_before_writeoff_in_file_order_is_a_settlement(make_ledger):
    # 1000 invoiced; a 400 payment written before a same-day write-off of 600: settlement.
    _, pos = pos_of(make_ledger, """
        - {date: 2022-01-01, type: invoice, amount: "1000.00", due: 2022-01-31, ref: I1}
        - {date: 2025-06-30, type: payment, amount: "400.00", method: bank, ref: P1}
        - {date: 2025-06-30, type: writeoff, amount: "600.00", basis: overdue-3y, approved_by: [qian.fm]}
    """)
    assert (pos.collected, pos.recovered, pos.written_off, pos.outstanding) == (400, 0, 600, 0)


def test_same_day_payment_after_writeoff_in_file_order_is_a_recovery(make_ledger):
    _, pos = pos_of(make_ledger, """
        - {date: 2022-01-01, type: invoice, amount: "1000.00", due: 2022-01-31, ref: I1}
        - {date: 2025-06-30, type: writeoff, amount: "1000.00", basis: overdue-3y, approved_by: [qian.fm]}
        - {date: 2025-06-30, type: payment, amount: "400.00", method: bank, ref: P1}
    """)
    assert (pos.collected, pos.recovered, pos.off_book) == (0, 400, 600)


def test_recovery_reduces_named_then_earliest_due_written_off_invoice(make_ledger):
    # I1 (due 2022-01-31) and I2 (due 2022-06-30) both written off in full.
    events = """
        - {date: 2022-01-01, type: invoice, amount: "1000.00", due: 2022-01-31, ref: I1}
        - {date: 2022-06-01, type: invoice, amount: "2000.00", due: 2022-06-30, ref: I2}
        - {date: 2025-07-01, type: writeoff, amount: "3000.00", basis: overdue-3y, approved_by: [qian.fm]}
        - {date: 2026-11-10, type: payment, amount: "500.00", method: bank, ref: P1%s}
    """
    _, pos = pos_of(make_ledger, events % "")
    assert list(pos.off_open) == [500, 2000]  # FIFO: the earliest-due written-off invoice
    _, pos = pos_of(make_ledger, events % ", applies_to: I2")
    assert list(pos.off_open) == [1000, 1500]


def test_settlement_is_judged_on_the_payment_date_not_as_of(make_ledger):
    # a later invoice (dated after the payment) never turns the recovery into a settlement
    events = """
        - {date: 2022-01-01, type: invoice, amount: "1000.00", due: 2022-01-31, ref: I1}
        - {date: 2025-07-01, type: writeoff, amount: "1000.00", basis: overdue-3y, approved_by: [qian.fm]}
        - {date: 2026-10-01, type: payment, amount: "300.00", method: bank, ref: P1}
        - {date: 2026-11-01, type: invoice, amount: "500.00", due: 2026-11-30, ref: I2}
    """
    for day in (date(2026, 10, 31), date(2026, 11, 30)):
        _, pos = pos_of(make_ledger, events, day)
        assert (pos.collected, pos.recovered) == (0, 300)


def test_recovery_commission_uses_the_written_off_invoices_age(make_ledger):
    # 45000 on 2026-11-10: 30000 settles I1 and 15000 recovers I1; both 1744 days past due
    # (2026-11-10 − 2022-01-31), row >1095, normal 0.020: 600.00 + 300.00 = 900.00
    led, _ = pos_of(make_ledger, f"""
        - {{date: 2022-01-01, type: invoice, amount: "100000.00", due: 2022-01-31, ref: I1}}
        - {WO % "70000.00"}
        - {{date: 2026-11-10, type: payment, amount: "45000.00", method: bank, ref: P1}}
    """)
    report = commission_report(led, date(2026, 11, 30), "2026-11")
    assert [(d.amount, d.age_days, d.commission) for d in report.details] == [
        (30000, 1744, 600), (15000, 1744, 300)]
    assert report.rows[0].commission == 900
