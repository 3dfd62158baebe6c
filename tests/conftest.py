"""Shared fixtures: build a small ledger from inline YAML in a temporary folder."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from qingqian.cli import cli
from qingqian.ledger import Ledger, load
from qingqian.rules import check

ROOT = Path(__file__).resolve().parents[1]
SCAFFOLD = ROOT / "tools" / "qingqian" / "scaffold" / "template"

PEOPLE = """\
people:
  - {id: li.si, name: 李四, unit: east, roles: [collector], status: active}
  - {id: zhang.san, name: 张三, unit: east, roles: [collector], status: active}
  - {id: wang.wu, name: 王五, unit: east, roles: [collector], status: active}
  - {id: qian.fm, name: 钱敏, unit: hq, roles: [finance-manager], status: active}
  - {id: sun.cfo, name: 孙总, unit: hq, roles: [cfo], status: active}
  - {id: zhou.gm, name: 周总, unit: hq, roles: [general-manager], status: active}
  - {id: wang.fa, name: 王法, unit: hq, roles: [legal], status: active}
  - {id: zhao.liu, name: 赵六, unit: east, roles: [collector], status: departed, departed: 2026-06-30}
"""
UNITS = """\
units:
  - {id: hq, name: 总部}
  - {id: east, name: 华东工程公司}
  - {id: west, name: 西部销售公司}
"""
DEBTOR = """\
id: D-0001
name: 华东某置业有限公司
type: real-estate
status: active
condition: good
"""


def policy_files() -> dict[str, str]:
    """The scaffold's rules plus a small cast of people and units."""
    return {
        "policies/rules.yaml": (SCAFFOLD / "policies" / "rules.yaml").read_text(encoding="utf-8"),
        "policies/people.yaml": PEOPLE,
        "policies/units.yaml": UNITS,
        "ledger/debtors/D-0001.yaml": DEBTOR,
    }


def receivable(ident: str = "AR-1", events: str = "", extra: str = "", debtor: str = "D-0001") -> str:
    """A receivable file; `events` is the YAML list body (each line starting with '  - ')."""
    body = textwrap.dedent(f"""\
        id: {ident}
        debtor: {debtor}
        unit: east
        kind: construction
        title: 某工程进度款
        responsible: zhang.san
        collector: li.si
        difficulty: normal
        """) + textwrap.dedent(extra)
    if events:
        body += "events:\n" + textwrap.indent(textwrap.dedent(events).strip("\n"), "  ") + "\n"
    return body


class Link(str):
    """A file of `write_ledger` that is a symbolic link to this target (hostile input)."""


def write_ledger(root: Path, files: dict[str, str | bytes], defaults: bool = True) -> Path:
    """Write a ledger of `{path: text}` (over the default policy files) under `root`."""
    merged: dict[str, str | bytes] = {**(policy_files() if defaults else {}), **files}
    for rel, content in merged.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(content)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_ledger(tmp_path: Path):
    """make_ledger({path: yaml}) -> Ledger loaded from a fresh temporary ledger."""
    def make(files: dict[str, str | bytes], defaults: bool = True) -> Ledger:
        return load(write_ledger(tmp_path, files, defaults))
    return make


@pytest.fixture
def findings_of(make_ledger):
    """findings_of({path: yaml}, as_of) -> sorted (rule, path, line) tuples."""
    def run(files: dict[str, str | bytes], as_of: date = date(2026, 11, 30)) -> list[tuple]:
        return [(f.rule, f.path, f.line) for f in check(make_ledger(files), as_of)]
    return run


@pytest.fixture
def qq(tmp_path: Path):
    """qq(*args, files=None) -> (exit code, stdout) of the CLI, run on a temporary ledger."""
    def run(*args: str, files: dict | None = None, root: Path | None = None):
        base = root or tmp_path
        if files is not None:
            write_ledger(base, files)
        result = CliRunner().invoke(cli, ["--root", str(base), *args], catch_exceptions=False)
        return result.exit_code, result.stdout
    return run


def as_json(text: str) -> dict:
    return json.loads(text)


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the files under tests/golden from the current output")


@pytest.fixture
def golden(request):
    """golden(name, text): assert `text` equals tests/golden/<name>; --update-golden rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; rerun")
        assert text == path.read_text(encoding="utf-8"), \
            f"{name} differs from its golden file (rerun with --update-golden if intended)"
    return check
