"""Work shared between forked copies of this process, for the build steps that use every core.

One mechanism: the standard library's `ProcessPoolExecutor`, with the `fork` start
method, so each worker starts from the state already computed (the loaded MkDocs config,
nav and pages) without pickling it. Only the shares (small, picklable) go out and the
results come back; the work itself is a module global the forked workers inherit, so it
may be a closure. Where `fork` is not offered, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: Callable[[Any], Any] | None = None  # set only while a pool runs


class WorkerFailed(Exception):
    """A worker process failed; its traceback is the message."""


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """`items` in `parts` interleaved shares (neighbours often cost alike)."""
    return [list(items[i::parts]) for i in range(parts)]


def map_forked(work: Callable[[Any], R], shares: Sequence[Any]) -> list[R]:
    """`work(share)` for every share in forked workers, one per core, each taking the next
    share when it is done (so a share that costs more than its estimate holds up no other);
    results in share order. A failure anywhere raises `WorkerFailed`."""
    global _WORK
    workers = min(cores(), len(shares))
    if len(shares) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(share) for share in shares]
    sys.stdout.flush()
    sys.stderr.flush()
    _WORK = work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_call, share) for share in shares]
            try:
                return [_result(future) for future in futures]
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        _WORK = None


def _call(share: Any) -> Any:
    """In a worker: the inherited work on one share; a failure comes back as its traceback."""
    assert _WORK is not None
    try:
        return _WORK(share)
    except BaseException as exc:  # noqa: BLE001 - whatever happens, the parent must hear of it
        raise WorkerFailed(traceback.format_exc()) from exc


def _result(future: Future) -> Any:
    try:
        return future.result()
    except WorkerFailed:
        raise
    except Exception as exc:  # a worker that died (BrokenProcessPool) or a result not picklable
        raise WorkerFailed(f"{type(exc).__name__}: {exc}") from exc


def start_removing(directory: str) -> subprocess.Popen:
    """Delete a directory tree in a separate process left to run alongside (`.wait()` for it)."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    return subprocess.Popen([sys.executable, "-c", code, directory])
