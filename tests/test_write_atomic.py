"""Atomic writes: a failure or a kill between the temporary file and the rename leaves the old file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import receivable, write_ledger
from qingqian.ledger import load
from qingqian.write.atomic import atomic_write

OLD = b"old: version\n"
NEW = b"new: version\n"


def test_writes_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(OLD)
    path.chmod(0o640)
    atomic_write(path, NEW)
    assert path.read_bytes() == NEW
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["f.yaml"]


def test_failing_replace_leaves_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(OLD)

    def broken(src, dst):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write(path, NEW)
    assert path.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["f.yaml"]


KILLED_WRITER = textwrap.dedent("""\
    import os, sys, time
    from datetime import date
    from pathlib import Path
    from qingqian.write import apply
    from qingqian.write.record import EventInput, record

    real_replace = os.replace

    def slow_replace(src, dst):
        print("temp-written", flush=True)   # the temporary file is complete and fsynced
        time.sleep(60)                      # the parent kills us here
        real_replace(src, dst)

    os.replace = slow_replace
    root = Path(sys.argv[1])
    outcome = record(root, "AR-1", EventInput("payment", date(2024, 6, 30),
                     {"amount": "100", "method": "bank", "ref": "HD-1"}), date(2026, 11, 30))
    apply(root, outcome)
""")


def test_sigkill_between_temporary_write_and_replace(tmp_path: Path) -> None:
    events = '- {date: 2024-01-05, type: invoice, amount: "5000.00", ref: JS-1}\n'
    write_ledger(tmp_path, {"ledger/east/2024/AR-1.yaml": receivable("AR-1", events)})
    target = tmp_path / "ledger/east/2024/AR-1.yaml"
    before = target.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "temp-written"
        leftovers = [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
        assert len(leftovers) == 1 and b"HD-1" in leftovers[0].read_bytes()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == before  # still the old, valid version
    ledger = load(tmp_path)  # the hidden temporary file is not read as a ledger file
    assert [e.type for e in ledger.receivables["AR-1"].events] == ["invoice"]
    assert not ledger.findings
