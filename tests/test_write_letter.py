"""`qingqian letter`: drafts from the ledger's templates, escaped, with the record reminder."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, receivable, write_ledger
from qingqian.cli import cli
from qingqian.write.letter import rmb_upper

EVENTS = """\
    - {date: 2024-01-05, type: invoice, amount: "5000.00", due: 2024-02-04, ref: JS-1}
    - {date: 2024-03-01, type: invoice, amount: "7000.00", due: 2024-03-31, ref: "JS|2"}
    - {date: 2024-02-10, type: payment, amount: "1000.00", method: bank, ref: HD-1}
    """
NASTY = "<script>alert(1)</script> *x* & Co"


@pytest.fixture
def letter_ledger(tmp_path: Path) -> Path:
    debtor = f'id: D-0001\nname: "{NASTY}"\ntype: private\n'
    rec = receivable("AR-1", EVENTS, extra="""\
        contract: {no: HT-7}
        terms: {interest: {rate: "0.0005", basis: daily}}
        """)
    write_ledger(tmp_path, {"ledger/debtors/D-0001.yaml": debtor,
                            "ledger/east/2024/AR-1.yaml": rec})
    shutil.copytree(ROOT / "policies" / "templates", tmp_path / "policies" / "templates")
    return tmp_path


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)


@pytest.mark.parametrize("kind", ["demand", "confirmation", "lawyer"])
def test_letter_escapes_the_debtor_name(letter_ledger: Path, kind: str) -> None:
    out = letter_ledger / "letters"
    result = run(letter_ledger, "letter", "AR-1", "--type", kind, "--as-of", "2026-11-30",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / f"AR-1-{kind}-2026-11-30.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in page
    assert "<em>" not in page  # *x* stays text
    assert "@page" in page and "<table>" in page
    md = (out / f"AR-1-{kind}-2026-11-30.md").read_text(encoding="utf-8")
    assert r"\<script\>" in md and "HT-7" in md
    assert r"JS\|2" in md  # a ref with a pipe stays in its cell
    assert "11,000.00" in md and "壹万壹仟元整" in md


def test_letter_figures_and_reminder(letter_ledger: Path) -> None:
    result = run(letter_ledger, "letter", "D-0001", "--as-of", "2026-11-30",
                 "--out", str(letter_ledger))
    assert result.exit_code == 0
    md = (letter_ledger / "D-0001-demand-2026-11-30.md").read_text(encoding="utf-8")
    assert "| AR-1 | JS-1 | 2024-01-05 | 2024-02-04 | 4,000.00 | 1030 |" in md
    assert "| AR-1 | JS\\|2 | 2024-03-01 | 2024-03-31 | 7,000.00 | 974 |" in md
    # interest: 5000 × 0.0005 × 6 days (to the payment) + 4000 × 0.0005 × 1024 + 7000 × 0.0005 × 974
    assert "人民币 5,472.00" in md and "本息合计 **人民币 16,472.00**" in md
    assert "qingqian record demand AR-1 --method letter --date 2026-11-30 --delivered" in result.output
    assert "delivered" in result.output


def test_letter_unknown_id_and_missing_template(letter_ledger: Path) -> None:
    assert run(letter_ledger, "letter", "AR-404").exit_code == 2
    shutil.rmtree(letter_ledger / "policies" / "templates")
    assert run(letter_ledger, "letter", "AR-1").exit_code == 2


@pytest.mark.parametrize("amount,text", [
    ("1250000.50", "壹佰贰拾伍万元伍角"), ("1005", "壹仟零伍元整"), ("100010", "壹拾万零壹拾元整"),
    ("1000000.05", "壹佰万元零伍分"), ("20300400.07", "贰仟零叁拾万零肆佰元零柒分"),
    ("100001000", "壹亿零壹仟元整"), ("0", "零元整"), ("0.50", "伍角")])
def test_rmb_upper(amount: str, text: str) -> None:
    assert rmb_upper(Decimal(amount)) == text
