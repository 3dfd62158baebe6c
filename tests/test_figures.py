"""Derived figures: Decimal money, FIFO settlement, applies_to, reversals, recoveries, schedules."""

from datetime import date
from decimal import Decimal

from conftest import receivable

from qingqian.figures.position import collector_on, position
from qingqian.loader import RECEIVABLE, load_file
from qingqian.figures.schedule import occurrences


def rec_of(events: str, extra: str = ""):
    loaded = load_file("ledger/east/2026/AR-1.yaml", receivable("AR-1", events, extra).encode(), RECEIVABLE)
    assert loaded.findings == (), loaded.findings
    return loaded.model


def test_amounts_are_exact_decimals():
    rec = rec_of("""
        - {date: 2026-01-01, type: invoice, amount: 0.10, ref: A}
        - {date: 2026-01-02, type: invoice, amount: 0.20, ref: B}
        - {date: 2026-01-03, type: invoice, amount: 1250000.10, ref: C}
        """)
    pos = position(rec, date(2026, 2, 1))
    assert pos.invoiced == Decimal("1250000.40")
    assert str(pos.bills[0].amount + pos.bills[1].amount) == "0.30"


def test_fifo_settles_earliest_due_first_and_applies_to_overrides():
    rec = rec_of("""
        - {date: 2026-01-10, type: invoice, amount: "100.00", due: 2026-03-01, ref: LATE}
        - {date: 2026-01-20, type: invoice, amount: "200.00", due: 2026-02-01, ref: EARLY}
        - {date: 2026-02-10, type: payment, amount: "250.00", method: bank, ref: P1}
        - {date: 2026-02-11, type: invoice, amount: "300.00", due: 2026-04-01, ref: LAST}
        - {date: 2026-02-12, type: payment, amount: "120.00", method: bank, ref: P2, applies_to: LAST}
        """)
    pos = position(rec, date(2026, 3, 15))
    by_ref = {b.ref: o for b, o in zip(pos.bills, pos.open)}
    assert by_ref == {"EARLY": Decimal("0.00"), "LATE": Decimal("50.00"), "LAST": Decimal("180.00")}
    assert pos.outstanding == Decimal("230.00")
    assert pos.overdue == Decimal("50.00")  # LATE is past due on 3-15, LAST is not


def test_credit_and_writeoff_settle_too_and_recovery_is_apart():
    rec = rec_of("""
        - {date: 2025-01-01, type: invoice, amount: "1000.00", due: 2025-01-31, ref: A}
        - {date: 2025-03-01, type: payment, amount: "300.00", method: bank, ref: P1}
        - {date: 2025-04-01, type: credit, amount: "100.00", reason: 让利, approved_by: qian.fm}
        - {date: 2025-06-01, type: writeoff, amount: "600.00", basis: small-overdue-1y, evidence: [x.pdf], approved_by: [qian.fm]}
        - {date: 2025-08-01, type: payment, amount: "50.00", method: bank, ref: P2}
        """)
    pos = position(rec, date(2025, 12, 31))
    assert (pos.invoiced, pos.collected, pos.credited, pos.written_off) == (
        Decimal("1000.00"), Decimal("300.00"), Decimal("100.00"), Decimal("600.00"))
    assert pos.outstanding == Decimal("0.00")
    assert pos.recovered == Decimal("50.00") and pos.off_book == Decimal("550.00")
    assert pos.status == "written-off"
    assert position(rec, date(2025, 5, 1)).status == "open"


def test_reversal_cancels_its_payment_from_its_date():
    rec = rec_of("""
        - {date: 2025-01-01, type: invoice, amount: "500.00", ref: A}
        - {date: 2025-02-01, type: payment, amount: "500.00", method: note, ref: N1}
        - {date: 2025-03-01, type: reversal, ref: N1, reason: 票据退票}
        """)
    assert position(rec, date(2025, 2, 15)).outstanding == Decimal("0.00")
    after = position(rec, date(2025, 3, 1))
    assert after.outstanding == Decimal("500.00") and after.collected == Decimal("0")
    assert [p.ref for p in after.reversed] == ["N1"]


def test_events_after_as_of_are_ignored():
    rec = rec_of("""
        - {date: 2025-01-01, type: invoice, amount: "500.00", ref: A}
        - {date: 2025-06-01, type: invoice, amount: "700.00", ref: B}
        """)
    assert position(rec, date(2025, 5, 31)).invoiced == Decimal("500.00")


def test_due_defaults_to_terms_due_days():
    rec = rec_of("- {date: 2025-01-01, type: invoice, amount: \"500.00\", ref: A}",
                 extra="terms: {due_days: 30}\n")
    assert position(rec, date(2025, 3, 1)).bills[0].due == date(2025, 1, 31)


def test_interest_across_a_partial_payment():
    rec = rec_of("""
        - {date: 2026-01-01, type: invoice, amount: "100000.00", due: 2026-01-31, ref: A}
        - {date: 2026-03-02, type: payment, amount: "40000.00", method: bank, ref: P}
        """, extra='terms: {interest: {rate: "0.0005", basis: daily}}\n')
    # 100000 × 0.0005 × 30 days (2-01..3-02) + 60000 × 0.0005 × 29 days (3-02..3-31)
    assert position(rec, date(2026, 3, 31)).interest == Decimal("2370.00")


def test_annual_interest_rounds_once_half_up():
    rec = rec_of("- {date: 2026-01-01, type: invoice, amount: \"1000.00\", due: 2026-01-01, ref: A}",
                 extra='terms: {interest: {rate: "0.0365", basis: annual}}\n')
    assert position(rec, date(2026, 1, 11)).interest == Decimal("1.00")  # 1000 × 0.0001 × 10


def test_schedule_expands_to_invoices_up_to_as_of_and_to():
    rec = rec_of("", extra="""\
        terms: {due_days: 10}
        schedule:
          - {item: 租金, amount: "12000.00", every: month, day: 1, from: 2025-01-15, to: 2025-06-30}
        events: []
        """)
    pos = position(rec, date(2025, 4, 1))
    assert [b.date for b in pos.bills] == [date(2025, 1, 15), date(2025, 2, 1), date(2025, 3, 1),
                                           date(2025, 4, 1)]
    assert pos.bills[1].due == date(2025, 2, 11) and pos.bills[1].ref == "租金-2025-02-01"
    assert position(rec, date(2026, 1, 1)).invoiced == Decimal("72000.00")


def test_schedule_day_clamps_to_month_end():
    from qingqian.model.receivable import Schedule
    item = Schedule.model_validate({"item": "x", "amount": "1.00", "every": "month", "day": "31",
                                    "from": "2025-01-31", "to": "2025-04-30"})
    assert list(occurrences(item, date(2030, 1, 1))) == [
        date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]


def test_quarterly_schedule():
    from qingqian.model.receivable import Schedule
    item = Schedule.model_validate({"item": "x", "amount": "1.00", "every": "quarter", "day": "1",
                                    "from": "2025-01-01", "to": "2025-12-31"})
    assert list(occurrences(item, date(2030, 1, 1))) == [
        date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)]


def test_collector_follows_assign_events():
    rec = rec_of("""
        - {date: 2025-01-01, type: invoice, amount: "500.00", ref: A}
        - {date: 2025-06-15, type: assign, to: wang.wu}
        """)
    assert collector_on(rec, date(2025, 6, 14)) == "li.si"
    assert collector_on(rec, date(2025, 6, 15)) == "wang.wu"


def test_overpayment_is_unapplied():
    rec = rec_of("""
        - {date: 2025-01-01, type: invoice, amount: "500.00", ref: A}
        - {date: 2025-02-01, type: payment, amount: "600.00", method: bank, ref: P}
        """)
    assert position(rec, date(2025, 3, 1)).unapplied == Decimal("100.00")
