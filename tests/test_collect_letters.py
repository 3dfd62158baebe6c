"""`letter --due` (HTML + PDF + index), letters that fit the record, and sending by SMTP."""

from __future__ import annotations

import email
import json
import re
import socket
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from conftest import DEBTOR, SCAFFOLD, as_json, receivable
from conftest import write_ledger as write_plain
from qingqian.ledger import load
from qingqian.write.letter import letter_data, render, template_of

AS_OF = "2026-11-30"
# 40 days past due, reminded by phone: the ladder calls for the demand letter
OVERDUE = ("- {date: 2026-09-01, type: invoice, amount: \"100000.00\", due: 2026-10-21, ref: JS-1}\n"
           "- {date: 2026-10-28, type: visit, by: li.si, note: 电话提醒}")
CONTACT = DEBTOR + "contacts: [{name: 王会计, role: 财务, email: wang@debtor.example}]\n"


def write_ledger(root: Path, files: dict) -> Path:
    """A ledger with the scaffold's letter templates."""
    templates = {f"policies/templates/{p.name}": p.read_text(encoding="utf-8")
                 for p in (SCAFFOLD / "policies/templates").glob("*.md")}
    return write_plain(root, {**templates, **files})


def fonts_of(pdf: bytes) -> set[bytes]:
    """The font names embedded in a PDF (WeasyPrint compresses its object streams)."""
    names = set()
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            names.update(re.findall(rb"/BaseFont\s*/([\w+-]+)", zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return names | set(re.findall(rb"/BaseFont\s*/([\w+-]+)", pdf))


def test_letter_due_writes_html_pdf_and_an_index(tmp_path: Path) -> None:
    # its own process, as a user runs it: laying out CJK fonts costs ~200 MB that the
    # test process would otherwise keep (and pass on to the resource probes of test_limits)
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "qingqian", "--root", str(ledger_dir), "letter",
                           "--due", "--as-of", AS_OF, "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    kinds = {(item["kind"], item["subject"]) for item in index["letters"]}
    assert kinds == {("demand", "AR-1"), ("statement", "D-0001")}
    assert "催款通知书" in (out / "index.md").read_text(encoding="utf-8")
    pdf = (out / "AR-1-demand-2026-11-30.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert any(b"CJK" in name for name in fonts_of(pdf))  # Chinese set in Noto CJK
    statement = (out / "D-0001-statement-2026-11-30.html").read_text(encoding="utf-8")
    assert "对 账 单" in statement and "100,000.00" in statement


def test_visit_form_is_due_at_the_visit_rung(qq, tmp_path: Path) -> None:
    events = OVERDUE.replace("2026-10-21", "2026-09-15") + \
        "\n- {date: 2026-10-20, type: demand, delivered: 2026-10-22}"
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/east/2026/AR-1.yaml": receivable("AR-1", events)})
    out = tmp_path / "out"
    qq("letter", "--due", "--no-pdf", "--as-of", AS_OF, "--out", str(out), root=ledger_dir)
    form = (out / "AR-1-visit-form-2026-11-30.html").read_text(encoding="utf-8")
    assert "清欠回访记录表" in form and "100,000.00" in form and "接待人签字" in form
    assert not list(out.glob("*.pdf"))


CASE = """\
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: litigation
counsel: {firm: 某律师事务所}
stages:
  - {date: 2026-05-01, stage: litigation, court: 某区人民法院, case_no: (2026)某0105民初1号}
  - {date: 2026-08-01, stage: litigation, judgment: {date: 2026-08-01, amount: "100000.00", pay_by: 2026-08-31}}
"""


def test_lawyer_letter_in_a_judged_case_speaks_of_judgment_not_a_suit_to_come(make_ledger) -> None:
    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE),
                          "cases/C-1.yaml": CASE})
    template = (SCAFFOLD / "policies/templates/lawyer.md").read_text(encoding="utf-8")
    markdown_text, _ = render(template, letter_data(ledger, "AR-1", "lawyer", date(2026, 11, 30)))
    assert "作出生效判决" in markdown_text and "强制执行" in markdown_text
    assert "将依法提起诉讼" not in markdown_text
    assert "某区人民法院" in markdown_text
    plain = make_ledger({"cases/C-1.yaml": "", "ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    text, _ = render(template, letter_data(plain, "AR-1", "lawyer", date(2026, 11, 30)))
    assert "将依法提起诉讼" in text


def test_no_interest_clause_without_an_interest_term(make_ledger) -> None:
    template = (SCAFFOLD / "policies/templates/demand.md").read_text(encoding="utf-8")
    bare = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    text, _ = render(template, letter_data(bare, "AR-1", "demand", date(2026, 11, 30)))
    assert "利息" not in text
    agreed = make_ledger({"ledger/east/2026/AR-1.yaml": receivable(
        "AR-1", OVERDUE, extra="terms: {interest: {rate: \"0.0005\", basis: daily}}\n")})
    text, _ = render(template, letter_data(agreed, "AR-1", "demand", date(2026, 11, 30)))
    assert "逾期付款利息" in text and "本息合计" in text


def test_hostile_names_stay_text_in_bulk_letters(qq, tmp_path: Path) -> None:
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/debtors/D-0001.yaml": DEBTOR.replace(
        "华东某置业有限公司", "'<script>alert(1)</script>'"),
        "ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    out = tmp_path / "out"
    qq("letter", "--due", "--no-pdf", "--as-of", AS_OF, "--out", str(out), root=ledger_dir)
    for page in out.glob("*.html"):
        assert "<script>" not in page.read_text(encoding="utf-8")


@pytest.fixture
def smtp_server():
    """A local SMTP server on 127.0.0.1 (aiosmtpd) collecting what it receives."""
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self) -> None:
            self.received: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
            self.received.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, sink
    finally:
        controller.stop()


def test_letter_due_mail_sends_and_records_an_email_demand(qq, tmp_path: Path, smtp_server,
                                                         monkeypatch) -> None:
    port, sink = smtp_server
    monkeypatch.setenv("QINGQIAN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("QINGQIAN_SMTP_PORT", str(port))
    monkeypatch.setenv("QINGQIAN_SMTP_FROM", "qingqian@creditor.example")
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/debtors/D-0001.yaml": CONTACT,
                              "ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    out = tmp_path / "out"
    code, text = qq("letter", "--due", "--mail", "--no-pdf", "--as-of", AS_OF, "--out", str(out),
                    root=ledger_dir)
    assert code == 0, text
    assert len(sink.received) == 2  # the demand and the statement
    assert all(e.rcpt_tos == ["wang@debtor.example"] for e in sink.received)
    msg = email.message_from_bytes(sink.received[0].content)
    names = [part.get_filename() for part in msg.walk() if part.get_filename()]
    assert names == ["AR-1-demand-2026-11-30.html"]
    rec = load(ledger_dir).receivables["AR-1"]
    sent = [e for e in rec.events if e.type == "demand"]
    assert len(sent) == 2 and all(e.method == "email" and e.delivered is None for e in sent)
    # an email is no proof of delivery: the ladder still asks for a delivered demand
    code, out_json = qq("todo", "--as-of", AS_OF, "--format", "json", root=ledger_dir)
    ladder = as_json(out_json)["ladder"]
    assert ladder[0]["action"] == "demand"


def test_dry_run_sends_nothing_and_needs_no_server(qq, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("QINGQIAN_SMTP_HOST", raising=False)
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/debtors/D-0001.yaml": CONTACT,
                              "ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    before = (ledger_dir / "ledger/east/2026/AR-1.yaml").read_bytes()
    code, text = qq("letter", "--due", "--mail", "--dry-run", "--no-pdf", "--as-of", AS_OF,
                    "--out", str(tmp_path / "out"), root=ledger_dir)
    assert code == 0 and "would send 催款通知书 AR-1 to wang@debtor.example" in text
    assert (ledger_dir / "ledger/east/2026/AR-1.yaml").read_bytes() == before
    code, _ = qq("letter", "--due", "--mail", "--no-pdf", "--as-of", AS_OF,
                 "--out", str(tmp_path / "out"), root=ledger_dir)
    assert code == 2  # no SMTP configured: a usage problem, not a traceback


def test_todo_mail_sends_each_person_their_list(qq, tmp_path: Path, smtp_server,
                                                monkeypatch) -> None:
    from conftest import PEOPLE
    port, sink = smtp_server
    monkeypatch.setenv("QINGQIAN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("QINGQIAN_SMTP_PORT", str(port))
    monkeypatch.setenv("QINGQIAN_SMTP_FROM", "qingqian@creditor.example")
    people = PEOPLE.replace("roles: [collector], status: active}",
                            "roles: [collector], status: active, email: li@creditor.example}", 1)
    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"policies/people.yaml": people,
                              "ledger/east/2026/AR-1.yaml": receivable("AR-1", OVERDUE)})
    code, text = qq("todo", "--mail", "--as-of", AS_OF, root=ledger_dir)
    assert code == 0 and "发送给 李四 <li@creditor.example>：今日待办" in text  # zh by default
    assert [e.rcpt_tos for e in sink.received] == [["li@creditor.example"]]
    body = email.message_from_bytes(sink.received[0].content).get_payload(decode=True)
    assert "AR-1" in body.decode("utf-8")


def test_letters_name_the_collector_in_effect_not_the_first(make_ledger) -> None:
    events = OVERDUE + "\n- {date: 2026-11-01, type: assign, to: wang.wu}"
    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", events)})
    template = (SCAFFOLD / "policies/templates/visit-form.md").read_text(encoding="utf-8")
    text, _ = render(template, letter_data(ledger, "AR-1", "visit-form", date(2026, 11, 30)))
    assert "| 清欠人员 | 王五 |" in text and "李四" not in text
