"""`qingqian new`: fresh ids, the right folder, the schema line, and a file that passes check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import receivable, write_ledger
from qingqian.ledger import load
from qingqian.rules import check
from qingqian.write.new import next_id

AS_OF = "2026-11-30"


def errors(root: Path) -> list:
    return [f for f in check(load(root), date(2026, 11, 30)) if f.severity == "error"]


def test_next_id_continues_after_the_highest_and_never_reuses_gaps() -> None:
    taken = {"AR-2024-0001", "AR-2024-0007", "AR-2025-0100", "D-0003"}
    assert next_id("AR-2024-", 4, taken) == "AR-2024-0008"
    assert next_id("AR-2026-", 4, taken) == "AR-2026-0001"
    assert next_id("D-", 4, taken) == "D-0004"
    assert next_id("C-2026-", 3, set()) == "C-2026-001"


def test_new_debtor_receivable_and_case(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {"ledger/east/2024/AR-2024-0007.yaml": receivable("AR-2024-0007")})
    code, out = qq("new", "debtor", "--name", "江州某某有限公司", "--type", "private",
                   "--as-of", AS_OF)
    assert code == 0, out
    debtor = (tmp_path / "ledger/debtors/D-0002.yaml").read_text(encoding="utf-8")
    assert debtor.startswith("# yaml-language-server: $schema=../../schemas/debtor.schema.json\n"
                             "id: D-0002\nname: 江州某某有限公司\ntype: private\n")
    code, out = qq("new", "receivable", "--debtor", "D-0002", "--unit", "east",
                   "--title", "某项目货款", "--responsible", "zhang.san", "--collector", "li.si",
                   "--kind", "goods", "--contract", "HT-9", "--due-days", "30",
                   "--amount", "12000", "--date", "2024-03-01", "--ref", "XS-1", "--as-of", AS_OF)
    assert code == 0, out
    path = tmp_path / "ledger/east/2024/AR-2024-0008.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/receivable.schema.json\n")
    assert "contract: {no: HT-9}\n" in text and "terms: {due_days: 30}\n" in text
    assert '  - {date: 2024-03-01, type: invoice, amount: "12000.00", ref: XS-1}\n' in text
    code, out = qq("new", "case", "--receivable", "AR-2024-0008", "--owner", "wang.fa",
                   "--strategy", "negotiation", "--as-of", AS_OF)
    assert code == 0, out
    case = (tmp_path / "cases/C-2026-001.yaml").read_text(encoding="utf-8")
    assert "debtor: D-0002\nreceivables: [AR-2024-0008]\n" in case
    assert "  - {date: 2026-11-30, stage: documents}\n" in case
    assert errors(tmp_path) == []
    ledger = load(tmp_path)
    assert {"D-0002", "AR-2024-0008", "C-2026-001"} <= {*ledger.debtors, *ledger.receivables,
                                                        *ledger.cases}


def test_new_ids_are_fresh_each_time(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {})
    made = []
    for _ in range(3):
        code, _out = qq("new", "receivable", "--debtor", "D-0001", "--unit", "west",
                        "--title", "T", "--responsible", "li.si", "--year", "2026",
                        "--as-of", AS_OF)
        assert code == 0
    made = sorted(p.name for p in (tmp_path / "ledger/west/2026").iterdir())
    assert made == ["AR-2026-0001.yaml", "AR-2026-0002.yaml", "AR-2026-0003.yaml"]


def test_new_refuses_a_file_that_would_fail_check(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {})
    code, out = qq("new", "receivable", "--debtor", "D-9999", "--unit", "east", "--title", "T",
                   "--responsible", "nobody", "--as-of", AS_OF)
    assert code == 1
    assert "R001" in out and "R002" in out
    assert not (tmp_path / "ledger/east").exists()


def test_new_dry_run_writes_nothing(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {})
    code, out = qq("new", "debtor", "--name", "某人", "--type", "individual", "--dry-run")
    assert code == 0
    assert "+++ b/ledger/debtors/D-0002.yaml" in out and "+name: 某人" in out
    assert not (tmp_path / "ledger/debtors/D-0002.yaml").exists()
