"""Findings as the text lines `check` prints (the incremental store keeps them by file)."""

from __future__ import annotations

from collections.abc import Iterable

Row = tuple  # Finding.row(): path, line, col, rule, message, severity, name, hint


def text_lines(rows: Iterable[Row]) -> str:
    """One line per finding: `path:line:col: severity rule name: message (hint)`."""
    return "".join(f"{p}:{line}:{col}: {severity} {rule} {name}: {message} ({hint})\n" if hint else
                   f"{p}:{line}:{col}: {severity} {rule} {name}: {message}\n"
                   for p, line, col, rule, message, severity, name, hint in rows)
