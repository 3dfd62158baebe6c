"""Hostile sizes: one receivable with many events, checked by `qingqian check` (issue 19).

    python benchmarks/hostile.py                  # 16,000 events, median of 3
    python benchmarks/hostile.py --events 2000 --repeat 1
    python benchmarks/hostile.py --applies-to     # every payment names its invoice
    python benchmarks/hostile.py --mixed          # visits, demands, promises, credits, assigns…

One file holds alternating invoices and part payments, one a day, for a debtor whose
receivables are judged on every invoice date (credit hold, P007). Before issue 19 a
2,000-event file took 44.6 s and 18,000 never finished; P007 is now linear or
n·log n in a file's events, with or without `applies_to`, and so is the limitation
walk. A file above the node limit is refused (S006), not
timed. The ledger is written under --work (default a temporary
folder), checked cold (`QINGQIAN_NO_CACHE=1`, no state) and the wall time printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


MIXED = ("- {{date: {day}, type: visit, by: li.si, signed: true}}",
         "- {{date: {day}, type: demand, method: letter, delivered: {day}}}",
         "- {{date: {day}, type: promise, amount: '5.00', by_date: {later}}}",
         "- {{date: {day}, type: credit, amount: '1.00', reason: x}}",
         "- {{date: {day}, type: assign, to: li.si}}",
         "- {{date: {day}, type: reversal, ref: P{i}, reason: x}}")


def hostile_ledger(root: Path, events: int, applies_to: bool, mixed: bool = False) -> Path:
    """A small ledger whose one receivable has `events` events: invoices and payments, or
    (`mixed`) every kind of event in turn."""
    from conftest import receivable, write_ledger

    start, lines = date(2000, 1, 1), []
    step = 2 + (len(MIXED) if mixed else 0)
    for i in range(events // step):
        day = start + timedelta(days=i)
        lines.append(f"- {{date: {day}, type: invoice, amount: '100.00', ref: I{i}}}")
        named = f", applies_to: I{i}" if applies_to else ""
        lines.append(f"- {{date: {day}, type: payment, amount: '60.00', method: bank, "
                     f"ref: P{i}{named}}}")
        if mixed:
            lines += [m.format(day=day, later=day + timedelta(days=3), i=i) for m in MIXED]
    return write_ledger(root, {"ledger/east/AR-1.yaml": receivable("AR-1", "\n".join(lines))})


def timed_check(root: Path) -> float:
    shutil.rmtree(root / ".qingqian", ignore_errors=True)
    env = {**os.environ, "QINGQIAN_NO_CACHE": "1", "PYTHONPATH": str(ROOT / "tools")}
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qingqian", "--root", str(root), "check",
                           "--as-of", "2060-12-31", "--format", "json"],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed: {done.stderr}")
    if '"rule": "S006"' in done.stdout:  # a refused file is not checked: its time means nothing
        raise SystemExit("the file was refused as too large (S006): lower --events")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=16_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--applies-to", action="store_true")
    parser.add_argument("--mixed", action="store_true", help="every kind of event in turn")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qq-hostile-"))
    root = hostile_ledger(work / "ledger", args.events, args.applies_to, args.mixed)
    size = (root / "ledger/east/AR-1.yaml").stat().st_size
    times = [timed_check(root) for _ in range(args.repeat)]
    print(f"{args.events:,} events in one file ({size / 1024:,.0f} KB"
          f"{', every payment with applies_to' if args.applies_to else ''}"
          f"{', every kind of event' if args.mixed else ''}): "
          f"check {statistics.median(times):.2f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
