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


# --- every kind of change, in both languages -------------------------------------------------

AR3 = receivable("AR-3", events="""\
    - {date: 2026-05-10, type: invoice, amount: "1500.00", due: 2026-06-10, ref: INV-3}
    """, debtor="D-0002")
D2 = "id: D-0002\nname: 西部某商贸有限公司\ntype: private\n"
NOVEMBER = """\
  - {date: 2026-11-05, type: invoice, amount: "125000.00", due: 2026-12-05, ref: INV-2}
  - {date: 2026-11-10, type: payment, amount: "1234.50", method: bank, ref: HD-2}
  - {date: 2026-11-12, type: visit, by: li.si, signed: true, note: 对方确认欠款}
  - {date: 2026-11-15, type: demand, method: lawyer-letter, delivered: 2026-11-17}
  - {date: 2026-11-20, type: assign, to: zhang.san}
"""


@pytest.fixture
def changes(tmp_path: Path) -> GitRepo:
    """main, then a branch that changes one of everything: a receivable's collector and
    events, a debtor's status, a case's owner and counsel, rules, people and units, and
    deletes a receivable with its debtor."""
    from conftest import DEBTOR, PEOPLE, UNITS

    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules("2026-09-30"),
                         "ledger/east/2026/AR-1.yaml": AR1, "ledger/east/2026/AR-3.yaml": AR3,
                         "ledger/debtors/D-0002.yaml": D2, "cases/C-1.yaml": CASE},
                when="2026-10-20T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "collect")
    rules = closed_rules("2026-10-31")["policies/rules.yaml"].replace("stale_days: 90",
                                                                       "stale_days: 60")
    people = PEOPLE.replace("{id: wang.wu, name: 王五, unit: east, roles: [collector]",
                            "{id: wang.wu, name: 王五, unit: east, roles: [collector, "
                            "finance-manager]") \
        + "  - {id: zhao.qi, name: 赵七, unit: east, roles: [collector], status: active}\n"
    case = CASE.replace("owner: wang.fa", "owner: zhou.gm\ncounsel: {firm: 华东律师事务所, "
                                          "lawyer: 陈律师}")
    repo.commit("November", {
        "ledger/east/2026/AR-1.yaml": AR1.replace("collector: li.si", "collector: wang.wu")
        + NOVEMBER,
        "ledger/debtors/D-0001.yaml": DEBTOR.replace("status: active", "status: bankrupt")
        .replace("condition: good", "condition: malicious") + 'credit: {limit: "500000.00"}\n',
        "cases/C-1.yaml": case + "  - {date: 2026-11-15, stage: litigation}\n",
        "policies/rules.yaml": rules, "policies/people.yaml": people,
        "policies/units.yaml": UNITS.replace("西部销售公司", "西部营销公司")},
        delete=("ledger/east/2026/AR-3.yaml", "ledger/debtors/D-0002.yaml"),
        when="2026-11-20T10:00:00+08:00")
    return repo


def _diff(repo: GitRepo, *args: str) -> str:
    code, out = repo.qq("diff", "main..HEAD", "--as-of", AS_OF.isoformat(), *args)
    assert code == 0, out
    return out


def test_every_change_in_chinese_with_names_and_separators(changes) -> None:
    out = _diff(changes, "--lang", "zh")
    assert out.startswith("## qingqian 变更审阅 `")
    assert "数据截至 2026-11-30；范围 main..HEAD：" in out and "共 1 个提交。" in out
    expected = {
        "合计": ["| CNY | 余额 | 2,200.00 | 124,465.50 | 122,265.50 |"],
        "登记的款项": ["| AR-1 | 华东某置业有限公司 | 2026-11-05 | 开票 | 125,000.00 CNY | 新增 | INV-2 |  |",
                   "| AR-1 | 华东某置业有限公司 | 2026-11-10 | 回款 | 1,234.50 CNY | 新增 | HD-2；银行转账 |  |"],
        "其他记录": ["| AR-1 | 华东某置业有限公司 | 2026-11-12 | 走访 |  | 新增 | 经办人 李四；对方已签字；备注：对方确认欠款 |",
                 "| AR-1 | 华东某置业有限公司 | 2026-11-15 | 催款函 |  | 新增 | 方式：律师函；2026-11-17 送达 |"],
        "清欠人员变更": ["| AR-1 | 华东某置业有限公司 | 清欠人员 | 李四 | 王五 | 修改字段 |  |",
                   "| AR-1 | 华东某置业有限公司 | 清欠人员 | 王五 | 张三 | 更换清欠人员（新增） | 2026-11-20 |"],
        "债务人信息变更": ["| 华东某置业有限公司（D-0001） | 状态 | 正常经营 | 破产 |",
                    "| 华东某置业有限公司（D-0001） | 还款能力 | 良好 | 恶意拖欠 |",
                    "| 华东某置业有限公司（D-0001） | 信用额度 |  | 500,000.00 |"],
        "案件阶段变化": ["| C-1 | 华东某置业有限公司 | 协商 | 诉讼 | 2026-11-15 |"],
        "案件负责人": ["| C-1 | 华东某置业有限公司 | 负责人 | 王法 | 周总 |",
                  "| C-1 | 华东某置业有限公司 | 代理律师 |  | 华东律师事务所 陈律师 |"],
        "制度变更": ["| policies/rules.yaml | stale\\_days | 修改 |  |  |",
                 "| policies/rules.yaml | 结账日（closed\\_through） | 后移：月末结账 | 2026-09-30 | 2026-10-31 |",
                 "| policies/people.yaml | 王五（wang.wu） | 角色 | collector | collector、finance-manager |",
                 "| policies/people.yaml | 赵七（zhao.qi） | 新增 |  |  |",
                 "| policies/units.yaml | 西部营销公司（west） | 名称 | 西部销售公司 | 西部营销公司 |"],
        "删除的记录": ["| 债权 | AR-3 | 西部某商贸有限公司 | 某工程进度款（工程款） | 李四 | 1,500.00 CNY | ledger/east/2026/AR-3.yaml |",
                  "| 债务人 | D-0002 | 西部某商贸有限公司（D-0002） | 民营企业 |  |  | ledger/debtors/D-0002.yaml |"],
        "诉讼时效中断": ["| AR-1 | 华东某置业有限公司 | 2026-11-10 | 回款 | 1,234.50 |",
                   "| AR-1 | 华东某置业有限公司 | 2026-11-15 | 催款函 | 2026-11-17 送达 |"],
    }
    for heading, rows in expected.items():
        section = _section_of(out, heading)
        for row in rows:
            assert row in section, (heading, row, section)
    assert "### 新增债权、案件与债务人\n\n无\n" in out
    history = _section_of(out, "⚠ 历史规则")
    assert "**错误 H004**" in history and "张三 的提交" in history and "删除了 ledger/east/2026/AR-3.yaml（AR-3）" in history
    assert "**警告 H011**" in history and "修改了 王五（wang.wu）的职务：+finance-manager" in history


def test_every_change_in_english(changes) -> None:
    out = _diff(changes, "--lang", "en")
    assert "As of 2026-11-30; range main..HEAD: " in out and "1 commit(s)." in out
    for heading, row in (
            ("Totals", "| CNY | outstanding | 2,200.00 | 124,465.50 | 122,265.50 |"),
            ("Money recorded", "| AR-1 | 华东某置业有限公司 | 2026-11-10 | payment | 1,234.50 CNY | added | HD-2; bank |  |"),
            ("Other events", "| 2026-11-15 | demand |  | added | method: lawyer-letter; delivered 2026-11-17 |"),
            ("Collector reassignments", "| AR-1 | 华东某置业有限公司 | collector | 王五 | 张三 | assign (added) | 2026-11-20 |"),
            ("Debtor changes", "| 华东某置业有限公司 (D-0001) | status | active | bankrupt |"),
            ("Case owner", "| C-1 | 华东某置业有限公司 | owner | 王法 | 周总 |"),
            ("Policy changes", "| policies/rules.yaml | closed\\_through | moved forward: months closed | 2026-09-30 | 2026-10-31 |"),
            ("Deleted records", "| receivable | AR-3 | 西部某商贸有限公司 | 某工程进度款 (construction) | 李四 | 1,500.00 CNY |")):
        assert row in _section_of(out, heading), (heading, row)
    history = _section_of(out, "⚠ History rules (")
    assert "**error H004** record-deleted ledger/east/2026/AR-3.yaml:1: commit " in history
    assert "ledger/east/2026/AR-3.yaml (AR-3) deleted" in history


def test_json_keeps_ids_and_plain_amounts_with_names(changes) -> None:
    doc = json.loads(_diff(changes, "--format", "json"))
    assert doc["range"] == "main..HEAD" and doc["as_of"] == "2026-11-30"
    assert {"receivable": "AR-1", "debtor": "D-0001", "debtor_name": "华东某置业有限公司",
            "role": "collector", "from": "wang.wu", "from_name": "王五", "to": "zhang.san",
            "to_name": "张三", "source": "assign", "change": "added",
            "date": "2026-11-20"} in doc["reassignments"]
    assert [m["amount"] for m in doc["money"]] == ["125000.00", "1234.50"]
    assert {"debtor": "D-0001", "debtor_name": "华东某置业有限公司", "field": "credit.limit",
            "from": None, "to": "500000.00", "shown": True} in doc["debtors"]
    assert {"path": "policies/rules.yaml", "kind": "rules", "subject": "", "subject_name": None,
            "field": "closed_through", "from": "2026-09-30", "to": "2026-10-31"} in doc["policies"]
    assert [(d["kind"], d["id"], d["debtor_name"], d["amount"]) for d in doc["deleted"]] == \
        [("receivable", "AR-3", "西部某商贸有限公司", "1500.00"), ("debtor", "D-0002", "西部某商贸有限公司", None)]
    visit = next(e for e in doc["events"] if e["type"] == "visit")
    assert visit["facts"] == {"by": "li.si", "by_name": "李四", "signed": "true"}
    assert visit["note"] == "对方确认欠款"


def test_a_private_debtor_field_changes_without_its_value(changes) -> None:
    changes.commit("ID card", {"ledger/debtors/D-0001.yaml":
                               changes.path.joinpath("ledger/debtors/D-0001.yaml").read_text(
                                   encoding="utf-8") + "id_number: '110101199003074514'\n"},
                   when="2026-11-21T10:00:00+08:00")
    out = _diff(changes, "--lang", "zh")
    assert "| 华东某置业有限公司（D-0001） | 身份证号 |  | 已修改（内容不在此列出） |" in out
    assert "110101199003074514" not in out
    assert "110101199003074514" not in _diff(changes, "--format", "json")


def test_the_language_comes_from_the_environment_then_rules_yaml(changes, monkeypatch) -> None:
    monkeypatch.setenv("QINGQIAN_LANG", "en")
    assert _diff(changes).startswith("## qingqian diff `")
    assert _diff(changes, "--lang", "zh").startswith("## qingqian 变更审阅 `")
    monkeypatch.delenv("QINGQIAN_LANG")
    assert _diff(changes).startswith("## qingqian 变更审阅 `")
    rules = changes.path / "policies" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("language: zh", "language: en"),
                     encoding="utf-8")
    assert _diff(changes).startswith("## qingqian diff `")


def test_diff_golden_in_chinese(changes, golden) -> None:
    """The whole Chinese summary of the small change; commit ids stand as their order."""
    out = _diff(changes, "--lang", "zh")
    shas = changes.git("rev-list", "--reverse", "HEAD").split()
    for number, sha in enumerate(shas):
        out = out.replace(sha[:7], f"commit{number}")
    golden("diff-zh.md", out)


def test_restated_month_in_chinese(branch) -> None:
    repo, _ = branch
    late = '  - {date: 2026-10-25, type: payment, amount: "1050.00", method: bank, ref: HD-3}\n'
    repo.commit("late entry", {"ledger/east/2026/AR-1.yaml": AR1 + PAYMENT + VISIT + late},
                when="2026-11-25T10:00:00+08:00")
    code, out = repo.qq("diff", "--restated", "2026-10", "--lang", "zh")
    assert code == 0
    assert out.startswith("## 已结账月份重述：2026-10（2026-10-31 月末余额）")
    assert "| AR-1 | CNY | 700.00 | -350.00 | -1,050.00 |" in out


def _section_of(out: str, heading: str) -> str:
    """The text of the `### heading…` section, up to the next heading."""
    start = out.index(f"### {heading}")
    end = out.find("\n### ", start + 4)
    return out[start:end if end != -1 else len(out)]


def test_ledger_text_in_every_new_section_stays_plain_text(changes) -> None:
    """Names, notes and titles reach the new sections (debtor changes, other events,
    reassignments, policies) escaped: no link, no HTML, no extra table cell."""
    from markdown_it import MarkdownIt

    evil = "a|b [x](https://evil.example) <img src=x> *c*"
    debtor = changes.path / "ledger" / "debtors" / "D-0001.yaml"
    people = changes.path / "policies" / "people.yaml"
    ar1 = changes.path / "ledger" / "east" / "2026" / "AR-1.yaml"
    changes.commit("hostile", {
        "ledger/debtors/D-0001.yaml": debtor.read_text(encoding="utf-8").replace(
            "name: 华东某置业有限公司", f"name: {json.dumps(evil)}"),
        "policies/people.yaml": people.read_text(encoding="utf-8").replace(
            "name: 张三", f"name: {json.dumps(evil)}"),
        "ledger/east/2026/AR-1.yaml": ar1.read_text(encoding="utf-8")
        + f"  - {{date: 2026-11-25, type: call, by: li.si, note: {json.dumps(evil)}}}\n"},
        when="2026-11-25T10:00:00+08:00")
    for lang in ("zh", "en"):
        out = _diff(changes, "--lang", lang)
        assert out.count(r"a\|b \[x\](https://evil.example) \<img src=x\> \*c\*") >= 4
        tokens = MarkdownIt("commonmark").enable("table").parse(out)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
        assert not kinds & {"html_block", "html_inline", "link_open", "image", "em_open"}
        widths: list[int] = []
        for t in tokens:
            if t.type == "tr_open":
                widths.append(0)
            elif t.type in ("th_open", "td_open"):
                widths[-1] += 1
            elif t.type == "table_close":
                assert len(set(widths)) == 1, widths
                widths = []
