"""History rules (H) through `check --since`, and `check --staged`, on throw-away Git repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import policy_files, receivable, write_ledger
from qingqian.cli import cli

AS_OF = "2026-11-30"
AUTHOR = ("张三", "zhang.san@example.com")

AR1 = receivable("AR-1", events="""\
    - {date: 2026-01-10, type: invoice, amount: "1000.00", due: 2026-02-10, ref: INV-1}
    - {date: 2026-03-01, type: payment, amount: "300.00", method: bank, ref: HD-1}
    """)


class GitRepo:
    """A ledger in a fresh Git repository under tmp_path; commits by a chosen author and date."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: tuple[str, str] = AUTHOR, when: str | None = None) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
               "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        done = subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                              capture_output=True, text=True)
        return done.stdout.strip()

    def commit(self, message: str, files: dict | None = None, delete: tuple[str, ...] = (),
               author: tuple[str, str] = AUTHOR, when: str | None = None) -> str:
        """Write and delete files, commit everything; returns the short sha."""
        write_ledger(self.path, files or {}, defaults=False)
        for rel in delete:
            (self.path / rel).unlink()
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, when=when)
        return self.git("rev-parse", "--short=7", "HEAD")

    def qq(self, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--root", str(self.path), *args])
        return result.exit_code, result.stdout


def closed_rules(through: str = "2026-10-31") -> dict[str, str]:
    rules = policy_files()["policies/rules.yaml"]
    assert "closed_through: null" in rules
    return {"policies/rules.yaml": rules.replace("closed_through: null", f"closed_through: {through}")}


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository whose first commit holds a clean ledger with one receivable AR-1."""
    r = GitRepo(tmp_path / "repo")
    r.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    return r


def since(repo: GitRepo, base: str) -> tuple[int, list[tuple[str, str]], str]:
    code, out = repo.qq("check", "--since", base, "--as-of", AS_OF, "--format", "json")
    import json
    doc = json.loads(out)
    return code, [(f["rule"], f["path"]) for f in doc["findings"]], out


def test_clean_commit_passes(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    payment = '  - {date: 2026-11-20, type: payment, amount: "100.00", method: bank, ref: HD-2}\n'
    repo.commit("record a payment", {"ledger/east/2026/AR-1.yaml": AR1 + payment})
    code, found, _ = since(repo, base)
    assert code == 0 and not [f for f in found if f[0].startswith("H")]


def test_edited_past_payment_is_h003(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    sha = repo.commit("fix amount", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"250.00"')})
    code, found, out = since(repo, base)
    assert code == 1
    assert ("H003", "ledger/east/2026/AR-1.yaml") in found
    assert sha in out and "300.00 → 250.00" in out


def test_responsible_change_is_h001(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    sha = repo.commit("reassign", {"ledger/east/2026/AR-1.yaml":
                                   AR1.replace("responsible: zhang.san", "responsible: wang.wu")})
    code, found, out = since(repo, base)
    assert code == 1 and ("H001", "ledger/east/2026/AR-1.yaml") in found and sha in out


def test_deleted_receivable_is_h004(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    sha = repo.commit("drop AR-1", delete=("ledger/east/2026/AR-1.yaml",))
    code, found, out = since(repo, base)
    assert code == 1 and ("H004", "ledger/east/2026/AR-1.yaml") in found and sha in out


def test_moved_receivable_is_not_deleted(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.git("mv", "ledger/east/2026/AR-1.yaml", "ledger/east/AR-1.yaml")
    repo.commit("move")
    code, found, _ = since(repo, base)
    assert code == 0 and not [f for f in found if f[0].startswith("H")]


def test_event_added_in_closed_period_is_h002(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    late = '  - {date: 2026-09-30, type: payment, amount: "100.00", method: bank, ref: HD-9}\n'
    sha = repo.commit("backdated payment", {"ledger/east/2026/AR-1.yaml": AR1 + late})
    code, found, out = since(repo, base)
    assert code == 1 and ("H002", "ledger/east/2026/AR-1.yaml") in found
    assert f"的提交 {sha}" in out and "（结账至 2026-10-31）" in out  # the ledger speaks Chinese


def test_findings_name_each_commit(repo: GitRepo) -> None:
    """Two bad commits in the range: each finding names its own commit."""
    base = repo.git("rev-parse", "HEAD")
    first = repo.commit("one", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"310.00"')})
    second = repo.commit("two", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"320.00"')
                                 .replace("responsible: zhang.san", "responsible: wang.wu")})
    _, found, out = since(repo, base)
    assert f"的提交 {first}" in out and f"的提交 {second}" in out
    assert [r for r, _ in found if r.startswith("H")].count("H003") == 2


def test_self_approved_writeoff_is_h005(repo: GitRepo) -> None:
    people = policy_files()["policies/people.yaml"].replace(
        "roles: [finance-manager], status: active}",
        "roles: [finance-manager], status: active, email: qian@example.com}")
    repo.commit("emails", {"policies/people.yaml": people})
    base = repo.git("rev-parse", "HEAD")
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "700.00", basis: small-overdue-1y, '
                'approved_by: [qian.fm], evidence: [x.pdf]}\n')
    sha = repo.commit("write off", {"ledger/east/2026/AR-1.yaml": AR1 + writeoff},
                      author=("钱敏", "Qian@Example.com"))
    _, found, out = since(repo, base)
    assert ("H005", "ledger/east/2026/AR-1.yaml") in found and f"钱敏 的提交 {sha}" in out
    repo.git("reset", "-q", "--hard", base)
    repo.commit("write off", {"ledger/east/2026/AR-1.yaml": AR1 + writeoff},
                author=("孙总", "sun@example.com"))
    _, found, _ = since(repo, base)
    assert "H005" not in [r for r, _ in found]


def test_history_rules_are_listed_and_severity_applies(repo: GitRepo) -> None:
    from qingqian.rules import ALL_RULES

    assert {"H001", "H002", "H003", "H004", "H005"} <= {r.id for r in ALL_RULES}
    rules = closed_rules("2025-12-31")["policies/rules.yaml"].replace(
        "severity: {}", "severity: {H003: warning}")
    repo.commit("relax", {"policies/rules.yaml": rules})
    base = repo.git("rev-parse", "HEAD")
    repo.commit("fix amount", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"250.00"')})
    code, found, out = since(repo, base)
    assert code == 0 and ("H003", "ledger/east/2026/AR-1.yaml") in found and '"warning"' in out


def test_unknown_revision_is_a_usage_problem(repo: GitRepo) -> None:
    code, _ = repo.qq("check", "--since", "no-such-branch")
    assert code == 2


# --- check --staged -------------------------------------------------------------------------


def test_staged_checks_the_index_not_the_working_tree(repo: GitRepo) -> None:
    path = repo.path / "ledger/east/2026/AR-1.yaml"
    broken = AR1.replace("debtor: D-0001", "debtor: D-9999")
    path.write_text(broken, encoding="utf-8")  # unstaged: the working tree is wrong
    code, out = repo.qq("check", "--staged", "--as-of", AS_OF)
    assert code == 0 and "R001" not in out
    repo.git("add", "-A")
    path.write_text(AR1, encoding="utf-8")  # staged is wrong, the working tree fixed
    code, out = repo.qq("check", "--staged", "--as-of", AS_OF)
    assert code == 1 and "ledger/east/2026/AR-1.yaml" in out and "R001" in out


def test_staged_reports_what_the_change_breaks_elsewhere(repo: GitRepo) -> None:
    case = ("id: C-1\ndebtor: D-0001\nreceivables: [AR-1]\nowner: wang.fa\nstrategy: cash\n")
    other = receivable("AR-2", debtor="D-0001").replace("title: 某工程进度款", "title: 其他")
    repo.commit("case", {"cases/C-1.yaml": case, "ledger/east/2026/AR-2.yaml": other})
    (repo.path / "ledger/east/2026/AR-1.yaml").unlink()
    (repo.path / "ledger/east/2026/AR-2.yaml").write_text(other.replace("D-0001", "D-7"), "utf-8")
    repo.git("add", "ledger/east/2026/AR-1.yaml")  # only the deletion is staged
    code, out = repo.qq("check", "--staged", "--as-of", AS_OF, "--format", "json")
    import json
    found = {(f["rule"], f["path"]) for f in json.loads(out)["findings"]}
    assert code == 1 and ("R004", "cases/C-1.yaml") in found
    assert not any(p == "ledger/east/2026/AR-2.yaml" for _, p in found)


def test_staged_outside_git_is_a_usage_problem(tmp_path: Path) -> None:
    write_ledger(tmp_path / "plain", {})
    result = CliRunner().invoke(cli, ["--root", str(tmp_path / "plain"), "check", "--staged",
                                      "--lang", "en"])
    assert result.exit_code == 2 and "not inside a Git repository" in result.stderr
    chinese = CliRunner().invoke(cli, ["--root", str(tmp_path / "plain"), "check", "--staged",
                                       "--lang", "zh"])
    assert chinese.exit_code == 2 and "不在 Git 仓库中" in chinese.stderr


def test_index_is_read_alike_by_the_listing_parser_and_by_pattern(repo: GitRepo) -> None:
    import re

    from qingqian.gitio.run import LEDGER_TOPS, run
    from qingqian.incremental import staged
    from qingqian.loader import is_ledger_file

    (repo.path / "ledger/east/2026/link.yaml").symlink_to("AR-1.yaml")  # not a regular file
    (repo.path / "ledger/east/2026/AR-3.yaml").write_text(receivable("AR-3"), "utf-8")
    (repo.path / "ledger/east/.drafts").mkdir()
    (repo.path / "ledger/east/.drafts/AR-9.yaml").write_text(receivable("AR-9"), "utf-8")  # hidden
    (repo.path / "ledger/east/notes.txt").write_text("not a record", "utf-8")
    (repo.path / "policies/readme.md").write_text("# not a policy file", "utf-8")
    (repo.path / "ledger/east/2026/AR 4\t.yaml").write_text(receivable("AR-4"), "utf-8")  # odd name
    repo.git("add", "-A")
    listing = run(repo.path, "ls-files", "-s", "-z", paths=LEDGER_TOPS) or b""
    records = re.findall(rb"(\d+) ([0-9a-f]+) (\d)\t([^\0]*)\0", listing)
    by_pattern = {path.decode(): blob.decode() for mode, blob, stage, path in records
                  if stage in b"02" and mode in (b"100644", b"100755") and is_ledger_file(path.decode())}
    entries, _ = staged.index_entries(repo.path)
    assert entries == by_pattern
    assert "ledger/east/2026/AR-3.yaml" in entries and "policies/rules.yaml" in entries
    assert "ledger/east/2026/link.yaml" not in entries
    assert not any(".drafts" in p or p.endswith((".txt", ".md")) for p in entries)
    assert "ledger/east/2026/AR 4\t.yaml" in entries
    assert staged.staged_changes(repo.path, entries) == [
        "ledger/east/2026/AR 4\t.yaml", "ledger/east/2026/AR-3.yaml", "ledger/east/2026/link.yaml"]


def test_since_looks_for_write_off_evidence_in_the_commit(repo: GitRepo) -> None:
    """P016 under `check --since`: the evidence must be in the commit checked, not only on disk."""
    import hashlib
    base = repo.git("rev-parse", "HEAD")
    old = AR1.replace("2026-", "2022-")  # invoices four years past due: overdue-3y holds
    digest = hashlib.sha256(b"%PDF-1.4\n").hexdigest()
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "100.00", basis: overdue-3y, '
                f'evidence: [{{kind: special-report, path: docs/r.pdf, sha256: "{digest}"}}], '
                'approved_by: [qian.fm]}\n')
    repo.commit("write off", {"ledger/east/2026/AR-1.yaml": old + writeoff})
    (repo.path / "docs").mkdir()
    (repo.path / "docs" / "r.pdf").write_bytes(b"%PDF-1.4\n")  # on disk, not committed
    _, found, _ = since(repo, base)
    assert ("P016", "ledger/east/2026/AR-1.yaml") in found
    repo.commit("add the report", {})
    _, found, _ = since(repo, base)
    assert ("P016", "ledger/east/2026/AR-1.yaml") not in found
    repo.commit("change it", {"docs/r.pdf": b"%PDF-1.5\n"})  # the committed file no longer matches
    _, found, _ = since(repo, base)
    assert ("P016", "ledger/east/2026/AR-1.yaml") in found
