"""Typing slips a finance clerk makes in YAML, found in the text and explained in plain words.

A YAML parser reports a full-width colon (`collector：li.si`) on the line after it as
"could not find expected ':'", a full-width space in the indentation as an unknown field
`　difficulty`, and an unquoted `1,200,000.00` inside `{…}` as two unknown fields `200`
and `000.00`. This module reads the lines themselves and says, at the slip's own line
and column, what was typed and what to type instead. The loader puts these findings in
place of the parser's and validator's findings on the same lines (they follow from the
slip and are not errors of their own).

Messages are English templates with named fields; `i18n` renders them in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key at the start of a line (after the indentation and an optional "- ").
_KEY = r"(?P<key>[A-Za-z_][\w.-]*)"
_FULL_COLON = re.compile(rf"^(?P<lead>[ \u3000]*(?:-\s+)?){_KEY}[ \u3000]*：")
_FLOW_COLON = re.compile(rf"[{{,，][ \u3000]*{_KEY}[ \u3000]*：")
_FLOW_COMMA = re.compile(rf"，[ \u3000]*{_KEY}[ \u3000]*[:：]")
_THOUSANDS = re.compile(rf"(?:^|[{{,])[ ]*(?:-[ ]+)?{_KEY}:[ ]+"
                        rf"(?P<value>-?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?)"
                        r"(?=[ ]*(?:[,}]|#|$))")
_CURLY = re.compile(rf"{_KEY}:[ ]+(?P<value>[“”‘’][-\d.,: ]*[“”‘’])")  # an amount or date
_INDENT = re.compile(r"^( *)(\u3000+)")
_PLAIN_KEY = re.compile(rf"^(?P<indent> *)(?:-\s+)?{_KEY}:(?P<rest>.*)$")
SUSPECT = ("：", "，", "\u3000", "“", "”", "‘", "’")


@dataclass(frozen=True, slots=True)
class Slip:
    """One slip: where, which rule it breaks, and the message and hint (English templates)."""

    line: int
    col: int
    rule: str
    message: str
    hint: str


def may_have_slips(text: str) -> bool:
    """A cheap test first: most files hold no full-width punctuation and no `1,000`."""
    return any(ch in text for ch in SUSPECT) or bool(re.search(r"\d,\d{3}", text))


def slips(text: str) -> list[Slip]:
    """Every slip in the text, in line order; comments and quoted text are not looked at."""
    found: list[Slip] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _code(raw)
        found += _full_width(number, line) + _amounts(number, line)
    return found


def _code(line: str) -> str:
    """The line with quoted text blanked and any comment removed (same length up to the cut)."""
    out, quote = [], ""
    for i, ch in enumerate(line):
        if quote:
            out.append(ch if ch == quote else " ")
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
            out.append(ch)
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        else:
            out.append(ch)
    return "".join(out)


def _full_width(number: int, line: str) -> list[Slip]:
    out = []
    indent = _INDENT.match(line)
    if indent:
        out.append(Slip(number, len(indent.group(1)) + 1, "S001",
                        "full-width space `　` in the indentation",
                        "indent with ordinary (half-width) spaces only; delete the `　`"))
    for pattern in (_FULL_COLON, _FLOW_COLON) if "{" in line else (_FULL_COLON,):
        for match in pattern.finditer(line):
            at = line.index("：", match.start("key")) + 1
            out.append(Slip(number, at, "S001", "full-width colon `：` after `{key}`".format(
                key=match.group("key")), "type an ordinary colon and a space: `{key}: `".format(
                key=match.group("key"))))
    for match in _FLOW_COMMA.finditer(line) if "{" in line else ():
        out.append(Slip(number, match.start() + 1, "S001", "full-width comma `，` between fields",
                        "type an ordinary comma `,` between the fields inside `{ }`"))
    for match in _CURLY.finditer(line):
        out.append(Slip(number, match.start("value") + 1, "S001",
                        "Chinese quotation marks around the value of `{key}`".format(
                            key=match.group("key")),
                        "quote with ordinary double quotes: `{key}: \"…\"`".format(
                            key=match.group("key"))))
    return out


def _amounts(number: int, line: str) -> list[Slip]:
    out = []
    for match in _THOUSANDS.finditer(line):
        value = match.group("value")
        plain = value.replace(",", "")
        out.append(Slip(number, match.start("value") + 1, "S010",
                        f"amount {value} written with thousands separators and no quotes",
                        "write it in quotes without the commas: `{key}: \"{plain}\"`".format(
                            key=match.group("key"), plain=plain)))
    return out


def indentation_slip(text: str, line: int) -> Slip | None:
    """Near a YAML syntax error at `line`: a key indented unlike the key above it.

    `terms:` / `  due_days: 30` / `   grace: 5`: the third line has one space more than
    the key above it, which already has a value, so it can open no new level.
    """
    lines = text.splitlines()
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        match = _PLAIN_KEY.match(_code(lines[number - 1]))
        above = _key_above(lines, number)
        if not match or above is None:
            continue
        prev_number, prev = above
        depth, prev_depth = len(match.group("indent")), len(prev.group("indent"))
        if depth > prev_depth and prev.group("rest").strip():
            return Slip(number, 1, "S001",
                        "`{key}` is indented {more} space(s) more than `{above}` "
                        "on line {line}".format(
                            key=match.group("key"), more=depth - prev_depth,
                            above=prev.group("key"), line=prev_number),
                        "fields of one level start in the same column: indent `{key}` by {spaces} "
                        "space(s), like `{above}`".format(key=match.group("key"), spaces=prev_depth,
                                                           above=prev.group("key")))
    return None


def _key_above(lines: list[str], number: int) -> tuple[int, re.Match[str]] | None:
    for above in range(number - 1, 0, -1):
        text = _code(lines[above - 1])
        if not text.strip():
            continue
        match = _PLAIN_KEY.match(text)
        return (above, match) if match else None
    return None
