"""The bad-input corpus: every case must produce its expected findings, never a crash.

Each case in tests/corpus/manifest.yaml overlays the files of tests/corpus/bad/<case>/
on the clean ledger in tests/corpus/base/ (removing `remove:` files and building
`generate:` files at run time, so nothing big is committed), then runs `check`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from qingqian.findings import Finding
from qingqian.ledger import load
from qingqian.rules import ALL_RULES, check

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE = CORPUS / "base"
BAD = CORPUS / "bad"
MANIFEST: dict[str, dict] = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["cases"]
BASE_AS_OF = date(2026, 11, 30)
FAMILIES = "SRLPA"  # H needs Git history: tested in test_history


# ---- generators for inputs too big (or too odd) to commit

def _alias_bomb(spec: dict) -> bytes:
    """Billion laughs: nine levels of nine aliases, 9**9 leaves when expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_nesting(spec: dict) -> bytes:
    depth = spec["depth"]
    return f"id: AR-2026-0001\nnote: {'[' * depth}{']' * depth}\n".encode()


def _deep_block_nesting(spec: dict) -> bytes:
    depth = spec["depth"]
    return ("id: AR-2026-0001\n" + "".join(f"{'  ' * i}k:\n" for i in range(depth))
            + f"{'  ' * depth}x\n").encode()


def _big_file(spec: dict) -> bytes:
    head = (BASE / spec["path"]).read_bytes()
    pad = b"# " + b"x" * 97 + b"\n"
    return head + pad * (spec["megabytes"] * 1024 * 1024 // len(pad))


def _many_nodes(spec: dict) -> bytes:
    return b"id: AR-2026-0001\nnote: [" + b"0, " * spec["count"] + b"]\n"


def _long_line(spec: dict) -> bytes:
    text = (BASE / spec["path"]).read_text(encoding="utf-8")
    long_note = "note: " + "长" * (spec["megabytes"] * 1024 * 1024 // 3) + "\nresponsable: zhang.san\n"
    return text.replace("difficulty: normal\n", "difficulty: normal\n" + long_note).encode()


GENERATORS = {"alias_bomb": _alias_bomb, "deep_nesting": _deep_nesting,
              "deep_block_nesting": _deep_block_nesting, "big_file": _big_file,
              "many_nodes": _many_nodes, "long_line": _long_line}


def build_case(name: str, spec: dict, root: Path) -> Path:
    """The base ledger with the case's files laid over it, under `root`."""
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    for rel in spec.get("remove") or ():
        (root / rel).unlink()
    for rel in spec.get("files") or ():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BAD / name / rel, target)
    generate = spec.get("generate")
    if generate and generate["kind"] in ("symlink", "raw_name"):  # what a YAML list cannot hold
        _special(root, generate)
    elif generate:
        target = root / generate["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(GENERATORS[generate["kind"]](generate))
    return root


def _special(root: Path, generate: dict) -> None:
    """A symbolic link, or a file whose name is not UTF-8 (issue 19's hostile files)."""
    import os
    if generate["kind"] == "symlink":
        (root / generate["path"]).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(generate["target"], root / generate["path"])
        return
    folder = os.fsencode(root / generate["folder"])
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, bytes.fromhex(generate["name_hex"])), "wb") as handle:
        handle.write(b"id: AR-2026-0099\n")


def as_of(spec: dict) -> date:
    value = spec.get("as_of", BASE_AS_OF)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def run_case(name: str, spec: dict, root: Path | None = None) -> list[Finding]:
    """Build the case and return every finding of `check` (library, in process)."""
    import tempfile
    if root is None:
        root = Path(tempfile.mkdtemp(prefix=f"qq-{name}-")) / "ledger-root"
    return check(load(build_case(name, spec, root)), as_of(spec))


def test_corpus_has_enough_cases():
    assert len(MANIFEST) >= 80


def test_base_ledger_is_clean():
    assert check(load(BASE), BASE_AS_OF) == []


def test_manifest_lists_exactly_the_committed_files():
    folders = {p.name for p in BAD.iterdir() if p.is_dir()}
    with_files = {name for name, spec in MANIFEST.items() if spec.get("files")}
    assert folders == with_files
    for name in with_files:
        on_disk = sorted(p.relative_to(BAD / name).as_posix()
                         for p in (BAD / name).rglob("*") if p.is_file())
        assert on_disk == sorted(MANIFEST[name]["files"]), name


def test_every_registered_rule_has_a_case():
    """Every S, R, L, P and A rule that is registered has at least one corpus case.

    S030 (a tracked .qingqian/ file) needs a Git repository: tests/test_incremental.py."""
    covered = {e["rule"] for spec in MANIFEST.values() for e in spec["expected"]}
    registered = {r.id for r in ALL_RULES if r.id[0] in FAMILIES} - {"S030"}
    assert registered - covered == set()


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_case_finds_what_it_should(name, tmp_path):
    spec = MANIFEST[name]
    found = run_case(name, spec, tmp_path / "ledger")
    got = {(f.rule, f.path, f.line) for f in found}
    for item in spec["expected"]:
        assert (item["rule"], item["path"], item["line"]) in got, sorted(got)
    errors = any(f.severity == "error" for f in found)
    assert spec["exit"] == (1 if errors else 0), [f.to_text() for f in found]


def _cli_sample() -> list[str]:
    """Every generated case (the limits) plus every tenth committed case; all with QINGQIAN_CORPUS_CLI=all."""
    names = sorted(MANIFEST)
    if os.environ.get("QINGQIAN_CORPUS_CLI") == "all":
        return names
    return [n for i, n in enumerate(names) if MANIFEST[n].get("generate") or MANIFEST[n].get("remove")
            or i % 10 == 0]


@pytest.mark.parametrize("name", _cli_sample())
def test_cli_check_exit_code(name, tmp_path):
    spec = MANIFEST[name]
    root = build_case(name, spec, tmp_path / "ledger")
    proc = subprocess.run(
        [sys.executable, "-m", "qingqian", "--root", str(root), "check", "--format", "json",
         "--as-of", as_of(spec).isoformat()],
        capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == spec["exit"], (proc.returncode, proc.stderr[-2000:])
    reported = yaml.safe_load(proc.stdout)["findings"]
    got = {(f["rule"], f["path"], f["line"]) for f in reported}
    for item in spec["expected"]:
        assert (item["rule"], item["path"], item["line"]) in got
