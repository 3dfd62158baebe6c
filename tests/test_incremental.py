"""The incremental engine finds what one plain pass over the whole ledger finds.

Stored, warm and `--no-cache` runs give the same findings and print the same bytes through
sequences of edits, moves and deletions, with a ledger-scoped rule that compares two
debtors; a damaged, foreign or forged store is rebuilt or ignored; `--staged` equals a
read of the whole index; and nothing in the work tree is ever read as state.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest
import qingqian.rules as rules_module
from qingqian.demo.generate import generate
from qingqian.findings import Finding
from qingqian.incremental import files as files_module
from qingqian.incremental.groups import groups
from qingqian.incremental.run import check_tree
from qingqian.incremental.staged import check_staged
from qingqian.ledger import Ledger, load
from qingqian.loader import discover
from qingqian.render.findings import render_rows
from qingqian.rules.registry import LEDGER, finding, rule
from test_corpus import MANIFEST, as_of, build_case

AS_OF = date(2026, 11, 30)
DEMO = Path(__file__).resolve().parents[1]
ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}


# --- a ledger rule that compares two debtors ----------------------------------------------------


def payment_refs(path: str, model: object) -> tuple:
    """Facts: the receivable's debtor and the refs and lines of its payments."""
    refs = tuple((e.ref, e.line) for e in getattr(model, "events", ()) if e.type == "payment" and e.ref)
    return (model.debtor, refs) if refs else ()  # type: ignore[attr-defined]


def shared_bank_ref(facts: Mapping[str, tuple], ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """One bank receipt booked on receivables of two debtors."""
    debtors: dict[str, set[str]] = {}
    for debtor, refs in facts.values():
        for ref, _line in refs:
            debtors.setdefault(ref, set()).add(debtor)
    for path, (_debtor, refs) in sorted(facts.items()):
        for ref, line in refs:
            if len(debtors[ref]) > 1:
                yield finding("R901", (path, line, 1), f"`{ref}` is booked for {sorted(debtors[ref])}")


SHARED_REF = rule("R901", "shared-bank-ref", "error", shared_bank_ref, scope=LEDGER, facts=payment_refs)


@pytest.fixture(autouse=True)
def with_ledger_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_module, "ALL_RULES", (*rules_module.ALL_RULES, SHARED_REF))


# --- helpers ----------------------------------------------------------------------------------------


def whole(root: Path, day: date = AS_OF) -> list[tuple]:
    """The reference: every rule once over the whole ledger, no engine, no store."""
    return sorted(f.row() for f in rules_module.check(load(root), day))


def engine(root: Path, day: date = AS_OF, cache: bool | None = None) -> list[tuple]:
    """The engine's findings; its printed text and counts must agree with them."""
    as_rows = check_tree(root, day, cache=cache)
    rows = as_rows.rows or []
    # the store keeps the text in the language asked last: each language in turn, and back
    for lang in ("zh", "en", "zh"):
        as_text = check_tree(root, day, cache=cache, text=lang)
        assert as_text.text == render_rows(rows, "text", lang).encode("utf-8"), lang
    errors = sum(r[5] == "error" for r in rows)
    assert (as_text.errors, as_text.warnings) == (as_rows.errors, as_rows.warnings) == (errors, len(rows) - errors)
    return rows


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True, text=True).stdout


def store_path(root: Path) -> Path:
    return Path(git(root, "rev-parse", "--absolute-git-dir").strip()) / "qingqian" / "state.sqlite3"


def qq(root: Path, *args: str, env: dict | None = None) -> tuple[int, bytes]:
    done = subprocess.run([sys.executable, "-m", "qingqian", "--root", str(root), *args], capture_output=True,
                          env={**os.environ, **(env or {})}, check=False)
    return done.returncode, done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def field(path: Path, name: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}: "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"no {name} in {path}")


def receivables(root: Path) -> list[Path]:
    return [root / p for p in discover(root) if "/AR-" in p]


def a_payment_ref(path: Path) -> str:
    found = re.search(r"type: payment, amount: \"[0-9.]+\", method: \w+, ref: ([\w-]+)", path.read_text("utf-8"))
    assert found, path
    return found.group(1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    generate(root, 300, seed=11)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        git(root, *args)
    return root


# --- groups and full runs -----------------------------------------------------------------------


def test_groups_join_files_through_shared_ids() -> None:
    anchors = groups({"a": ("AR-1", "D-1"), "b": ("AR-2", "D-2"), "c": ("C-1", "D-1", "AR-2"),
                      "d": ("D-3",), "e": (), "f": ("AR-1", "D-3")})
    assert anchors == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e", "f": "a"}


def test_demo_through_the_store_equals_one_pass(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    for top in ("ledger", "cases", "policies"):
        shutil.copytree(DEMO / top, root / top)
    git(root, "init", "-q")
    expected = whole(root)
    assert expected and engine(root, cache=False) == expected
    assert engine(root) == expected == engine(root)  # cold, then from the store
    assert store_path(root).is_file()


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_corpus_case_equals_one_pass(name: str, tmp_path: Path) -> None:
    root = build_case(name, MANIFEST[name], tmp_path / "case")
    day = as_of(MANIFEST[name])
    assert engine(root, day, cache=False) == whole(root, day)


def test_parallel_batches_and_wrong_guesses_equal_one_pass(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups guessed from `debtor:` lines may be wrong; the true groups are checked again."""
    monkeypatch.setattr(files_module, "POOL_THRESHOLD", 50)  # read and check in worker processes
    monkeypatch.setattr(files_module, "BATCHES_PER_WORKER", 7)
    recs = receivables(repo)
    far = recs[-1]
    edit(recs[0], f"debtor: {field(recs[0], 'debtor')}", f"debtor: >-\n  {field(far, 'debtor')}")
    case = next(repo / p for p in discover(repo) if p.startswith("cases/"))
    edit(case, "receivables: [", f"receivables: [{field(far, 'id')}, ")  # joins two debtors (R005)
    redone: list[int] = []
    real = files_module.group_rows
    monkeypatch.setattr(files_module, "group_rows", lambda *a: redone.append(len(a[3])) or real(*a))
    assert engine(repo, cache=False) == whole(repo)
    assert redone, "the groups the guess split were checked again"
    assert engine(repo) == whole(repo)
    # one receipt on two debtors (L009, a ledger rule) in a file with group findings too:
    # its worker's text lacks the L009 finding, so that file is printed again from all its rows
    grouped = {row[0] for row in whole(repo)}
    payment = re.compile(r"type: payment, amount: \"[0-9.]+\", method: (\w+), ref: ([\w-]+)")
    paid = {r: found.groups() for r in receivables(repo)
            if (found := payment.search(r.read_text("utf-8")))}
    payer_a, (method, ref_a) = next(iter(paid.items()))
    payer_b = next(r for r, (m, _) in paid.items() if m == method
                   and field(r, "debtor") != field(payer_a, "debtor")
                   and r.relative_to(repo).as_posix() in grouped)
    edit(payer_b, f"ref: {paid[payer_b][1]}", f"ref: {ref_a}")
    assert "L009" in {row[3] for row in whole(repo) if row[0] == payer_b.relative_to(repo).as_posix()}
    # a cold store in each language: the workers print each file's group findings
    for lang in ("zh", "en"):
        shutil.rmtree(repo / ".git" / "qingqian")
        cold = check_tree(repo, AS_OF, text=lang).text
        assert cold == render_rows(whole(repo), "text", lang).encode("utf-8"), lang


# --- edits, moves, deletions, with the store damaged in turn -----------------------------------------


def damage(store: Path, how: str) -> None:
    """Break the store one way."""
    if how in ("garbage", "empty", "cut"):
        for suffix in ("-wal", "-shm"):
            store.with_name(store.name + suffix).unlink(missing_ok=True)
        data = store.read_bytes()
        store.write_bytes({"garbage": b"garbage" * 100, "empty": b"", "cut": data[: len(data) // 3]}[how])
        return
    db = sqlite3.connect(store)
    statements = {
        "foreign": ["PRAGMA user_version = 99"],
        "no table": ["DROP TABLE rows"],
        "bad json": ["UPDATE rows SET rows = '{not json'", "UPDATE files SET links = '[1'"],
        "other code": ["UPDATE meta SET value = 'x' WHERE name = 'code'"],
        "wrong keys": ["UPDATE files SET key = 'f' || key"],
    }[how]
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


DAMAGES = ("garbage", "empty", "cut", "foreign", "no table", "bad json", "other code", "wrong keys", None)


def test_each_edit_equals_one_pass_with_the_store_damaged_in_turn(repo: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits that move files between groups, break, mend, move and delete them, share a bank
    receipt between two debtors (the ledger rule R901), change an assigned receivable (R004,
    the first ledger rule) and a policy file."""
    assert engine(repo) == whole(repo)
    checked: list[int] = []
    real = files_module.group_rows
    monkeypatch.setattr(files_module, "group_rows", lambda *a: checked.append(len(a[3])) or real(*a))
    recs = receivables(repo)
    first, second = recs[0], recs[-1]
    paid = [r for r in recs[1:-1] if "type: payment" in r.read_text("utf-8")]
    payer_a = paid[0]
    payer_b = next(r for r in paid if field(r, "debtor") != field(payer_a, "debtor"))
    ref_a, ref_b = a_payment_ref(payer_a), a_payment_ref(payer_b)
    case = next(repo / p for p in discover(repo) if p.startswith("cases/"))
    debtor_file = next(repo / p for p in discover(repo) if p.startswith("ledger/debtors/"))
    targets = (repo / "policies/targets/2026.yaml").read_text(encoding="utf-8")
    assigned = next(r for r in recs[1:-1] if re.search(rf"\b{field(r, 'id')}\b", targets)
                    and r not in (payer_a, payer_b))
    moved = repo / "ledger/moved" / payer_b.name
    edits = [
        lambda: edit(first, f"debtor: {field(first, 'debtor')}", f"debtor: {field(second, 'debtor')}"),
        lambda: edit(second, "currency:", "currancy:"),  # invalid: S007, leaves its group
        lambda: edit(second, "currancy:", "currency:"),  # mended: joins again
        lambda: edit(payer_b, f"ref: {ref_b}", f"ref: {ref_a}"),  # R901: one receipt, two debtors
        lambda: (moved.parent.mkdir(), payer_b.rename(moved)),  # moved: still shared
        lambda: debtor_file.unlink(),  # its receivables now name an unknown debtor (R001)
        lambda: shutil.copy(first, repo / "ledger/moved" / first.name),  # same id in another file: S012
        lambda: edit(case, "receivables: [", f"receivables: [{field(second, 'id')}, "),  # R005
        lambda: edit(assigned, "currency:", "currancy:"),  # an assigned receivable invalid: R004
        lambda: edit(assigned, "currancy:", "currency:"),
        lambda: assigned.unlink(),  # a target assigns an unknown receivable (R004 in policies/)
        lambda: moved.unlink(),  # the shared receipt is no longer shared
        lambda: edit(repo / "policies/people.yaml", "name:", "name: 改"),  # a policy: all again
    ]
    seen_rules: set[str] = set()
    for number, step in enumerate(edits):
        how = DAMAGES[number % len(DAMAGES)]
        step()
        checked.clear()
        found = engine(repo)
        assert found == whole(repo), f"after edit {number}"
        if number < len(edits) - 1:
            assert checked and sum(checked) < 60, (number, checked)  # the touched groups only
        seen_rules |= {r[3] for r in found}
        assert engine(repo) == found == engine(repo, cache=False), f"warm and uncached, edit {number}"
        if how is not None:
            damage(store_path(repo), how)
            assert engine(repo) == found, f"store damaged ({how}) after edit {number}"
    assert {"R001", "S012", "R005", "R004", "R901", "S007"} <= seen_rules


def test_keys_from_git_while_the_index_is_unchanged(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits, new, deleted and reverted files are seen without listing the tree."""
    assert engine(repo) == whole(repo)
    listed: list[int] = []
    from qingqian import loader

    real = loader.discover
    monkeypatch.setattr(loader, "discover", lambda root: listed.append(1) or real(root))
    recs = receivables(repo)
    original = recs[2].read_text(encoding="utf-8")
    steps = [
        lambda: edit(recs[2], "currency:", "currancy:"),  # a tracked file modified
        lambda: shutil.copytree(recs[5].parent, repo / "ledger/new"),  # untracked files (S012)
        lambda: recs[7].unlink(),  # a tracked file deleted
        lambda: recs[2].write_text(original, encoding="utf-8"),  # modified, then clean again
        lambda: shutil.rmtree(repo / "ledger/new"),  # the untracked files gone
    ]
    for number, step in enumerate(steps):
        step()
        listed.clear()
        assert check_tree(repo, AS_OF).rows == whole(repo), f"after step {number}"
        assert not listed, f"step {number} listed the folders"
    git(repo, "add", "-A")  # the index changes: the tree is listed again, once
    assert check_tree(repo, AS_OF).rows == whole(repo) and listed


def test_cached_warm_and_uncached_print_the_same_bytes(repo: Path) -> None:
    recs = receivables(repo)
    outputs = []
    for step in (lambda: None, lambda: edit(recs[3], "currency:", "currancy:"), lambda: recs[4].unlink()):
        step()
        runs = [qq(repo, "check", "--as-of", "2026-11-30") for _ in range(2)]
        runs.append(qq(repo, "check", "--as-of", "2026-11-30", "--no-cache"))
        assert runs[0] == runs[1] == runs[2] and runs[0][1]
        outputs.append(runs[0])
    assert outputs[0] != outputs[1] != outputs[2]


def test_a_damaged_store_is_never_a_reason_to_exit_2(repo: Path) -> None:
    expected = qq(repo, "check", "--as-of", "2026-11-30")
    target = store_path(repo)
    for content in (b"", b"not a database", b"SQLite format 3\x00" + b"\xff" * 200):
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        target.write_bytes(content)
        assert qq(repo, "check", "--as-of", "2026-11-30") == expected, content
    shutil.rmtree(target.parent)
    target.parent.write_text("a file where the store's folder goes")  # cannot be made: no store
    assert qq(repo, "check", "--as-of", "2026-11-30") == expected


# --- --staged -------------------------------------------------------------------------------------


def staged_rows(root: Path) -> list[tuple]:
    return sorted(f.row() for f in check_staged(root, AS_OF))


def test_staged_through_the_store_equals_reading_the_whole_index(repo: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    recs = receivables(repo)
    debtor = next(repo / p for p in discover(repo) if p.startswith("ledger/debtors/"))
    steps = [
        lambda: (edit(recs[1], "currency:", "currancy:"), git(repo, "add", "-A")),
        lambda: (edit(recs[2], "currency:", "currancy:"), check_tree(repo, AS_OF)),  # unstaged edit
        lambda: (shutil.copytree(recs[3].parent, repo / "ledger/new"), check_tree(repo, AS_OF)),
        lambda: (recs[4].unlink(), check_tree(repo, AS_OF)),  # deleted, not staged
        lambda: git(repo, "add", str(recs[4].relative_to(repo))),  # the deletion staged
        lambda: git(repo, "add", "ledger/new"),  # new files staged (S012)
        lambda: (edit(recs[5], "debtor:", "debtor: D-000001\nx_old_debtor:"), git(repo, "add", "-A")),
        lambda: (debtor.unlink(), git(repo, "add", "-A")),  # its receivables name no debtor
        lambda: git(repo, "commit", "-q", "-m", "y"),
        lambda: (edit(recs[1], "currancy:", "currency:"), git(repo, "add", "-A")),
        lambda: git(repo, "reset", "-q", "--hard", "HEAD~1"),  # the index rewritten whole
    ]
    staged_rows(repo)
    for number, step in enumerate(steps):
        step()
        found = staged_rows(repo)
        monkeypatch.setenv("QINGQIAN_NO_CACHE", "1")
        assert found == staged_rows(repo), f"after step {number}"
        monkeypatch.delenv("QINGQIAN_NO_CACHE")
        assert check_tree(repo, AS_OF).rows == whole(repo), f"the working tree after step {number}"


# --- nothing in the work tree is state --------------------------------------------------------------


EVIL = """
import os, pickle
class Boom:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))
data = pickle.dumps(Boom())
"""


def test_a_tracked_pickle_under_the_old_cache_path_is_never_loaded_and_is_flagged(repo: Path,
                                                                                  tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    scope: dict = {}
    exec(EVIL.format(marker=marker), scope)  # noqa: S102 - builds the attacker's pickle, never loads it
    for name in ("cache/00.pickle", "cache/v1/run-check.pickle", "cache/v1/check/head.bin", "state.sqlite3"):
        target = repo / ".qingqian" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scope["data"])
    git(repo, "add", "-f", ".qingqian")
    git(repo, "commit", "-q", "-m", "a crafted cache")
    code, out = qq(repo, "check", "--as-of", "2026-11-30")
    flagged = {line.split(":", 1)[0] for line in out.decode().splitlines() if " S030 " in line}
    assert code == 1 and flagged == {".qingqian/cache/00.pickle", ".qingqian/cache/v1/run-check.pickle",
                                     ".qingqian/cache/v1/check/head.bin", ".qingqian/state.sqlite3"}
    assert qq(repo, "check", "--as-of", "2026-11-30", "--no-cache") == (code, out)
    for args in (["check", "--since", "HEAD~1"], ["check", "--staged"], ["diff", "HEAD~1..HEAD"],
                 ["age", "--as-of", "2026-11-30"], ["total", "--as-of", "2026-11-30"]):
        qq(repo, *args)
    assert not marker.exists(), "a pickle from the work tree was loaded"


def test_the_store_lives_in_the_git_directory_and_nowhere_else(repo: Path, tmp_path: Path) -> None:
    before = git(repo, "status", "--porcelain", "--ignored")
    engine(repo)
    qq(repo, "age", "--as-of", "2026-11-30")
    assert store_path(repo).is_file()
    assert git(repo, "status", "--porcelain", "--ignored") == before  # nothing new in the work tree
    plain = tmp_path / "plain"
    generate(plain, 20, seed=2)
    listing = sorted(p for p in plain.rglob("*"))
    assert engine(plain) == whole(plain)  # outside Git: no store at all
    assert sorted(p for p in plain.rglob("*")) == listing


def test_a_forged_store_for_other_content_cannot_hide_errors(repo: Path, tmp_path: Path) -> None:
    """Store entries bind content keys: a store made for a clean ledger, put in the Git
    directory of a broken one, is not believed where the content differs."""
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean)
    assert engine(clean) == whole(clean)
    broken = receivables(repo)[3]
    edit(broken, "currency:", "currancy:")
    git(repo, "commit", "-q", "-am", "broken")
    store_path(repo).parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = store_path(clean).with_name(store_path(clean).name + suffix)
        if source.exists():
            shutil.copy(source, store_path(repo).with_name(store_path(repo).name + suffix))
    found = engine(repo)
    assert found == whole(repo) and any(r[3] == "S007" and r[5] == "error" for r in found)
    db = sqlite3.connect(store_path(repo))  # a forged entry for the broken file's path
    db.execute("UPDATE printed SET text = x'', errors = 0")
    db.execute("UPDATE files SET disk = 1")  # the key is looked at again, and binds the content
    db.execute("UPDATE files SET key = 'forged'")
    db.commit()
    db.close()
    assert engine(repo) == found


def test_files_read_on_every_core_keep_their_kinds(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Models made in worker processes come back with the one FileKind of their name."""
    import pickle

    from qingqian import loader

    assert pickle.loads(pickle.dumps(loader.RECEIVABLE)) is loader.RECEIVABLE
    monkeypatch.setattr(loader, "POOL_THRESHOLD", 50)
    ledger = load(repo)
    assert ledger.rules is not None and ledger.receivables and ledger.targets


def test_a_deleted_evidence_file_is_noticed_by_a_warm_check(tmp_path: Path) -> None:
    """P016 reads files outside the ledger: deleting a write-off's evidence changes no ledger
    file, yet the next stored check must report it, as a plain pass does."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".git", "site", "tools", "tests"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        git(root, *args)
    assert "P016" not in {r[3] for r in engine(root)}  # stored
    evidence = root / "docs" / "AR-2023-0002"
    shutil.rmtree(evidence)
    warm = engine(root)
    assert "P016" in {r[3] for r in warm}
    assert warm == whole(root)
