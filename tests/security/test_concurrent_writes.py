"""Attack: two `qingqian record` processes on one file; the second replace lost the first event."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import receivable, write_ledger

ROOT = Path(__file__).resolve().parents[2]
PAIRS = 50
BATCH = 10  # pairs started together; each pair races two writers on the same file


def _record(root: Path, note: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "QINGQIAN_NO_CACHE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "qingqian", "--root", str(root), "record", "visit", "AR-1",
         "--date", "2026-11-01", "--note", note, "--as-of", "2026-11-30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_concurrent_records_lose_no_reported_event(tmp_path: Path) -> None:
    write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable(
        "AR-1", "- {date: 2026-01-05, type: invoice, amount: '100.00'}")})
    reported: list[str] = []
    for start in range(0, PAIRS, BATCH):
        procs = [(f"n{i}{side}", _record(tmp_path, f"n{i}{side}"))
                 for i in range(start, start + BATCH) for side in "ab"]
        for note, proc in procs:
            out, _ = proc.communicate(timeout=600)
            if b"wrote" in out:
                reported.append(note)
    text = (tmp_path / "ledger/east/AR-1.yaml").read_text(encoding="utf-8")
    missing = [note for note in reported if f"note: {note}}}" not in text]
    assert reported, "no writer reported a write"
    assert not missing, f"{len(missing)} reported events are not in the file: {missing[:5]}"
    assert len(reported) == 2 * PAIRS
