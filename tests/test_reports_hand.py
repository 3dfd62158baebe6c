"""Reports on a small ledger whose every expected figure was worked out by hand.

The ledger (as of 2026-11-30 unless said otherwise), rules = the scaffold's:

AR-A  CNY D-0001 east  li.si  construction: six invoices whose days past due on
      2026-11-30 are 0, 1, 90, 91, 365, 366 (1000/2000/3000/4000/5000/6000), each
      invoiced 30 days before due.
AR-B  CNY D-0001 west  li.si  goods, hard, 0.0005 daily: B1 100000 due 01-31,
      B2 50000 due 05-15, B3 30000 due 07-31; paid 40000 on 03-02 (→B1),
      80000 on 06-01 (→B1 60000, B2 20000), 10000 on 08-10 applies_to B3.
AR-C  CNY D-0002 east  wang.wu very-hard: 200000 due 2022-01-31, credit 20000,
      write-off 150000 (2025-06-30), payment 5000 on 2026-11-10. DESIGN §6.0: after a
      partial write-off a payment settles what is still on the books first (on the
      payment's date 200000 − 20000 − 150000 = 30000), so the 5000 is collected, not
      recovered: on-book outstanding 30000 − 5000 = 25000, off-book claim 150000. Its
      commission row is C1's days past due on 2026-11-10: (2026-11-10 − 2022-01-31) =
      1744 days, row >1095, very-hard 0.060 → 300.00 (DESIGN §6.5).
AR-D  CNY D-0001 east  li.si, assigned to zhang.san on 11-15: 100000 due 10-01;
      note payment 20000 on 10-20 reversed on 11-03; 30000 on 11-05 (li.si),
      50000 on 11-20 and 10000 offset on 11-25 (zhang.san).
AR-E  USD D-0001 west  li.si: 7000 due 10-31, 2000 paid 11-11; 3000 on 12-05 (after as-of).
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import as_json, receivable
from qingqian.reports.age import age_report
from qingqian.reports.commission import commission_report
from qingqian.reports.common import Filters
from qingqian.reports.monthly import monthly_report
from qingqian.reports.targets import targets_report
from qingqian.reports.total import total_report

AS_OF = date(2026, 11, 30)

AR_A = receivable("AR-A", """
    - {date: 2026-10-31, type: invoice, amount: "1000.00", due: 2026-11-30, ref: A1}
    - {date: 2026-10-30, type: invoice, amount: "2000.00", due: 2026-11-29, ref: A2}
    - {date: 2026-08-02, type: invoice, amount: "3000.00", due: 2026-09-01, ref: A3}
    - {date: 2026-08-01, type: invoice, amount: "4000.00", due: 2026-08-31, ref: A4}
    - {date: 2025-10-31, type: invoice, amount: "5000.00", due: 2025-11-30, ref: A5}
    - {date: 2025-10-30, type: invoice, amount: "6000.00", due: 2025-11-29, ref: A6}
""")
AR_B = receivable("AR-B", """
    - {date: 2026-01-01, type: invoice, amount: "100000.00", due: 2026-01-31, ref: B1}
    - {date: 2026-03-02, type: payment, amount: "40000.00", method: bank, ref: P1}
    - {date: 2026-04-15, type: invoice, amount: "50000.00", due: 2026-05-15, ref: B2}
    - {date: 2026-06-01, type: payment, amount: "80000.00", method: bank, ref: P2}
    - {date: 2026-07-01, type: invoice, amount: "30000.00", due: 2026-07-31, ref: B3}
    - {date: 2026-08-10, type: payment, amount: "10000.00", method: bank, ref: P3, applies_to: B3}
""", extra='terms: {interest: {rate: "0.0005", basis: daily}}\n').replace(
    "unit: east", "unit: west").replace("kind: construction", "kind: goods").replace(
    "difficulty: normal", "difficulty: hard")
AR_C = receivable("AR-C", """
    - {date: 2022-01-01, type: invoice, amount: "200000.00", due: 2022-01-31, ref: C1}
    - {date: 2023-01-10, type: credit, amount: "20000.00", reason: 质量扣款, approved_by: qian.fm}
    - {date: 2025-06-30, type: writeoff, amount: "150000.00", basis: bankruptcy,
       approved_by: [qian.fm, sun.cfo]}
    - {date: 2026-11-10, type: payment, amount: "5000.00", method: bank, ref: R1}
""", debtor="D-0002").replace("collector: li.si", "collector: wang.wu").replace(
    "difficulty: normal", "difficulty: very-hard")
AR_D = receivable("AR-D", """
    - {date: 2026-09-01, type: invoice, amount: "100000.00", due: 2026-10-01, ref: D1}
    - {date: 2026-10-20, type: payment, amount: "20000.00", method: note, ref: DP0}
    - {date: 2026-11-03, type: reversal, ref: DP0, reason: 商票拒付}
    - {date: 2026-11-05, type: payment, amount: "30000.00", method: bank, ref: DP1}
    - {date: 2026-11-15, type: assign, to: zhang.san}
    - {date: 2026-11-20, type: payment, amount: "50000.00", method: bank, ref: DP2}
    - {date: 2026-11-25, type: payment, amount: "10000.00", method: offset, ref: DP3}
""")
AR_E = receivable("AR-E", """
    - {date: 2026-10-01, type: invoice, amount: "7000.00", due: 2026-10-31, ref: E1}
    - {date: 2026-11-11, type: payment, amount: "2000.00", method: bank, ref: EP1}
    - {date: 2026-12-05, type: payment, amount: "3000.00", method: bank, ref: EP2}
""", extra="currency: USD\n").replace("unit: east", "unit: west")
TARGETS = """\
year: 2026
units:
  east: {annual: "120000.00", monthly: {2026-11: "20000.00"}}
  west: {annual: "99999.90"}
people:
  li.si: {annual: "150000.00", assigned: [AR-B, AR-A]}
  zhang.san: {annual: "100000.00", assigned: [AR-D]}
"""
FILES = {
    "ledger/debtors/D-0002.yaml": "id: D-0002\nname: 某区住建局\ntype: government\n",
    "ledger/east/2026/AR-A.yaml": AR_A, "ledger/west/2026/AR-B.yaml": AR_B,
    "ledger/east/2022/AR-C.yaml": AR_C, "ledger/east/2026/AR-D.yaml": AR_D,
    "ledger/west/2026/AR-E.yaml": AR_E, "policies/targets/2026.yaml": TARGETS,
}


@pytest.fixture
def ledger(make_ledger):
    led = make_ledger(FILES)
    assert not [f for f in led.findings if f.severity == "error"], led.findings
    assert len(led.receivables) == 5
    return led


def test_age_bucket_boundaries_due_basis(ledger):
    doc = age_report(ledger, AS_OF, filters=Filters(unit="east", collector="li.si")).to_json()
    assert doc["currency"] == "CNY" and doc["basis"] == "due"
    assert doc["rows"] == [{"key": "D-0001",
                            "amounts": ["1000.00", "5000.00", "4000.00", "5000.00", "6000.00",
                                        "0.00", "0.00"],
                            "total": "21000.00", "provision": "2550.00", "disputed": "0.00"}]
    assert doc["buckets"][:3] == [{"label": "未到期", "from_days": None, "to_days": 0},
                                  {"label": "1-90天", "from_days": 1, "to_days": 90},
                                  {"label": "91-180天", "from_days": 91, "to_days": 180}]
    assert doc["buckets"][-1] == {"label": "3年以上", "from_days": 1096, "to_days": None}


def test_age_invoice_basis(ledger):
    doc = age_report(ledger, AS_OF, basis="invoice",
                     filters=Filters(unit="east", collector="li.si")).to_json()
    assert doc["basis"] == "invoice"
    assert doc["totals"] == {"amounts": ["0.00", "3000.00", "7000.00", "0.00", "11000.00",
                                         "0.00", "0.00"],
                             "total": "21000.00", "provision": "3680.00", "disputed": "0.00"}


def test_age_all_currencies_fifo_applies_to_writeoff(ledger):
    doc = age_report(ledger, AS_OF).to_json()
    assert doc["currency"] == ["CNY", "USD"]
    assert doc["rows"] == [
        {"currency": "CNY", "key": "D-0001",
         "amounts": ["1000.00", "15000.00", "24000.00", "35000.00", "6000.00", "0.00", "0.00"],
         "total": "81000.00", "provision": "6650.00", "disputed": "0.00"},
        {"currency": "CNY", "key": "D-0002",  # 25000: DESIGN §6.0, see AR-C above
         "amounts": ["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "25000.00"],
         "total": "25000.00", "provision": "25000.00", "disputed": "0.00"},
        {"currency": "USD", "key": "D-0001",
         "amounts": ["0.00", "5000.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
         "total": "5000.00", "provision": "50.00", "disputed": "0.00"},
    ]
    assert doc["totals"] == [
        {"currency": "CNY", "amounts": ["1000.00", "15000.00", "24000.00", "35000.00", "6000.00",
                                        "0.00", "25000.00"], "total": "106000.00",
         "provision": "31650.00", "disputed": "0.00"},  # 81000 + 25000; 6650 + 25000 (AR-C)
        {"currency": "USD", "amounts": ["0.00", "5000.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
         "total": "5000.00", "provision": "50.00", "disputed": "0.00"},
    ]


def test_age_provision_rounded_once_per_row_and_once_for_totals(make_ledger):
    half = """
        - {date: 2026-09-01, type: invoice, amount: "0.50", due: 2026-10-01, ref: X}
    """
    led = make_ledger({"ledger/debtors/D-0002.yaml": "id: D-0002\nname: 乙\ntype: private\n",
                       "ledger/east/AR-X.yaml": receivable("AR-X", half),
                       "ledger/east/AR-Y.yaml": receivable("AR-Y", half, debtor="D-0002")})
    doc = age_report(led, AS_OF).to_json()
    assert [r["provision"] for r in doc["rows"]] == ["0.01", "0.01"]  # 0.005 each, half-up
    assert doc["totals"]["provision"] == "0.01"  # cents(1.00 × 0.01), not 0.01 + 0.01


def test_total_by_debtor(ledger):
    doc = total_report(ledger, AS_OF).to_json()
    assert doc["rows"][:2] == [
        {"currency": "CNY", "key": "D-0001", "invoiced": "301000.00", "collected": "220000.00",
         "credited": "0.00", "written_off": "0.00", "recovered": "0.00",
         "outstanding": "81000.00", "overdue": "80000.00", "interest": "8655.00"},
        # DESIGN §6.0: the 5000 after the partial write-off settles the books (AR-C above)
        {"currency": "CNY", "key": "D-0002", "invoiced": "200000.00", "collected": "5000.00",
         "credited": "20000.00", "written_off": "150000.00", "recovered": "0.00",
         "outstanding": "25000.00", "overdue": "25000.00", "interest": "0.00"},
    ]
    assert doc["totals"][0] == {
        "currency": "CNY", "invoiced": "501000.00", "collected": "225000.00",
        "credited": "20000.00", "written_off": "150000.00", "recovered": "0.00",
        "outstanding": "106000.00", "overdue": "105000.00", "interest": "8655.00"}
    assert doc["totals"][1]["currency"] == "USD"
    assert doc["totals"][1]["collected"] == "2000.00"  # the 12-05 payment is after as-of


def test_total_by_collector_uses_collector_on_as_of(ledger):
    doc = total_report(ledger, AS_OF, by="collector").to_json()
    rows = {(r["currency"], r["key"]): r for r in doc["rows"]}
    assert set(rows) == {("CNY", "li.si"), ("CNY", "wang.wu"), ("CNY", "zhang.san"),
                         ("USD", "li.si")}
    assert rows[("CNY", "zhang.san")]["collected"] == "90000.00"  # AR-D, reversed note excluded
    assert rows[("CNY", "li.si")]["outstanding"] == "71000.00"


def test_interest_across_a_partial_payment(ledger):
    """100000 due 01-31 at 0.0005 daily, 40000 paid 03-02: 100000×0.0005×30 + 60000×0.0005×29."""
    doc = total_report(ledger, date(2026, 3, 31), filters=Filters(unit="west")).to_json()
    assert doc["rows"] == [{"key": "D-0001", "invoiced": "100000.00", "collected": "40000.00",
                            "credited": "0.00", "written_off": "0.00", "recovered": "0.00",
                            "outstanding": "60000.00", "overdue": "60000.00",
                            "interest": "2370.00"}]


def test_monthly(ledger):
    doc = monthly_report(ledger, AS_OF, "2026-11").to_json()
    assert doc["month"] == "2026-11"
    assert doc["rows"] == [
        {"currency": "CNY", "unit": "east", "payments": 3, "receivables": 2, "amount": "75000.00",
         "target": "20000.00", "completion": "3.7500", "ytd_amount": "95000.00",
         "ytd_target": "120000.00"},
        {"currency": "CNY", "unit": "west", "payments": 0, "receivables": 0, "amount": "0.00",
         "target": "8333.33", "completion": "0.0000", "ytd_amount": "130000.00",
         "ytd_target": "91666.63"},
        {"currency": "USD", "unit": "west", "payments": 1, "receivables": 1, "amount": "2000.00",
         "target": None, "completion": None, "ytd_amount": "2000.00", "ytd_target": None},
    ]
    assert doc["totals"] == [
        {"currency": "CNY", "payments": 3, "receivables": 2, "amount": "75000.00",
         "target": "28333.33", "completion": "2.6471", "ytd_amount": "225000.00",
         "ytd_target": "211666.63"},
        {"currency": "USD", "payments": 1, "receivables": 1, "amount": "2000.00", "target": None,
         "completion": None, "ytd_amount": "2000.00", "ytd_target": None},
    ]


def test_monthly_reversal_in_its_own_month(ledger):
    """October keeps the note payment; November takes it back (one payment, 20000)."""
    october = monthly_report(ledger, AS_OF, "2026-10", filters=Filters(unit="east")).to_json()
    assert october["rows"][0]["payments"] == 1 and october["rows"][0]["amount"] == "20000.00"
    before = monthly_report(ledger, date(2026, 11, 4), "2026-11", filters=Filters(unit="east"))
    assert before.to_json()["rows"][0]["amount"] == "-20000.00"
    assert before.to_json()["rows"][0]["payments"] == -1


def test_targets(ledger):
    doc = targets_report(ledger, AS_OF, 2026).to_json()
    assert doc["year"] == 2026 and doc["month"] is None
    assert [r.pop("arrears_start") and r.pop("share", None) for r in doc["rows"]]  # issue 22 keys
    assert doc["rows"] == [
        {"currency": "CNY", "kind": "person", "key": "li.si", "target": "150000.00",
         "collected": "160000.00", "completion": "1.0667", "behind": False},
        {"currency": "CNY", "kind": "person", "key": "wang.wu", "target": None,
         "collected": "5000.00", "completion": None, "behind": None},
        {"currency": "CNY", "kind": "person", "key": "zhang.san", "target": "100000.00",
         "collected": "60000.00", "completion": "0.6000", "behind": True},
        {"currency": "USD", "kind": "person", "key": "li.si", "target": None,
         "collected": "2000.00", "completion": None, "behind": None},
        {"currency": "CNY", "kind": "unit", "key": "east", "target": "120000.00",
         "collected": "95000.00", "completion": "0.7917", "behind": False},
        {"currency": "CNY", "kind": "unit", "key": "west", "target": "99999.90",
         "collected": "130000.00", "completion": "1.3000", "behind": False},
        {"currency": "USD", "kind": "unit", "key": "west", "target": None,
         "collected": "2000.00", "completion": None, "behind": None},
    ]
    assert doc["assigned"] == [
        {"currency": "CNY", "person": "li.si", "receivable": "AR-B", "outstanding_start": "0.00",
         "collected": "130000.00", "outstanding": "50000.00"},
        {"currency": "CNY", "person": "li.si", "receivable": "AR-A",
         "outstanding_start": "11000.00", "collected": "0.00", "outstanding": "21000.00"},
        {"currency": "CNY", "person": "zhang.san", "receivable": "AR-D",
         "outstanding_start": "0.00", "collected": "90000.00", "outstanding": "10000.00"},
    ]


def test_targets_through_a_month(ledger):
    doc = targets_report(ledger, AS_OF, 2026, month=6, filters=Filters(unit="west")).to_json()
    west = [r for r in doc["rows"] if r["kind"] == "unit"]
    assert [(r.pop("arrears_start"), r.pop("share")) for r in west] == [("0.00", None)]
    # 6 × cents(99999.90 / 12) = 6 × 8333.33; money by 06-30: 40000 + 80000
    assert west == [{"kind": "unit", "key": "west", "target": "49999.98",
                     "collected": "120000.00", "completion": "2.4000", "behind": False}]


def test_commission_split_reversal_recovery_and_methods(ledger):
    doc = commission_report(ledger, AS_OF, "2026-11").to_json()
    assert doc["period"] == "2026-11"
    assert doc["rows"] == [
        {"currency": "CNY", "collector": "li.si", "payments": 0, "collected": "10000.00",
         "commission": "20.00"},
        {"currency": "CNY", "collector": "wang.wu", "payments": 1, "collected": "5000.00",
         "commission": "300.00"},
        {"currency": "CNY", "collector": "zhang.san", "payments": 2, "collected": "60000.00",
         "commission": "100.00"},
        {"currency": "USD", "collector": "li.si", "payments": 1, "collected": "2000.00",
         "commission": "4.00"},
    ]
    details = [(d["receivable"], d["date"], d["amount"], d["age_days"], d["bucket"], d["rate"],
                d["commission"]) for d in doc["details"]]
    assert details == [
        ("AR-D", "2026-11-03", "-20000.00", 19, "≤90", "0.002", "-40.00"),
        ("AR-D", "2026-11-05", "30000.00", 35, "≤90", "0.002", "60.00"),
        # DESIGN §6.0/§6.5: a settlement of C1, 1744 days past due on 2026-11-10 (AR-C above)
        ("AR-C", "2026-11-10", "5000.00", 1744, ">1095", "0.060", "300.00"),
        ("AR-E", "2026-11-11", "2000.00", 11, "≤90", "0.002", "4.00"),
        ("AR-D", "2026-11-20", "50000.00", 50, "≤90", "0.002", "100.00"),
        ("AR-D", "2026-11-25", "10000.00", 55, "≤90", "0", "0.00"),
    ]


def test_commission_portions_across_invoices_and_applies_to(ledger):
    june = commission_report(ledger, AS_OF, "2026-06").to_json()
    assert june["rows"] == [{"collector": "li.si", "payments": 1, "collected": "80000.00",
                             "commission": "680.00"}]
    assert [(d["amount"], d["age_days"], d["bucket"], d["rate"], d["commission"])
            for d in june["details"]] == [("60000.00", 121, "91-365", "0.010", "600.00"),
                                         ("20000.00", 17, "≤90", "0.004", "80.00")]
    august = commission_report(ledger, AS_OF, "2026-08").to_json()
    assert [(d["amount"], d["age_days"], d["commission"]) for d in august["details"]] == [
        ("10000.00", 10, "40.00")]  # applies_to B3 (due 07-31), not the older B2


def test_commission_never_on_credits_writeoffs_or_invoices(ledger):
    for period in ("2022", "2023", "2025"):
        assert commission_report(ledger, AS_OF, period).to_json()["rows"] == []


def test_cli_json_and_filters(qq):
    code, out = qq("commission", "--as-of", "2026-11-30", "--period", "2026-11",
                   "--collector", "zhang.san", "--format", "json", files=FILES)
    assert code == 0
    assert as_json(out)["rows"] == [{"collector": "zhang.san", "payments": 2,
                                     "collected": "60000.00", "commission": "100.00"}]
    code, out = qq("age", "--as-of", "2026-11-30", "--debtor", "D-0002", "--format", "csv",
                   "--lang", "en")
    assert code == 0
    assert out.startswith("\ufeff")  # Excel on Chinese Windows reads UTF-8 only after a BOM
    assert out[1:].splitlines() == [
        "Debtor,Name,Not due,1-90 days,91-180 days,181-365 days,1-2 years,2-3 years,Over 3 years,"
        "Total,Provision",
        "D-0002,某区住建局,0.00,0.00,0.00,0.00,0.00,0.00,25000.00,25000.00,25000.00",  # §6.0
        "Total,,0.00,0.00,0.00,0.00,0.00,0.00,25000.00,25000.00,25000.00"]


def test_aging_titles_in_english_from_label_en_or_the_bounds():
    from qingqian.model.policy import Bucket
    from qingqian.reports.age import bucket_labels

    buckets = (Bucket(label="未到期", to=0), Bucket(label="1-30天", label_en="Month one", to=30),
               Bucket(label="31-365天", to=365), Bucket(label="1-3年", to=1095),
               Bucket(label="3年以上"))
    assert bucket_labels(buckets, "zh") == ["未到期", "1-30天", "31-365天", "1-3年", "3年以上"]
    assert bucket_labels(buckets, "en") == ["Not due", "Month one", "31-365 days", "1-3 years",
                                            "Over 3 years"]
