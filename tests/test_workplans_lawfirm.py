"""Issue 22 part 2: the law firm's process — arbitration, in-suit preservation, assets found,
counsel engagement, the client's progress report per case and period, the monthly pack, and
the legal opinion and closing report."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

from conftest import as_json, policy_files, receivable
from qingqian.lifecycle.limitation import limitation
from qingqian.lifecycle.progress import progress

AS_OF = date(2026, 11, 30)
AR = "ledger/east/2025/AR-1.yaml"
CASE = "cases/C-1.yaml"
OWED = receivable(events="""\
- {date: 2025-01-01, type: invoice, amount: "1000.00", due: 2025-01-31, ref: JS-1}
- {date: 2026-10-20, type: call, note: 催收}
- {date: 2026-11-20, type: payment, amount: "300.00", method: bank, ref: HD-1}
""")


def case(stages: str, extra: str = "") -> str:
    return f"""\
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: litigation
strategy_reason: 对方恶意拖欠
counsel:
  firm: 某律师事务所
  lawyer: 张律师
  fee: {{type: contingency, rate: "0.10"}}
  engaged: 2026-09-01
  contract: WT-1
  scope: special
  power_of_attorney: {{kind: power-of-attorney, path: evidence/C-1/授权委托书.pdf}}
stages:
{stages}{extra}"""


ARBITRATION = """\
  - {date: 2026-09-01, stage: documents}
  - {date: 2026-10-01, stage: preservation, court: 某仲裁委员会, frozen: "500.00"}
  - {date: 2026-10-20, stage: arbitration, court: 某仲裁委员会, case_no: （2026）仲字1号}
"""


def test_arbitration_interrupts_and_suspends_limitation_and_answers_the_preservation(
        make_ledger, findings_of):
    files = {AR: OWED, CASE: case(ARBITRATION)}
    (row,) = [r for r in limitation(make_ledger(files), AS_OF) if r.receivable == "AR-1"]
    assert row.status == "suspended"
    found = findings_of(files)
    assert not [f for f in found if f[0] in ("A008", "P010")]  # filed within 30 days, forward


def test_in_suit_preservation_is_valid_and_never_the_30_day_rule(findings_of):
    extra = """\
preservations:
  - {date: 2026-11-05, court: 某仲裁委员会, frozen: "200.00", ruling: 保全裁定1号}
"""
    found = findings_of({AR: OWED, CASE: case(ARBITRATION, extra)})
    assert not [f for f in found if f[0] in ("A008", "P010", "P038")]
    early = extra.replace("2026-11-05", "2026-10-10")
    assert ("P038", CASE, 20) in findings_of({AR: OWED, CASE: case(ARBITRATION, early)})


def test_assets_found_are_listed_and_their_kind_is_checked(findings_of, make_ledger):
    extra = """\
assets:
  - {date: 2026-11-03, kind: bank-account, description: 基本户, amount: "800.00"}
  - {date: 2026-11-04, kind: yacht, description: 游艇, amount: "9.00"}
"""
    files = {AR: OWED, CASE: case(ARBITRATION, extra)}
    assert ("P039", CASE, 21) in findings_of(files)
    report = progress(make_ledger(files), "C-1", "2026-11", AS_OF)
    assert next((h.what, h.amount) for h in report.happenings if h.what == "asset")[1] == 800


def test_counsels_power_of_attorney_is_part_of_the_bundle_and_checked(findings_of):
    rules = policy_files()["policies/rules.yaml"] + """\
documents:
  stage:
    arbitration: [power-of-attorney]
"""
    assert not [f for f in findings_of({"policies/rules.yaml": rules, AR: OWED,
                                        CASE: case(ARBITRATION)}) if f[0] == "P035"]
    outside = case(ARBITRATION).replace("path: evidence/C-1/授权委托书.pdf", "path: /etc/passwd")
    assert ("P031", CASE, 14) in findings_of({AR: OWED, CASE: outside})


def test_progress_report_for_a_period(make_ledger):
    extra = """\
preservations:
  - {date: 2026-11-05, court: 某仲裁委员会, frozen: "200.00"}
costs:
  - {date: 2026-10-20, type: court-fee, amount: "50.00"}
  - {date: 2026-11-05, type: preservation-fee, amount: "20.00"}
"""
    p = progress(make_ledger({AR: OWED, CASE: case(ARBITRATION, extra)}), "C-1", "2026-11", AS_OF)
    assert (p.stage, p.recovered_period, p.costs_period, p.costs_total, p.frozen) == (
        "arbitration", 300, 20, 70, 700)
    assert [h.what for h in p.happenings] == ["in-suit-preservation", "cost", "payment"]
    assert p.fee_due == 30  # contingency 10% of the 300 recovered
    october = progress(make_ledger({AR: OWED, CASE: case(ARBITRATION, extra)}), "C-1", "2026-10",
                       AS_OF)
    assert [h.what for h in october.happenings] == ["stage", "stage", "cost", "call"]
    assert october.recovered_period == 0


def test_report_case_in_every_format_and_html_escapes(qq, tmp_path):
    debtor = "id: D-0001\nname: <script>alert(1)</script>某公司\ntype: private\n"
    files = {AR: OWED, CASE: case(ARBITRATION), "ledger/debtors/D-0001.yaml": debtor}
    code, out = qq("report", "case", "C-1", "--period", "2026-11", "--as-of", "2026-11-30",
                   "--format", "json", files=files)
    doc = as_json(out)
    assert code == 0 and (doc["recovered_period"], doc["stage"]) == ("300.00", "arbitration")
    assert doc["counsel"]["scope"] == "special"
    for fmt, needle in (("table", "案件进展报告"), ("csv", "本期回收"), ("markdown", "下一步工作")):
        assert needle in qq("report", "case", "C-1", "--period", "2026-11", "--as-of",
                            "2026-11-30", "--format", fmt)[1], fmt
    page = qq("report", "case", "C-1", "--period", "2026-11", "--as-of", "2026-11-30",
              "--format", "html")[1]
    assert "<script>" not in page and "&lt;script&gt;" in page and "特别授权" in page
    assert qq("report", "case", "C-9", "--period", "2026-11")[0] == 2
    assert qq("report", "case", "C-1", "--period", "2026-13")[0] == 2


def test_report_pdf_goes_through_write_pdf(qq, tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("qingqian.render.pdf")
    fake.write_pdf = lambda page, path: (calls.append((page, path)),  # type: ignore[attr-defined]
                                         Path(path).write_bytes(b"%PDF-1.7"))
    monkeypatch.setitem(sys.modules, "qingqian.render.pdf", fake)
    target = tmp_path / "out" / "C-1.pdf"
    target.parent.mkdir()
    code, _ = qq("report", "case", "C-1", "--period", "2026-11", "--as-of", "2026-11-30",
                 "--pdf", str(target), files={AR: OWED, CASE: case(ARBITRATION)})
    assert code == 0 and target.read_bytes() == b"%PDF-1.7"
    assert calls[0][0].startswith("<!DOCTYPE html>")


def test_report_case_writes_a_real_pdf_with_chinese_fonts(tmp_path):
    # its own process, as a user runs it (CJK layout memory stays out of the test process)
    import subprocess

    from conftest import write_ledger
    from test_collect_letters import fonts_of
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {AR: OWED, CASE: case(ARBITRATION)})
    target = tmp_path / "C-1.pdf"
    proc = subprocess.run([sys.executable, "-m", "qingqian", "--root", str(ledger_dir), "report",
                           "case", "C-1", "--period", "2026-11", "--as-of", "2026-11-30",
                           "--format", "json", "--pdf", str(target)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF") and any(b"CJK" in name for name in fonts_of(pdf))


def test_monthly_pack_has_every_open_case_and_writes_one_page_each(qq, tmp_path):
    closed = case("  - {date: 2026-01-01, stage: documents}\n  - {date: 2026-02-01, stage: closed}\n")
    files = {AR: OWED, CASE: case(ARBITRATION), "cases/C-2.yaml": closed.replace("C-1", "C-2")}
    out = tmp_path / "pack"
    code, text = qq("report", "cases", "--period", "2026-11", "--as-of", "2026-11-30",
                    "--format", "json", "--out", str(out), files=files)
    assert code == 0 and [c["case"] for c in as_json(text)["cases"]] == ["C-1"]
    assert (out / "C-1-2026-11.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_legal_opinion_and_closing_report_from_templates(qq, tmp_path):
    from conftest import ROOT
    templates = {f"policies/templates/{n}.md": (ROOT / "policies" / "templates" / f"{n}.md")
                 .read_text(encoding="utf-8") for n in ("legal-opinion", "closing-report")}
    extra = "outcome: {date: 2026-11-30, result: partial, note: 和解结案}\n"
    files = {AR: OWED, CASE: case(ARBITRATION, extra), **templates}
    code, out = qq("report", "opinion", "C-1", "--out", str(tmp_path / "l"), "--as-of",
                   "2026-11-30", files=files)
    assert code == 0
    opinion = (tmp_path / "l" / "C-1-opinion-2026-11-30.md").read_text(encoding="utf-8")
    assert "法 律 意 见 书" in opinion and "700.00" in opinion and "某律师事务所" in opinion
    code, _out = qq("report", "closing", "C-1", "--out", str(tmp_path / "l"), "--as-of", "2026-11-30")
    closing = (tmp_path / "l" / "C-1-closing-2026-11-30.md").read_text(encoding="utf-8")
    assert code == 0 and "特别授权" in closing and "累计回收 **人民币 300.00**" in closing
    assert "债权部分收回" in closing and "WT-1" in closing
