"""`qingqian demo generate`: deterministic, consistent, and accepted by `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from qingqian.cli import cli
from qingqian.demo.generate import generate


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".qingqian" not in p.parts}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "ledger"
    result = CliRunner().invoke(cli, ["demo", "generate", "--receivables", "200", "--seed", "3",
                                      "--out", str(out), "--beancount", str(out.parent / "l.beancount")])
    assert result.exit_code == 0, result.output
    return out


def test_generated_ledger_passes_check(small: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(small), "check", "--as-of", "2026-11-30",
                                      "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.stdout[-2000:]
    assert '"severity": "error"' not in result.stdout


def test_every_event_type_and_file_kind_appears(small: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (small / "ledger").rglob("AR-*.yaml"))
    for kind in ("invoice", "payment", "credit", "visit", "demand", "acknowledgment", "promise",
                 "assign", "writeoff", "reversal"):
        assert f"type: {kind}," in text, kind
    assert "schedule:" in text and "override:" in text
    assert list((small / "cases").glob("C-*.yaml"))
    assert (small / "policies" / "targets" / "2026.yaml").exists()
    assert len(list((small / "ledger").rglob("AR-*.yaml"))) == 200


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 120, seed=11, beancount=tmp_path / "a.beancount")
    generate(tmp_path / "b", 120, seed=11, beancount=tmp_path / "b.beancount")
    generate(tmp_path / "c", 120, seed=12)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert (tmp_path / "a.beancount").read_bytes() == (tmp_path / "b.beancount").read_bytes()
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_beancount_twin_balances_per_transaction(small: Path) -> None:
    """Each transaction's postings sum to zero (what bean-check verifies first)."""
    from decimal import Decimal

    text = (small.parent / "l.beancount").read_text(encoding="utf-8")
    for block in text.split("\n20")[1:]:
        legs = [line.split()[-2] for line in block.splitlines()[1:] if line.startswith("  ")]
        if legs:
            assert sum(Decimal(x) for x in legs) == 0, block


def test_refuses_a_non_empty_directory(small: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "generate", "--receivables", "100", "--out", str(small)])
    assert result.exit_code == 2
