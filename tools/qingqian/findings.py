"""Findings are values: what is wrong, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, replace

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place; `path` is relative to the ledger root, line/col 1-based."""

    path: str
    line: int
    col: int
    rule: str
    message: str
    severity: str = ERROR
    name: str = ""
    hint: str = ""

    def with_severity(self, severity: str) -> Finding:
        return replace(self, severity=severity)

    def to_text(self) -> str:
        """One line, whatever the values hold (render.text.text_lines says why)."""
        from .render.text import text_lines
        return text_lines([(self.path, self.line, self.col, self.rule, self.message,
                            self.severity, self.name, self.hint)])[:-1]

    def row(self) -> tuple:
        """The fields in order, as a check keeps them (path, line, col, rule, message, …, hint)."""
        return (self.path, self.line, self.col, self.rule, self.message, self.severity, self.name,
                self.hint)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "name": self.name,
            "message": self.message,
            "hint": self.hint,
        }
