"""JSON Schema (draft-07) for each file kind, generated from the models: one source of truth.

Editors (the VS Code YAML extension) understand draft-07, not pydantic's 2020-12
output, so `$defs` become `definitions` and the `$schema` line is set.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..loader import KINDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(node: object) -> object:
    if isinstance(node, dict):
        out: dict[str, object] = {}
        for key, value in node.items():
            if key == "$defs":
                key = "definitions"
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            if key == "discriminator":  # an OpenAPI keyword, unknown to draft-07
                continue
            if key == "const" and isinstance(value, str) and "enum" not in node:
                out["enum"] = [value]
                continue
            out[key] = _draft07(value)
        return out
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    return node


def schema_for(kind_name: str) -> dict:
    """The draft-07 schema of one file kind (debtor, receivable, case, rules, …)."""
    kind = next(k for k in KINDS if k.name == kind_name)
    schema = _draft07(kind.model.model_json_schema(by_alias=True, mode="validation"))
    assert isinstance(schema, dict)
    return {"$schema": DRAFT_07, "$id": f"{kind_name}.schema.json", **schema}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = out / f"{kind.name}.schema.json"
        path.write_text(json.dumps(schema_for(kind.name), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written
