"""Findings as the text lines `check` prints (the incremental store keeps them by file)."""

from __future__ import annotations

from collections.abc import Iterable

Row = tuple  # Finding.row(): path, line, col, rule, message, severity, name, hint


def text_lines(rows: Iterable[Row]) -> str:
    """One line per finding: `path:line:col: severity rule name: message (hint)`.

    A line break inside a value (a debtor id `D-9\\n::notice ::…`) would start a line
    of its own, which a CI runner reads as a workflow command: such values are shown
    with `\\n` and `\\r` instead. The plain rendering is kept for the common case.
    """
    rows = list(rows)
    text = _lines(rows)
    if "\r" in text or text.count("\n") != len(rows):
        text = _lines([tuple(one_line(v) if isinstance(v, str) else v for v in r) for r in rows])
    return text


def one_line(value: str) -> str:
    """`value` with CR and LF shown as `\\r` and `\\n`: it cannot start a new output line."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def _lines(rows: list[Row]) -> str:
    return "".join(f"{p}:{line}:{col}: {severity} {rule} {name}: {message} ({hint})\n" if hint else
                   f"{p}:{line}:{col}: {severity} {rule} {name}: {message}\n"
                   for p, line, col, rule, message, severity, name, hint in rows)
