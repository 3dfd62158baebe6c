"""Fuzzing: random bytes and mutated ledger files never make the reader, loader or check raise.

Bounded for CI (200 examples per test by default); set QINGQIAN_FUZZ_EXAMPLES=20000 to
run longer locally. A crasher found here becomes a corpus case (tests/corpus) and a fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingqian.findings import Finding
from qingqian.ledger import load_blobs
from qingqian.loader import kind_of, load_file
from qingqian.rules import check
from qingqian.source import Document, MapNode, SeqNode, read_yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASE = HERE / "corpus" / "base"
EXAMPLES = int(os.environ.get("QINGQIAN_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
AS_OF = date(2026, 11, 30)


def _seeds() -> dict[str, bytes]:
    """The base ledger plus a few demo files of every kind: the texts that get mutated."""
    seeds = {p.relative_to(BASE).as_posix(): p.read_bytes() for p in sorted(BASE.rglob("*.yaml"))}
    for top in ("ledger", "cases"):
        for path in sorted((REPO / top).rglob("*.yaml"))[::7]:
            rel = path.relative_to(REPO).as_posix()
            if kind_of(rel):
                seeds[rel] = path.read_bytes()
    return seeds


SEEDS = _seeds()
POLICY = {rel: data for rel, data in SEEDS.items() if rel in {
    "policies/rules.yaml", "policies/people.yaml", "policies/units.yaml",
    "policies/targets/2026.yaml", "ledger/debtors/D-0001.yaml", "cases/C-2026-001.yaml",
    "ledger/east/2026/AR-2026-0001.yaml"}}

TOKENS = [b"&a ", b"*a", b"!!python/object/apply:os.system ['id']", b"<<: ", b"\t", b"\x00",
          b"[" * 60, b"{" * 60, b"]", b"}", b"---\n", b"...\n", b"? ", b": ", b"- ", b"#", b"'", b'"',
          b"|\n", b">-\n", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe4\xb8", b"yes", b"NO", b"010",
          b"1:30", b"1_000", b"~", b"null", b"!!str ", b"!local ", b"%YAML 1.1\n", b"%TAG ! tag:x,1:\n",
          b"@", b"`", b"\\", b"\x1b", "\u2028".encode(), b"2026-02-30",
          b"-1.00", b"1e9", b".inf", b"0x1F", b"&a [*a]", b"*b", b"\n" * 3, b" " * 50]


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A seed file with a few byte-, line- and token-level mutations."""
    path = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[path])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "token", "drop_line", "dup_line",
                                   "swap_lines", "indent"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete" and data:
            del data[at:at + draw(st.integers(1, 8))]
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "drop_line":
                del lines[i]
            elif op == "dup_line":
                lines.insert(j, lines[i])
            elif op == "swap_lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = b" " * draw(st.integers(1, 3)) + lines[i]
            data = bytearray(b"\n".join(lines))
    return path, bytes(data)


def _valid_tree(node: object, depth: int = 0) -> None:
    assert depth <= 41
    if isinstance(node, MapNode):
        assert all(isinstance(k, str) for k in node)
        for value in node.values():
            if not isinstance(value, tuple):  # the position entry
                _valid_tree(value, depth + 1)
    elif isinstance(node, SeqNode):
        assert len(node.item_pos) == len(node)
        for value in node:
            _valid_tree(value, depth + 1)
    else:
        assert node is None or isinstance(node, str)


def _assert_read(data: bytes) -> None:
    document = read_yaml(data)
    assert isinstance(document, Document)
    for problem in document.problems:
        assert problem.rule.startswith("S") and problem.line >= 1 and problem.col >= 1
    _valid_tree(document.root)


@FUZZ
@given(st.binary(max_size=2000))
def test_read_yaml_never_raises_on_random_bytes(data):
    _assert_read(data)


@FUZZ
@given(mutated())
def test_read_and_load_never_raise_on_mutated_files(case):
    path, data = case
    _assert_read(data)
    loaded = load_file(path, data, kind_of(path))  # type: ignore[arg-type]
    assert all(isinstance(f, Finding) and f.line >= 1 for f in loaded.findings)
    if loaded.model is None:
        assert loaded.findings


@FUZZ
@given(st.lists(mutated(), min_size=1, max_size=3))
def test_check_never_raises_on_a_ledger_with_mutated_files(cases):
    blobs = dict(POLICY)
    blobs.update(dict(cases))
    found = check(load_blobs(Path("/nonexistent"), blobs), AS_OF)
    assert all(isinstance(f, Finding) for f in found)


@settings(max_examples=max(3, EXAMPLES // 40), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(mutated(), min_size=1, max_size=3))
def test_cli_exits_cleanly_on_mutated_files(tmp_path_factory, cases):
    root = tmp_path_factory.mktemp("fuzz")
    for rel, data in {**POLICY, **dict(cases)}.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "qingqian", "--root", str(root), "check",
                           "--as-of", AS_OF.isoformat()], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
