"""`qingqian import`: a legacy 台账 becomes debtors and receivables whose totals match the sheet."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT
from qingqian.ledger import load
from qingqian.rules import check
from qingqian.write.importer import CellProblem, amount_of, date_of

EXAMPLE = ROOT / "examples" / "import"
SHEET, MAPPING = EXAMPLE / "台账示例.xlsx", EXAMPLE / "mapping.yaml"
AS_OF = "2026-11-30"
# the sheet's readable rows, summed by hand: 应收, 已收, 未收
SHEET_TOTALS = {"invoiced": "9486387.38", "collected": "6113520.65", "outstanding": "3372866.73"}


@pytest.fixture
def policies_only(tmp_path: Path) -> Path:
    """The demo's policies (units, people, rules; targets name demo receivables) and no ledger."""
    shutil.copytree(ROOT / "policies", tmp_path / "policies",
                    ignore=shutil.ignore_patterns("targets"))
    return tmp_path


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "ledger").rglob("*")) if p.is_file()}


def test_amount_cells() -> None:
    assert amount_of(0.1 + 0.2) == Decimal("0.30")  # a float cell: Decimal(repr(float)), cents
    assert amount_of(560000.5) == Decimal("560000.50")
    assert amount_of(45800) == Decimal("45800.00")
    assert amount_of("2,380,000.00") == Decimal("2380000.00")
    assert amount_of("￥58,300.80") == Decimal("58300.80")
    assert amount_of("") is None and amount_of(None) is None
    for bad in ("十二万", "1.234", "-5", "1e3x"):
        with pytest.raises(CellProblem):
            amount_of(bad)


def test_date_cells() -> None:
    assert date_of(datetime(2024, 5, 10, 0, 0)) == date(2024, 5, 10)
    for text in ("2024/5/10", "2024-05-10", "2024.5.10", "2024年5月10日", "20240510"):
        assert date_of(text) == date(2024, 5, 10), text
    assert date_of(45422) == date(2024, 5, 10)  # an Excel serial day number
    for bad in ("2025/13/45", "5/10/2024", "明天"):
        with pytest.raises(CellProblem):
            date_of(bad)


def test_example_sheet_is_what_make_example_builds(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    out = tmp_path / "x.xlsx"
    subprocess.run([sys.executable, "-c", (f"import sys; sys.path.insert(0, {str(EXAMPLE)!r}); "
                    f"import make_example; make_example.build(__import__('pathlib').Path({str(out)!r}))")],
                   check=True)
    rows = [list(load_workbook(p).worksheets[0].values) for p in (SHEET, out)]
    assert rows[0] == rows[1]


def test_import_example_then_total_agrees_to_the_cent(qq, policies_only: Path) -> None:
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--as-of", AS_OF,
                   root=policies_only)
    assert code == 0, out
    assert "receivables to create: 13" in out and "debtors to create: 9" in out
    assert "row 15: bad amount '十二万'" in out and "row 16: bad date '2025/13/45'" in out
    assert "totals agree to the cent" in out
    code, out = qq("total", "--format", "json", "--as-of", AS_OF, root=policies_only)
    assert code == 0
    totals = json.loads(out)["totals"]
    assert {k: totals[k] for k in SHEET_TOTALS} == SHEET_TOTALS
    ledger = load(policies_only)
    assert not [f for f in check(ledger, date(2026, 11, 30)) if f.severity == "error"]
    rec = next(r for r in ledger.receivables.values() if r.contract and r.contract.no == "HT-2024-215")
    assert [(e.type, e.amount) for e in rec.events] == [("invoice", Decimal("2380000.00")),
                                                         ("payment", Decimal("1000000.00"))]
    assert rec.events[1].ref == "IMPORT-3" and rec.events[1].method == "bank"
    assert rec.events[1].date == date(2025, 12, 31)
    assert rec.unit == "build" and rec.responsible == "li.si"


def test_importing_twice_creates_nothing_the_second_time(qq, policies_only: Path) -> None:
    args = ("import", str(SHEET), "--mapping", str(MAPPING), "--as-of", AS_OF)
    assert qq(*args, root=policies_only)[0] == 0
    first = files_of(policies_only)
    code, out = qq(*args, root=policies_only)
    assert code == 0
    assert "receivables to create: 0" in out and "already imported (skipped): 13" in out
    assert "totals agree to the cent" in out
    assert files_of(policies_only) == first


def test_dry_run_reports_and_writes_nothing(qq, policies_only: Path) -> None:
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--dry-run", "--as-of", AS_OF,
                   root=policies_only)
    assert code == 0
    assert "receivables to create: 13" in out and "totals agree to the cent" in out
    assert not (policies_only / "ledger").exists()


def test_import_into_the_demo_ledger_matches_existing_debtors(qq, tmp_path: Path) -> None:
    for top in ("ledger", "cases", "policies", "docs"):
        shutil.copytree(ROOT / top, tmp_path / top)
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--dry-run", "--as-of", AS_OF,
                   root=tmp_path)
    assert code == 0, out
    assert "debtors to create: 8" in out  # 江州铁塔通信有限公司 is already a debtor
    assert "totals agree to the cent" in out


CSV = """\
客户名称,合同编号,开票日期,到期日,应收金额,已收金额,经办人,单位
江州甲公司,HT-1,2024/5/10,2024/6/30,"1,000.00",400,李四,east
江州甲公司,HT-2,2024-07-01,,500.5,,li.si,east
,HT-3,2024-07-01,,100,,李四,east
江州乙公司,HT-4,2024-07-01,,100,200,李四,east
江州乙公司,HT-5,2024-07-01,,100,,无名氏,east
江州乙公司,HT-6,2024-07-01,,100,,李四,north
"""
CSV_MAPPING = """\
columns: {客户名称: debtor, 合同编号: contract, 开票日期: date, 到期日: due, 应收金额: invoiced,
          已收金额: collected, 经办人: responsible, 单位: unit}
defaults: {kind: goods, paid_on: 2024-12-31}
"""


def test_csv_import_reports_each_unreadable_row(qq, tmp_path: Path) -> None:
    from conftest import write_ledger
    write_ledger(tmp_path, {"in.csv": CSV.encode("utf-8-sig"), "map.yaml": CSV_MAPPING})
    code, out = qq("import", str(tmp_path / "in.csv"), "--mapping", str(tmp_path / "map.yaml"),
                   "--as-of", AS_OF)
    assert code == 0, out
    assert "row 4: missing customer" in out
    assert "row 5: collected 200.00 exceeds the receivable 100.00" in out
    assert "row 6: unknown responsible '无名氏'" in out
    assert "row 7: unknown unit 'north'" in out
    assert "receivables to create: 2" in out and "debtors to create: 1" in out
    ledger = load(tmp_path)
    assert sum(ledger.position(r, date(2026, 11, 30)).outstanding
               for r in ledger.receivables.values() if r.kind == "goods") == Decimal("1100.50")
