"""Edges of the allocation: boundaries of dates, ties, empty receivables, defaults."""

from datetime import date
from textwrap import dedent
from decimal import Decimal

from conftest import receivable
from test_figures import rec_of

from qingqian.figures.position import position
from qingqian.loader import RECEIVABLE, load_file

INV = '- {date: 2026-01-01, type: invoice, amount: "%s", due: %s, ref: %s}\n'
PAY = '- {date: %s, type: payment, amount: "%s", method: bank, ref: %s}\n'


def test_an_invoice_dated_on_the_as_of_date_exists():
    rec = rec_of(INV % ("100.00", "2026-02-01", "A"))
    assert position(rec, date(2026, 1, 1)).invoiced == Decimal("100.00")
    assert position(rec, date(2025, 12, 31)).invoiced == Decimal("0.00")


def test_without_terms_an_invoice_is_due_on_its_date():
    rec = rec_of('- {date: 2026-01-01, type: invoice, amount: "100.00", ref: A}\n')
    pos = position(rec, date(2026, 1, 2))
    assert pos.bills[0].due == date(2026, 1, 1) and pos.overdue == Decimal("100.00")


def test_schedule_due_days_override_terms():
    rec = rec_of("", extra="""\
        terms: {due_days: 30}
        schedule: [{item: 水费, amount: "10.00", from: 2026-01-05, to: 2026-01-05, due_days: 5}]
        """)
    assert position(rec, date(2026, 2, 1)).bills[0].due == date(2026, 1, 10)


def test_ties_on_due_and_date_settle_in_file_order():
    rec = rec_of(INV % ("100.00", "2026-02-01", "FIRST") + INV % ("100.00", "2026-02-01", "SECOND")
                 + PAY % ("2026-03-01", "150.00", "P"))
    pos = position(rec, date(2026, 3, 1))
    assert [(b.ref, str(o)) for b, o in zip(pos.bills, pos.open)] == [("FIRST", "0.00"), ("SECOND", "50.00")]
    assert [(s.bill, s.date, s.amount, s.kind, s.event.ref) for s in pos.settlements] == [
        (0, date(2026, 3, 1), Decimal("100.00"), "payment", "P"),
        (1, date(2026, 3, 1), Decimal("50.00"), "payment", "P")]


def test_schedule_invoices_tie_in_order_of_occurrence():
    rec = rec_of("", extra="""\
        schedule: [{item: 租金, amount: "10.00", every: month, from: 2026-01-01, to: 2026-03-01, due_days: 0}]
        events:
          - {date: 2026-03-02, type: payment, amount: "15.00", method: bank, ref: P}
        """)
    pos = position(rec, date(2026, 3, 31))
    assert [str(o) for o in pos.open] == ["0.00", "5.00", "10.00"]
    assert [b.line for b in pos.bills] == [9, 9, 9]


def test_a_payment_on_the_write_off_day_is_not_a_recovery():
    rec = rec_of(INV % ("1000.00", "2026-01-01", "A") + dedent("""\
        - {date: 2026-06-01, type: payment, amount: "100.00", method: bank, ref: SAME-DAY}
        - {date: 2026-06-01, type: writeoff, amount: "900.00", basis: bankruptcy, evidence: [a.pdf], approved_by: [qian.fm]}
        - {date: 2026-06-02, type: payment, amount: "50.00", method: bank, ref: NEXT-DAY}
        """))
    pos = position(rec, date(2026, 7, 1))
    assert [p.ref for p in pos.payments] == ["SAME-DAY"] and [p.ref for p in pos.recoveries] == ["NEXT-DAY"]


def test_a_reversed_payment_does_not_stop_later_payments():
    rec = rec_of(INV % ("1000.00", "2026-01-01", "A") + dedent("""\
        - {date: 2026-02-01, type: payment, amount: "300.00", method: note, ref: N1}
        - {date: 2026-02-05, type: payment, amount: "200.00", method: bank, ref: B1}
        - {date: 2026-02-10, type: reversal, ref: N1, reason: 退票}
        """))
    pos = position(rec, date(2026, 3, 1))
    assert pos.collected == Decimal("200.00") and [p.ref for p in pos.payments] == ["B1"]


def test_two_overpayments_add_up_as_unapplied():
    rec = rec_of(INV % ("100.00", "2026-01-01", "A") + PAY % ("2026-02-01", "150.00", "P1")
                 + PAY % ("2026-02-02", "30.00", "P2"))
    assert position(rec, date(2026, 3, 1)).unapplied == Decimal("80.00")


def test_applies_to_beyond_its_invoice_goes_fifo():
    rec = rec_of(INV % ("100.00", "2026-01-31", "OLD") + INV % ("100.00", "2026-02-28", "NEW")
                 + '- {date: 2026-03-01, type: payment, amount: "150.00", method: bank, ref: P, applies_to: NEW}\n')
    pos = position(rec, date(2026, 3, 1))
    assert [(b.ref, str(o)) for b, o in zip(pos.bills, pos.open)] == [("OLD", "50.00"), ("NEW", "0.00")]


def test_empty_receivable_has_decimal_zeros_and_is_open():
    rec = rec_of("", extra='terms: {interest: {rate: "0.0005"}}\n')
    pos = position(rec, date(2026, 1, 1))
    assert [str(x) for x in (pos.invoiced, pos.recovered, pos.interest, pos.outstanding)] == ["0.00"] * 4
    assert pos.status == "open"


def test_transfer_sets_the_status():
    rec = rec_of(INV % ("100.00", "2026-01-01", "A")
                 + '- {date: 2026-05-01, type: transfer, to: 某资产管理公司, price: "10.00"}\n')
    assert position(rec, date(2026, 4, 30)).status == "open"
    assert position(rec, date(2026, 5, 1)).status == "transferred"


def test_default_interest_rate_comes_from_the_policy():
    rec = rec_of(INV % ("36500.00", "2026-01-01", "A"))
    assert position(rec, date(2026, 1, 11), Decimal("0.0365"), "annual").interest == Decimal("36.50")
    assert position(rec, date(2026, 1, 11), Decimal("0.001"), "daily").interest == Decimal("365.00")
    assert position(rec, date(2026, 1, 11)).interest == Decimal("0.00")


def test_annual_rates_run_over_365_days():
    rec = rec_of(INV % ("1000000.00", "2026-01-01", "A"), extra='terms: {interest: {rate: "0.0365", basis: annual}}\n')
    assert position(rec, date(2026, 1, 2)).interest == Decimal("100.00")


def test_no_interest_before_due_or_on_settled_balances():
    rec = rec_of(INV % ("1000.00", "2026-03-01", "A") + PAY % ("2026-02-01", "1000.00", "P"),
                 extra='terms: {interest: {rate: "0.001", basis: daily}}\n')
    assert position(rec, date(2026, 12, 31)).interest == Decimal("0.00")


def test_interest_on_one_day_and_on_small_balances():
    rec = rec_of(INV % ("0.50", "2026-01-01", "A"), extra='terms: {interest: {rate: "1", basis: daily}}\n')
    assert position(rec, date(2026, 1, 2)).interest == Decimal("0.50")


def test_late_payment_interest_stops_at_settlement():
    rec = rec_of(INV % ("1000.00", "2026-01-01", "A") + PAY % ("2026-01-11", "1000.00", "P"),
                 extra='terms: {interest: {rate: "0.001", basis: daily}}\n')
    assert position(rec, date(2026, 12, 31)).interest == Decimal("10.00")


def test_load_file_keeps_event_lines():
    text = receivable("AR-1", INV % ("1.00", "2026-01-01", "A"))
    loaded = load_file("ledger/east/2026/AR-1.yaml", text.encode(), RECEIVABLE)
    assert loaded.model.events[0].line == 10
