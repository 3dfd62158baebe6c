"""Sending by email (optional): each person their work queue, each debtor contact their letters.

SMTP comes from the environment only, never from the repository:
QINGQIAN_SMTP_HOST, QINGQIAN_SMTP_PORT (default 587 with STARTTLS, else 25),
QINGQIAN_SMTP_STARTTLS (1/true/yes), QINGQIAN_SMTP_USER, QINGQIAN_SMTP_PASSWORD,
QINGQIAN_SMTP_FROM. A dry run prints what would be sent and sends nothing.

A letter sent by email is recorded on each receivable it covers as a `demand` with
`method: email` and no `delivered:` date: an email is not proof of delivery (a demand
interrupts limitation once it reaches the debtor, Civil Code art. 195), so it neither
interrupts limitation nor satisfies the ladder's demand rung. When
the debtor confirms receipt in writing, add `delivered:` with that date.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from ..write import WriteProblem

TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Smtp:
    """Where and how to send; the password stays out of every message and printout."""

    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str


def smtp_from_env(env: Mapping[str, str] | None = None) -> Smtp:
    """The SMTP settings from QINGQIAN_SMTP_*; a missing host or sender is a usage problem."""
    env = os.environ if env is None else env
    host, sender = env.get("QINGQIAN_SMTP_HOST"), env.get("QINGQIAN_SMTP_FROM")
    if not host or not sender:
        raise WriteProblem("set QINGQIAN_SMTP_HOST and QINGQIAN_SMTP_FROM (and _PORT, _STARTTLS, "
                           "_USER, _PASSWORD as needed) to send mail")
    starttls = env.get("QINGQIAN_SMTP_STARTTLS", "").lower() in TRUE
    try:
        port = int(env.get("QINGQIAN_SMTP_PORT") or (587 if starttls else 25))
    except ValueError:
        raise WriteProblem("QINGQIAN_SMTP_PORT is not a port number") from None
    return Smtp(host, port, starttls, env.get("QINGQIAN_SMTP_USER") or None,
                env.get("QINGQIAN_SMTP_PASSWORD") or None, sender)


def message(smtp: Smtp, to: str, subject: str, body: str,
            attachments: tuple[Path, ...] = ()) -> EmailMessage:
    """A plain-text UTF-8 message with files attached (HTML letters, PDFs)."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, to, subject
    msg["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    msg.set_content(body)
    for path in attachments:
        kind = ("application", "pdf") if path.suffix == ".pdf" else ("text", "html")
        msg.add_attachment(path.read_bytes(), maintype=kind[0], subtype=kind[1],
                           filename=path.name)
    return msg


def send(smtp: Smtp, messages: list[EmailMessage]) -> list[EmailMessage]:
    """Send over one connection; returns the messages the server accepted."""
    sent = []
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, smtp.password or "")
        for msg in messages:
            server.send_message(msg)
            sent.append(msg)
    return sent


def mail_todo(ledger: Any, as_of: date, horizon: int | None, lang: str, collector: str | None,
              unit: str | None, dry_run: bool) -> list[str]:
    """Send each person (with an email in people.yaml) their own work queue; lines to print."""
    from ..i18n import N_, say
    from ..render.table import render_tables
    from ..reports.common import Filters
    from .report import text, todo_report
    from .todo import items, person_id

    found = items(ledger, as_of, horizon)
    people = sorted({p for i in found for p in i.people})
    if collector:
        people = [p for p in people if p == person_id(ledger, collector)]
    smtp = None if dry_run else smtp_from_env()
    out, messages = [], []
    for ident in people:
        person = ledger.people.get(ident)
        report = todo_report(ledger, as_of, Filters(unit, None, ident, None), lang, horizon)
        if not report.items:
            continue
        if person is None or not person.email:
            out.append(say(N_("skip {person}: no email in policies/people.yaml"), lang,
                           person=person.name if person else ident))
            continue
        counts = f"({report.overdue}/{len(report.items)})"
        subject = f"{text('todo', lang)} {as_of} {person.name} {counts}"
        line = N_("would send to {name} <{email}>: {subject}") if dry_run else \
            N_("send to {name} <{email}>: {subject}")
        out.append(say(line, lang, name=person.name, email=person.email, subject=subject))
        if smtp is not None:
            messages.append(message(smtp, person.email, subject,
                                    render_tables(report.tables(lang), "table")))
    if smtp is not None and messages:
        send(smtp, messages)
    return out


LETTER_SUBJECT = {"demand": "催款通知书", "confirmation": "对账确认函", "lawyer": "律师函",
                  "statement": "对账单"}


def mail_letters(root: Path, ledger: Any, as_of: date, produced: list, out: Path,
                 dry_run: bool) -> tuple[list[str], list[tuple[str, Any]]]:
    """Email each debtor contact with an address their letters; (lines, events to record)."""
    from ..write.letter import letter_data
    from ..write.record import EventInput

    smtp = None if dry_run else smtp_from_env()
    lines, pending = [], []
    for item in produced:
        if item.due.kind not in LETTER_SUBJECT:
            continue  # a visit form is for the collector to take along
        debtor = ledger.debtors.get(item.debtor)
        emails = [c.email for c in (debtor.contacts if debtor else ()) if c.email]
        if not emails:
            lines.append(f"skip {item.due.kind} {item.due.ident}: "
                         f"{item.debtor} has no contact email")
            continue
        subject = f"{LETTER_SUBJECT[item.due.kind]} {item.due.ident}"
        lines.append(f"{'would send' if dry_run else 'send'} {subject} to {', '.join(emails)}")
        if smtp is None:
            continue
        msg = message(smtp, ", ".join(emails), subject, f"{item.debtor_name}：\n\n请查收附件"
                      f"《{LETTER_SUBJECT[item.due.kind]}》。\n",
                      tuple(out / f for f in item.files))
        covered = letter_data(ledger, item.due.ident, item.due.kind, as_of).receivables
        note = f"{LETTER_SUBJECT[item.due.kind]}以电子邮件发送至 {', '.join(emails)}（无送达证明）"
        pending += [(msg, (ar, EventInput("demand", as_of, {"method": "email",
                                                             "ref": msg["Message-ID"],
                                                             "note": note})))
                    for ar in covered]
    if smtp is None:
        return lines, []
    messages = list(dict.fromkeys(m for m, _ in pending))
    sent = {id(m) for m in send(smtp, messages)}
    return lines, [event for m, event in pending if id(m) in sent]
