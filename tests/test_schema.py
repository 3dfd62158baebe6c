"""The JSON Schema written from the models accepts the demo and rejects what check rejects."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT

from qingqian.loader import discover, kind_of
from qingqian.scaffold.schema import schema_for, write_schemas


class Yaml12Loader(yaml.SafeLoader):
    """Typing as an editor's YAML 1.2 parser sees it: `no` is text, dates are strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def yaml12(text: str):
    return yaml.load(text, Loader=Yaml12Loader)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    write_schemas(out)
    return out


def test_schemas_are_draft_07(written):
    for path in written.glob("*.schema.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(doc)
        assert "$defs" not in json.dumps(doc)


def test_committed_schemas_match_the_models(written):
    for path in written.glob("*.schema.json"):
        assert (ROOT / "schemas" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"schemas/{path.name} is stale: run `qingqian schema --out schemas`"


def test_demo_files_validate_against_the_written_schema(written):
    checked = 0
    for rel in discover(ROOT):
        kind = kind_of(rel)
        schema = json.loads((written / f"{kind.name}.schema.json").read_text(encoding="utf-8"))
        data = yaml12((ROOT / rel).read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema).validate(data)
        checked += 1
    assert checked > 50


def test_demo_files_name_their_schema():
    for rel in discover(ROOT):
        first = (ROOT / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        target = (ROOT / rel).parent / first.split("=", 1)[1]
        assert target.resolve() == (ROOT / "schemas" / f"{kind_of(rel).name}.schema.json").resolve(), rel


def test_schema_rejects_a_typo_and_a_bad_amount():
    validator = jsonschema.Draft7Validator(schema_for("receivable"))
    good = {"id": "AR-1", "debtor": "D-1", "unit": "u", "title": "t", "responsible": "a", "collector": "b",
            "events": [{"date": "2026-01-01", "type": "invoice", "amount": "10.00"}]}
    assert not list(validator.iter_errors(good))
    typo = {**good, "events": [{"date": "2026-01-01", "type": "invoice", "amout": "10.00"}]}
    assert list(validator.iter_errors(typo))
    bad = {**good, "events": [{"date": "2026-01-01", "type": "invoice", "amount": "10.001"}]}
    assert list(validator.iter_errors(bad))
