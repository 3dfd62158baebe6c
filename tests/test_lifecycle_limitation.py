"""`qingqian limitation`: expiry dates worked out by hand (DESIGN §6.3), as of 2026-11-30."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import receivable

from qingqian.lifecycle.limitation import Interruption, _Clock, _walk

AS_OF = "2026-11-30"
PATH = "ledger/east/AR-1.yaml"


def case(stages: str, agreements: str = "", ident: str = "C-1") -> str:
    text = (f"id: {ident}\ndebtor: D-0001\nreceivables: [AR-1]\nowner: wang.fa\n"
            f"strategy: cash\nstages:\n{stages}")
    return text + (f"agreements:\n{agreements}" if agreements else "")


def row_of(qq, events: str, extra_files: dict | None = None, as_of: str = AS_OF) -> dict:
    files = {PATH: receivable(events=events), **(extra_files or {})}
    code, out = qq("limitation", "--as-of", as_of, "--format", "json", files=files)
    assert code == 0, out
    doc = json.loads(out)
    assert doc["as_of"] == as_of
    rows = [r for r in doc["rows"] if r["receivable"] == "AR-1"]
    assert len(rows) == 1, doc
    assert set(rows[0]) - {"hint"} == {"receivable", "debtor", "outstanding", "basis", "basis_date",
                                       "expires", "days_left", "status", "claim", "invoices"}
    return rows[0]


def test_plain_due_date_leap_day(qq):
    row = row_of(qq, '- {date: 2024-01-10, type: invoice, amount: "100000.00", due: 2024-02-29, ref: I1}')
    assert (row["basis"], row["basis_date"], row["expires"]) == ("due", "2024-02-29", "2027-02-28")
    assert (row["days_left"], row["status"], row["outstanding"]) == (90, "near", "100000.00")


def test_plain_due_date_expired(qq):
    row = row_of(qq, '- {date: 2023-05-01, type: invoice, amount: "100000.00", due: 2023-06-30, ref: I1}')
    assert (row["expires"], row["days_left"], row["status"]) == ("2026-06-30", -153, "expired")


def test_each_invoice_runs_on_its_own(qq):
    # DESIGN §6.3 (corrected): each invoice is its own debt, separate deliveries do not share
    # a period (this test used to expect one period from the last due date, 2024-04-30).
    # I1 due 2023-02-14 expires 2026-02-14: (2026-02-14 − 2026-11-30) = −289 days, expired;
    # the row names I1 and lists all three, each with its own expiry.
    row = row_of(qq, """
        - {date: 2023-01-15, type: invoice, amount: "100000.00", due: 2023-02-14, ref: I1}
        - {date: 2023-06-15, type: invoice, amount: "100000.00", due: 2023-07-15, ref: I2}
        - {date: 2024-03-31, type: invoice, amount: "100000.00", due: 2024-04-30, ref: I3}
        """)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("due", "2023-02-14", "2026-02-14")
    assert (row["days_left"], row["status"], row["claim"], row["outstanding"]) == (
        -289, "expired", "100000.00", "300000.00")
    assert [(i["ref"], i["expires"], i["status"]) for i in row["invoices"]] == [
        ("I1", "2026-02-14", "expired"), ("I2", "2026-07-15", "expired"), ("I3", "2027-04-30", "near")]


def test_invoice_due_terms_days(qq):
    files = {PATH: receivable(extra="terms: {due_days: 30}\n", events=(
        '- {date: 2024-01-01, type: invoice, amount: "100000.00", ref: I1}'))}
    _, out = qq("limitation", "--as-of", AS_OF, "--format", "json", files=files)
    assert json.loads(out)["rows"][0]["expires"] == "2027-01-31"


def test_signed_visit_interrupts(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2024-08-15, type: visit, by: li.si, signed: true}
        """)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("visit", "2024-08-15", "2027-08-15")
    assert (row["days_left"], row["status"]) == (258, "ok")


def test_unsigned_visit_has_no_effect(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2024-08-15, type: visit, by: li.si, signed: false}
        """)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("due", "2023-03-31", "2026-03-31")
    assert (row["days_left"], row["status"]) == (-244, "expired")


def test_unsigned_visit_is_shown_as_not_interrupting(qq):
    files = {PATH: receivable(events="""
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2024-08-15, type: visit, by: li.si, signed: false}
        - {date: 2025-01-15, type: demand, method: letter}
        """)}
    code, out = qq("limitation", "--as-of", AS_OF, "--lang", "en", files=files)
    assert code == 0
    assert "2024-08-15 visit: not signed by the debtor" in out
    assert "2025-01-15 demand: no proof of delivery" in out
    code, out = qq("limitation", "--as-of", AS_OF, "--format", "markdown", "--lang", "zh")
    assert "2024-08-15 回访未经对方签字" in out


def test_demand_with_delivery_interrupts_from_the_delivered_date(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2025-01-15, type: demand, method: lawyer-letter, delivered: 2025-01-17, evidence: [EMS1]}
        """)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("demand", "2025-01-17", "2028-01-17")
    assert row["status"] == "ok"


def test_demand_without_delivery_has_no_effect(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2025-01-15, type: demand, method: lawyer-letter, evidence: [EMS1]}
        """)
    assert (row["basis"], row["expires"], row["status"]) == ("due", "2026-03-31", "expired")


def test_partial_payment_interrupts(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2024-05-10, type: payment, amount: "30000.00", method: bank, ref: P1}
        """)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("payment", "2024-05-10", "2027-05-10")
    assert (row["days_left"], row["status"], row["outstanding"]) == (161, "near", "70000.00")


def test_reversed_payment_does_not_interrupt(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2024-05-10, type: payment, amount: "30000.00", method: note, ref: N1}
        - {date: 2024-08-10, type: reversal, ref: N1, reason: 票据拒付}
        """)
    assert (row["basis"], row["expires"]) == ("due", "2026-03-31")


def test_case_in_litigation_is_suspended(qq):
    row = row_of(qq, '- {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}',
                 {"cases/C-1.yaml": case("  - {date: 2025-01-05, stage: documents}\n"
                                         "  - {date: 2025-03-01, stage: litigation}\n")})
    assert (row["basis"], row["basis_date"], row["expires"]) == ("litigation", "2025-03-01", "2028-03-01")
    assert row["status"] == "suspended"


def test_preservation_and_agreement_interrupt(qq):
    row = row_of(qq, '- {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}',
                 {"cases/C-1.yaml": case("  - {date: 2025-01-05, stage: preservation}\n",
                                         "  - {date: 2025-04-01, installments: "
                                         "[{due: 2025-06-30, amount: \"100000.00\"}]}\n")})
    # DESIGN §6.3: the agreement interrupts on 2025-04-01 and its installments run from the
    # last one's due date, 2025-06-30 (this test used to expect 2028-04-01)
    assert (row["basis"], row["basis_date"], row["expires"]) == ("agreement", "2025-06-30", "2028-06-30")


def test_judgment_starts_the_enforcement_window(qq):
    stages = ("  - {date: 2024-01-10, stage: litigation, judgment: "
              "{date: 2024-06-01, amount: \"100000.00\", pay_by: 2024-06-30}}\n")
    row = row_of(qq, '- {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}',
                 {"cases/C-1.yaml": case(stages)})
    assert (row["basis"], row["basis_date"], row["expires"]) == ("judgment", "2024-06-30", "2026-06-30")
    assert row["status"] == "expired"


def test_written_off_receivable_keeps_tracking(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2025-06-30, type: writeoff, amount: "100000.00", basis: bankruptcy, evidence: [a.pdf], approved_by: [qian.fm, sun.cfo], accountability: {kind: unit, who: east, action: 通报}}
        """)
    assert (row["outstanding"], row["basis"], row["expires"], row["status"]) == \
        ("0.00", "due", "2026-03-31", "expired")


def test_recovery_after_writeoff_interrupts(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2025-06-30, type: writeoff, amount: "100000.00", basis: bankruptcy, evidence: [a.pdf], approved_by: [qian.fm, sun.cfo], accountability: {kind: unit, who: east, action: 通报}}
        - {date: 2026-01-10, type: payment, amount: "5000.00", method: bank, ref: P1}
        """)
    assert (row["basis"], row["basis_date"], row["expires"], row["status"]) == \
        ("payment", "2026-01-10", "2029-01-10", "ok")


def test_payment_after_expiry_revives(qq):
    row = row_of(qq, """
        - {date: 2022-03-01, type: invoice, amount: "100000.00", due: 2022-03-31, ref: I1}
        - {date: 2025-06-01, type: payment, amount: "10000.00", method: bank, ref: P1}
        """)
    assert (row["basis"], row["expires"], row["status"]) == ("payment", "2028-06-01", "revived")


def test_demand_after_expiry_does_not_revive(qq):
    row = row_of(qq, """
        - {date: 2022-03-01, type: invoice, amount: "100000.00", due: 2022-03-31, ref: I1}
        - {date: 2025-06-01, type: demand, method: letter, delivered: 2025-06-03}
        """)
    assert (row["basis"], row["expires"], row["status"]) == ("due", "2025-03-31", "expired")


def test_settled_and_transferred_receivables_have_no_row(qq):
    files = {PATH: receivable(events="""
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2023-04-01, type: payment, amount: "100000.00", method: bank, ref: P1}
        """)}
    _, out = qq("limitation", "--as-of", AS_OF, "--format", "json", files=files)
    assert json.loads(out)["rows"] == []


def test_later_events_are_ignored_as_of(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2026-12-15, type: acknowledgment, amount: "100000.00"}
        """)
    assert row["expires"] == "2026-03-31"


def test_schedule_charges_are_periodic_debts(qq):
    # rent 1000 a month from 2023-01-01 due 10 days later, nothing paid: the January 2023
    # charge (due 2023-01-11) expired on 2026-01-11; 47 charges are open.
    row = row_of(qq, "", {PATH: receivable(extra=(
        'schedule: [{item: 租金, amount: "1000.00", from: 2023-01-01, to: 2026-11-30, due_days: 10}]\n'))})
    assert (row["basis_date"], row["expires"], row["status"], row["claim"]) == (
        "2023-01-11", "2026-01-11", "expired", "1000.00")
    assert len(row["invoices"]) == 47 and row["invoices"][-1]["expires"] == "2029-11-11"


def test_zero_payment_never_interrupts_or_revives(qq):
    # a zero payment is an error (L011); the report still never lets it revive the claim
    files = {PATH: receivable(events="""
        - {date: 2022-03-01, type: invoice, amount: "100000.00", due: 2022-03-31, ref: I1}
        - {date: 2025-06-01, type: payment, amount: "0.00", method: bank, ref: P0}
        """)}
    _, out = qq("limitation", "--as-of", AS_OF, "--format", "json", files=files)
    row = json.loads(out)["rows"][0]
    assert (row["basis"], row["expires"], row["status"]) == ("due", "2025-03-31", "expired")


def test_payment_only_revival_carries_the_hint(qq):
    row = row_of(qq, """
        - {date: 2022-03-01, type: invoice, amount: "100000.00", due: 2022-03-31, ref: I1}
        - {date: 2025-06-01, type: payment, amount: "10000.00", method: bank, ref: P1}
        """)
    assert row["status"] == "revived" and "signed" in row["hint"]


def test_signed_promise_revives_without_hint_and_unsigned_does_not(qq):
    events = """
        - {date: 2022-03-01, type: invoice, amount: "100000.00", due: 2022-03-31, ref: I1}
        - {date: 2025-06-01, type: promise, amount: "100000.00", by_date: 2025-12-31%s}
        """
    row = row_of(qq, events % ", signed: true")
    assert (row["basis"], row["expires"], row["status"]) == ("promise", "2028-06-01", "revived")
    assert "hint" not in row
    row = row_of(qq, events % "")
    assert (row["basis"], row["expires"], row["status"]) == ("due", "2025-03-31", "expired")


def test_agreement_covers_only_invoices_dated_on_or_before_it(qq):
    row = row_of(qq, """
        - {date: 2023-03-01, type: invoice, amount: "100000.00", due: 2023-03-31, ref: I1}
        - {date: 2025-05-01, type: invoice, amount: "50000.00", due: 2025-05-31, ref: I2}
        """, {"cases/C-1.yaml": case("  - {date: 2025-01-05, stage: negotiation}\n",
                                     "  - {date: 2025-04-01, installments: "
                                     "[{due: 2025-06-30, amount: \"100000.00\"}]}\n")})
    # I1: agreement, runs from 2025-06-30 → 2028-06-30; I2 (dated after it): due → 2028-05-31
    assert [(i["ref"], i["basis"], i["expires"]) for i in row["invoices"]] == [
        ("I1", "agreement", "2028-06-30"), ("I2", "due", "2028-05-31")]
    assert (row["claim"], row["expires"]) == ("50000.00", "2028-05-31")


BASES = ("payment", "visit", "acknowledgment", "promise", "demand", "preservation",
         "litigation", "agreement")


@st.composite
def interruptions(draw) -> list[Interruption]:
    """Dates a receivable's clock may meet, crowded so that late events and revivals occur;
    agreements may start later than they are dated and cover invoices up to their date."""
    found = []
    for rank in range(draw(st.integers(min_value=0, max_value=25))):
        day = date(2015, 1, 1) + timedelta(days=draw(st.integers(0, 2500)))
        basis = draw(st.sampled_from(BASES))
        start = covers = None
        if basis == "agreement":
            start = day + timedelta(days=draw(st.integers(0, 800)))
            covers = day
        found.append(Interruption(day, basis, "x.yaml", rank, rank, start, covers))
    return found


@settings(max_examples=300, deadline=None)
@given(found=interruptions(),
       invoices=st.lists(st.tuples(st.integers(0, 2500), st.integers(-400, 90)), min_size=1,
                         max_size=8))
def test_every_invoice_walks_as_the_reference_walk_does(found, invoices):
    """The shared linear clock (issue 19) ends each invoice's walk where walking that invoice
    alone does: the same basis, revival and payment-only hint."""
    clock = _Clock(found, 3)
    for offset, terms in invoices:
        dated = date(2015, 1, 1) + timedelta(days=offset)
        due = Interruption(dated + timedelta(days=terms), "due", "x.yaml", 1)
        alone = _walk(due, found, 3, dated)
        assert clock.walk(due, dated) == (alone.basis, alone.revived, alone.payment_only)
