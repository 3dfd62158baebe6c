"""Checking by groups, in parallel or incrementally, finds exactly what one pass over the whole ledger finds."""

from __future__ import annotations

import pickle
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from qingqian import cache as file_cache
from qingqian import check as check_module
from qingqian import checkstate, fullcheck
from qingqian.check import check_tree
from qingqian.findings import Finding
from qingqian.demo.generate import generate
from qingqian.ledger import load
from qingqian.loader import discover
from qingqian.partition import groups
from qingqian.render.text import text_lines
from qingqian.rules import check
from test_corpus import MANIFEST, as_of, build_case

AS_OF = date(2026, 11, 30)
DEMO = Path(__file__).resolve().parents[1]


def whole(root: Path, day: date = AS_OF) -> list[tuple]:
    """The reference: every rule once over the whole ledger, no cache, no groups."""
    return [_row(f) for f in check(load(root, cache=False), day)]


def _row(f) -> tuple:  # type: ignore[no-untyped-def]
    return (f.path, f.line, f.col, f.rule, f.severity, f.name, f.message, f.hint)


def by_groups(root: Path, day: date = AS_OF, cache: bool | None = None) -> list[tuple]:
    """`check_ledger`'s findings; and the text `check` prints of them, kept or not, must match."""
    outcome = check_tree(root, day, cache=cache)
    kept = outcome.text()
    assert kept is None or kept.decode("utf-8") == text_lines(outcome.rows())
    assert (outcome.errors, outcome.warnings) == (sum(r[5] == "error" for r in outcome.rows()),
                                                  sum(r[5] != "error" for r in outcome.rows()))
    return [_row(Finding(*r)) for r in outcome.rows()]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    generate(root, 300, seed=11)
    return root


def test_groups_join_files_through_shared_ids() -> None:
    anchors = groups({"a": ("AR-1", "D-1"), "b": ("AR-2", "D-2"), "c": ("C-1", "D-1", "AR-2"),
                      "d": ("D-3",), "e": (), "f": ("AR-1", "D-3")})
    assert anchors == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e", "f": "a"}
    assert groups({"x": ("D-1",), "y": ("D-2",)}) == {"x": "x", "y": "y"}


def test_demo_by_groups_equals_one_pass(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    for top in ("ledger", "cases", "policies"):
        shutil.copytree(DEMO / top, root / top)
    expected = whole(root)
    assert expected and by_groups(root, cache=False) == expected
    assert by_groups(root) == expected == by_groups(root)  # cold, then from the stored state


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_corpus_case_by_groups_equals_one_pass(name: str, tmp_path: Path) -> None:
    root = build_case(name, MANIFEST[name], tmp_path / "case")
    day = as_of(MANIFEST[name])
    assert by_groups(root, day, cache=False) == whole(root, day)


def test_parallel_batches_equal_one_pass(ledger: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_cache, "POOL_THRESHOLD", 50)  # parse and check in worker processes
    monkeypatch.setattr(fullcheck, "BATCHES_PER_WORKER", 7)
    assert by_groups(ledger, cache=False) == whole(ledger)
    assert by_groups(ledger) == whole(ledger)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())


def _receivables(root: Path) -> list[Path]:
    return [root / p for p in discover(root) if "/AR-" in p]


def _field(path: Path, name: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}: "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"no {name} in {path}")


def test_each_edit_rechecks_its_groups_and_equals_one_pass(ledger: Path, monkeypatch) -> None:
    """A sequence of edits that move files between groups, break them and mend them."""
    assert by_groups(ledger) == whole(ledger)
    checked: list[int] = []
    real = check_module.group_rows
    monkeypatch.setattr(check_module, "group_rows",
                        lambda root, day, policy, items: checked.append(len(items)) or real(root, day, policy, items))
    recs = _receivables(ledger)
    first, second = recs[0], recs[-1]
    other_debtor = _field(second, "debtor")
    case = next(ledger / p for p in discover(ledger) if p.startswith("cases/"))
    debtor_file = next(ledger / p for p in discover(ledger) if p.startswith("ledger/debtors/"))
    targets = (ledger / "policies/targets/2026.yaml").read_text(encoding="utf-8")
    assigned = next(r for r in recs[1:-1] if re.search(rf"\b{_field(r, 'id')}\b", targets))
    edits = [
        lambda: _edit(first, f"debtor: {_field(first, 'debtor')}", f"debtor: {other_debtor}"),  # moves group
        lambda: _edit(second, "currency:", "currancy:"),  # invalid: S007, leaves its group
        lambda: _edit(second, "currancy:", "currency:"),  # mended: joins again
        lambda: debtor_file.unlink(),  # its receivables now name an unknown debtor (R001)
        lambda: _copy(first, ledger / "ledger/dup" / first.name),  # same id in another file: S012
        lambda: _edit(case, "receivables: [", f"receivables: [{_field(second, 'id')}, "),  # R005
        lambda: _edit(assigned, "currency:", "currancy:"),  # an assigned receivable invalid: R004
        lambda: _edit(assigned, "currancy:", "currency:"),
        lambda: _edit(assigned, "title:", "title: 改"),  # content only: targets' findings stay
        lambda: assigned.unlink(),  # a target now assigns an unknown receivable (R004 in policies/)
        lambda: _edit(ledger / "policies/people.yaml", "name:", "name: 改"),  # policies: all rechecked
    ]
    for number, edit in enumerate(edits):
        edit()
        checked.clear()
        assert by_groups(ledger) == whole(ledger), f"after edit {number}"
        assert by_groups(ledger) == whole(ledger), f"stored, after edit {number}"
        if number < len(edits) - 1:
            assert checked and sum(checked) < 60, (number, checked)  # the touched groups only
    found = {f[3] for f in whole(ledger)}
    assert {"R001", "S012", "R005", "R004"} <= found


def _state_files(ledger: Path, prefix: str) -> list[Path]:
    return sorted((ledger / file_cache.CACHE_DIR).glob(f"*/check/{prefix}*.bin"))


def test_a_corrupt_or_foreign_state_is_not_trusted(ledger: Path) -> None:
    expected = by_groups(ledger)
    head = _state_files(ledger, "head")[0]
    head.write_bytes(b"garbage")
    assert by_groups(ledger) == expected
    head.write_bytes(head.read_bytes()[:100])
    assert by_groups(ledger) == expected
    assert by_groups(ledger, date(2026, 12, 31)) == whole(ledger, date(2026, 12, 31))  # another day
    assert by_groups(ledger) == expected
    head.write_bytes(checkstate._encode(("another-format", {})))
    assert by_groups(ledger) == expected
    # every kind of shard, and the text: damaged, cut, one bit off, foreign, or gone
    for prefix in ("k", "r", "l", "i", "text"):
        for damage in ("garbage", "cut", "flipped", "foreign", "gone"):
            by_groups(ledger)  # a sound state to damage
            target = max(_state_files(ledger, prefix), key=lambda f: f.stat().st_size)
            good = target.read_bytes()
            if damage == "gone":
                target.unlink()
            else:
                target.write_bytes({"garbage": b"garbage", "cut": good[:40],
                                    "flipped": good[:-1] + bytes([good[-1] ^ 1]),
                                    "foreign": checkstate._encode(["not", "a", "map"])}[damage])
            _edit(_receivables(ledger)[3], "currency:", "currancy:")
            assert by_groups(ledger) == whole(ledger), (prefix, damage)
            _edit(_receivables(ledger)[3], "currancy:", "currency:")
            assert by_groups(ledger) == expected, (prefix, damage)


def test_files_no_head_names_are_removed_once_old(ledger: Path, monkeypatch) -> None:
    by_groups(ledger)
    folder = _state_files(ledger, "head")[0].parent
    stray = folder / "r000-00000000-1.bin"
    stray.write_bytes(b"left by a run that stopped")
    _edit(_receivables(ledger)[3], "currency:", "currancy:")
    by_groups(ledger)
    assert stray.exists(), "young: may belong to a run still saving"
    monkeypatch.setattr(checkstate, "GRACE_SECONDS", -1)
    _edit(_receivables(ledger)[3], "currancy:", "currency:")
    by_groups(ledger)
    assert not stray.exists()
    state = checkstate.load_state(ledger)  # every file the head names survived
    assert state is not None and state.all_keys() and state.all_rows() and state.text


def test_wrong_guesses_and_corrupt_entries_in_parallel_batches(ledger: Path, monkeypatch) -> None:
    """Groups guessed from `debtor:` lines may be wrong; the true groups are checked again."""
    monkeypatch.setattr(file_cache, "POOL_THRESHOLD", 50)
    monkeypatch.setattr(fullcheck, "BATCHES_PER_WORKER", 7)
    recs = _receivables(ledger)
    far = recs[-1]
    _edit(recs[0], f"debtor: {_field(recs[0], 'debtor')}", f"debtor: >-\n  {_field(far, 'debtor')}")
    case = next(ledger / p for p in discover(ledger) if p.startswith("cases/"))
    _edit(case, "receivables: [", f"receivables: [{_field(far, 'id')}, ")  # joins two debtors (R005)
    redone: list[int] = []
    real = fullcheck._redo
    monkeypatch.setattr(fullcheck, "_redo", lambda *a: redone.append(len(a[7])) or real(*a))
    assert by_groups(ledger, cache=False) == whole(ledger)
    assert redone, "the misplaced groups were checked again"
    shutil.rmtree(ledger / ".qingqian", ignore_errors=True)
    by_groups(ledger)  # fills the file cache
    _state_files(ledger, "head")[0].unlink()  # a full check again, from cached entries, one of them now corrupt
    shard = next(s for s in sorted((ledger / file_cache.CACHE_DIR).glob("*/[0-9a-f][0-9a-f].pickle"))
                 if any(e[2] for e in pickle.loads(s.read_bytes()).values()))
    data = pickle.loads(shard.read_bytes())
    path = next(p for p, e in data.items() if e[2])
    data[path] = (data[path][0], b"\x80\x05garbage", data[path][2])
    shard.write_bytes(pickle.dumps(data))
    redone.clear()
    assert by_groups(ledger) == whole(ledger)
    assert redone


def _git(root: Path, *args: str) -> None:
    import subprocess
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def test_keys_from_git_while_the_index_is_unchanged(ledger: Path, monkeypatch) -> None:
    """Edits, new, deleted and reverted files are seen without listing the tree."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        _git(ledger, *args)
    assert by_groups(ledger) == whole(ledger)
    listed: list[int] = []
    from qingqian import loader

    real = loader.discover
    monkeypatch.setattr(loader, "discover", lambda root: listed.append(1) or real(root))
    recs = _receivables(ledger)
    original = recs[2].read_text(encoding="utf-8")
    steps = [
        lambda: _edit(recs[2], "currency:", "currancy:"),  # a tracked file modified
        lambda: _copy(recs[5], ledger / "ledger/new" / recs[5].name),  # an untracked file (S012)
        lambda: recs[7].unlink(),  # a tracked file deleted
        lambda: recs[2].write_text(original, encoding="utf-8"),  # modified, then clean again
        lambda: shutil.rmtree(ledger / "ledger/new"),  # the untracked file gone
    ]
    for number, step in enumerate(steps):
        step()
        assert by_groups(ledger) == whole(ledger), f"after step {number}"
        assert not listed, f"step {number} listed the folders"
    assert not listed, "no step listed the folders: the index never changed"
    _git(ledger, "add", "-A")  # the index changes: list and hash again, once
    assert by_groups(ledger) == whole(ledger) and listed


@pytest.mark.parametrize("limit", [0, 1 << 20])
def test_printed_text_is_mended_by_file_and_rewritten_when_the_patch_grows(ledger: Path, monkeypatch,
                                                                            limit: int) -> None:
    monkeypatch.setattr(checkstate, "TEXT_PATCH_LIMIT", limit)
    by_groups(ledger)
    recs = _receivables(ledger)
    for number in range(4):
        _edit(recs[number], "currency:", "currancy:")  # S007 in the file, its group re-checked
        assert by_groups(ledger) == whole(ledger)  # and the text equals the findings rendered
        state = checkstate.load_state(ledger)
        assert state is not None and bool(state.text_patch) == (limit > 0), number
    _edit(recs[0], "currancy:", "currency:")
    assert by_groups(ledger) == whole(ledger)
