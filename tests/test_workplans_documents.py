"""Issue 22 part 1: required documents per receivable kind and case stage, what is held,
the findings when the file must be there (handover, litigation), and `qingqian documents`."""

from __future__ import annotations

from datetime import date

from conftest import as_json, policy_files, receivable
from qingqian.lifecycle.documents import gaps

AS_OF = date(2026, 11, 30)
AR = "ledger/east/2026/AR-1.yaml"
CASE = "cases/C-1.yaml"
DOCS = """\
documents:
  folder: evidence/
  kinds: {contract: 合同, settlement: 结算书, statement: 对账单, iou: 欠条, acknowledgment: 欠款确认书,
          licence: 营业执照, guarantee: 担保合同, demand-proof: 催收证据, power-of-attorney: 授权委托书}
  receivable:
    construction: [contract, settlement, [statement, acknowledgment]]
  stage:
    litigation: [[iou, acknowledgment], guarantee, licence, demand-proof, power-of-attorney]
  from_events: {acknowledgment: acknowledgment, demand: demand-proof}
  if_guarantors: [guarantee]
"""
OPEN = '- {date: 2026-01-01, type: invoice, amount: "100.00"}'
HANDOVER = OPEN + "\n- {date: 2026-11-01, type: handover, to: hq, by: qian.fm}"
FULL = """\
documents:
  - {kind: contract, sha256: %s, held: 档案室3号柜}
  - {kind: settlement, path: evidence/AR-1/结算书.pdf}
  - {kind: statement, path: evidence/AR-1/对账单.pdf, date: 2026-10-01}
""" % ("a" * 64)


def files(**extra: str) -> dict[str, str]:
    rules = policy_files()["policies/rules.yaml"] + DOCS
    return {"policies/rules.yaml": rules, **extra}


def rules_of(found: list[tuple], prefix: str = "P03") -> list[tuple]:
    return [f for f in found if f[0].startswith(prefix)]


def test_a_handover_without_its_file_is_p034_at_the_handover(findings_of):
    found = findings_of(files(**{AR: receivable(events=HANDOVER)}))
    assert ("P034", AR, 11) in found


def test_a_handover_with_the_whole_file_passes(findings_of):
    assert rules_of(findings_of(files(**{AR: receivable(extra=FULL, events=HANDOVER)}))) == []


def test_an_open_receivable_not_handed_over_lists_its_gap_without_a_finding(make_ledger,
                                                                            findings_of):
    ledger = make_ledger(files(**{AR: receivable(events=OPEN)}))
    (gap,) = gaps(ledger, AS_OF)
    assert (gap.blocking, gap.missing) == (False, ("contract", "settlement", "statement|acknowledgment"))
    assert rules_of(findings_of(files(**{AR: receivable(events=OPEN)}))) == []


def test_a_document_dated_after_as_of_is_not_yet_held(make_ledger):
    ledger = make_ledger(files(**{AR: receivable(extra=FULL, events=OPEN)}))
    (gap,) = gaps(ledger, date(2026, 9, 30))
    assert gap.missing == ("statement|acknowledgment",)


def test_document_needs_a_path_or_a_hash_and_where_the_paper_is(findings_of):
    bad = receivable(extra="""\
        documents:
          - {kind: contract, sha256: %s}
          - {kind: settlement, path: ../outside.pdf}
          - {kind: statement, path: scans/对账单.pdf}
          - {kind: photo, sha256: ABC, held: 柜子}
        """ % ("b" * 64))
    found = rules_of(findings_of(files(**{AR: bad})))
    assert ("P031", AR, 10) in found and ("P031", AR, 11) in found
    assert ("P032", AR, 12) in found  # outside evidence/: a warning
    assert ("P031", AR, 13) in found and ("P033", AR, 13) in found  # bad hash, unlisted kind


LITIGATION = """\
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: litigation
stages:
  - {date: 2026-09-01, stage: documents}
  - {date: 2026-10-01, stage: litigation, court: 某区人民法院}
"""


def test_a_case_in_litigation_without_its_bundle_is_p035(findings_of):
    found = findings_of(files(**{AR: receivable(events=OPEN), CASE: LITIGATION}))
    assert ("P035", CASE, 8) in found


def test_the_bundle_counts_documents_of_the_receivables_and_events_with_evidence(findings_of):
    events = OPEN + """
- {date: 2026-03-01, type: acknowledgment, amount: "100.00", signed_by: 对方, evidence: [evidence/AR-1/确认书.pdf]}
- {date: 2026-04-01, type: demand, method: lawyer-letter, delivered: 2026-04-03, evidence: [EMS1]}"""
    case = LITIGATION + """\
documents:
  - {kind: licence, path: evidence/C-1/执照.pdf}
  - {kind: power-of-attorney, path: evidence/C-1/授权委托书.pdf}
"""
    # D-0001 has no guarantors, so no guarantee contract is asked for
    assert rules_of(findings_of(files(**{AR: receivable(events=events), CASE: case}))) == []
    undelivered = events.replace("delivered: 2026-04-03, ", "")
    found = findings_of(files(**{AR: receivable(events=undelivered), CASE: case}))
    assert ("P035", CASE, 8) in found


def test_a_ledger_without_documents_rules_asks_for_nothing(findings_of):
    assert rules_of(findings_of({AR: receivable(events=HANDOVER), CASE: LITIGATION})) == []


def test_documents_command_lists_gaps_by_collector_in_every_format(qq):
    code, out = qq("documents", "--as-of", "2026-11-30", "--format", "json",
                   files=files(**{AR: receivable(events=HANDOVER), CASE: LITIGATION}))
    rows = as_json(out)["rows"]
    assert code == 0
    assert [(r["person"], r["record"], r["required_for"], r["blocking"]) for r in rows] == [
        ("li.si", "AR-1", "handover", True), ("wang.fa", "C-1", "litigation", True)]
    assert rows[1]["missing"] == ["iou|acknowledgment", "licence", "demand-proof",
                                  "power-of-attorney"]
    code, out = qq("documents", "--as-of", "2026-11-30")
    assert "移交清欠办" in out and "欠条或欠款确认书" in out and "李四" in out
    for fmt in ("csv", "markdown"):
        assert "AR-1" in qq("documents", "--as-of", "2026-11-30", "--format", fmt)[1]
    code, out = qq("documents", "--as-of", "2026-11-30", "--collector", "wang.fa", "--format", "json")
    assert [r["record"] for r in as_json(out)["rows"]] == ["C-1"]


def test_the_demo_documents_at_2026_11_30():
    from conftest import ROOT
    from qingqian.ledger import load
    ledger = load(ROOT)
    found = {g.record: g for g in gaps(ledger, AS_OF)}
    assert "AR-2022-0001" not in found  # handed over with its whole file
    assert found["AR-2023-0004"].missing[2] == "statement|acknowledgment"
    assert not [g for g in found.values() if g.blocking]


def test_a_handover_must_name_a_unit(findings_of):
    events = HANDOVER.replace("to: hq", "to: recovery-office")
    assert ("P040", AR, 15) in findings_of(files(**{AR: receivable(extra=FULL, events=events)}))
    assert not [f for f in findings_of(files(**{AR: receivable(extra=FULL, events=HANDOVER)}))
                if f[0] == "P040"]


def test_record_refuses_a_handover_without_the_file_and_writes_a_call(qq, tmp_path):
    code, out = qq("record", "handover", "AR-1", "--to", "hq", "--date", "2026-11-30",
                   "--as-of", "2026-11-30", files=files(**{AR: receivable(events=OPEN)}))
    assert code == 1 and "P034" in out
    assert "handover" not in (tmp_path / AR).read_text(encoding="utf-8")
    code, _ = qq("record", "call", "AR-1", "--by", "li.si", "--with", "对方财务", "--date",
                 "2026-11-30", "--as-of", "2026-11-30")
    assert code == 0
    assert "type: call, by: li.si, with: 对方财务" in (tmp_path / AR).read_text(encoding="utf-8")
