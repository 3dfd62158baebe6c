"""Every structure, reference and ledger rule: one failing and one passing example each."""

from datetime import date

import pytest
from conftest import DEBTOR, Link, receivable

from qingqian.rules import ALL_RULES

AR = "ledger/east/2026/AR-1.yaml"
INV = '- {date: 2026-01-05, type: invoice, amount: "1000.00", due: 2026-02-04, ref: A}\n'
PAY = '- {date: 2026-03-01, type: payment, amount: "400.00", method: bank, ref: P1}\n'
GOOD = receivable("AR-1", INV + PAY)
AR2 = "ledger/west/2026/AR-2.yaml"
DEBTOR_FILE = "ledger/debtors/D-0001.yaml"
CODE = "91350100M000100Y43"  # a 统一社会信用代码 whose check digit holds (GB 32100-2015)


def ar(events: str = INV + PAY, **kw) -> dict:
    return {AR: receivable("AR-1", events, **kw)}


# rule id -> (files, expected (rule, path, line))
FAILING = {
    "S001": ({AR: "id: AR-1\nevents: [\n"}, ("S001", AR, 3)),
    "S002": ({AR: GOOD.replace("某工程进度款", "某工程").encode("utf-8") + "note: 中文\n".encode("gbk")},
             ("S002", AR, 12)),
    "S003": ({AR: "- id: AR-1\n"}, ("S003", AR, 1)),
    "S004": ({AR: GOOD.replace("kind: construction\n", "kind: construction\nkind: goods\n")},
             ("S004", AR, 5)),
    "S005": ({AR: GOOD.replace("title: 某工程进度款", "title: &t 某工程进度款")}, ("S005", AR, 5)),
    "S006": ({AR: "a: " + "[" * 100 + "]" * 100 + "\n"}, ("S006", AR, 1)),
    "S007": (ar(INV + PAY.replace("amount:", "amout:")), ("S007", AR, 11)),
    "S008": ({AR: GOOD.replace("debtor: D-0001\n", "")}, ("S008", AR, 1)),
    "S009": (ar(INV.replace("2026-01-05", "2025-02-30")), ("S009", AR, 10)),
    "S010": (ar(INV.replace('"1000.00"', '"1000.001"')), ("S010", AR, 10)),
    "S011": ({"ledger/east/2026/AR-2.yaml": GOOD}, ("S011", "ledger/east/2026/AR-2.yaml", 1)),
    "S012": ({AR: GOOD, "ledger/west/2026/AR-1.yaml": GOOD}, ("S012", "ledger/west/2026/AR-1.yaml", 1)),
    "S013": ({AR: GOOD.replace("difficulty: normal", "difficulty: normal\nnote: NO")}, ("S013", AR, 9)),
    "S014": ({AR: GOOD.replace("events:\n  -", "events:\n\t-")}, ("S014", AR, 10)),
    "S018": ({AR: GOOD.replace("title: 某工程进度款", "title: '=HYPERLINK(\"http://x\")'")},
             ("S018", AR, 5)),
    "S019": ({AR: GOOD, "ledger/east/2026/AR-2.yaml": Link("/dev/zero")},
             ("S019", "ledger/east/2026/AR-2.yaml", 1)),
    "S020": ({AR: GOOD, "ledger/east/2026/AR-\udcff.yaml": "id: AR-3\n"},
             ("S020", "ledger/east/2026/AR-\\xff.yaml", 1)),
    "R001": ({AR: GOOD.replace("debtor: D-0001", "debtor: D-9999")}, ("R001", AR, 2)),
    "R002": ({AR: GOOD.replace("collector: li.si", "collector: nobody")}, ("R002", AR, 7)),
    "R003": ({AR: GOOD.replace("unit: east", "unit: mars")}, ("R003", AR, 3)),
    "R004": ({"cases/C-1.yaml": "id: C-1\ndebtor: D-0001\nreceivables: [AR-404]\nowner: wang.fa\n"
                                "strategy: cash\nstages: [{date: 2026-01-01, stage: documents}]\n"},
             ("R004", "cases/C-1.yaml", 3)),
    "R005": ({AR: GOOD, "ledger/debtors/D-0002.yaml": "id: D-0002\nname: 乙\ntype: private\n",
              "cases/C-1.yaml": "id: C-1\ndebtor: D-0002\nreceivables: [AR-1]\nowner: wang.fa\n"
                                "strategy: cash\nstages: [{date: 2026-01-01, stage: documents}]\n"},
             ("R005", "cases/C-1.yaml", 3)),
    "R006": (ar(INV + PAY.replace("ref: P1", "ref: P1, evidence: [../../etc/passwd]")), ("R006", AR, 11)),
    "R007": (ar(INV + PAY.replace("ref: P1", "ref: P1, applies_to: NOPE")), ("R007", AR, 11)),
    "L001": (ar(INV + PAY.replace('"400.00"', '"1400.00"')), ("L001", AR, 11)),
    "L002": (ar(INV + PAY.replace("2026-03-01", "2026-12-24")), ("L002", AR, 11)),
    "L003": (ar(INV + '- {date: 2026-06-01, type: writeoff, amount: "1200.00", basis: bankruptcy, '
                      'evidence: [a.pdf], approved_by: [qian.fm]}\n'), ("L003", AR, 11)),
    "L004": (ar(INV + '- {date: 2026-02-01, type: transfer, to: 某资产管理公司, price: "100.00"}\n' + PAY),
             ("L004", AR, 12)),
    "L005": (ar(PAY + INV), ("L005", AR, 11)),
    # DESIGN §6.0: after a write-off a payment settles the on-book remainder first, so only a
    # write-off of the whole balance leaves every cent of a later payment a recovery
    "L006": (ar(INV + '- {date: 2026-06-01, type: writeoff, amount: "1000.00", basis: bankruptcy, '
                      'evidence: [a.pdf], approved_by: [qian.fm]}\n'
                      '- {date: 2026-07-01, type: payment, amount: "1150.00", method: bank, ref: R}\n'),
             ("L006", AR, 12)),
    "L007": (ar(INV + PAY + PAY.replace("2026-03-01", "2026-03-02").replace("bank", "cash")),
             ("L007", AR, 12)),
    "L008": (ar("", extra="schedule: [{item: 租金, amount: \"1.00\", from: 2026-05-01, to: 2026-01-01}]\n"),
             ("L008", AR, 9)),
    # one bank receipt booked on a second receivable (another file)
    "L009": ({AR: GOOD, AR2: receivable("AR-2", INV + PAY)}, ("L009", AR2, 11)),
    # a declared split whose only part is short of the receipt's total
    "L010": (ar(INV + PAY.replace("ref: P1", 'ref: P1, receipt: {ref: HD-9, total: "500.00"}')),
             ("L010", AR, 11)),
    "L011": (ar(INV + PAY.replace('"400.00"', '"0.00"')), ("L011", AR, 11)),
    "S015": ({AR: GOOD, DEBTOR_FILE: DEBTOR + "credit_code: 91350100M000100Y44\n"},
             ("S015", DEBTOR_FILE, 6)),
    "S016": ({AR: GOOD, DEBTOR_FILE: DEBTOR + f"credit_code: {CODE}\n",
              "ledger/debtors/D-0002.yaml": f"id: D-0002\nname: 乙公司\ntype: private\ncredit_code: {CODE}\n"},
             ("S016", "ledger/debtors/D-0002.yaml", 1)),
}

CORE_RULES = [r.id for r in ALL_RULES if r.id[0] in "SRL" and r.id != "S030"]  # S030 needs Git: test_incremental.py


def test_every_core_rule_has_a_failing_example():
    assert sorted(FAILING) == sorted(CORE_RULES)


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_fails_on_bad_input(rule_id, findings_of):
    files, expected = FAILING[rule_id]
    found = findings_of(files)
    assert expected in found, found


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_passes_on_good_input(rule_id, findings_of):
    found = findings_of({AR: GOOD})
    assert [f for f in found if f[0] == rule_id] == []


def test_good_ledger_is_clean(findings_of):
    assert [f for f in findings_of({AR: GOOD}) if f[0][0] in "SRL"] == []


def test_unknown_field_suggests_the_spelling(make_ledger):
    from qingqian.rules import check
    ledger = make_ledger(ar(INV + PAY.replace("amount:", "amout:")))
    [f] = [f for f in check(ledger, date(2026, 11, 30)) if f.rule == "S007"]
    assert "amout" in f.message and "did you mean `amount`" in f.hint


def test_severity_override_and_off_from_rules_yaml(make_ledger):
    from conftest import policy_files
    from qingqian.rules import check
    rules = policy_files()["policies/rules.yaml"].replace("severity: {}", "severity: {L005: error, duplicate-payment-ref: off}")
    ledger = make_ledger({"policies/rules.yaml": rules, **ar(PAY + INV + PAY.replace("2026-03-01", "2026-03-02"))})
    found = {(f.rule, f.severity) for f in check(ledger, date(2026, 11, 30))}
    assert ("L005", "error") in found and not any(r == "L007" for r, _ in found)


@pytest.mark.parametrize("evidence", ["/etc/passwd", "C:\\\\Windows\\\\x.pdf", "~/x.pdf", "../x.pdf"])
def test_evidence_paths_outside_the_repo(evidence, findings_of):
    found = findings_of(ar(INV + PAY.replace("ref: P1", f'ref: P1, evidence: ["{evidence}"]')))
    assert ("R006", AR, 11) in found


@pytest.mark.parametrize("evidence", ["docs/AR-1/回执.pdf", "EMS1234567890", "./docs/x.pdf"])
def test_evidence_inside_the_repo_or_tracking_numbers(evidence, findings_of):
    found = findings_of(ar(INV + PAY.replace("ref: P1", f'ref: P1, evidence: ["{evidence}"]')))
    assert [f for f in found if f[0] == "R006"] == []


def test_writeoff_message_names_the_outstanding_before_it(make_ledger):
    from qingqian.rules import check
    files, _ = FAILING["L003"]
    [f] = [f for f in check(make_ledger(files), date(2026, 11, 30)) if f.rule == "L003"]
    assert f.message == "write-off of 1200.00 exceeds the outstanding 1000.00 on 2026-06-01"


PERSON_FIELDS = {
    "by": ('- {date: 2026-03-02, type: visit, by: ghost, signed: true}\n', "by"),
    "assign": ('- {date: 2026-03-02, type: assign, to: ghost}\n', "to"),
    "approved_by-list": ('- {date: 2026-03-02, type: credit, amount: "1.00", approved_by: [qian.fm, ghost]}\n',
                         "approved_by"),
    "approved_by-one": ('- {date: 2026-03-02, type: credit, amount: "1.00", approved_by: ghost}\n', "approved_by"),
    "override": ('- {date: 2026-03-02, type: invoice, amount: "1.00", override: {approved_by: ghost, reason: 特批}}\n',
                 "approved_by"),
    "writeoff-accountability": (
        '- {date: 2026-03-02, type: writeoff, amount: "1.00", basis: bankruptcy, evidence: [a.pdf], '
        'approved_by: [qian.fm], accountability: {kind: personal, who: ghost, action: 通报批评}}\n', "accountability"),
}


@pytest.mark.parametrize("case", sorted(PERSON_FIELDS))
def test_every_person_field_is_checked(case, make_ledger):
    from qingqian.rules import check
    event, field = PERSON_FIELDS[case]
    found = [f for f in check(make_ledger(ar(INV + PAY + event)), date(2026, 11, 30)) if f.rule == "R002"]
    assert [(f.line, f.message) for f in found] == [(12, f"unknown person `ghost` in `{field}`")]


def test_transfer_to_a_third_party_is_not_a_person(findings_of):
    event = '- {date: 2026-03-02, type: transfer, to: 某资产管理公司, price: "1.00"}\n'
    assert [f for f in findings_of(ar(INV + PAY + event)) if f[0] == "R002"] == []


def test_unit_accountability_names_a_unit_not_a_person(make_ledger):
    from qingqian.rules import check
    extra = "accountability: [{kind: unit, who: east, action: 通报}, {kind: personal, who: ghost, action: 扣奖金}]\n"
    found = [(f.rule, f.message) for f in check(make_ledger(ar(extra=extra)), date(2026, 11, 30))
             if f.rule in ("R002", "R003")]
    assert found == [("R002", "unknown person `ghost` in `accountability`")]
    extra = "accountability: [{kind: unit, who: mars, action: 通报}]\n"
    found = [(f.rule, f.message) for f in check(make_ledger(ar(extra=extra)), date(2026, 11, 30))
             if f.rule in ("R002", "R003")]
    assert found == [("R003", "unknown unit `mars` in accountability")]


def test_windows_style_climb_is_outside(findings_of):
    found = findings_of(ar(INV + PAY.replace("ref: P1", 'ref: P1, evidence: ["..\\\\..\\\\secret.pdf"]')))
    assert ("R006", AR, 11) in found


def test_over_collection_points_at_the_event_that_passes_invoiced(make_ledger):
    from qingqian.rules import check
    events = (INV + PAY.replace('"400.00"', '"1000.00"')
              + '- {date: 2026-03-05, type: payment, amount: "5.00", method: bank, ref: P2}\n')
    [f] = [f for f in check(make_ledger(ar(events)), date(2026, 11, 30)) if f.rule == "L001"]
    assert f.line == 12
    assert f.message == "collected 1005.00 + credited 0.00 + written off 0.00 exceeds invoiced 1000.00 by 5.00"


def test_a_reversed_payment_does_not_count_towards_over_collection(findings_of):
    events = (INV + PAY.replace('"400.00"', '"1000.00"').replace("method: bank", "method: note")
              + '- {date: 2026-03-03, type: reversal, ref: P1, reason: 退票}\n'
              + '- {date: 2026-03-05, type: payment, amount: "1000.00", method: bank, ref: P2}\n')
    assert [f for f in findings_of(ar(events)) if f[0] == "L001"] == []


# The exact text users read for each failing example: message and hint.
MESSAGES = {
    'L001': ('collected 1400.00 + credited 0.00 + written off 0.00 exceeds invoiced 1000.00 by 400.00', 'record the missing invoice, or correct the amount'),
    'L002': ('payment dated 2026-12-24, after 2026-11-30', 'record payments when the money has arrived'),
    'L003': ('write-off of 1200.00 exceeds the outstanding 1000.00 on 2026-06-01', 'write off at most what is outstanding on that date'),
    'L004': ('payment dated 2026-03-01 after the claim was transferred on 2026-02-01', 'a transferred claim belongs to its buyer: record nothing after the transfer'),
    'L005': ('invoice dated 2026-01-05 comes after an event dated 2026-03-01', 'keep events in date order'),
    'L006': ('recovered 1150.00 exceeds written off 1000.00', 'a payment after a write-off recovers at most what was written off'),
    'L007': ('payment ref `P1` is used twice', 'each receipt is recorded once; give a replacement its own ref'),
    'L008': ('schedule `租金` runs from 2026-05-01 to the earlier 2026-01-01', 'swap `from` and `to`'),
    'L009': ('receipt bank `P1` (400.00) is already booked at ledger/east/2026/AR-1.yaml:11 (同一笔回款重复入账)', 'book a receipt once; if it really pays several receivables, give each part `receipt: {ref: ..., total: ...}`'),
    'L010': ('receipt bank `HD-9` of 500.00 is booked as parts adding up to 400.00 (ledger/east/2026/AR-1.yaml:11 400.00)', 'the parts of one receipt add up to its total'),
    'L011': ('payment of 0.00 on 2026-03-01: an amount must be above zero (金额须大于零)', 'remove the event, or record the real amount'),
    'S015': ('credit_code `91350100M000100Y44` check digit is 4, expected 3 (统一社会信用代码无效)', 'copy the 18-character code from the business licence'),
    'S016': ('credit_code `91350100M000100Y43` is also 华东某置业有限公司 (D-0001, ledger/debtors/D-0001.yaml) (一户一档：重复的债务人)', 'merge into D-0001: one debtor, one file'),
    'R001': ('unknown debtor `D-9999`', 'add ledger/debtors/D-9999.yaml or fix the id'),
    'R002': ('unknown person `nobody` in `collector`', 'add them to policies/people.yaml or fix the id'),
    'R003': ('unknown unit `mars`', 'add it to policies/units.yaml or fix the id'),
    'R004': ('unknown receivable `AR-404`', "fix the id or add the receivable's file"),
    'R005': ("receivable `AR-1` belongs to debtor `D-0001`, not to the case's debtor `D-0002`", 'a case pursues one debtor: open another case for the other debtor'),
    'R006': ('evidence `../../etc/passwd` is outside the repository', 'store evidence in the repository, e.g. docs/<AR-ID>/, and give the path relative to its root'),
    'R007': ('`applies_to: NOPE` names no invoice', "use the `ref` of one of this receivable's invoices"),
}


@pytest.mark.parametrize("rule_id", sorted(MESSAGES))
def test_finding_text(rule_id, make_ledger):
    from qingqian.rules import check
    files, _ = FAILING[rule_id]
    found = [(f.message, f.hint) for f in check(make_ledger(files), date(2026, 11, 30)) if f.rule == rule_id]
    assert found == [MESSAGES[rule_id]]


@pytest.mark.parametrize("rule_id", [r for r in sorted(FAILING) if r[0] in "RL" and AR in FAILING[r][0]])
def test_rule_still_fires_after_a_clean_receivable(rule_id, findings_of):
    """A rule keeps looking after a clean record (no early `break` or `return`)."""
    files, expected = FAILING[rule_id]
    clean = GOOD.replace("id: AR-1", "id: AR-0").replace("ref: P1", "ref: P0")
    assert expected in findings_of({"ledger/east/2026/AR-0.yaml": clean, **files})


def test_small_over_collection_and_payment_on_the_as_of_date(findings_of):
    found = findings_of(ar(INV + PAY.replace('"400.00"', '"1000.50"').replace("2026-03-01", "2026-11-30")))
    assert ("L001", AR, 11) in found and not any(f[0] == "L002" for f in found)


def test_over_collection_ignores_reversed_payments_when_pointing(findings_of):
    events = (INV + PAY.replace('"400.00"', '"1000.00"').replace("method: bank", "method: note")
              + '- {date: 2026-03-02, type: payment, amount: "1000.00", method: bank, ref: P2}\n'
              + '- {date: 2026-03-03, type: reversal, ref: P1, reason: 退票}\n'
              + '- {date: 2026-03-05, type: payment, amount: "5.00", method: bank, ref: P3}\n')
    assert [f for f in findings_of(ar(events)) if f[0] == "L001"] == [("L001", AR, 14)]


def test_a_write_off_within_the_outstanding_passes_and_one_on_the_as_of_date_is_checked(findings_of):
    writeoff = ('- {date: 2026-11-30, type: writeoff, amount: "%s", basis: bankruptcy, '
                'evidence: [a.pdf], approved_by: [qian.fm]}\n')
    assert not any(f[0] in ("L001", "L003") for f in findings_of(ar(INV + PAY + writeoff % "600.00")))
    assert ("L003", AR, 12) in findings_of(ar(INV + PAY + writeoff % "600.01"))


def test_an_invoice_may_share_a_ref_with_a_payment(findings_of):
    events = INV.replace("ref: A", "ref: X1") + PAY.replace("ref: P1", "ref: X1")
    assert not any(f[0] == "L007" for f in findings_of(ar(events)))
