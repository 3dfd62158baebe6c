"""Pydantic models vs jsonschema (draft-07) validating the demo receivables: time per file.

Run: python benchmarks/validators.py  (prints µs per file for each, and the ratio)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import jsonschema

from qingqian.loader import discover, kind_of
from qingqian.scaffold.schema import schema_for
from qingqian.source import plain_data, read_yaml

ROOT = Path(__file__).resolve().parents[1]


def main(repeat: int = 50) -> None:
    paths = [p for p in discover(ROOT) if kind_of(p).name == "receivable"]
    roots = [read_yaml((ROOT / p).read_bytes()).root for p in paths]
    plain = [plain_data(r) for r in roots]
    model = kind_of(paths[0]).model
    validator = jsonschema.Draft7Validator(schema_for("receivable"))

    def per_file(fn, items) -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            for item in items:
                fn(item)
        return (time.perf_counter() - start) / (repeat * len(items)) * 1e6

    pyd = per_file(model.model_validate, roots)
    jss = per_file(lambda d: list(validator.iter_errors(d)), plain)
    print(json.dumps({"files": len(paths), "pydantic_us": round(pyd, 1), "jsonschema_us": round(jss, 1),
                      "ratio": round(jss / pyd, 1)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
