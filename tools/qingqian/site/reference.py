"""Generated reference pages: every rule (from ALL_RULES) and every file format (from the models).

The rule docstrings and the JSON schemas are the single source; this module only lays
them out, escaped like any other text.
"""

from __future__ import annotations

from ..loader import KINDS
from ..reports.labels import value
from ..rules import ALL_RULES
from ..scaffold.schema import schema_for
from .pages import md_table
from .safe import esc

PATHS = {"debtor": "ledger/debtors/<ID>.yaml", "receivable": "ledger/<unit>/<year>/<ID>.yaml",
         "case": "cases/<ID>.yaml", "rules": "policies/rules.yaml",
         "people": "policies/people.yaml", "units": "policies/units.yaml",
         "targets": "policies/targets/<year>.yaml"}


def rules_page(w, lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    """A summary table of every rule (summaries in the site's language), then each rule's
    full documentation."""
    from ..i18n import _

    table = md_table([(w("id"), "text"), (w("name"), "text"), (w("severity"), "text"),
                      (w("checks"), "text")],
                     [(r.id, r.name, value(r.severity, lang),
                       _(r.summary, lang, r.id)) for r in ALL_RULES])
    parts = [f"# {esc(w('rules'))}\n\n", table, "\n"]
    for rule in ALL_RULES:
        parts.append(f"## {esc(rule.id)} {esc(rule.name)}\n\n")
        for para in _paragraphs(rule.doc):
            parts.append(f"{esc(para)}\n\n")
    return "".join(parts)


def _paragraphs(doc: str) -> list[str]:
    lines = [line.strip() for line in doc.strip().splitlines()]
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                out.append(" ".join(current))
            current = []
        else:
            current.append(line)
    if current:
        out.append(" ".join(current))
    return out


def formats_page(w) -> str:  # type: ignore[no-untyped-def]
    """Each file kind: where it lives and its top-level fields, then its nested records."""
    parts = [f"# {esc(w('formats'))}\n\n"]
    for kind in KINDS:
        schema = schema_for(kind.name)
        where = esc(PATHS.get(kind.name, ""))
        parts.append(f"## {esc(kind.name)}\n\n{esc(w('file'))}: {where}\n\n")
        parts.append(_fields(w, schema) + "\n")
        for name, sub in sorted(schema.get("definitions", {}).items()):
            if sub.get("properties"):
                parts.append(f"### {esc(kind.name)} {esc(name)}\n\n{_fields(w, sub)}\n")
    return "".join(parts)


def _fields(w, schema: dict) -> str:  # type: ignore[no-untyped-def]
    required = set(schema.get("required", ()))
    rows = [(name, _type(spec), w("yes") if name in required else "", spec.get("description", ""))
            for name, spec in schema.get("properties", {}).items()]
    return md_table([(w("field"), "text"), (w("type"), "text"), (w("required"), "text"),
                     (w("description"), "text")], rows)


def _type(spec: dict) -> str:
    """A short type: string, date, money, list of X, one of a|b, a record name."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "enum" in spec:
        return " | ".join(str(v) for v in spec["enum"])
    if "anyOf" in spec:
        parts = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " / ".join(dict.fromkeys(parts))
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if kind == "string" and "pattern" in spec:
        pattern = spec["pattern"]
        return "date" if "[0-9]{4}-" in pattern else ("amount" if "\\." in pattern else "string")
    if kind == "object" and isinstance(spec.get("additionalProperties"), dict):
        return f"map of {_type(spec['additionalProperties'])}"
    return str(kind)
