"""Resource limits: oversized, over-deep and alias-bomb files are refused quickly and cheaply.

Measured, not assumed: each check runs in a fresh interpreter that reports its own wall
time and the growth of its peak RSS around `check`. The peak is read from Linux's VmHWM,
which starts afresh with the new program: getrusage's ru_maxrss survives exec, so a
child of a large pytest process started with the parent's peak and measured no growth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_corpus import MANIFEST, as_of, build_case

SECONDS = 5.0
RSS_GROWTH_MB = 200

PROBE = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from qingqian.ledger import load
from qingqian.rules import check

def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
base, case, day = Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3])
check(load(base), day)  # warm up: imports, first-call caches
before = peak_kb()
start = time.perf_counter()
found = check(load(case), day)
ballast = b"\x01" * (int(sys.argv[4]) * 1024 * 1024)  # written, so its pages are resident: the control run proves the probe sees growth
elapsed = time.perf_counter() - start
after = peak_kb()
print(json.dumps({"seconds": elapsed, "rss_growth_kb": after - before,
                  "rules": sorted({f.rule for f in found})}))
"""

CASES = ["s006-file-10mb", "s006-deep-nesting-10000", "s006-alias-bomb", "s006-deep-block-nesting",
         "s006-too-many-nodes", "long-line-1mb"]


def _probe(base: Path, root: Path, day: str, ballast_mb: int = 0) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(base), str(root), day, str(ballast_mb)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_probe_measures_growth(tmp_path: Path):
    base = build_case("base", {}, tmp_path / "base")
    result = _probe(base, base, "2026-11-30", ballast_mb=RSS_GROWTH_MB * 2)
    assert result["rss_growth_kb"] > RSS_GROWTH_MB * 1024, result


@pytest.mark.parametrize("name", CASES)
def test_check_stays_bounded(name, tmp_path: Path):
    spec = MANIFEST[name]
    root = build_case(name, spec, tmp_path / "ledger")
    base = build_case("base", {}, tmp_path / "base")
    result = _probe(base, root, as_of(spec).isoformat())
    print(name, result)
    assert result["seconds"] < SECONDS, result
    assert result["rss_growth_kb"] < RSS_GROWTH_MB * 1024, result
    assert {e["rule"] for e in spec["expected"]} <= set(result["rules"])
