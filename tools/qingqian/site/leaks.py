"""The last check of a build: no private value anywhere in the built site, as a reader sees it.

A site with a page per debtor is mostly the same sidebar repeated (1.2 GB of HTML for
2,000 debtors), so the files are not searched one by one for every value: each distinct
part is read once (see `CUT`), all values are looked for at once with one pattern, and
the files are split between processes, each reading and searching its own share. Values
with a line break, and any value once something is found, are searched file by file, as
before, to say where.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path

from . import forks


def readable(path: Path) -> str:
    """A built file as a reader would see it: JSON decoded, entities resolved, no \u200b."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".json":
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return _shown(text)


def _shown(text: str) -> str:
    return html.unescape(text).replace("\u200b", "")


def leaks(out: Path, values: set[str]) -> list[str]:
    """`path: value` for every private value found in any file of the built site."""
    if not values:
        return []
    files = sorted(p for p in out.rglob("*") if p.is_file())
    suspects = {v for v in values if "\n" in v}  # may span lines: searched file by file
    pattern = any_of(v for v in values if "\n" not in v)
    numbers = {v for v in values if is_number(v)}
    if pattern is not None:
        wanted = {_digits(v) for v in numbers}

        def look(share: list[Path]) -> tuple[set[str], set[str]]:
            text = distinct_text(share)
            found = {v for v in values if v in text} if pattern.search(text) else set()
            return found, numbers_in(text, wanted)

        for found, seen in forks.map_forked(look, forks.split(files, forks.cores())):
            suspects |= found | {v for v in numbers if _digits(v) in seen}
    if not suspects:
        return []
    spaced = {v: near for v in suspects & numbers if (near := number_pattern(v))}
    return [f"{path.relative_to(out)}: {v}" for path in files for text in [readable(path)]
            for v in sorted(suspects)
            if v in text or (v in spaced and spaced[v].search(text))]


_SEPARATORS = r"[\s\u200b\u00ad\u2060\-.()/（）]*"


def number_pattern(value: str) -> re.Pattern[str] | None:
    """For a phone or account number (7+ digits), a pattern that finds its digits with any
    spacing, dashes, tabs or invisible characters between them: `138\t0013 8000` is still
    13800138000. None for other values."""
    if not is_number(value):
        return None
    return re.compile(r"(?<!\d)" + _SEPARATORS.join(_digits(value)) + r"(?!\d)")


def is_number(value: str) -> bool:
    """A phone or account number: 7+ digits, written with spaces, dashes or brackets at most."""
    return len(_digits(value)) >= 7 and not re.sub(r"[\d\s\-.()+/（）]", "", value)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


_GROUP = re.compile(r"\d+")


def numbers_in(text: str, wanted: set[str]) -> set[str]:
    """Which of the digit strings `wanted` occur in `text` as `number_pattern` finds them,
    in one pass over the text rather than one search per number (2,000 phone numbers
    searched one by one took an hour on a 10,000-receivable site).

    A number found starts where a group of adjacent digits starts and ends where one ends,
    so each run of digit groups is tried at its group boundaries only."""
    if not wanted:
        return set()
    shortest = min(map(len, wanted))
    # only runs with enough digits to hold one (amounts and dates are mostly shorter)
    runs = re.compile(r"\d(?:" + _SEPARATORS + r"\d){" + str(shortest - 1) + ",}")
    # a joining that begins no wanted number goes no further (a date's year stops at once)
    begins = {number[:end] for number in wanted for end in range(1, len(number) + 1)}
    found = set()
    for run in runs.finditer(text):
        groups = _GROUP.findall(run.group())
        if len(groups) == 1:
            if groups[0] in wanted:
                found.add(groups[0])
            continue
        for first in range(len(groups)):
            joined = ""
            for group in groups[first:]:
                joined += group
                if joined not in begins:
                    break
                if joined in wanted:
                    found.add(joined)
    return found


# Cut after `</li>` + line break: every nav item of every page is then one part, so 2,000
# copies of the sidebar become one set of parts; cutting only at line breaks keeps each
# value (it has none) whole within one part.
CUT = b"</li>\n"


def distinct_text(files: list[Path]) -> str:
    """Every distinct part of the files as shown to a reader, one per line, in no order
    (a JSON file whole: decoded, it is one line)."""
    cut: set[bytes] = set()
    rest: set[bytes] = set()
    whole = []
    for path in files:
        if path.suffix == ".json":
            whole.append(readable(path))
            continue
        parts = path.read_bytes().split(CUT)
        cut.update(parts[:-1])
        rest.add(parts[-1])
    parts = [*(part + CUT[:-1] for part in cut), *rest]
    return "\n".join([*(_shown(part.decode("utf-8", errors="replace")) for part in parts), *whole])


def any_of(values: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern that finds any of the values, shaped as a trie so each place is tried once."""
    trie: dict = {}
    for value in values:
        node = trie
        for char in value:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_branches(trie)) if trie else None


def _branches(node: dict) -> str:
    if "" in node:  # a value ends here; longer ones beginning with it add nothing to "any"
        return ""
    parts = [re.escape(char) + _branches(child) for char, child in sorted(node.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
