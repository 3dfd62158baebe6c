"""Issue #17's policy rules (P014–P022) and commands: a failing and a passing case each,
figures worked out by hand in the comments."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from conftest import DEBTOR, policy_files, receivable

AR = "ledger/east/2024/AR-1.yaml"
AR2 = "ledger/west/2024/AR-2.yaml"
D1 = "ledger/debtors/D-0001.yaml"
CASE = "cases/C-1.yaml"
OLD = '- {date: 2022-03-01, type: invoice, amount: "1000.00", due: 2022-03-31, ref: I1}\n'
PDF = b"%PDF-1.4\n"


def rules_with(extra: str) -> dict:
    return {"policies/rules.yaml": policy_files()["policies/rules.yaml"] + extra}


def wo(basis: str, day: str = "2026-06-30", amount: str = "1000.00", evidence: str = "[docs/r.pdf]") -> str:
    return (f'- {{date: {day}, type: writeoff, amount: "{amount}", basis: {basis}, '
            f'evidence: {evidence}, approved_by: [qian.fm]}}\n')


def hits(findings_of, files: dict, rule: str, as_of: date = date(2026, 11, 30)) -> list:
    return [(path, line) for r, path, line in findings_of(files, as_of) if r == rule]


# --- P014 write-off bases against facts -------------------------------------------------------

def test_p014_overdue_3y_needs_three_years_past_due(findings_of):
    # due 2024-09-30, written off 2026-06-30: 638 days, not three years
    young = '- {date: 2024-09-01, type: invoice, amount: "1000.00", due: 2024-09-30, ref: I1}\n'
    files = {AR: receivable("AR-1", young + wo("overdue-3y")), "docs/r.pdf": PDF}
    assert hits(findings_of, files, "P014") == [(AR, 11)]
    files[AR] = receivable("AR-1", OLD + wo("overdue-3y"))  # due 2022-03-31: 4 years
    assert hits(findings_of, files, "P014") == []


def test_p014_message_names_the_fact(make_ledger):
    from qingqian.rules import check
    young = '- {date: 2025-08-01, type: invoice, amount: "1200000.00", due: 2025-09-02, ref: I1}\n'
    led = make_ledger({AR: receivable("AR-1", young + wo("overdue-3y", amount="1200000.00")),
                       "docs/r.pdf": PDF})
    [f] = [f for f in check(led, date(2026, 11, 30)) if f.rule == "P014"]
    assert f.message.startswith("overdue-3y: 1,200,000.00 of AR-1 was 301 days past due on 2026-06-30")


def test_p014_small_overdue_1y_limit_and_age(findings_of):
    big = OLD.replace('"1000.00"', '"60000.00"')
    files = {AR: receivable("AR-1", big + wo("small-overdue-1y", amount="60000.00")), "docs/r.pdf": PDF}
    assert hits(findings_of, files, "P014") == [(AR, 11)]  # above writeoff.small_limit 50000.00
    files[AR] = receivable("AR-1", OLD + wo("small-overdue-1y"))
    assert hits(findings_of, files, "P014") == []
    limit = rules_with("") ["policies/rules.yaml"].replace(
        '  accountability_over:', '  small_limit: "500.00"\n  accountability_over:')
    files["policies/rules.yaml"] = limit
    assert hits(findings_of, files, "P014") == [(AR, 11)]  # the rules.yaml limit, not code


def test_p014_debtor_status_and_enforcement_termination(findings_of):
    files = {AR: receivable("AR-1", OLD + wo("bankruptcy")), "docs/r.pdf": PDF}
    assert hits(findings_of, files, "P014") == [(AR, 11)]
    files[D1] = DEBTOR.replace("status: active", "status: bankrupt")
    assert hits(findings_of, files, "P014") == []
    files = {AR: receivable("AR-1", OLD + wo("enforcement-terminated")), "docs/r.pdf": PDF,
             CASE: ("id: C-1\ndebtor: D-0001\nreceivables: [AR-1]\nowner: wang.fa\nstrategy: litigation\n"
                    "strategy_reason: 判决后执行\nstages:\n  - {date: 2025-01-01, stage: enforcement}\n")}
    assert hits(findings_of, files, "P014") == [(AR, 11)]
    files[CASE] = files[CASE].replace("stage: enforcement}", "stage: enforcement, terminated: 2026-03-01}")
    assert hits(findings_of, files, "P014") == []


# --- P015 evidence kinds, P016 evidence that exists ---------------------------------------------

def test_p015_evidence_kinds_from_rules_yaml(findings_of):
    files = {**rules_with(""), D1: DEBTOR.replace("status: active", "status: bankrupt"),
             AR: receivable("AR-1", OLD + wo("bankruptcy", evidence="[{kind: claim, path: docs/r.pdf}]")),
             "docs/r.pdf": PDF}
    files["policies/rules.yaml"] = files["policies/rules.yaml"].replace(
        "  accountability_over:", "  evidence: {bankruptcy: [court-ruling]}\n  accountability_over:")
    assert hits(findings_of, files, "P015") == [(AR, 11)]
    files[AR] = receivable("AR-1", OLD + wo("bankruptcy", evidence="[{kind: court-ruling, path: docs/r.pdf}]"))
    assert hits(findings_of, files, "P015") == []


def test_p016_evidence_path_must_exist_and_match_its_hash(findings_of):
    files = {D1: DEBTOR.replace("status: active", "status: bankrupt"),
             AR: receivable("AR-1", OLD + wo("bankruptcy"))}
    assert hits(findings_of, files, "P016") == [(AR, 11)]
    files["docs/r.pdf"] = PDF
    assert hits(findings_of, files, "P016") == []
    good = hashlib.sha256(PDF).hexdigest()
    for digest, expected in ((good, []), ("0" * 64, [(AR, 11)])):
        files[AR] = receivable("AR-1", OLD + wo(
            "bankruptcy", evidence=f'[{{kind: court-ruling, path: docs/r.pdf, sha256: "{digest}"}}]'))
        assert hits(findings_of, files, "P016") == expected
    files[AR] = receivable("AR-1", OLD + wo(  # a paper original: its hash and where it is held
        "bankruptcy", evidence=f'[{{kind: court-ruling, sha256: "{good}", held: 档案室}}]'))
    assert hits(findings_of, files, "P016") == []


def test_p016_is_seen_by_the_cli_check_when_the_evidence_appears(qq, tmp_path):
    files = {D1: DEBTOR.replace("status: active", "status: bankrupt"),
             AR: receivable("AR-1", OLD + wo("bankruptcy"))}
    code, out = qq("check", "--as-of", "2026-11-30", files=files)
    assert code == 1 and "P016" in out
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r.pdf").write_bytes(PDF)  # no ledger file changed: still re-checked
    code, out = qq("check", "--as-of", "2026-11-30")
    assert "P016" not in out


# --- P017 acknowledgments against the books ------------------------------------------------------

def test_p017_acknowledgment_against_the_books_and_tolerance(findings_of, make_ledger):
    from qingqian.rules import check
    inv = '- {date: 2026-03-01, type: invoice, amount: "1700000.00", due: 2026-03-31, ref: I1}\n'
    ack = '- {date: 2026-10-15, type: acknowledgment, amount: "%s", signed_by: 对方财务部}\n'
    assert hits(findings_of, {AR: receivable("AR-1", inv + ack % "1234567.00")}, "P017") == [(AR, 11)]
    assert hits(findings_of, {AR: receivable("AR-1", inv + ack % "1700000.00")}, "P017") == []
    led = make_ledger({AR: receivable("AR-1", inv + ack % "1234567.00")})
    [f] = [f for f in check(led, date(2026, 11, 30)) if f.rule == "P017"]
    assert "acknowledged 1,234,567.00" in f.message and "the books say 1,700,000.00" in f.message
    loose = rules_with('acknowledgment_tolerance: "500000.00"\n')
    assert hits(findings_of, {**loose, AR: receivable("AR-1", inv + ack % "1234567.00")}, "P017") == []


# --- P019 similar names --------------------------------------------------------------------------

def test_p019_similar_names_but_two_codes_are_two_companies(findings_of):
    other = "ledger/debtors/D-0002.yaml"
    files = {other: "id: D-0002\nname: 华东某置业 （有限公司）\ntype: real-estate\n"}
    assert hits(findings_of, files, "P019") == [(other, 1)]
    files = {D1: DEBTOR + "credit_code: 91350100M000100Y43\n",
             other: "id: D-0002\nname: 华东某置业\ntype: real-estate\ncredit_code: 91110000802100433B\n"}
    assert hits(findings_of, files, "P019") == []


# --- P020 who may approve an override ------------------------------------------------------------

HOLD = '- {date: 2026-01-01, type: invoice, amount: "50000.00", due: 2026-01-31, ref: I1}\n'


@pytest.mark.parametrize("who, bad", [("li.si", True), ("zhang.san", True), ("wang.fa", True),
                                      ("zhao.liu", True), ("qian.fm", False), ("zhou.gm", False)])
def test_p020_override_approvers(findings_of, who, bad):
    # li.si collects, zhang.san is responsible, wang.fa is legal (no approver role),
    # zhao.liu left on 2026-06-30; qian.fm and zhou.gm hold approver roles
    late = ('- {date: 2026-11-01, type: invoice, amount: "1000.00", due: 2026-12-01, ref: I2, '
            f'override: {{approved_by: {who}, reason: 特批}}}}\n')
    found = hits(findings_of, {AR: receivable("AR-1", HOLD + late)}, "P020")
    assert found == ([(AR, 11)] if bad else [])


def test_p007_invoices_before_opened_are_history(findings_of):
    late = '- {date: 2026-11-01, type: invoice, amount: "1000.00", due: 2026-12-01, ref: I2}\n'
    files = {AR: receivable("AR-1", HOLD + late)}
    assert hits(findings_of, files, "P007") == [(AR, 11)]
    assert hits(findings_of, {**files, **rules_with("opened: 2026-11-15\n")}, "P007") == []


# --- P021 departed case owner --------------------------------------------------------------------

def test_p021_departed_owner_of_an_open_case(findings_of):
    case = ("id: C-1\ndebtor: D-0001\nreceivables: [AR-1]\nowner: {who}\nstrategy: cash\n"
            "stages:\n  - {{date: 2026-01-05, stage: documents}}\n")
    files = {AR: receivable("AR-1", HOLD), CASE: case.format(who="zhao.liu")}
    assert hits(findings_of, files, "P021") == [(CASE, 4)]
    assert hits(findings_of, files, "P021", date(2026, 6, 30)) == []  # on the departure day
    files[CASE] = case.format(who="wang.fa")
    assert hits(findings_of, files, "P021") == []


# --- P022 and commission in another currency; the completion gate ---------------------------------

USD = receivable("AR-2", """
    - {date: 2026-09-01, type: invoice, amount: "10000.00", due: 2026-09-30, ref: U1}
    - {date: 2026-11-10, type: payment, amount: "3333.33", method: bank, ref: SW-1}
""", extra="currency: USD\n").replace("unit: east", "unit: west")


def test_p022_missing_rate_is_a_finding_not_a_guess(findings_of):
    assert hits(findings_of, {AR2: USD, **rules_with('fx:\n  USD: {2026-10: "7.1000"}\n')}, "P022") == [(AR2, 12)]
    assert hits(findings_of, {AR2: USD, **rules_with('fx:\n  USD: {2026-11: "7.1000"}\n')}, "P022") == []
    assert hits(findings_of, {AR2: USD}, "P022") == []  # no fx table: each currency apart


def test_commission_in_usd_converted_per_portion_rounded_once(make_ledger):
    from qingqian.reports.commission import commission_report
    # 3333.33 USD settles U1, 41 days past due on 2026-11-10: row ≤90, normal 0.002 →
    # 6.66666 → 6.67 USD; × 7.1234 = 47.513078 → 47.51 CNY (not 6.66666 × 7.1234 = 47.49).
    # Collected 3333.33 × 7.1234 = 23744.642922 → 23744.64 CNY.
    led = make_ledger({AR2: USD, **rules_with('fx:\n  USD: {2026-11: "7.1234"}\n')})
    report = commission_report(led, date(2026, 11, 30), "2026-11")
    [row] = report.rows
    assert (row.currency, str(row.collected), str(row.commission)) == ("CNY", "23744.64", "47.51")
    [d] = report.details
    assert (d.currency, str(d.commission), str(d.converted)) == ("USD", "6.67", "47.51")


def test_commission_not_payable_below_required_completion(make_ledger):
    from qingqian.reports.commission import commission_report
    # completion as `targets --year 2026 --month 11` computes it: January..November, 12000 / 12
    # × 11 = 11000.00 target; 1600 → 0.1455 (not payable), 8800 → 0.8000 (payable)
    targets = "year: 2026\npeople:\n  li.si: {annual: \"12000.00\"}\n"
    pay = '- {date: 2026-11-10, type: payment, amount: "%s", method: bank, ref: P1}\n'
    gate = rules_with("").get("policies/rules.yaml").replace(
        "  methods:", '  requires_completion: "0.8000"\n  methods:')
    for amount, payable, completion in (("1600.00", False, "0.1455"), ("8800.00", True, "0.8000")):
        led = make_ledger({AR: receivable("AR-1", HOLD + pay % amount), "policies/targets/2026.yaml": targets,
                           "policies/rules.yaml": gate})
        report = commission_report(led, date(2026, 11, 30), "2026-11")
        [row] = report.rows
        assert (row.payable, row.completion) == (payable, completion)
        doc = report.to_json()["rows"][0]
        assert (doc["payable"], doc["completion"]) == (payable, completion)
        assert row.commission > 0  # computed either way


# --- clearance -------------------------------------------------------------------------------------

def test_clearance_in_every_format(qq):
    files = {AR: receivable("AR-1", HOLD), CASE: (
        "id: C-1\ndebtor: D-0001\nreceivables: [AR-1]\nowner: li.si\nstrategy: cash\n"
        "stages:\n  - {date: 2026-02-05, stage: negotiation}\n")}
    code, out = qq("clearance", "li.si", "--as-of", "2026-11-30", "--format", "json", files=files)
    doc = json.loads(out)
    assert code == 0 and doc["person"] == "li.si"
    assert [(r["role"], r["record"], r["outstanding"], r["overdue"]) for r in doc["rows"]] == [
        ("collector", "AR-1", "50000.00", "50000.00"), ("case-owner", "C-1", "50000.00", "50000.00")]
    code, out = qq("clearance", "zhang.san", "--as-of", "2026-11-30", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("第一责任人,AR-1,D-0001")
    code, out = qq("clearance", "li.si", "--as-of", "2026-11-30", "--format", "markdown", "--lang", "en")
    assert "| Collector | AR-1 |" in out and "| Case owner | C-1 |" in out
    code, out = qq("clearance", "li.si", "--as-of", "2026-11-30")
    assert code == 0 and "清欠人员" in out and "案件负责人" in out
    assert qq("clearance", "ghost", "--as-of", "2026-11-30")[0] == 2


# --- writers refuse -----------------------------------------------------------------------------

def test_new_debtor_refuses_a_duplicate_and_names_it(qq):
    files = {D1: DEBTOR + "credit_code: 91350100M000100Y43\n"}
    code, out = qq("new", "debtor", "--name", "华东某置业 有限公司", "--type", "real-estate", files=files)
    assert code == 2
    code, out = qq("new", "debtor", "--name", "另一家", "--credit-code", "91350100M000100Y43")
    assert code == 2
    code, out = qq("new", "debtor", "--name", "另一家", "--credit-code", "91350100M000100Y44")
    assert code == 2
    code, out = qq("new", "debtor", "--name", "另一家", "--credit-code", "91110000802100433B",
                   "--as-of", "2026-11-30")
    assert code == 0


def test_record_refuses_a_zero_payment(qq, tmp_path):
    files = {AR: receivable("AR-1", HOLD)}
    code, _ = qq("record", "payment", "AR-1", "--amount", "0", "--date", "2026-11-30", "--ref", "P0",
                 "--method", "bank", "--as-of", "2026-11-30", files=files)
    assert code == 2 and "P0" not in (tmp_path / AR).read_text(encoding="utf-8")


def test_hold_compares_other_currencies_at_the_fx_rate(make_ledger):
    from qingqian.lifecycle.holds import hold_of
    # 2000.00 USD more than 60 days past due: alone it is under the 10000.00 trigger; at
    # 7.1000 it is 14200.00 CNY, over it (§6.4: compared at the rate of the as-of month)
    usd = receivable("AR-2", '- {date: 2026-06-01, type: invoice, amount: "2000.00", due: 2026-06-30, ref: U1}',
                     extra="currency: USD\n").replace("unit: east", "unit: west")
    day = date(2026, 11, 30)
    assert hold_of(make_ledger({AR2: usd}), "D-0001", day) == ()
    [hold] = hold_of(make_ledger({AR2: usd, **rules_with('fx:\n  USD: {2026-11: "7.1000"}\n')}),
                     "D-0001", day)
    assert (hold.currency, str(hold.overdue)) == ("CNY", "14200.00")


def test_schedule_charges_are_not_held_to_p007_but_the_hold_is_reported(findings_of, qq):
    rent = receivable("AR-1", HOLD, extra=(
        'schedule: [{item: 租金, amount: "1000.00", from: 2026-10-01, to: 2026-11-30}]\n'))
    assert hits(findings_of, {AR: rent}, "P007") == []
    code, out = qq("holds", "--as-of", "2026-11-30", "--format", "json", files={AR: rent})
    assert code == 0 and [r["debtor"] for r in json.loads(out)["rows"]] == ["D-0001"]


def test_record_writes_the_part_that_completes_a_receipt_split(qq, tmp_path):
    # one 880,000.00 receipt paying two receivables: 500,000 already booked as a part on
    # AR-1; recording 380,000 on AR-2 as the other part makes the parts add up (L010 clean)
    big = '- {date: 2026-10-01, type: invoice, amount: "600000.00", due: 2026-10-31, ref: I1}\n'
    part = ('- {date: 2026-11-20, type: payment, amount: "500000.00", method: bank, '
            'ref: HD-20261120-01, receipt: {ref: HD-20261120-01, total: "880000.00"}}\n')
    files = {AR: receivable("AR-1", big + part),
             AR2: receivable("AR-2", big).replace("unit: east", "unit: west")}
    code, out = qq("check", "--as-of", "2026-11-30", files=files)
    assert "L010" in out  # one part alone does not add up to the receipt
    code, out = qq("record", "payment", "AR-2", "--amount", "380000", "--date", "2026-11-20",
                   "--ref", "HD-20261120-01", "--method", "bank", "--receipt-ref", "HD-20261120-01",
                   "--receipt-total", "880000", "--as-of", "2026-11-30")
    assert code == 0, out
    text = (tmp_path / AR2).read_text(encoding="utf-8")
    assert 'receipt: {ref: HD-20261120-01, total: "880000.00"}' in text
    code, out = qq("check", "--as-of", "2026-11-30")
    assert "L009" not in out and "L010" not in out
