"""Findings as text lines, JSON (DESIGN §5) or GitHub Actions annotations."""

from __future__ import annotations

import json

from ..findings import Finding
from .text import text_lines


def render_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        errors = sum(f.severity == "error" for f in findings)
        doc = {"errors": errors, "warnings": len(findings) - errors,
               "findings": [f.to_json() for f in findings]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(_annotation(f) + "\n" for f in findings) + _text(findings)
    return _text(findings)


def render_rows(rows: list[tuple], fmt: str) -> str:
    """`render_findings` of findings kept as tuples (Finding.row); text without building
    objects."""
    if fmt != "text":
        return render_findings([Finding(*r) for r in rows], fmt)
    return text_lines(rows)


def _text(findings: list[Finding]) -> str:
    return "".join(f.to_text() + "\n" for f in findings)


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _annotation(f: Finding) -> str:
    """One `::error file=…,line=…::` workflow command (Actions shows only ten: the text list
    follows)."""
    level = "error" if f.severity == "error" else "warning"
    title = _escape(f"{f.rule} {f.name}", True)
    message = _escape(f.message + (f" ({f.hint})" if f.hint else ""))
    where = f"file={_escape(f.path, True)},line={f.line},col={f.col}"
    return f"::{level} {where},title={title}::{message}"
