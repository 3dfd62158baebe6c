"""Help text wrapped by the columns it takes on a terminal, where a Chinese character takes two.

Click wraps help at spaces and counts characters, so a Chinese sentence (no spaces, two
columns a character) ran past the edge of the terminal. Text without wide characters is
left to Click, so English help reads exactly as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import click

# a run of narrow non-space characters stays whole (a word, an option, a path); a wide
# character is a place to break of its own
_TOKENS = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|.")
_NO_LINE_START = set("，。、；：！？）」』”’》〉】…%")


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """One paragraph as lines of at most `width` columns. A closing mark (，。）…) never starts
    a line: the character before it moves down with it."""
    lines: list[list[str]] = [[]]
    for token in _TOKENS.findall(_joined(text)):
        line = lines[-1]
        if columns("".join(line) + token) <= width or not "".join(line).strip():
            line.append(token)
            continue
        carried: list[str] = []
        if token[0] in _NO_LINE_START:  # take the word before it along
            while line and (not carried or carried[0][0] in _NO_LINE_START):
                carried.insert(0, line.pop())
            if not "".join(line).strip():  # nothing would be left: let the mark hang instead
                line.extend(carried)
                line.append(token)
                continue
        lines.append([*carried, token] if not token.isspace() else carried)
    return ["".join(line).strip() for line in lines if "".join(line).strip()] or [""]


def _joined(text: str) -> str:
    """The lines of a paragraph as one: a space between them, none between two Chinese ones."""
    out = ""
    for line in (part.strip() for part in text.split("\n")):
        if out and line:
            out += "" if is_wide(out[-1]) and is_wide(line[0]) else " "
        out += line
    return out


def _paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text.strip()):
        yield block.strip()


class WideFormatter(click.HelpFormatter):
    """Click's formatter, wrapping text with wide characters by terminal columns."""

    def write_text(self, text: str) -> None:
        if not is_wide(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        blocks = ["\n".join(indent + line for line in wrap(block, width))
                  for block in _paragraphs(text)]
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)  # Click passes a sequence (older) or any iterable (8.2 on)
        if not any(is_wide(second) for _first, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(columns(first) for first, _second in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for block in _paragraphs(second) for line in wrap(block, text_width)]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = WideFormatter
