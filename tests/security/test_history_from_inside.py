"""Attacks that switched the history rules off from inside the change they judge
(`check --since main` exited 0 on each), and the review summary that must list them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PEOPLE, policy_files, receivable
from test_git_history import AR1, GitRepo, closed_rules

AS_OF = "2026-11-30"
UNPAID = AR1.replace('  - {date: 2026-03-01, type: payment, amount: "300.00", method: bank, ref: HD-1}\n',
                     "")  # the closed-period payment removed


def _repo(tmp_path: Path, extra: dict | None = None) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1,
                         **(extra or {})})
    return repo, repo.git("rev-parse", "HEAD")


def _since(repo: GitRepo, base: str) -> tuple[int, dict[str, str]]:
    code, out = repo.qq("check", "--since", base, "--as-of", AS_OF, "--format", "json")
    return code, {f["rule"]: f["severity"] for f in json.loads(out)["findings"]}


def test_severity_off_in_the_same_commit_does_not_silence_history_rules(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    assert "HD-1" not in UNPAID
    rules = closed_rules()["policies/rules.yaml"].replace(
        "severity: {}", "severity: {H002: off, H003: off, H004: off, H010: off, H012: off}")
    repo.commit("tidy", {"policies/rules.yaml": rules, "ledger/east/2026/AR-1.yaml": UNPAID})
    code, found = _since(repo, base)
    assert code == 1
    assert found.get("H002") == "error" and found.get("H010") == "warning"


def test_closed_through_moved_back_then_payment_removed_is_found(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.commit("reopen", closed_rules("2026-01-31"))
    repo.commit("remove", {"ledger/east/2026/AR-1.yaml": UNPAID})
    code, found = _since(repo, base)
    assert code == 1 and "H002" in found and "H012" in found


def test_file_broken_then_restored_with_a_new_amount_is_found(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.commit("break", {"ledger/east/2026/AR-1.yaml": "id: [AR-1\n"})
    repo.commit("restore", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"30.00"')})
    code, found = _since(repo, base)
    assert code == 1 and "H003" in found


def test_schedule_changed_across_closed_years_is_found(tmp_path: Path) -> None:
    rent = receivable("AR-R", extra="""\
        schedule:
          - {item: rent, amount: "36000.00", every: month, from: 2024-01-01, to: 2026-12-31}
        """)
    repo, base = _repo(tmp_path, {"ledger/east/2024/AR-R.yaml": rent})
    repo.commit("rent", {"ledger/east/2024/AR-R.yaml": rent.replace('"36000.00"', '"72000.00"')})
    code, found = _since(repo, base)
    assert code == 1 and "H013" in found


def test_roles_granted_to_approve_a_write_off_are_found(tmp_path: Path) -> None:
    big = receivable("AR-W", """\
        - {date: 2025-01-10, type: invoice, amount: "820000.00", due: 2025-02-10, ref: INV-W}
        """)
    repo, base = _repo(tmp_path, {"ledger/east/2025/AR-W.yaml": big})
    people = PEOPLE.replace("{id: wang.wu, name: 王五, unit: east, roles: [collector]",
                            "{id: wang.wu, name: 王五, unit: east, roles: [collector, finance-manager, "
                            "cfo, general-manager]")
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "820000.00", basis: small-overdue-1y, '
                'approved_by: [wang.wu], evidence: [x.pdf], accountability: {kind: unit, who: east, '
                'action: 通报}}\n')
    repo.commit("grant and write off", {"policies/people.yaml": people,
                                        "ledger/east/2025/AR-W.yaml": big + writeoff})
    code, found = _since(repo, base)
    assert code == 1 and "H011" in found and "H014" in found


def test_review_summary_lists_policy_changes(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.commit("reopen", closed_rules("2026-01-31"))
    repo.commit("remove", {"ledger/east/2026/AR-1.yaml": UNPAID})
    for lang, heading, reopened in (("en", "History rules", "moved back"),
                                    ("zh", "历史规则", "回退")):
        code, out = repo.qq("diff", f"{base}..HEAD", "--as-of", AS_OF, "--lang", lang)
        assert code == 0
        history = out[out.index(heading):]
        assert "H012" in history and "H002" in history
        policies = out[:out.index(heading)]
        assert f"| {reopened}" in policies and "| 2026-10-31 | 2026-01-31 |" in policies
