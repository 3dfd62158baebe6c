"""Issue 22 part 3: the property unit's money — lease register, deposits apart from rent,
metered utilities, penalties beside the principal, move-out settlement, campaigns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import as_json, policy_files
from qingqian.lifecycle.leases import deposit, meter_charges, penalty, settlement
from qingqian.reports.monthly import monthly_report
from qingqian.reports.targets import targets_report

AS_OF = date(2026, 11, 30)
RENT = "ledger/east/2026/AR-R.yaml"
UTIL = "ledger/east/2026/AR-U.yaml"
RULES = policy_files()["policies/rules.yaml"] + """\
leases: {settle_days: 30}
utilities:
  tariffs:
    electricity: {2026-01: "1.00", 2026-10: "1.20"}
"""


def lease_file(events: str, lease_extra: str = "") -> str:
    return f"""\
id: AR-R
debtor: D-0001
unit: east
kind: rent
title: 商铺租金
responsible: zhang.san
collector: li.si
schedule:
  - {{item: 租金, amount: "1000.00", every: month, day: 1, from: 2026-01-01, to: 2026-06-30, due_days: 0}}
lease:
  asset: {{id: S-1, name: 一号商铺}}
  start: 2026-01-01
  end: 2026-12-31
  rent: "1000.00"
  deposit: "2000.00"
  penalty: {{rate: "0.001", basis: daily}}
  utilities: [AR-U]
{lease_extra}events:
{events}"""


UTILITIES = """\
id: AR-U
debtor: D-0001
unit: east
kind: utilities
title: 商铺电费
responsible: zhang.san
collector: li.si
terms: {due_days: 10}
meters:
  - id: E-1
    kind: electricity
    readings:
      - {date: 2026-08-31, value: "100.00"}
      - {date: 2026-09-30, value: "150.00"}
      - {date: 2026-10-31, value: "250.50"}
events: []
"""
PAID = """\
  - {date: 2025-12-20, type: deposit-received, amount: "2000.00", ref: YJ-1}
  - {date: 2026-01-01, type: payment, amount: "5000.00", method: bank, ref: P-1}
"""


def ledger_of(make_ledger, events: str = PAID, extra: str = "", util: str = UTILITIES):
    return make_ledger({"policies/rules.yaml": RULES, RENT: lease_file(events, extra), UTIL: util})


def test_a_deposit_is_held_apart_and_never_counts_as_rent_collected(make_ledger):
    ledger = ledger_of(make_ledger)
    rec = ledger.receivables["AR-R"]
    pos = ledger.position(rec, AS_OF)
    assert (pos.collected, pos.outstanding) == (Decimal("5000.00"), Decimal("1000.00"))
    assert deposit(rec, AS_OF).held == Decimal("2000.00")
    december = monthly_report(ledger, AS_OF, "2025-12").to_json()["totals"]
    assert december["amount"] == "0.00" and december["payments"] == 0


def test_a_deposit_offset_settles_arrears_as_a_credit_not_as_money(make_ledger):
    events = PAID + "  - {date: 2026-07-05, type: deposit-offset, amount: \"1000.00\"}\n" \
                    "  - {date: 2026-07-06, type: deposit-refund, amount: \"1000.00\", ref: TK-1}\n"
    ledger = ledger_of(make_ledger, events)
    rec = ledger.receivables["AR-R"]
    pos = ledger.position(rec, AS_OF)
    assert (pos.outstanding, pos.collected, pos.credited) == (0, Decimal("5000.00"),
                                                             Decimal("1000.00"))
    assert deposit(rec, AS_OF).held == 0
    assert monthly_report(ledger, AS_OF, "2026-07").to_json()["totals"]["amount"] == "0.00"


def test_offsetting_or_refunding_more_than_received_is_p037(findings_of):
    events = PAID + "  - {date: 2026-07-06, type: deposit-refund, amount: \"2500.00\", ref: TK-1}\n"
    found = findings_of({"policies/rules.yaml": RULES, RENT: lease_file(events), UTIL: UTILITIES})
    assert ("P037", RENT, 21) in found  # the refund line


def test_a_deposit_still_held_30_days_after_move_out_is_a020(findings_of):
    files = {"policies/rules.yaml": RULES, UTIL: UTILITIES,
             RENT: lease_file(PAID, "  move_out: 2026-06-30\n")}
    assert ("A020", RENT, 10) in findings_of(files, AS_OF)  # the `lease:` key
    assert not [f for f in findings_of(files, date(2026, 7, 30)) if f[0] == "A020"]
    settled = PAID + "  - {date: 2026-07-06, type: deposit-refund, amount: \"2000.00\", ref: TK-1}\n"
    files[RENT] = lease_file(settled, "  move_out: 2026-06-30\n")
    assert not [f for f in findings_of(files, AS_OF) if f[0] == "A020"]


def test_meter_readings_times_the_tariff_of_the_month(make_ledger):
    ledger = ledger_of(make_ledger)
    rec = ledger.receivables["AR-U"]
    (sept,) = meter_charges(ledger, rec, "2026-09")
    (octo,) = meter_charges(ledger, rec, "2026-10")
    assert (sept.quantity, sept.price, sept.amount) == (Decimal("50.00"), Decimal("1.00"),
                                                        Decimal("50.00"))
    assert (octo.quantity, octo.price, octo.amount) == (Decimal("100.50"), Decimal("1.20"),
                                                        Decimal("120.60"))
    assert meter_charges(ledger, rec, "2026-08") == ()


def test_meter_command_writes_the_months_invoice_and_p036_guards_it(qq, findings_of, tmp_path):
    files = {"policies/rules.yaml": RULES, RENT: lease_file(PAID), UTIL: UTILITIES}
    code, out = qq("meter", "AR-U", "--month", "2026-10", "--format", "json", "--write",
                   "--as-of", "2026-11-30", files=files)
    assert code == 0 and as_json(out.split("wrote")[0])["rows"][0]["amount"] == "120.60"
    written = (tmp_path / UTIL).read_text(encoding="utf-8")
    assert '{date: 2026-10-31, type: invoice, amount: "120.60", ref: meter-2026-10' in written
    wrong = written.replace('amount: "120.60"', 'amount: "99.00"')
    assert ("P036", UTIL, 17) in findings_of({**files, UTIL: wrong})  # the invoice line


def test_penalty_is_simple_interest_at_the_agreed_rate_beside_the_principal(make_ledger):
    # one bill of 1000 due 2026-06-01 unpaid (payments cover January..May): 1000 × 0.001 × days
    ledger = ledger_of(make_ledger)
    rec = ledger.receivables["AR-R"]
    days = (AS_OF - date(2026, 6, 1)).days
    assert penalty(rec, AS_OF) == Decimal("1000.00") * Decimal("0.001") * days
    assert ledger.position(rec, AS_OF).interest == 0  # no interest term: principal untouched


def test_move_out_settlement_offsets_the_deposit_and_gives_the_balance(make_ledger, qq):
    ledger = ledger_of(make_ledger, extra="  move_out: 2026-06-30\n")
    found = settlement(ledger, "AR-R", date(2026, 7, 1))
    assert found is not None
    # June's 1000 unpaid since its due date 1 June: 30 days × 1000 × 0.001 = 30.00 penalty
    assert (found.rent, found.utilities, found.penalty) == (Decimal("1000.00"), 0, Decimal("30.00"))
    assert found.balance == Decimal("-970.00")  # 1030 owed against 2000 held: refund 970
    code, out = qq("leases", "--settle", "AR-R", "--as-of", "2026-07-01", "--format", "json",
                   files={"policies/rules.yaml": RULES, RENT: lease_file(PAID, "  move_out: 2026-06-30\n"),
                          UTIL: UTILITIES})
    assert code == 0 and as_json(out)["balance"] == "-970.00"
    code, out = qq("leases", "--settle", "AR-R", "--as-of", "2026-07-01")
    assert "退租结算单" in out and "应退押金" in out
    assert qq("leases", "--settle", "AR-U", "--as-of", "2026-07-01")[0] == 2


def test_lease_register_in_every_format(qq):
    files = {"policies/rules.yaml": RULES, RENT: lease_file(PAID), UTIL: UTILITIES}
    _code, out = qq("leases", "--as-of", "2026-11-30", "--format", "json", files=files)
    (row,) = as_json(out)["rows"]
    assert (row["asset"], row["deposit"], row["deposit_held"], row["outstanding"],
            row["status"]) == ("S-1", "2000.00", "2000.00", "1000.00", "active")
    for fmt, needle in (("table", "资产出租台账"), ("csv", "S-1"), ("markdown", "一号商铺")):
        assert needle in qq("leases", "--as-of", "2026-11-30", "--format", fmt)[1]


def test_a_campaign_with_a_deadline_has_its_own_completion(make_ledger):
    targets = """\
year: 2026
campaigns:
  - {id: CQ-1, name: 物业欠款清理, from: 2026-03-01, by: 2026-06-30, unit: east, kinds: [rent]}
"""
    # arrears on 1 March: none (January..May prepaid by P-1): a campaign with nothing to do
    ledger = make_ledger({"policies/rules.yaml": RULES, "policies/targets/2026.yaml": targets,
                          RENT: lease_file("  - {date: 2026-04-15, type: payment, amount: \"1500.00\", method: bank, ref: P-2}\n"),
                          UTIL: UTILITIES})
    (row,) = targets_report(ledger, AS_OF, 2026).to_json()["campaigns"]
    # January..February due and unpaid on 1 March: 2000; April's 1500 cleared them by 30 June
    # (FIFO), leaving 500 of them
    assert (row["arrears_start"], row["cleared"], row["remaining"], row["completion"],
            row["status"]) == ("2000.00", "1500.00", "500.00", "0.7500", "missed")
    before = targets_report(ledger, date(2026, 5, 1), 2026).to_json()["campaigns"][0]
    assert before["status"] == "open" and before["days_left"] == 60
