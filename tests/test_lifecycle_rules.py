"""P (policy) and A (alert) rules: each one failing and passing on a small inline ledger."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import receivable

AR = "ledger/east/AR-1.yaml"
AR2 = "ledger/east/AR-2.yaml"
CASE = "cases/C-1.yaml"
EV = 10  # line of the first event in a `receivable()` file without extra keys
INV = '- {date: 2026-01-01, type: invoice, amount: "200000.00", due: 2026-01-31, ref: I1}\n'
OLD = '- {date: 2023-01-01, type: invoice, amount: "200000.00", due: 2023-01-31, ref: I1}\n'


@pytest.fixture
def hits(findings_of):
    """hits(rule, files, as_of) -> [(path, line)] of that rule's findings."""
    def run(rule_id: str, files: dict, as_of: date = date(2026, 11, 30)) -> list[tuple[str, int]]:
        return [(path, line) for rule, path, line in findings_of(files, as_of) if rule == rule_id]
    return run


def rec(events: str, **kw) -> str:
    return receivable(events=events, **kw)


def writeoff(amount: str = "50000.00", extra: str = "", basis: str = "bankruptcy",
             evidence: str = "[a.pdf]", approved: str = "[qian.fm]") -> str:
    return (f'- {{date: 2026-03-01, type: writeoff, amount: "{amount}", basis: {basis}, '
            f'evidence: {evidence}, approved_by: {approved}{extra}}}\n')


def case(stages: str, extra: str = "", strategy: str = "cash", debtor: str = "D-0001",
         receivables: str = "[AR-1]") -> str:
    return (f"id: C-1\ndebtor: {debtor}\nreceivables: {receivables}\nowner: wang.fa\n"
            f"strategy: {strategy}\n{extra}stages:\n{stages}")


# --- P: policy -------------------------------------------------------------------------------

def test_p001_payment_without_ref(hits):
    bad = INV + '- {date: 2026-02-01, type: payment, amount: "1000.00", method: bank}'
    assert hits("P001", {AR: rec(bad)}) == [(AR, EV + 1)]
    assert hits("P001", {AR: rec(bad.replace("bank}", "bank, ref: HD-1}"))}) == []


def test_p002_writeoff_basis(hits):
    assert hits("P002", {AR: rec(INV + writeoff(basis="bad-luck"))}) == [(AR, EV + 1)]
    assert hits("P002", {AR: rec(INV + writeoff())}) == []


def test_p003_writeoff_evidence(hits):
    assert hits("P003", {AR: rec(INV + writeoff(evidence="[]"))}) == [(AR, EV + 1)]
    assert hits("P003", {AR: rec(INV + writeoff())}) == []


def test_p004_writeoff_approvals_by_amount(hits):
    assert hits("P004", {AR: rec(INV + writeoff(approved="[wang.wu]"))}) == [(AR, EV + 1)]
    # 100000.00 is inside the first row (inclusive upper bound): the finance manager alone
    assert hits("P004", {AR: rec(INV + writeoff("100000.00", ", accountability: "
                                                 "{kind: unit, who: east, action: 通报}"))}) == []
    big = writeoff("150000.00", ", accountability: {kind: unit, who: east, action: 通报}",
                   approved="[qian.fm]")
    assert hits("P004", {AR: rec(INV + big)}) == [(AR, EV + 1)]
    assert hits("P004", {AR: rec(INV + big.replace("[qian.fm]", "[qian.fm, sun.cfo]"))}) == []


def test_p005_four_eyes_responsible_and_collector(hits):
    assert hits("P005", {AR: rec(INV + writeoff(approved="[qian.fm, zhang.san]"))}) == [(AR, EV + 1)]
    credit = '- {date: 2026-03-01, type: credit, amount: "1000.00", reason: 扣款, approved_by: li.si}\n'
    assert hits("P005", {AR: rec(INV + credit)}) == [(AR, EV + 1)]
    # after an assign the new collector is the one who may not approve
    moved = INV + "- {date: 2026-02-01, type: assign, to: wang.wu}\n" + credit
    assert hits("P005", {AR: rec(moved)}) == []
    assert hits("P005", {AR: rec(moved.replace("approved_by: li.si", "approved_by: wang.wu"))}) == \
        [(AR, EV + 2)]


def test_p006_writeoff_accountability(hits):
    big = writeoff("150000.00", approved="[qian.fm, sun.cfo]")
    assert hits("P006", {AR: rec(INV + big)}) == [(AR, EV + 1)]
    fixed = writeoff("150000.00", ", accountability: {kind: personal, who: zhang.san, action: 扣奖金}",
                     approved="[qian.fm, sun.cfo]")
    assert hits("P006", {AR: rec(INV + fixed)}) == []


def test_p007_invoice_while_on_hold(hits):
    overdue = rec('- {date: 2026-01-01, type: invoice, amount: "50000.00", due: 2026-01-31, ref: I1}')
    new = '- {date: 2026-06-01, type: invoice, amount: "30000.00", ref: I2'
    assert hits("P007", {AR: overdue, AR2: rec(new + "}", ident="AR-2")}) == [(AR2, EV)]
    approved = new + ", override: {approved_by: sun.cfo, reason: 总会计师批准}}"
    assert hits("P007", {AR: overdue, AR2: rec(approved, ident="AR-2")}) == []
    # not yet 60 days past due on the invoice date
    assert hits("P007", {AR: overdue, AR2: rec(new.replace("2026-06-01", "2026-03-15") + "}",
                                               ident="AR-2")}) == []


def test_p007_credit_limit_excludes_the_invoice_itself(hits):
    debtor = "id: D-0002\nname: 某公司\ntype: private\ncredit: {rating: B, limit: \"100000.00\"}\n"
    first = '- {date: 2026-06-01, type: invoice, amount: "150000.00", ref: I1}\n'
    files = {"ledger/debtors/D-0002.yaml": debtor, AR: rec(first, debtor="D-0002")}
    assert hits("P007", files) == []
    second = first + '- {date: 2026-06-10, type: invoice, amount: "1000.00", ref: I2}\n'
    files[AR] = rec(second, debtor="D-0002")
    assert hits("P007", files) == [(AR, EV + 1)]


def test_p008_departed_collector(hits):
    text = rec(INV).replace("collector: li.si", "collector: zhao.liu")
    assert hits("P008", {AR: text}) == [(AR, 7)]
    handed = rec(INV + "- {date: 2026-06-15, type: assign, to: li.si}\n").replace(
        "collector: li.si", "collector: zhao.liu")
    assert hits("P008", {AR: handed}) == []
    # before the departure date it is fine
    assert hits("P008", {AR: text}, date(2026, 6, 1)) == []


def test_p009_departed_responsible(hits):
    text = rec(OLD).replace("responsible: zhang.san", "responsible: zhao.liu")
    assert hits("P009", {AR: text}) == [(AR, 6)]
    recorded = rec(OLD, extra="accountability:\n  - {kind: personal, who: zhao.liu, action: 通报批评}\n")
    recorded = recorded.replace("responsible: zhang.san", "responsible: zhao.liu")
    assert hits("P009", {AR: recorded}) == []
    recent = rec(INV).replace("responsible: zhang.san", "responsible: zhao.liu")
    assert hits("P009", {AR: recent}) == []


def test_p010_stage_backwards(hits):
    back = "  - {date: 2026-01-01, stage: negotiation}\n  - {date: 2026-02-01, stage: documents}\n"
    assert hits("P010", {AR: rec(INV), CASE: case(back)}) == [(CASE, 8)]
    after = ("  - {date: 2026-01-01, stage: documents}\n  - {date: 2026-02-01, stage: closed}\n"
             "  - {date: 2026-03-01, stage: enforcement}\n")
    assert hits("P010", {AR: rec(INV), CASE: case(after)}) == [(CASE, 9)]
    forward = "  - {date: 2026-01-01, stage: documents}\n  - {date: 2026-02-01, stage: litigation}\n"
    assert hits("P010", {AR: rec(INV), CASE: case(forward)}) == []


def test_p011_case_closed_with_outstanding(hits):
    closed = "  - {date: 2026-01-01, stage: documents}\n  - {date: 2026-10-01, stage: closed}\n"
    assert hits("P011", {AR: rec(INV), CASE: case(closed)}) == [(CASE, 8)]
    written = INV + writeoff("200000.00", ", accountability: {kind: unit, who: east, action: 通报}",
                             approved="[qian.fm, sun.cfo]")
    assert hits("P011", {AR: rec(written), CASE: case(closed)}) == []


def test_p012_strategy_condition(hits):
    stages = "  - {date: 2026-01-01, stage: documents}\n"
    assert hits("P012", {AR: rec(INV), CASE: case(stages, strategy="litigation")}) == [(CASE, 5)]
    reason = "strategy_reason: 对方有财产可供执行，直接起诉\n"
    assert hits("P012", {AR: rec(INV), CASE: case(stages, reason, strategy="litigation")}) == []
    assert hits("P012", {AR: rec(INV), CASE: case(stages, strategy="cash")}) == []


def test_p013_counsel_fee_cap_is_tiered(hits):
    big = '- {date: 2026-01-01, type: invoice, amount: "2000000.00", due: 2026-01-31, ref: I1}\n'
    stages = "  - {date: 2026-03-01, stage: documents}\n"
    # cap on 2,000,000: 1,000,000 × 18% + 1,000,000 × 15% = 330,000
    over = "counsel: {firm: 某所, fee: {type: contingency, rate: \"0.20\"}}\n"
    assert hits("P013", {AR: rec(big), CASE: case(stages, over)}) == [(CASE, 6)]
    under = "counsel: {firm: 某所, fee: {type: contingency, rate: \"0.16\"}}\n"
    assert hits("P013", {AR: rec(big), CASE: case(stages, under)}) == []
    fixed = "counsel: {firm: 某所, fee: {type: fixed, rate: \"0.30\"}}\n"
    assert hits("P013", {AR: rec(big), CASE: case(stages, fixed)}) == []


# --- A: alerts -------------------------------------------------------------------------------

def test_a001_limitation_expired(hits):
    assert hits("A001", {AR: rec(OLD)}) == [(AR, EV)]
    paid = OLD + '- {date: 2024-06-01, type: payment, amount: "1000.00", method: bank, ref: P1}\n'
    assert hits("A001", {AR: rec(paid)}) == []


def test_a002_limitation_near(hits):
    near = '- {date: 2024-03-01, type: invoice, amount: "200000.00", due: 2024-03-31, ref: I1}\n'
    assert hits("A002", {AR: rec(near)}) == [(AR, EV)]
    signed = near + "- {date: 2025-01-10, type: visit, by: li.si, signed: true}\n"
    assert hits("A002", {AR: rec(signed)}) == []
    unsigned = near + "- {date: 2025-01-10, type: visit, by: li.si, signed: false}\n"
    assert hits("A002", {AR: rec(unsigned)}) == [(AR, EV)]


def test_a002_message_explains_the_undelivered_demand(findings_of, make_ledger):
    from qingqian.rules import check

    near = ('- {date: 2024-03-01, type: invoice, amount: "200000.00", due: 2024-03-31, ref: I1}\n'
            "- {date: 2025-01-10, type: demand, method: letter}\n")
    found = [f for f in check(make_ledger({AR: rec(near)}), date(2026, 11, 30)) if f.rule == "A002"]
    assert "2027-03-31" in found[0].message and "`delivered:`" in found[0].message


def test_a003_guarantee_ending(hits):
    debtor = ("id: D-0002\nname: 某公司\ntype: private\n"
              "guarantors: [{name: 某担保公司, type: joint, period_end: 2027-01-15}]\n")
    files = {"ledger/debtors/D-0002.yaml": debtor, AR: rec(INV, debtor="D-0002")}
    assert hits("A003", files) == [("ledger/debtors/D-0002.yaml", 4)]
    files["ledger/debtors/D-0002.yaml"] = debtor.replace("2027-01-15", "2028-01-15")
    assert hits("A003", files) == []
    # no agreed period: six months after the last due date (2026-09-30 → 2027-03-30)
    files["ledger/debtors/D-0002.yaml"] = debtor.replace(", period_end: 2027-01-15", "")
    files[AR] = rec(INV.replace("2026-01-31", "2026-09-30"), debtor="D-0002")
    assert hits("A003", files) == [("ledger/debtors/D-0002.yaml", 4)]


def test_a004_promise_broken(hits):
    promise = INV + '- {date: 2026-05-01, type: promise, amount: "50000.00", by_date: 2026-06-30}\n'
    short = promise + '- {date: 2026-06-15, type: payment, amount: "20000.00", method: bank, ref: P1}\n'
    assert hits("A004", {AR: rec(short)}) == [(AR, EV + 1)]
    kept = promise + '- {date: 2026-06-15, type: payment, amount: "50000.00", method: bank, ref: P1}\n'
    assert hits("A004", {AR: rec(kept)}) == []
    assert hits("A004", {AR: rec(short)}, date(2026, 6, 20)) == []  # not yet due


AGREEMENT = ("agreements:\n  - date: 2026-07-01\n    installments:\n"
             "      - {due: 2026-08-31, amount: \"50000.00\"}\n"
             "      - {due: 2026-10-31, amount: \"50000.00\"}\n")


def test_a005_installment_missed(hits):
    stages = "  - {date: 2026-06-01, stage: negotiation}\n"
    paid_one = INV + '- {date: 2026-08-30, type: payment, amount: "50000.00", method: bank, ref: P1}\n'
    files = {AR: rec(paid_one), CASE: case(stages) + AGREEMENT}
    assert hits("A005", files) == [(CASE, 12)]
    paid_both = paid_one + '- {date: 2026-10-30, type: payment, amount: "50000.00", method: bank, ref: P2}\n'
    files[AR] = rec(paid_both)
    assert hits("A005", files) == []


def test_a006_stale_collection(hits):
    assert hits("A006", {AR: rec(INV)}) == [(AR, 9)]
    visited = INV + "- {date: 2026-10-01, type: visit, by: li.si, signed: false}\n"
    assert hits("A006", {AR: rec(visited)}) == []
    not_due = '- {date: 2026-11-01, type: invoice, amount: "1000.00", due: 2026-12-31, ref: I1}\n'
    assert hits("A006", {AR: rec(not_due)}) == []
    # overdue for less than stale_days: nobody has had the time to be idle yet
    assert hits("A006", {AR: rec(INV)}, date(2026, 5, 2)) == [(AR, 9)]
    assert hits("A006", {AR: rec(INV)}, date(2026, 4, 30)) == []


def test_a007_enforcement_deadline(hits):
    judged = ("  - {date: 2024-10-01, stage: litigation, judgment: "
              "{date: 2025-03-01, amount: \"200000.00\", pay_by: 2025-03-31}}\n")
    files = {AR: rec(OLD), CASE: case(judged)}
    assert hits("A007", files) == [(CASE, 7)]  # ends 2027-03-31, 121 days
    files[CASE] = case(judged + "  - {date: 2025-06-01, stage: enforcement}\n")
    assert hits("A007", files) == []
    files[CASE] = case(judged.replace("2025-03-31", "2025-09-30"))  # ends 2027-09-30, 304 days
    assert hits("A007", files) == []
    files[CASE] = case(judged.replace("2025-03-31", "2024-09-30").replace("2025-03-01", "2024-09-01")
                       .replace("2024-10-01", "2024-06-01"))  # ended 2026-09-30
    assert hits("A007", files) == [(CASE, 7)]


def test_a008_preservation_without_suit(hits):
    kept = "  - {date: 2026-10-01, stage: preservation}\n"
    assert hits("A008", {AR: rec(INV), CASE: case(kept)}) == [(CASE, 7)]
    sued = kept + "  - {date: 2026-10-20, stage: litigation}\n"
    assert hits("A008", {AR: rec(INV), CASE: case(sued)}) == []
    late = kept + "  - {date: 2026-11-20, stage: litigation}\n"
    assert hits("A008", {AR: rec(INV), CASE: case(late)}) == [(CASE, 7)]


# --- write-off errors make `qingqian check` fail ----------------------------------------------

@pytest.mark.parametrize("event, rule_id", [
    (writeoff(evidence="[]"), "P003"),
    (writeoff("500000.00", ", accountability: {kind: unit, who: east, action: 通报}"), "P004"),
    (writeoff(approved="[qian.fm, zhang.san]"), "P005"),
])
def test_bad_writeoff_fails_check(qq, event, rule_id):
    code, out = qq("check", "--as-of", "2026-11-30", "--lang", "en", files={AR: rec(INV + event)})
    assert code == 1
    assert f"{AR}:{EV + 1}:1: error {rule_id} " in out


def test_good_writeoff_passes_check(qq):
    # DESIGN §6.7: a bankruptcy write-off needs the debtor marked bankrupt, and its evidence
    # must be a file in the repository (P014, P016)
    from conftest import DEBTOR
    code, out = qq("check", "--as-of", "2026-11-30", files={
        AR: rec(INV + writeoff()), "a.pdf": b"%PDF-1.4\n",
        "ledger/debtors/D-0001.yaml": DEBTOR.replace("status: active", "status: bankrupt")})
    assert code == 0, out
