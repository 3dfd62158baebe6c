"""Findings as the text lines `check` prints, and that text kept whole and mended file by file.

A large ledger's findings run to tens of megabytes of text; rendering them again on every
check costs more than the check of an edit. So the check state keeps the text, and after
an edit only the blocks of the files re-checked are replaced. The lines are sorted by path,
so a file's block is found by bisection on line starts, which needs each line's path to
end at its first colon: text is kept (`encode`) only when no path holds a colon or a line
break and no message or hint holds a line break; otherwise it is rendered each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Row = tuple  # checkstate.Row: path, line, col, rule, message, severity, name, hint


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


def encode(rows: list[Row]) -> bytes | None:
    """The text of sorted rows as UTF-8, or None when it could not be mended by path later."""
    text = text_lines(rows)
    if text.count("\n") != len(rows) or any(":" in p for p in {r[0] for r in rows}):
        return None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a path Python could only decode with surrogates
        return None


def splice(text: bytes, blocks: Mapping[str, bytes]) -> bytes:
    """`text` with each path's lines replaced by `blocks[path]` (b"" removes them)."""
    parts, position = [], 0
    for path in sorted(blocks):
        key = path.encode("utf-8")
        start = _first_line_not_before(text, key, position)
        end = start
        prefix = key + b":"
        while text.startswith(prefix, end):
            end = text.index(b"\n", end) + 1
        parts += [text[position:start], blocks[path]]
        position = end
    parts.append(text[position:])
    return b"".join(parts)


def _first_line_not_before(text: bytes, key: bytes, low: int) -> int:
    """Offset of the first line at or after `low` whose path sorts at or after `key`."""
    high = len(text)
    while low < high:
        middle = (low + high) // 2
        start = max(low, text.rfind(b"\n", low, middle) + 1)
        if text[start:text.index(b":", start)] < key:
            low = text.index(b"\n", start) + 1
        else:
            high = start
    return low
