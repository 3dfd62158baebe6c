"""The load cache: same results with or without it, and never trusting a bad entry."""

from __future__ import annotations

import os
import pickle
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from qingqian import cache
from qingqian.check import check_ledger
from qingqian.cli import cli
from qingqian.demo.generate import generate
from qingqian.ledger import load
from qingqian.loader import discover

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cache") / "ledger"
    generate(root, 300, seed=5)
    return root


def _shards(root: Path) -> list[Path]:
    return sorted((root / cache.CACHE_DIR).glob("*/[0-9a-f][0-9a-f].pickle"))


def _keys(findings) -> list[tuple]:
    return [(f.path, f.line, f.col, f.rule, f.severity, f.message) for f in findings]


def test_cached_and_uncached_findings_are_identical(generated: Path) -> None:
    fresh = check_ledger(generated, AS_OF, cache=False)
    first = check_ledger(generated, AS_OF)  # fills the cache
    second = check_ledger(generated, AS_OF)  # served from it
    assert _shards(generated)
    assert _keys(fresh) == _keys(first) == _keys(second)
    assert not any(f.severity == "error" for f in fresh)


@pytest.mark.parametrize("report", ["age", "total"])
def test_cached_and_uncached_reports_are_identical(generated: Path, report: str) -> None:
    args = ["--root", str(generated), report, "--as-of", "2026-11-30", "--format", "json"]
    plain = CliRunner(env={"QINGQIAN_NO_CACHE": "1"}).invoke(cli, args)
    cold = CliRunner().invoke(cli, args)
    warm = CliRunner().invoke(cli, args)
    assert plain.exit_code == cold.exit_code == warm.exit_code == 0
    assert plain.stdout == cold.stdout == warm.stdout


def test_ledger_models_are_identical_from_the_cache(generated: Path) -> None:
    fresh, cached = load(generated, cache=False), load(generated)
    assert fresh.receivables == cached.receivables and fresh.cases == cached.cases
    assert fresh.key_pos == cached.key_pos and fresh.findings == cached.findings


def test_corrupt_shards_and_entries_are_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "l"
    generate(root, 100, seed=2)
    expected = _keys(check_ledger(root, AS_OF, cache=False))
    load(root)
    shards = _shards(root)
    shards[0].write_bytes(b"not a pickle")  # garbage
    shards[1].write_bytes(shards[1].read_bytes()[:40])  # truncated by a crash
    data = pickle.loads(shards[2].read_bytes())
    (path, (key, _blob, _links)), (other, (key2, _b2, links2)) = list(data.items())[:2]
    data[path] = (key, b"\x80\x05garbage", ())  # an entry that does not unpickle
    data[other] = (key2, pickle.dumps(("cases/elsewhere.yaml", "case", None, {}, ())), links2)  # wrong file
    shards[2].write_bytes(pickle.dumps(data))
    lying = next(s for s in shards[3:] if any(e[2] for e in pickle.loads(s.read_bytes()).values()))
    data = pickle.loads(lying.read_bytes())
    lied = next(p for p, e in data.items() if e[2])
    data[lied] = (data[lied][0], data[lied][1], ("AR-NOT-ITS-OWN",))  # links that do not match
    lying.write_bytes(pickle.dumps(data))
    assert _keys(check_ledger(root, AS_OF)) == expected
    rebuilt = {**pickle.loads(shards[2].read_bytes()), **pickle.loads(lying.read_bytes())}
    for name in (path, other, lied):
        assert pickle.loads(rebuilt[name][1])[0] == name and rebuilt[name][2] != ("AR-NOT-ITS-OWN",)
    pickle.loads(shards[0].read_bytes())  # rewritten whole


def test_a_stale_entry_is_not_used(tmp_path: Path) -> None:
    root = tmp_path / "l"
    generate(root, 100, seed=4)
    check_ledger(root, AS_OF)
    target = next(p for p in discover(root) if "/AR-" in p)
    text = (root / target).read_text(encoding="utf-8")
    (root / target).write_text(text.replace("currency: CNY", "currency: CNY\ncurrancy: CNY"),
                               encoding="utf-8")
    found = check_ledger(root, AS_OF)
    assert ("S007", target) in {(f.rule, f.path) for f in found}
    assert _keys(found) == _keys(check_ledger(root, AS_OF, cache=False))
    (root / target).write_text(text, encoding="utf-8")
    assert not any(f.rule == "S007" for f in check_ledger(root, AS_OF))


def test_code_version_separates_caches(tmp_path: Path) -> None:
    root = tmp_path / "l"
    generate(root, 100, seed=6)
    paths = discover(root)
    keys = cache.content_keys(root, paths)
    old = cache.FileCache(root, version="old-code")
    loaded = cache.load_paths(root, paths[:5])
    old.put({p: (keys[p], cache.blob_of(loaded[p]), ()) for p in paths[:5]}, keys)
    assert cache.FileCache(root, version="old-code").get(paths[0], keys[paths[0]]) is not None
    assert cache.FileCache(root, version="new-code").get(paths[0], keys[paths[0]]) is None
    assert cache.FileCache(root, version="old-code").get(paths[0], "another-key") is None


def test_git_blob_ids_for_unmodified_files(tmp_path: Path) -> None:
    root = tmp_path / "l"
    generate(root, 100, seed=8)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    paths = discover(root)
    edited = next(p for p in paths if "/AR-" in p)
    (root / edited).write_text((root / edited).read_text(encoding="utf-8") + "note: 改\n",
                               encoding="utf-8")
    keys = cache.content_keys(root, paths)
    assert keys[edited].startswith("b")
    assert all(keys[p].startswith("g") for p in paths if p != edited)
    assert not (root / ".qingqian").exists() or "qingqian" not in subprocess.run(
        ["git", "status", "--porcelain"], check=False, cwd=root, capture_output=True, text=True).stdout
    assert _keys(check_ledger(root, AS_OF)) == _keys(check_ledger(root, AS_OF, cache=False))


def test_pool_and_single_process_agree(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "l"
    generate(root, 100, seed=9)
    paths = discover(root)
    single = cache.load_paths(root, paths)
    monkeypatch.setattr(cache, "POOL_THRESHOLD", 10)
    pooled = cache.load_paths(root, paths)
    assert {p: (i.model, i.findings, i.kind) for p, i in single.items()} == \
        {p: (i.model, i.findings, i.kind) for p, i in pooled.items()}


def test_editing_one_file_reads_that_file_alone(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "l"
    generate(root, 300, seed=12)
    check_ledger(root, AS_OF)
    parsed: list[str] = []
    real = cache.parse
    monkeypatch.setattr(cache, "parse", lambda r, paths, *a, **k: parsed.extend(paths) or real(r, paths, *a, **k))
    for target in [p for p in discover(root) if "/AR-" in p][:12]:
        parsed.clear()
        (root / target).write_text((root / target).read_text(encoding="utf-8") + "note: 改\n",
                                   encoding="utf-8")
        check_ledger(root, AS_OF)
        assert parsed == [target]  # every other file still comes from the cache
