"""Issue 22 part 4: the monthly return's extras (催讨次数, 前清后欠, 底数不清, 内部欠款),
targets as a share of the arrears at the start of the year, and disputes in aging and focus."""

from __future__ import annotations

from datetime import date

from conftest import as_json, receivable
from qingqian.reports.lifecycle import focus_report
from qingqian.reports.age import age_report
from qingqian.reports.monthly import monthly_report
from qingqian.reports.returns import monthly_return
from qingqian.reports.targets import targets_report

AS_OF = date(2026, 11, 30)
AR = "ledger/east/2026/AR-1.yaml"
INTERNAL = """\
id: D-0009
name: 集团内机械公司
type: state-owned
internal: true
"""


def test_attempts_count_demands_visits_and_calls_per_collector_in_the_month(make_ledger):
    ledger = make_ledger({AR: receivable(events="""\
        - {date: 2026-10-01, type: invoice, amount: "100.00"}
        - {date: 2026-11-02, type: call, by: wang.wu}
        - {date: 2026-11-03, type: call}
        - {date: 2026-11-04, type: visit, signed: false}
        - {date: 2026-11-05, type: demand, method: letter}
        - {date: 2026-10-31, type: call}
        - {date: 2026-12-01, type: call}
        """)})
    rows = as_json_of(monthly_return(ledger, AS_OF, "2026-11"))["attempts"]
    assert rows == [
        {"collector": "li.si", "name": "李四", "demand": 1, "visit": 1, "call": 1, "attempts": 3},
        {"collector": "wang.wu", "name": "王五", "demand": 0, "visit": 0, "call": 1, "attempts": 1}]


def test_new_arrears_are_what_was_unpaid_on_the_due_date_of_bills_falling_overdue_in_the_month(
        make_ledger):
    ledger = make_ledger({AR: receivable(events="""\
        - {date: 2026-09-01, type: invoice, amount: "500.00", due: 2026-10-15, ref: OLD}
        - {date: 2026-10-01, type: invoice, amount: "300.00", due: 2026-11-10, ref: NEW}
        - {date: 2026-10-31, type: invoice, amount: "200.00", due: 2026-10-31, ref: EDGE}
        - {date: 2026-11-05, type: payment, amount: "600.00", method: bank, ref: P1}
        - {date: 2026-11-20, type: payment, amount: "100.00", method: bank, ref: P2}
        """)})
    row = as_json_of(monthly_return(ledger, AS_OF, "2026-11"))["rows"][0]
    # OLD fell overdue in October: not new. EDGE (due 31 October) fell overdue on 1 November
    # with 200 unpaid (P1 came on 5 November); NEW (due 10 November) had nothing of its own
    # by then (P1 went FIFO to OLD 500 and EDGE 100), so 300: 500 in 2 bills
    assert row["new_overdue"] == "500.00" and row["new_overdue_bills"] == 2


def test_a_claim_without_statement_or_acknowledgment_is_unconfirmed(make_ledger):
    files = {AR: receivable(events="""\
        - {date: 2026-01-01, type: invoice, amount: "100.00"}
        """), "ledger/east/2026/AR-2.yaml": receivable("AR-2", events="""\
        - {date: 2026-01-01, type: invoice, amount: "40.00"}
        - {date: 2026-03-01, type: acknowledgment, amount: "40.00", signed_by: 对方财务}
        """)}
    row = as_json_of(monthly_return(make_ledger(files), AS_OF, "2026-11"))["rows"][0]
    assert (row["unconfirmed"], row["unconfirmed_amount"]) == (1, "100.00")


def test_intercompany_debt_is_reported_apart_from_external_arrears(make_ledger):
    ledger = make_ledger({"ledger/debtors/D-0009.yaml": INTERNAL,
                          AR: receivable(events='- {date: 2026-01-01, type: invoice, amount: "70.00"}'),
                          "ledger/east/2026/AR-2.yaml": receivable("AR-2", debtor="D-0009", events="""\
        - {date: 2026-10-01, type: invoice, amount: "30.00", due: 2026-11-10}
        """)})
    out = as_json_of(monthly_return(ledger, AS_OF, "2026-11"))
    row = out["rows"][0]
    assert (row["outstanding"], row["internal_outstanding"]) == ("70.00", "30.00")
    assert (row["overdue"], row["internal_overdue"]) == ("70.00", "30.00")  # both past due
    assert out["totals"]["internal_outstanding"] == "30.00"
    # nothing of the intercompany claim in the external columns: new arrears, 底数不清
    assert (row["new_overdue"], row["unconfirmed"], row["unconfirmed_amount"]) == ("0.00", 1, "70.00")


def test_the_monthly_json_only_adds_keys_to_the_design_shape(make_ledger):
    ledger = make_ledger({AR: receivable(events="""\
        - {date: 2026-01-01, type: invoice, amount: "70.00"}
        - {date: 2026-11-02, type: payment, amount: "20.00", method: bank, ref: P1}
        """)})
    base = monthly_report(ledger, AS_OF, "2026-11").to_json()
    full = as_json_of(monthly_return(ledger, AS_OF, "2026-11"))
    assert list(full)[:3] == ["month", "rows", "totals"]
    for old, new in zip(base["rows"], full["rows"]):
        assert {k: new[k] for k in old} == old
    assert {k: full["totals"][k] for k in base["totals"]} == base["totals"]


def test_monthly_command_prints_the_return_in_every_format(qq):
    files = {AR: receivable(events="""\
        - {date: 2026-01-01, type: invoice, amount: "70.00"}
        - {date: 2026-11-02, type: call}
        """)}
    code, out = qq("monthly", "--month", "2026-11", "--as-of", "2026-11-30", "--format", "json",
                   files=files)
    assert code == 0 and as_json(out)["attempts"][0]["call"] == 1
    for fmt, needle in (("table", "催讨次数"), ("markdown", "前清后欠"), ("csv", "底数不清")):
        code, out = qq("monthly", "--month", "2026-11", "--as-of", "2026-11-30", "--format", fmt)
        assert code == 0 and needle in out, fmt


def test_targets_show_the_target_as_a_share_of_the_arrears_at_the_start_of_the_year(make_ledger):
    files = {AR: receivable(events="""\
        - {date: 2025-06-01, type: invoice, amount: "400.00"}
        - {date: 2026-02-01, type: invoice, amount: "999.00"}
        """), "policies/targets/2026.yaml": "year: 2026\nunits:\n  east: {annual: \"100.00\"}\n"
                                          "people:\n  li.si: {annual: \"300.00\"}\n"}
    rows = {r["key"]: r for r in targets_report(make_ledger(files), AS_OF, 2026).to_json()["rows"]}
    assert (rows["east"]["arrears_start"], rows["east"]["share"]) == ("400.00", "0.2500")
    assert (rows["li.si"]["arrears_start"], rows["li.si"]["share"]) == ("400.00", "0.7500")


DISPUTED = receivable(extra="""\
    disputes:
      - {date: 2026-10-01, kind: quality, amount: "30.00", note: 质量问题}
      - {date: 2026-06-01, kind: price, amount: "5.00", resolved: 2026-07-01}
    """, events='- {date: 2025-01-01, type: invoice, amount: "2000000.00"}')


def test_open_disputes_show_in_aging_and_focus(make_ledger):
    ledger = make_ledger({AR: DISPUTED})
    age = age_report(ledger, AS_OF).to_json()
    assert age["rows"][0]["disputed"] == "30.00" and age["totals"]["disputed"] == "30.00"
    assert "争议金额" in age_report(ledger, AS_OF).tables("zh")[0].columns[-1].title
    focus = focus_report(ledger, AS_OF).to_json()["rows"][0]
    assert focus["disputed"] == "30.00"
    before = age_report(ledger, date(2026, 9, 30)).to_json()
    assert before["rows"][0]["disputed"] == "0.00"  # raised later; the price one resolved


def test_a_dispute_without_amount_holds_the_whole_claim(make_ledger):
    ledger = make_ledger({AR: receivable(extra="disputes: [{date: 2026-10-01}]\n",
                                         events='- {date: 2026-01-01, type: invoice, amount: "70.00"}')})
    assert age_report(ledger, AS_OF).to_json()["rows"][0]["disputed"] == "70.00"


def test_dispute_kind_outside_the_rules_list_is_p030(findings_of):
    bad = receivable(extra="disputes: [{date: 2026-10-01, kind: colour}]\n")
    assert ("P030", AR, 9) in findings_of({AR: bad})
    assert not [f for f in findings_of({AR: DISPUTED}) if f[0] == "P030"]


def test_unconfirmed_claims_are_key_debts_when_focus_says_so(make_ledger):
    from conftest import policy_files
    rules = policy_files()["policies/rules.yaml"].replace(
        "focus: {", "focus: {unconfirmed: true, ")
    ledger = make_ledger({"policies/rules.yaml": rules, AR: receivable(
        events='- {date: 2026-11-01, type: invoice, amount: "10.00"}')})
    row = focus_report(ledger, AS_OF).to_json()["rows"][0]
    assert "unconfirmed" in row["criteria"] and row["unconfirmed"] is True
    plain = make_ledger({AR: receivable(events='- {date: 2026-11-01, type: invoice, amount: "10.00"}')})
    assert "unconfirmed" not in focus_report(plain, AS_OF).to_json()["rows"][0]["criteria"]


def as_json_of(report) -> dict:
    return report.to_json()
