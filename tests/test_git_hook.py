"""The pre-commit hook refuses a history rewrite: each H rule, in a throw-away repository.

The hook is the one `qingqian hook install` writes; commits are made with `git commit` and a
PATH that holds no qingqian (a shell without the virtual environment), so the hook must find
the Python that installed it. A refused commit leaves HEAD where it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import policy_files, receivable, write_ledger

PATH = "ledger/east/2026/AR-1.yaml"
AR1 = receivable("AR-1", events="""\
    - {date: 2026-01-10, type: invoice, amount: "1000.00", due: 2026-02-10, ref: INV-1}
    - {date: 2026-03-01, type: payment, amount: "300.00", method: bank, ref: HD-1}
    """)
PEOPLE = policy_files()["policies/people.yaml"].replace(
    "roles: [finance-manager], status: active}",
    "roles: [finance-manager], status: active, email: qian@example.com}")
RULES = policy_files()["policies/rules.yaml"].replace("closed_through: null", "closed_through: 2026-10-31")


def env(author: tuple[str, str] = ("张三", "zhang.san@example.com")) -> dict[str, str]:
    """No qingqian on PATH (only the system's git and sh), no user Git configuration."""
    keep = {k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, "PATH": "/usr/bin:/bin", "QINGQIAN_AS_OF": "2026-11-30",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1]}


def git(repo: Path, *args: str, author: tuple[str, str] = ("张三", "zhang.san@example.com")
        ) -> subprocess.CompletedProcess:
    """Git, with the hook's output (Git sends it to stderr) folded into stdout."""
    return subprocess.run(["git", *args], cwd=repo, env=env(author), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed ledger (AR-1, books closed through 2026-10-31) with the hook installed."""
    path = tmp_path / "books"
    write_ledger(path, {"policies/rules.yaml": RULES, "policies/people.yaml": PEOPLE, PATH: AR1})
    assert git(path, "init", "-q", "-b", "main").returncode == 0
    assert git(path, "add", "-A").returncode == 0
    assert git(path, "commit", "-q", "--no-verify", "-m", "base").returncode == 0
    done = subprocess.run([sys.executable, "-m", "qingqian", "hook", "install"], cwd=path,
                          env=env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "installed" in done.stdout
    return path


def commit(repo: Path, text: str | None, author: tuple[str, str] = ("张三", "zhang.san@example.com")
           ) -> subprocess.CompletedProcess:
    """Stage AR-1 as `text` (None: delete it) and try to commit."""
    if text is None:
        git(repo, "rm", "-q", PATH)
    else:
        (repo / PATH).write_text(text, encoding="utf-8")
        git(repo, "add", PATH)
    return git(repo, "commit", "-m", "change", author=author)


def refused(repo: Path, done: subprocess.CompletedProcess, rule: str) -> None:
    head = git(repo, "log", "--format=%s").stdout.split()
    assert done.returncode != 0, done.stdout
    assert f"错误 {rule} " in done.stdout or f"error {rule} " in done.stdout, done.stdout
    assert " 暂存的修改：" in done.stdout  # the ledger's language: Chinese
    assert "change" not in head  # the commit was not made


def test_a_clean_change_commits(repo: Path) -> None:
    payment = '  - {date: 2026-11-20, type: payment, amount: "100.00", method: bank, ref: HD-2}\n'
    done = commit(repo, AR1 + payment)
    assert done.returncode == 0, done.stdout
    assert git(repo, "log", "--format=%s").stdout.split() == ["change", "base"]


def test_h001_responsible_changed_is_refused(repo: Path) -> None:
    done = commit(repo, AR1.replace("responsible: zhang.san", "responsible: wang.wu"))
    refused(repo, done, "H001")
    assert "第一责任人由 zhang.san 改为 wang.wu" in done.stdout


def test_h002_closed_period_edit_is_refused(repo: Path) -> None:
    late = '  - {date: 2026-09-30, type: payment, amount: "100.00", method: bank, ref: HD-9}\n'
    done = commit(repo, AR1 + late)
    refused(repo, done, "H002")
    assert "在已结账期间（结账至 2026-10-31）内新增了 2026-09-30 的回款记录" in done.stdout


def test_h003_recorded_amount_changed_is_refused(repo: Path) -> None:
    done = commit(repo, AR1.replace('"300.00"', '"250.00"'))
    refused(repo, done, "H003")
    assert "修改了已记录的回款 HD-1：金额 300.00 → 250.00" in done.stdout


def test_h004_record_deleted_is_refused(repo: Path) -> None:
    done = commit(repo, None)
    refused(repo, done, "H004")
    assert f"删除了 {PATH}（AR-1）" in done.stdout


def test_h005_self_approved_writeoff_is_refused(repo: Path) -> None:
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "700.00", basis: small-overdue-1y, '
                'approved_by: [qian.fm], evidence: [x.pdf]}\n')
    done = commit(repo, AR1 + writeoff, author=("钱敏", "Qian@Example.com"))
    refused(repo, done, "H005")
    other = commit(repo, AR1 + writeoff, author=("孙总", "sun@example.com"))
    assert "H005" not in other.stdout


def test_a_move_is_not_a_deletion(repo: Path) -> None:
    (repo / "ledger/east/AR-1.yaml").write_text(AR1, encoding="utf-8")
    git(repo, "rm", "-q", PATH)
    git(repo, "add", "-A")
    done = git(repo, "commit", "-m", "move")
    assert done.returncode == 0, done.stdout


def test_hook_without_any_qingqian_says_what_to_do(repo: Path) -> None:
    hook = Path(git(repo, "rev-parse", "--git-path", "hooks").stdout.strip())
    script = (repo / hook / "pre-commit").read_text(encoding="utf-8")
    (repo / hook / "pre-commit").write_text(script.replace(sys.executable, "/nonexistent/python"),
                                            encoding="utf-8")
    done = commit(repo, AR1.replace('"300.00"', '"250.00"'))
    assert done.returncode != 0
    assert "pip install qingqian" in done.stdout and "找不到 qingqian" in done.stdout


def test_install_keeps_another_tools_hook(repo: Path) -> None:
    hook = repo / git(repo, "rev-parse", "--git-path", "hooks").stdout.strip() / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    qq = [sys.executable, "-m", "qingqian"]
    done = subprocess.run([*qq, "hook", "install"], cwd=repo, env=env(), capture_output=True, text=True)
    assert done.returncode == 2 and "不是 qingqian 写的" in done.stderr
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    done = subprocess.run([*qq, "hook", "install", "--force"], cwd=repo, env=env(), capture_output=True,
                          text=True)
    assert done.returncode == 0 and "qingqian check --staged" in hook.read_text(encoding="utf-8")
    done = subprocess.run([*qq, "hook", "uninstall"], cwd=repo, env=env(), capture_output=True, text=True)
    assert done.returncode == 0 and not hook.exists()


def test_the_first_commit_has_no_history_to_break(tmp_path: Path) -> None:
    path = tmp_path / "fresh"
    write_ledger(path, {"policies/rules.yaml": RULES, PATH: AR1})
    assert git(path, "init", "-q", "-b", "main").returncode == 0
    done = subprocess.run([sys.executable, "-m", "qingqian", "hook", "install"], cwd=path, env=env(),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    git(path, "add", "-A")
    done = git(path, "commit", "-m", "first")
    assert done.returncode == 0, done.stdout


def test_staged_history_reads_only_the_delta(repo: Path) -> None:
    """Only the staged file and policies/ are read, on both sides; not the debtor or the rest."""
    from qingqian.gitio.staged_history import staged_delta

    (repo / PATH).write_text(AR1.replace('"300.00"', '"250.00"'), encoding="utf-8")
    git(repo, "add", PATH)
    before, after = staged_delta(repo)
    assert set(before) == set(after) == {PATH, "policies/rules.yaml", "policies/people.yaml",
                                         "policies/units.yaml"}
    assert before[PATH] != after[PATH] and before["policies/rules.yaml"] == after["policies/rules.yaml"]


def test_an_imported_receivable_is_no_closed_period_edit(repo: Path) -> None:
    """A new file with the old 台账's history (before `opened`, and its opening) commits; the
    same history added to a receivable the ledger already had is H002."""
    rules = (repo / "policies/rules.yaml").read_text(encoding="utf-8") + "opened: 2026-01-01\n"
    (repo / "policies/rules.yaml").write_text(rules, encoding="utf-8")
    imported = receivable("AR-2", events="""\
        - {date: 2025-03-01, type: invoice, amount: "5000.00", due: 2025-04-30, ref: HT-9}
        - {date: 2026-01-01, type: opening, amount: "2000.00", as_of: 2026-01-01, source: 台账.xlsx 第2行}
        """)
    (repo / "ledger/east/2025/AR-2.yaml").parent.mkdir(parents=True)
    (repo / "ledger/east/2025/AR-2.yaml").write_text(imported, encoding="utf-8")
    git(repo, "add", "-A")
    done = git(repo, "commit", "-m", "导入台账")
    assert done.returncode == 0, done.stdout
    late = '  - {date: 2025-06-01, type: invoice, amount: "700.00", ref: HT-10}\n'
    refused(repo, commit(repo, AR1 + late), "H002")


def test_h012_closed_through_moved_back_is_refused(repo: Path) -> None:
    """A change to policies/ alone is judged too: moving `closed_through` back reopens months."""
    rules = (repo / "policies/rules.yaml").read_text(encoding="utf-8")
    (repo / "policies/rules.yaml").write_text(
        rules.replace("closed_through: 2026-10-31", "closed_through: 2026-08-31"), encoding="utf-8")
    git(repo, "add", "policies/rules.yaml")
    done = git(repo, "commit", "-m", "change")
    refused(repo, done, "H012")
    assert "closed_through 2026-10-31 → 2026-08-31：已结账月份被重新打开" in done.stdout


def test_h014_approval_by_a_role_the_same_change_widened_is_refused(repo: Path) -> None:
    """Granting 王五 the cfo role and writing off on his approval in one commit is refused;
    the write-off approved by a finance manager of the base commits."""
    people = (repo / "policies/people.yaml").read_text(encoding="utf-8")
    (repo / "policies/people.yaml").write_text(
        people.replace("id: wang.wu, name: 王五, unit: east, roles: [collector]",
                       "id: wang.wu, name: 王五, unit: east, roles: [collector, cfo]"), encoding="utf-8")
    git(repo, "add", "policies/people.yaml")
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "700.00", basis: small-overdue-1y, '
                'approved_by: [wang.wu], evidence: [x.pdf]}\n')
    done = commit(repo, AR1 + writeoff, author=("孙总", "sun@example.com"))
    refused(repo, done, "H014")
    assert "由 wang.wu 审批，而此次修改扩大了其职务" in done.stdout
