"""`qingqian diff` (review summary, restated months), `qingqian log ID` and time travel."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import policy_files, receivable
from qingqian.gitio.ledgers import ledger_as_known_at
from qingqian.ledger import load
from qingqian.reports.total import FIELDS, total_report
from test_git_history import AR1, GitRepo, closed_rules

AS_OF = date(2026, 11, 30)
AR2 = receivable("AR-2", events="""\
    - {date: 2025-06-01, type: invoice, amount: "5000.00", due: 2025-07-01, ref: INV-2}
    """, extra="currency: USD\n")
CASE = """\
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: cash
stages:
  - {date: 2026-05-01, stage: negotiation}
"""
PAYMENT = '  - {date: 2026-11-10, type: payment, amount: "200.00", method: bank, ref: HD-2}\n'
VISIT = '  - {date: 2026-11-12, type: visit, by: li.si, signed: true, note: 对方确认欠款}\n'
WRITEOFF = ('  - {date: 2026-11-20, type: writeoff, amount: "1000.00", basis: small-overdue-1y, '
            'approved_by: [qian.fm, sun.cfo], evidence: [x.pdf]}\n')


@pytest.fixture
def branch(tmp_path: Path) -> tuple[GitRepo, str]:
    """main holds AR-1, AR-2 (USD) and case C-1; the branch records a payment, a write-off, a stage move."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1,
                         "ledger/east/2025/AR-2.yaml": AR2, "cases/C-1.yaml": CASE},
                when="2026-10-20T10:00:00+08:00")
    base = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "collect")
    repo.commit("payment", {"ledger/east/2026/AR-1.yaml": AR1 + PAYMENT + VISIT},
                when="2026-11-10T10:00:00+08:00")
    repo.commit("write-off and litigation",
                {"ledger/east/2025/AR-2.yaml": AR2 + WRITEOFF,
                 "cases/C-1.yaml": CASE + "  - {date: 2026-11-15, stage: litigation}\n"},
                when="2026-11-20T10:00:00+08:00")
    return repo, base


def figures(ledger, as_of: date) -> dict[str, tuple[str, str]]:
    out, due = FIELDS.index("outstanding"), FIELDS.index("overdue")
    return {t.currency: (str(t.figures[out]), str(t.figures[due]))
            for t in total_report(ledger, as_of).totals}


def checkout(repo: GitRepo, rev: str, where: Path) -> Path:
    repo.git("worktree", "add", "-q", "--detach", str(where), rev)
    return where


def test_diff_summary_and_totals_match_both_ends(branch, tmp_path: Path) -> None:
    repo, base = branch
    code, out = repo.qq("diff", f"{base}..HEAD", "--format", "json", "--as-of", AS_OF.isoformat())
    assert code == 0
    doc = json.loads(out)
    assert doc["commits"] == 2
    money = {(m["receivable"], m["type"], m["amount"], m["change"]) for m in doc["money"]}
    assert money == {("AR-1", "payment", "200.00", "added"), ("AR-2", "writeoff", "1000.00", "added")}
    assert [m["approved_by"] for m in doc["money"] if m["type"] == "writeoff"] == [["qian.fm", "sun.cfo"]]
    assert doc["stages"] == [{"case": "C-1", "debtor": "D-0001", "debtor_name": "华东某置业有限公司",
                              "from": "negotiation", "to": "litigation", "date": "2026-11-15"}]
    assert {(i["receivable"], i["type"]) for i in doc["interruptions"]} == {("AR-1", "payment"), ("AR-1", "visit")}
    assert doc["history"] == []
    for end, rev in (("before", base), ("after", "HEAD")):
        tree = load(checkout(repo, rev, tmp_path / end))
        expected = figures(tree, AS_OF)
        got = {cur: (v["outstanding"], v["overdue"]) for cur, v in doc["totals"][end].items()}
        assert got == expected
    assert doc["totals"]["after"]["USD"]["outstanding"] == "4000.00"
    assert doc["totals"]["before"]["CNY"]["outstanding"] == "700.00"
    assert doc["totals"]["after"]["CNY"]["outstanding"] == "500.00"


def test_diff_markdown_marks_history_rules(branch) -> None:
    repo, base = branch
    repo.commit("oops", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"30.00"') + PAYMENT + VISIT})
    code, out = repo.qq("diff", f"{base}...HEAD", "--as-of", AS_OF.isoformat(), "--lang", "en")
    assert code == 0
    assert "### ⚠ History rules (2)" in out and "H003" in out and "H002" in out
    assert "| CNY | outstanding | 700.00 | 770.00 | 70.00 |" in out
    assert "| C-1 | 华东某置业有限公司 | negotiation | litigation | 2026-11-15 |" in out


def test_total_command_agrees_at_the_head(branch) -> None:
    repo, base = branch
    _, out = repo.qq("diff", f"{base}..HEAD", "--format", "json", "--as-of", AS_OF.isoformat())
    code, total = repo.qq("total", "--format", "json", "--as-of", AS_OF.isoformat())
    assert code == 0
    text = json.dumps(json.loads(total)["totals"])
    for v in json.loads(out)["totals"]["after"].values():
        assert f'"outstanding": "{v["outstanding"]}"' in text


def test_ledger_as_known_at_equals_a_checkout(branch, tmp_path: Path) -> None:
    repo, base = branch
    known = ledger_as_known_at(repo.path, base)
    tree = load(checkout(repo, base, tmp_path / "old"))
    assert figures(known, AS_OF) == figures(tree, AS_OF)
    assert sorted(known.receivables) == sorted(tree.receivables)
    assert known.receivables["AR-1"] == tree.receivables["AR-1"]
    by_date = ledger_as_known_at(repo.path, "2026-11-15")  # after the payment, before the write-off
    assert len(by_date.receivables["AR-1"].events) == 4 and len(by_date.receivables["AR-2"].events) == 1


def test_as_known_at_helper(branch) -> None:
    from qingqian.cli.common import UsageProblem
    from qingqian.cli.git import load_ledger

    repo, base = branch
    assert len(load_ledger(repo.path, None).receivables["AR-2"].events) == 2
    assert len(load_ledger(repo.path, base).receivables["AR-2"].events) == 1
    with pytest.raises(UsageProblem):
        load_ledger(repo.path, "2001-01-01")


def test_restated_month(branch) -> None:
    repo, _ = branch
    # a payment dated in October, recorded in November after October was first reported
    late = '  - {date: 2026-10-25, type: payment, amount: "50.00", method: bank, ref: HD-3}\n'
    repo.commit("late entry", {"ledger/east/2026/AR-1.yaml": AR1 + PAYMENT + VISIT + late},
                when="2026-11-25T10:00:00+08:00")
    code, out = repo.qq("diff", "--restated", "2026-10", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["month_end"] == "2026-10-31"
    assert doc["rows"] == [{"receivable": "AR-1", "currency": "CNY", "first": "700.00",
                            "now": "650.00", "change": "-50.00"}]


def test_log_of_a_receivable_follows_renames(branch) -> None:
    repo, _ = branch
    repo.git("mv", "ledger/east/2026/AR-1.yaml", "ledger/east/AR-1.yaml")
    repo.commit("move AR-1")
    code, out = repo.qq("log", "AR-1", "--format", "json")
    assert code == 0
    entries = json.loads(out)
    assert [e["subject"] for e in entries] == ["move AR-1", "payment", "base"]
    assert entries[0]["changes"] == ["moved from ledger/east/2026/AR-1.yaml"]
    assert "events: added payment 2026-11-10 HD-2 200.00" in entries[1]["changes"]
    assert entries[2]["changes"][0] == "created" and entries[2]["author"] == "张三"
    code, text = repo.qq("log", "C-1")
    assert code == 0 and "stages: added litigation 2026-11-15" in text


def test_log_field_change(branch) -> None:
    repo, _ = branch
    repo.commit("collector", {"ledger/east/2026/AR-1.yaml":
                              (AR1 + PAYMENT + VISIT).replace("collector: li.si", "collector: wang.wu")})
    _, out = repo.qq("log", "AR-1", "--format", "json")
    assert json.loads(out)[0]["changes"] == ["collector: li.si → wang.wu"]
    code, _ = repo.qq("log", "AR-404")
    assert code == 2


def test_review_markdown_escapes_ledger_text():
    """A title from the ledger cannot add a table cell, a link or emphasis to the posted review."""
    from datetime import date

    from qingqian.render.review import review_markdown
    from qingqian.reports.review import NewRecord, Review

    title = "a | [x](https://evil.example) *b*"
    r = Review("aaaaaaa", "bbbbbbb", date(2026, 11, 30), 1,
               (NewRecord("receivable", "AR-1", "D-1", title, "ledger/AR-1.yaml"),),
               (), (), (), (), (), ())
    text = review_markdown(r)
    assert r"a \| \[x\](https://evil.example) \*b\*" in text
    assert "[x](" not in text
