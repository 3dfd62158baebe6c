"""`qingqian record`: comments survive, refusals leave files alone, --dry-run writes nothing."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import DEBTOR, receivable, write_ledger
from qingqian.ledger import load
from qingqian.rules import check
from qingqian.write import sequence_offset

AS_OF = "2026-11-30"
# a write-off's basis must agree with the facts and its evidence must exist (DESIGN §6.7)
WRITEOFF_FACTS = {"ledger/debtors/D-0001.yaml": DEBTOR.replace("status: active", "status: bankrupt"),
                  "docs/AR-1/collection.pdf": b"%PDF-1.4\n", "docs/a.pdf": b"%PDF-1.4\n"}
PATH = "ledger/east/2024/AR-1.yaml"
COMMENTED = """\
# yaml-language-server: $schema=../../../schemas/receivable.schema.json
# 某大厦二期土建：对方资金紧张，重点跟踪
id: AR-1            # 债权编号
debtor: D-0001
unit: east
kind: construction
title: '某大厦二期土建工程进度款'   # quoted on purpose
contract: {no: HT-2023-118, amount: "8600000.00"}   # 合同
responsible: zhang.san
collector: li.si
difficulty: normal
terms: {due_days: 30}
events:
  # 第一次结算
  - {date: 2024-01-20, type: invoice, amount: "1250000.00", due: 2024-02-29, ref: JS-118}   # 结算单
  - {date: 2024-05-10, type: payment, amount: "300000.00", method: bank, ref: HD-0091}  # 回款
"""


def added_lines(old: str, new: str) -> list[str]:
    """Lines the diff adds; fails if it removes or changes any."""
    diff = [d for d in difflib.ndiff(old.splitlines(), new.splitlines()) if d[:1] in "+-?"]
    assert not [d for d in diff if d[:1] in "-?"], diff
    return [d[2:] for d in diff]


def test_payment_into_commented_file_adds_exactly_one_line(qq, tmp_path: Path) -> None:
    code, out = qq("record", "payment", "AR-1", "--amount", "200000", "--date", "2024-06-30",
                   "--ref", "HD-0102", "--method", "bank", "--as-of", AS_OF,
                   files={PATH: COMMENTED})
    assert code == 0, out
    new = (tmp_path / PATH).read_text(encoding="utf-8")
    assert added_lines(COMMENTED, new) == [
        '  - {date: 2024-06-30, type: payment, amount: "200000.00", method: bank, ref: HD-0102}']
    assert new.startswith(COMMENTED)


def test_refuses_payment_beyond_outstanding(qq, tmp_path: Path) -> None:
    code, out = qq("record", "payment", "AR-1", "--amount", "2000000.00", "--date", "2024-06-30",
                   "--ref", "HD-0103", "--method", "bank", "--as-of", AS_OF,
                   files={PATH: COMMENTED})
    assert code == 1
    assert "L001" in out
    assert (tmp_path / PATH).read_text(encoding="utf-8") == COMMENTED


def test_dry_run_prints_diff_and_writes_nothing(qq, tmp_path: Path) -> None:
    code, out = qq("record", "visit", "AR-1", "--by", "li.si", "--with", "对方财务总监",
                   "--signed", "--note", "对方确认欠款", "--date", "2024-08-02", "--dry-run",
                   "--as-of", AS_OF, files={PATH: COMMENTED})
    assert code == 0
    assert f"+++ b/{PATH}" in out
    assert "+  - {date: 2024-08-02, type: visit, by: li.si, with: 对方财务总监, signed: true, " \
           "note: 对方确认欠款}" in out
    assert (tmp_path / PATH).read_text(encoding="utf-8") == COMMENTED


EVERY_TYPE = [
    ("invoice", ["--amount", "1000", "--due", "2024-09-30", "--ref", "JS-2",  # on credit hold
                 "--override-by", "qian.fm", "--override-reason", "集团批准继续供货"]),
    ("payment", ["--amount", "1000", "--ref", "HD-9", "--method", "cash", "--applies-to", "JS-118"]),
    ("credit", ["--amount", "1000", "--reason", "质量扣款", "--approved-by", "qian.fm"]),
    ("visit", ["--by", "li.si", "--unsigned", "--evidence", "docs/AR-1/visit.pdf"]),
    ("demand", ["--method", "lawyer-letter", "--delivered", "2024-08-05",
                "--evidence", "EMS1234567890"]),
    ("acknowledgment", ["--amount", "950000", "--signed-by", "对方公司（盖章）",
                        "--evidence", "docs/AR-1/ack.pdf"]),
    ("promise", ["--amount", "500000", "--by-date", "2024-09-30"]),
    ("assign", ["--to", "wang.wu", "--note", "工作调整"]),
    ("writeoff", ["--amount", "1000", "--basis", "bankruptcy", "--approved-by", "qian.fm",
                  "--evidence", "docs/AR-1/collection.pdf"]),
    ("transfer", ["--to", "某资产管理公司", "--price", "100000", "--evidence", "docs/AR-1/t.pdf"]),
    ("reversal", ["--ref", "HD-0091", "--reason", "银行退汇"]),
]


@pytest.mark.parametrize("event_type,args", EVERY_TYPE, ids=[t for t, _ in EVERY_TYPE])
def test_every_event_type_records_cleanly(qq, tmp_path: Path, event_type: str, args: list) -> None:
    code, out = qq("record", event_type, "AR-1", "--date", "2024-08-02", *args,
                   "--as-of", AS_OF, files={PATH: COMMENTED, **WRITEOFF_FACTS})
    assert code == 0, out
    new = (tmp_path / PATH).read_text(encoding="utf-8")
    (line,) = added_lines(COMMENTED, new)
    assert line.startswith(f"  - {{date: 2024-08-02, type: {event_type}, ")
    rec = load(tmp_path).receivables["AR-1"]
    assert rec.events[-1].type == event_type


def test_writeoff_accountability_is_a_nested_flow_mapping(qq, tmp_path: Path) -> None:
    code, out = qq("record", "writeoff", "AR-1", "--date", "2024-08-02", "--amount", "1000",
                   "--basis", "bankruptcy", "--approved-by", "qian.fm",
                   "--approved-by", "sun.cfo", "--evidence", "docs/a.pdf",
                   "--accountability-kind", "personal", "--accountability-who", "zhang.san",
                   "--accountability-action", "通报批评", "--dry-run", "--as-of", AS_OF,
                   files={PATH: COMMENTED, **WRITEOFF_FACTS})
    assert code == 0, out
    assert ("approved_by: [qian.fm, sun.cfo], accountability: {kind: personal, who: zhang.san, "
            "action: 通报批评}, evidence: [docs/a.pdf]}") in out


def test_unsafe_text_is_quoted_and_reads_back(qq, tmp_path: Path) -> None:
    code, out = qq("record", "payment", "AR-1", "--date", "2024-06-30", "--amount", "1.5",
                   "--ref", "0091", "--method", "bank", "--note", "对方: 说 #明天 yes",
                   "--evidence", "yes", "--as-of", AS_OF, files={PATH: COMMENTED})
    assert code == 0, out
    new = (tmp_path / PATH).read_text(encoding="utf-8")
    assert 'amount: "1.50"' in new and 'ref: "0091"' in new and 'evidence: ["yes"]' in new
    ledger = load(tmp_path)
    assert not [f for f in check(ledger, __import__("datetime").date(2026, 11, 30))
                if f.path == PATH and f.severity == "error"]
    assert ledger.receivables["AR-1"].events[-1].note == "对方: 说 #明天 yes"


def test_usage_problems_exit_2_and_write_nothing(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {PATH: COMMENTED})
    for args in (["payment", "AR-1", "--amount", "1.234", "--ref", "X", "--method", "bank"],
                 ["payment", "AR-1", "--amount", "10"],  # no --ref, no --method
                 ["visit", "AR-1", "--amount", "10"],  # visits have no amount
                 ["payment", "AR-404", "--amount", "1", "--ref", "X", "--method", "bank"]):
        code, _ = qq("record", *args, "--as-of", AS_OF)
        assert code == 2, args
    assert (tmp_path / PATH).read_text(encoding="utf-8") == COMMENTED


def test_file_without_events_gets_an_events_list(qq, tmp_path: Path) -> None:
    code, out = qq("record", "invoice", "AR-2", "--date", "2024-01-05", "--amount", "5000",
                   "--ref", "JS-1", "--as-of", AS_OF,
                   files={"ledger/east/2024/AR-2.yaml": receivable("AR-2")})
    assert code == 0, out
    assert load(tmp_path).receivables["AR-2"].events[0].amount == __import__("decimal").Decimal("5000.00")


def test_unindented_sequence_style_is_kept(qq, tmp_path: Path) -> None:
    text = receivable("AR-3") + "events:\n- {date: 2024-01-05, type: invoice, amount: \"5000.00\"}\n"
    assert sequence_offset(text) == 0
    code, out = qq("record", "credit", "AR-3", "--date", "2024-02-01", "--amount", "100",
                   "--as-of", AS_OF, files={"ledger/east/2024/AR-3.yaml": text})
    assert code == 0, out
    new = (tmp_path / "ledger/east/2024/AR-3.yaml").read_text(encoding="utf-8")
    assert added_lines(text, new) == ['- {date: 2024-02-01, type: credit, amount: "100.00"}']


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    from datetime import date

    from qingqian.write import WriteProblem, apply
    from qingqian.write.record import EventInput, record

    write_ledger(tmp_path, {PATH: COMMENTED})
    outcome = record(tmp_path, "AR-1", EventInput("promise", date(2024, 8, 2), {
        "amount": "100", "by_date": date(2024, 9, 30)}), date(2026, 11, 30))
    assert outcome.ok
    (tmp_path / PATH).write_text(COMMENTED + "note: 同事刚加的\n", encoding="utf-8")
    with pytest.raises(WriteProblem):
        apply(tmp_path, outcome)
    assert (tmp_path / PATH).read_text(encoding="utf-8").endswith("note: 同事刚加的\n")


def test_invalid_yaml_file_is_a_usage_problem(qq, tmp_path: Path) -> None:
    broken = COMMENTED + "  - {date: 2024-06-01, type: payment\n"
    code, _ = qq("record", "assign", "AR-1", "--to", "wang.wu", "--as-of", AS_OF,
                 files={PATH: broken})
    assert code == 2
    assert (tmp_path / PATH).read_text(encoding="utf-8") == broken
