"""`qingqian export`: a formatted workbook of the reports, and every event as JSON lines or CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from conftest import ROOT, receivable, write_ledger
from qingqian.ledger import load

AS_OF = "2026-11-30"


def test_xlsx_has_a_formatted_sheet_per_report(qq, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    for top in ("ledger", "cases", "policies", "docs"):
        shutil.copytree(ROOT / top, tmp_path / top)
    out = tmp_path / "out" / "stats.xlsx"
    code, text = qq("export", "--xlsx", str(out), "--as-of", AS_OF, "--month", "2026-11",
                    root=tmp_path)
    assert code == 0, text
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["月度统计", "账龄-单位", "账龄-债务人"]
    ws = book["账龄-单位"]
    header = [c.value for c in ws[3]]
    assert header[0] == "单位" and "合计" in header
    assert all(c.font.b for c in ws[3] if c.value)
    money_col = header.index("合计") + 1
    assert ws.cell(row=4, column=money_col).number_format == "#,##0.00"
    last = ws.max_row
    while ws.cell(row=last, column=1).value != "合计":
        last -= 1
    assert ws.cell(row=last, column=money_col).font.b
    assert ws.column_dimensions["B"].width > 10


def test_jsonl_and_csv_have_one_line_per_event(qq, tmp_path: Path) -> None:
    events = """\
        - {date: 2024-01-05, type: invoice, amount: "5000.00", ref: JS-1}
        - {date: 2024-02-01, type: payment, amount: "1000.00", method: bank, ref: HD-1}
        - {date: 2024-03-01, type: assign, to: wang.wu}
        - {date: 2024-04-01, type: visit, by: wang.wu, signed: true}
        """
    rent = receivable("AR-2", extra="""\
        schedule: [{item: 租金, amount: "100.00", every: month, day: 1, from: 2026-10-01, to: 2027-12-31}]
        """)
    write_ledger(tmp_path, {"ledger/east/2024/AR-1.yaml": receivable("AR-1", events),
                            "ledger/east/2026/AR-2.yaml": rent})
    code, _ = qq("export", "--jsonl", str(tmp_path / "e.jsonl"), "--csv", str(tmp_path / "e.csv"),
                 "--as-of", AS_OF)
    assert code == 0
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(x["receivable"], x["type"], x["source"]) for x in lines] == [
        ("AR-1", "invoice", "event"), ("AR-1", "payment", "event"), ("AR-1", "assign", "event"),
        ("AR-1", "visit", "event"), ("AR-2", "invoice", "schedule"), ("AR-2", "invoice", "schedule")]
    first = lines[0]
    assert first["debtor_name"] == "华东某置业有限公司" and first["amount"] == "5000.00"
    assert first["due"] == "2024-01-05" and first["currency"] == "CNY"
    assert lines[3]["collector"] == "wang.wu" and lines[3]["signed"] is True
    text = (tmp_path / "e.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6 and rows[1]["amount"] == "1000.00" and rows[1]["method"] == "bank"


def test_export_needs_a_target(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {})
    assert qq("export")[0] == 2
    assert load(tmp_path).receivables == {}
