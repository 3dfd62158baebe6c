"""Attacks on `qingqian import`: a 5 KB workbook with one cell at XFD1048576 ran 150 s;
a sheet whose declared dimension lies about it; an oversized CSV."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import write_ledger
from qingqian.cli import cli

HEADER = ("客户名称", "应收金额", "开票日期", "单位", "经办人")
MAPPING = ("columns: {客户名称: debtor, 应收金额: invoiced, 开票日期: date, 单位: unit, "
           "经办人: responsible}\n")


def _import(root: Path, sheet: Path) -> tuple[int, str]:
    mapping = root / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(root), "import", str(sheet), "--mapping",
                                      str(mapping), "--opened", "2026-01-01", "--as-of", "2026-11-30",
                                      "--dry-run"])
    return result.exit_code, result.output


def _workbook(path: Path, far_cell: str) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    ws = book.active
    ws.append(HEADER)
    ws.append(("某公司", "100.00", "2026-01-05", "east", "li.si"))
    ws[far_cell] = "x"
    book.save(path)
    return path


def test_far_cell_in_a_workbook_is_refused_before_reading(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    sheet = _workbook(tmp_path / "bomb.xlsx", "XFD1048576")
    assert sheet.stat().st_size < 10_000
    code, out = _import(root, sheet)
    assert code == 2 and "1,048,576" in out


def test_sheet_whose_dimension_lies_is_still_bounded(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    honest = _workbook(tmp_path / "honest.xlsx", "XFD1048576")
    liar = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(honest) as source, zipfile.ZipFile(liar, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:XFD1048576" />', b'<dimension ref="A1:E2" />')
                assert b'ref="A1:E2"' in data
            target.writestr(item, data)
    code, out = _import(root, liar)
    assert code == 2 and ("row" in out or "行" in out)


def test_oversized_csv_is_refused_by_its_size(tmp_path: Path, monkeypatch) -> None:
    from qingqian.write import sheet as reader
    root = write_ledger(tmp_path / "l", {})
    sheet = tmp_path / "big.csv"
    with open(sheet, "wb") as handle:
        handle.truncate(reader.MAX_SHEET_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("read")))
    code, out = _import(root, sheet)
    assert code == 2 and ("limit" in out or "上限" in out)
