"""Progress of long work on stderr: Click's progress bar when stderr is a terminal.

Quiet when stderr is piped or redirected (CI logs, `2>file`), when `--quiet` is given, and
when QINGQIAN_QUIET=1; stdout is never touched, so output piped to a file stays clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
QUIET = {"quiet": False}  # set by a command's --quiet


def enabled() -> bool:
    """Whether to draw: stderr is a terminal, and nobody asked for quiet."""
    if QUIET["quiet"] or os.environ.get("QINGQIAN_QUIET", "") not in ("", "0"):
        return False
    return sys.stderr is not None and sys.stderr.isatty()


class _Silent:
    def update(self, steps: int = 1, current_item: Any = None) -> None:
        pass


@contextmanager
def bar(length: int, label: str) -> Iterator[Any]:
    """A bar of `length` steps (`.update(n)`), or an object that draws nothing."""
    if not enabled() or length <= 0:
        yield _Silent()
        return
    import click

    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True,
                           show_eta=True) as drawn:
        yield drawn


def each(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    """The items, one step of a bar per item."""
    with bar(length, label) as drawn:
        for item in items:
            yield item
            drawn.update(1)
