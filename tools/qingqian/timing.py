"""Wall time of a run's phases on stderr when QINGQIAN_TIMING=1: where a slow check spends it."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENABLED = os.environ.get("QINGQIAN_TIMING", "") not in ("", "0")


@contextmanager
def phase(name: str) -> Iterator[None]:
    if not ENABLED:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        print(f"qingqian timing: {name:<24} {time.perf_counter() - start:8.3f} s", file=sys.stderr)
