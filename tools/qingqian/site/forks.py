"""Work shared between forked copies of this process, for the build steps that use every core.

Forking (not spawning) lets each copy start from the state already computed (the loaded
MkDocs config, nav and pages) without pickling it; only the results travel back, pickled
through a pipe. Linux and macOS have `os.fork`; elsewhere everything runs here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(Exception):
    """A forked process failed; its traceback is the message."""


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """`items` in `parts` interleaved shares (neighbours often cost alike)."""
    return [list(items[i::parts]) for i in range(parts)]


def map_forked(work: Callable[[Any], R], shares: Sequence[Any]) -> list[R]:
    """`work(share)` for every share, the first in this process, the others each in a fork;
    results in share order. A failure anywhere stops the other processes and raises."""
    if not hasattr(os, "fork"):
        return [work(share) for share in shares]
    sys.stdout.flush()
    sys.stderr.flush()
    children = [_fork(work, share) for share in shares[1:]]
    try:
        results = [work(shares[0])] if shares else []
        while children:
            pid, reader = children[0]
            data = _read_all(reader)
            _, status = os.waitpid(pid, 0)
            children.pop(0)
            results.append(_decoded(data, status))
    except BaseException:
        for pid, reader in children:
            with contextlib.suppress(OSError):
                os.close(reader)
            _stop(pid)
        raise
    return results


def start(work: Callable[..., Any], *args: Any) -> int | None:
    """`work(*args)` in a forked process left to run alongside; None where it ran here."""
    if not hasattr(os, "fork"):
        work(*args)
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    try:
        work(*args)
    finally:
        os._exit(0)


def wait(pid: int | None) -> None:
    """Wait for a process from `start`."""
    if pid is not None:
        os.waitpid(pid, 0)


def _fork(work: Callable[[Any], Any], share: Any) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)
    code = 0
    try:
        payload = pickle.dumps(("ok", work(share)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - whatever happens, the parent must hear of it
        payload, code = pickle.dumps(("error", traceback.format_exc())), 1
    try:
        with os.fdopen(writer, "wb") as out:
            out.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _read_all(reader: int) -> bytes:
    with os.fdopen(reader, "rb") as source:
        return source.read()


def _decoded(data: bytes, status: int) -> Any:
    kind, value = pickle.loads(data) if data else ("error", f"process ended with status {status}")
    if kind != "ok":
        raise WorkerFailed(value)
    return value


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
