"""Findings as text lines, JSON (DESIGN §5) or GitHub Actions annotations."""

from __future__ import annotations

import json

from ..findings import Finding


def render_findings(findings: list[Finding], fmt: str, lang: str = "en") -> str:
    """Findings in `fmt`; messages and hints in `lang` (the catalogue's templates), amounts
    grouped by thousands in either language."""
    findings = [translated(f, lang) for f in findings]
    if fmt == "json":
        errors = sum(f.severity == "error" for f in findings)
        doc = {"errors": errors, "warnings": len(findings) - errors,
               "findings": [f.to_json() for f in findings]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(_annotation(f) + "\n" for f in findings) + _text(findings, lang)
    return _text(findings, lang)


def render_rows(rows: list[tuple], fmt: str, lang: str = "en") -> str:
    """`render_findings` of findings kept as tuples (Finding.row)."""
    return render_findings([Finding(*r) for r in rows], fmt, lang)


def summary(errors: int, warnings: int, lang: str = "en") -> str:
    """The count line `check` prints on stderr after its findings, in `lang`."""
    from ..i18n import N_, say

    return say(N_("{errors} errors, {warnings} warnings"), lang, errors=errors, warnings=warnings)


def translated(finding: Finding, lang: str) -> Finding:
    """The finding with its message and hint in `lang` (as they are where no template fits)."""
    from dataclasses import replace

    from ..i18n.messages import render

    return replace(finding, message=render(finding.rule, finding.message, lang),
                   hint=render(finding.rule, finding.hint, lang))


SEVERITY_ZH = {"error": "错误", "warning": "警告"}


def _text(findings: list[Finding], lang: str = "en") -> str:
    if lang != "zh":
        return "".join(f.to_text() + "\n" for f in findings)
    from .text import one_line  # a line break in a value cannot start a line of its own

    return "".join(one_line(f"{f.path}:{f.line}:{f.col}: {SEVERITY_ZH.get(f.severity, f.severity)} "
                            f"{f.rule} {f.name}：{f.message}" + (f"（{f.hint}）" if f.hint else ""))
                   + "\n" for f in findings)


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
