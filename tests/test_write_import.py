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
OPENED = "2026-01-01"  # the day after the sheet's cut-off (its 回款日期 run to 2025-12-31)


@pytest.fixture
def policies_only(tmp_path: Path) -> Path:
    """The demo's policies (units, people, rules; targets name demo receivables) and no ledger."""
    shutil.copytree(ROOT / "policies", tmp_path / "policies",
                    ignore=shutil.ignore_patterns("targets"))
    without_opened(tmp_path)
    return tmp_path


def without_opened(root: Path) -> None:
    """The demo's rules.yaml less its `opened` (2022-01-01): the import here sets its own."""
    rules = root / "policies/rules.yaml"
    rules.write_text("".join(line for line in rules.read_text(encoding="utf-8").splitlines(True)
                             if not line.startswith("opened:")), encoding="utf-8")


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
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--opened", OPENED, "--as-of", AS_OF,
                   root=policies_only)
    assert code == 0, out
    assert "receivables to create: 13" in out and "debtors to create: 9" in out
    assert "row 15: 拒绝 refused bad amount '十二万'" in out
    assert "row 16: 拒绝 refused bad date '2025/13/45'" in out
    assert "reconciled to the cent" in out
    code, out = qq("total", "--format", "json", "--as-of", AS_OF, root=policies_only)
    assert code == 0
    totals = json.loads(out)["totals"]
    assert (totals["invoiced"], totals["outstanding"]) == (SHEET_TOTALS["invoiced"], SHEET_TOTALS["outstanding"])
    assert totals["collected"] == "0.00"  # history is an opening balance, not this year's money
    ledger = load(policies_only)
    assert ledger.rules.opened == date(2026, 1, 1)  # --opened was written to rules.yaml
    assert not [f for f in check(ledger, date(2026, 11, 30)) if f.severity == "error"]
    rec = next(r for r in ledger.receivables.values() if r.contract and r.contract.no == "HT-2024-215")
    assert [(e.type, e.amount) for e in rec.events] == [("invoice", Decimal("2380000.00")),
                                                         ("opening", Decimal("1380000.00"))]
    opening = rec.events[1]
    assert (opening.date, opening.as_of, opening.source) == (date(2026, 1, 1), date(2026, 1, 1),
                                                             "台账示例.xlsx 应收台账 第3行")
    assert rec.unit == "build" and rec.responsible == "li.si"
    assert rec.import_key is not None and rec.import_key.startswith("HT-2024-215#")


def test_imported_history_is_no_collection_and_earns_no_commission(qq, policies_only: Path) -> None:
    assert qq("import", str(SHEET), "--mapping", str(MAPPING), "--opened", OPENED, "--as-of", AS_OF,
              root=policies_only)[0] == 0
    for month in ("2025-12", "2026-01", "2026-11"):
        code, out = qq("monthly", "--month", month, "--format", "json", "--as-of", AS_OF, root=policies_only)
        assert code == 0 and json.loads(out)["totals"]["amount"] == "0.00", (month, out)
        code, out = qq("commission", "--period", month, "--format", "json", "--as-of", AS_OF,
                       root=policies_only)
        assert code == 0 and json.loads(out)["rows"] == [], (month, out)


def test_import_without_an_opening_date_says_how_to_give_one(qq, policies_only: Path) -> None:
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--as-of", AS_OF, root=policies_only)
    assert code == 2 and not (policies_only / "ledger").exists()


def test_importing_twice_creates_nothing_the_second_time(qq, policies_only: Path) -> None:
    args = ("import", str(SHEET), "--mapping", str(MAPPING), "--opened", OPENED, "--as-of", AS_OF)
    assert qq(*args, root=policies_only)[0] == 0
    first = files_of(policies_only)
    code, out = qq(*args, root=policies_only)
    assert code == 0
    assert "receivables to create: 0" in out and "未变 unchanged 13" in out
    assert "row 3: 未变 unchanged AR-2024-0002" in out
    assert "reconciled to the cent" in out
    assert files_of(policies_only) == first


def test_dry_run_reports_and_writes_nothing(qq, policies_only: Path) -> None:
    rules = (policies_only / "policies/rules.yaml").read_bytes()
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--dry-run", "--opened", OPENED,
                   "--as-of", AS_OF, root=policies_only)
    assert code == 0
    assert "receivables to create: 13" in out and "reconciled to the cent" in out
    assert not (policies_only / "ledger").exists()
    assert (policies_only / "policies/rules.yaml").read_bytes() == rules


def test_import_into_the_demo_ledger_matches_existing_debtors(qq, tmp_path: Path) -> None:
    for top in ("ledger", "cases", "policies", "docs"):
        shutil.copytree(ROOT / top, tmp_path / top)
    without_opened(tmp_path)
    code, out = qq("import", str(SHEET), "--mapping", str(MAPPING), "--dry-run", "--opened", OPENED,
                   "--as-of", AS_OF, root=tmp_path)
    assert code == 0, out
    assert "debtors to create: 8" in out  # 江州铁塔通信有限公司 is already a debtor
    assert "reconciled to the cent" in out


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
                   "--opened", "2025-01-01", "--as-of", AS_OF)
    assert code == 0, out
    assert "row 4: 拒绝 refused missing customer" in out
    assert "row 5: 拒绝 refused collected 200.00 exceeds the receivable 100.00" in out
    assert "row 6: 拒绝 refused unknown responsible '无名氏'" in out
    assert "row 7: 拒绝 refused unknown unit 'north'" in out
    assert "receivables to create: 2" in out and "debtors to create: 1" in out
    ledger = load(tmp_path)
    assert sum(ledger.position(r, date(2026, 11, 30)).outstanding
               for r in ledger.receivables.values() if r.kind == "goods") == Decimal("1100.50")


# --- a sheet built here: a duplicated row, unreadable rows, a row after `opened` ----------------

HEADER = ("序号", "客户名称", "合同编号", "开票日期", "到期日", "应收金额", "已收金额", "回款日期", "经办人",
          "单位", "备注")
ROWS = [
    (1, "江州甲公司", "HT-2023-110", datetime(2023, 5, 10), datetime(2023, 6, 30), 914742.37, 500000,
     datetime(2025, 12, 31), "李四", "east", ""),
    (2, "江州乙公司", "HT-2024-001", "2024/3/1", "2024/4/30", "20,000.00", 0, None, "李四", "east", ""),
    (3, "江州甲公司", "HT-2023-110", datetime(2023, 5, 10), datetime(2023, 6, 30), 914742.37, 500000,
     datetime(2025, 12, 31), "李四", "east", "复制粘贴多了一行"),
    (4, "江州丙公司", "HT-2024-002", "2024/2/30", None, 10000, 0, None, "李四", "east", "日期不存在"),
    (5, "江州丙公司", "HT-2024-003", "2024-04-01", None, "一万", 0, None, "李四", "east", "金额写成汉字"),
    (6, "江州丁公司", "HT-2026-001", "2026-02-01", "2026-03-31", 30000, 10000, "2026-03-15", "李四",
     "east", "接管后的新业务"),
]
MAP = """\
sheet: 台账
columns: {序号: ~, 备注: ~, 客户名称: debtor, 合同编号: contract, 开票日期: date, 到期日: due,
          应收金额: invoiced, 已收金额: collected, 回款日期: paid_date, 经办人: responsible, 单位: unit}
defaults: {kind: construction}
"""


def build_sheet(path: Path, rows: list[tuple]) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def books(tmp_path: Path) -> Path:
    from conftest import write_ledger
    root = tmp_path / "books"
    write_ledger(root, {"map.yaml": MAP})
    build_sheet(root / "台账.xlsx", ROWS)
    return root


def run_import(qq, root: Path, *extra: str, sheet: str = "台账.xlsx") -> tuple[int, str]:
    return qq("import", str(root / sheet), "--mapping", str(root / "map.yaml"), "--opened", "2026-01-01",
              "--as-of", AS_OF, *extra, root=root)


def line_of(out: str, start: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.startswith(start))


def test_duplicates_and_unreadable_rows_are_refused_and_the_totals_reconcile(qq, books: Path) -> None:
    code, out = run_import(qq, books)
    assert code == 0, out
    assert ("row 2: 拒绝 refused duplicate of row 4 / 与第4行重复 (same customer, contract, invoice date "
            "and amount); --allow-duplicates imports both") in out
    assert "row 4: 拒绝 refused duplicate of row 2 / 与第2行重复" in out
    assert "row 5: 拒绝 refused bad date '2024/2/30'" in out and "row 6: 拒绝 refused bad amount '一万'" in out
    assert "row 3: 新增 new" in out and "row 7: 新增 new" in out
    assert line_of(out, "sheet")[-3:] == ["1,889,484.74", "1,010,000.00", "879,484.74"]
    assert line_of(out, "imported")[4:7] == ["50,000.00", "10,000.00", "40,000.00"]
    assert line_of(out, "refused")[4:] == ["1,839,484.74", "1,000,000.00", "839,484.74", "rows", "2,", "4,", "5,", "6"]
    assert line_of(out, "ledger")[4:7] == ["50,000.00", "10,000.00", "40,000.00"]
    assert "row 6: 应收 cannot be read, so it is in no total" in out
    assert "reconciled to the cent" in out
    ledger = load(books)
    assert sorted(r.contract.no for r in ledger.receivables.values()) == ["HT-2024-001", "HT-2026-001"]
    after = next(r for r in ledger.receivables.values() if r.contract.no == "HT-2026-001")
    assert [(e.type, e.date, e.amount) for e in after.events] == [
        ("invoice", date(2026, 2, 1), Decimal("30000.00")),
        ("payment", date(2026, 3, 15), Decimal("10000.00"))]  # after `opened`: the ledger's own money


def test_allow_duplicates_imports_both_keyed_by_row(qq, books: Path) -> None:
    code, out = run_import(qq, books, "--allow-duplicates")
    assert code == 0, out
    ledger = load(books)
    twins = sorted(r.import_key for r in ledger.receivables.values() if r.contract.no == "HT-2023-110")
    assert len(twins) == 2 and [k.rsplit("@", 1)[1] for k in twins] == ["2", "4"]
    assert twins[0].split("@")[0] == twins[1].split("@")[0]
    assert line_of(out, "ledger")[4:7] == ["1,879,484.74", "1,010,000.00", "869,484.74"]
    code, out = run_import(qq, books, "--allow-duplicates")
    assert "row 2: 未变 unchanged" in out and "row 4: 未变 unchanged" in out and "新增 new 0" in out


def test_reimport_says_what_changed_and_update_records_the_payment(qq, books: Path) -> None:
    assert run_import(qq, books)[0] == 0
    later = [r[:6] + (25000, "2026-06-30") + r[8:] if r[0] == 6 else r for r in ROWS]
    later.append((7, "江州戊公司", "HT-2026-009", "2026-07-01", None, 8000, 0, None, "李四", "east", ""))
    build_sheet(books / "台账2.xlsx", later)
    before = files_of(books)
    code, out = run_import(qq, books, "--dry-run", sheet="台账2.xlsx")
    assert code == 0, out
    assert "row 3: 未变 unchanged" in out and "row 8: 新增 new" in out
    assert ("row 7: 有变 changed AR-2026-0001 (已收 collected 10,000.00 → 25,000.00 (+15,000.00); "
            "run with --update to record the payment / 加 --update 记为回款)") in out
    assert line_of(out, "not applied")[-5:] == ["30,000.00", "25,000.00", "5,000.00", "rows", "7"]
    assert "reconciled to the cent" in out and files_of(books) == before
    code, out = run_import(qq, books, "--update", sheet="台账2.xlsx")
    assert code == 0, out
    assert "row 7: 已更新 updated AR-2026-0001 (已收 collected 10,000.00 → 25,000.00 (+15,000.00): " \
        "payment of 2026-06-30 recorded / 已记回款)" in out
    rec = load(books).receivables["AR-2026-0001"]
    assert (rec.events[-1].type, rec.events[-1].amount, rec.events[-1].ref) == (
        "payment", Decimal("15000.00"), "IMPORT-7-20260630")
    code, out = qq("monthly", "--month", "2026-06", "--format", "json", "--as-of", AS_OF, root=books)
    assert json.loads(out)["totals"]["amount"] == "15000.00"
    code, out = run_import(qq, books, sheet="台账2.xlsx")
    assert "有变 changed 0" in out and "已更新 updated 0" in out and "未变 unchanged 3" in out


def test_a_fall_in_collected_is_reported_not_applied(qq, books: Path) -> None:
    assert run_import(qq, books)[0] == 0
    build_sheet(books / "台账3.xlsx", [r[:6] + (5000,) + r[7:] if r[0] == 6 else r for r in ROWS])
    code, out = run_import(qq, books, "--update", sheet="台账3.xlsx")
    assert "went down: record a reversal or credit by hand" in out
    assert load(books).receivables["AR-2026-0001"].events[-1].amount == Decimal("10000.00")


def test_tilde_ignores_a_column_and_unknown_fields_are_refused(tmp_path: Path) -> None:
    from qingqian.write import WriteProblem
    from qingqian.write.importer import read_mapping
    path = tmp_path / "m.yaml"
    path.write_text(MAP, encoding="utf-8")
    mapping = read_mapping(path)
    assert mapping.ignored == ("序号", "备注") and "序号" not in mapping.columns
    path.write_text(MAP.replace("序号: ~", "序号: number"), encoding="utf-8")
    with pytest.raises(WriteProblem, match="unknown field"):
        read_mapping(path)


def test_progress_only_for_large_sheets_on_a_terminal(monkeypatch) -> None:
    import io
    import sys

    from qingqian.write import sheet

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(sheet._progress(sheet.PROGRESS_OVER), sheet._Quiet)
    with sheet._progress(sheet.PROGRESS_OVER + 1) as bar:
        bar.update(sheet.PROGRESS_OVER + 1)
    assert "reading the sheet" in sys.stderr.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a log: never
    assert isinstance(sheet._progress(10 ** 6), sheet._Quiet)


def test_the_sheets_own_total_row_is_checked_not_imported(qq, books: Path) -> None:
    total = ("合计", None, None, None, None, 1889484.74, 1010000, None, None, None, None)
    build_sheet(books / "合计.xlsx", [*ROWS, total])
    code, out = run_import(qq, books, "--dry-run", sheet="合计.xlsx")
    assert code == 0, out
    assert "row 8:" not in out.split("rows / 逐行:")[1].split("新增 new 2")[0]  # not a receivable
    assert ("row 8: the sheet's own 合计 / 表内合计 says 应收 1,889,484.74, 已收 1,010,000.00: "
            "equal to the rows' sum") in out
    assert line_of(out, "sheet")[-3:] == ["1,889,484.74", "1,010,000.00", "879,484.74"]
    build_sheet(books / "合计2.xlsx", [*ROWS, ("合 计", *total[1:5], 1899484.74, *total[6:])])
    code, out = run_import(qq, books, "--dry-run", sheet="合计2.xlsx")
    assert "DIFFERS from the rows' sum by 应收 +10,000.00, 已收 +0.00" in out
