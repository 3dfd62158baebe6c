"""`qingqian letter --due`: every letter the ladder calls for as of a date, HTML and PDF, indexed.

What is due: the ladder's next action where it names a letter and its day has come
(催款通知书, 回访记录表, 律师函; a receivable in a case follows the case instead); a
对账确认函 for each claim whose limitation ends within `dunning.confirmation_days` or
has ended (signed, it interrupts the period or revives the claim); and, when
`dunning.statements` is on, a 对账单 for each debtor with open items. Each letter is
the one-off `qingqian letter` output, so the figures and the escaping are the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..money import fmt
from . import WriteProblem
from .letter import letter_data, render, template_of


@dataclass(frozen=True, slots=True)
class Due:
    """A letter to write: its template, what it is about, and why it is due."""

    kind: str
    ident: str  # receivable, or debtor for a statement
    why: str  # ladder:<rung> | limitation:<expiry> | statement


@dataclass(frozen=True, slots=True)
class Produced:
    due: Due
    debtor: str
    debtor_name: str
    total: Decimal
    files: tuple[str, ...]  # names inside the output folder


def due_letters(ledger: Any, as_of: date) -> tuple[Due, ...]:
    """The letters due as of a date, in a stable order (kind, then id)."""
    from ..collect.ladder import ladder
    from ..lifecycle.limitation import limitation

    policy = ledger.rules.dunning
    found = [Due(r.letter, r.receivable, f"ladder:{r.next_level}") for r in ladder(ledger, as_of)
             if r.case is None and r.letter and r.due <= as_of]
    cased = {r.receivable for r in ladder(ledger, as_of) if r.case is not None}
    for row in ledger.memo(("limitation", as_of), lambda: limitation(ledger, as_of)):
        # a signed confirmation interrupts a running period and revives an expired one
        if row.status in ("near", "ok", "revived", "expired") and row.outstanding > 0 \
                and row.days_left <= policy.confirmation_days and row.receivable not in cased:
            found.append(Due("confirmation", row.receivable, f"limitation:{row.expires}"))
    if policy.statements:
        owing = sorted({r.debtor for r in ledger.receivables.values()
                        if ledger.position(r, as_of).outstanding > 0
                        and not ledger.position(r, as_of).transferred})
        found += [Due("statement", d, "statement") for d in owing]
    return tuple(sorted(found, key=lambda d: (d.kind, d.ident)))


def write_due(root: Path, ledger: Any, as_of: date, out: Path,
              pdf: bool = True) -> tuple[list[Produced], list[str]]:
    """Write each due letter as .html (and .pdf) into `out`, then index.md and index.json.

    Returns what was produced and notes (a template the ledger lacks is named, not fatal).
    """
    from ..render.pdf import write_pdf
    from .atomic import atomic_write

    produced: list[Produced] = []
    notes: list[str] = []
    templates: dict[str, str | None] = {}
    for due in due_letters(ledger, as_of):
        if due.kind not in templates:
            try:
                templates[due.kind] = template_of(root, due.kind)
            except WriteProblem as exc:
                templates[due.kind] = None
                notes.append(str(exc))
        template = templates[due.kind]
        if template is None:
            continue
        data = letter_data(ledger, due.ident, due.kind, as_of)
        _, page = render(template, data)
        stem = f"{due.ident}-{due.kind}-{as_of.isoformat()}"
        atomic_write(out / f"{stem}.html", page.encode("utf-8"))
        files = [f"{stem}.html"]
        if pdf:
            write_pdf(page, out / f"{stem}.pdf")
            files.append(f"{stem}.pdf")
        produced.append(Produced(due, data.debtor_id, data.debtor_name, data.total, tuple(files)))
    atomic_write(out / "index.md", index_markdown(produced, as_of).encode("utf-8"))
    atomic_write(out / "index.json", index_json(produced, as_of).encode("utf-8"))
    return produced, notes


KIND_NAMES = {"demand": "催款通知书", "confirmation": "对账确认函", "lawyer": "律师函",
              "visit-form": "回访记录表", "statement": "对账单"}


def index_markdown(produced: list[Produced], as_of: date) -> str:
    """The list of what was produced, as a Markdown table (values escaped)."""
    from ..render.table import md_escape

    lines = [f"# 待发函件 {as_of}", "", "| 序号 | 函件 | 对象 | 债务人 | 金额 | 原因 | 文件 |",
             "| ---: | --- | --- | --- | ---: | --- | --- |"]
    for n, item in enumerate(produced, 1):
        lines.append(f"| {n} | {KIND_NAMES.get(item.due.kind, item.due.kind)} | "
                     f"{md_escape(item.due.ident)} | {md_escape(item.debtor_name)} | "
                     f"{fmt(item.total)} | {md_escape(item.due.why)} | "
                     f"{' '.join(md_escape(f) for f in item.files)} |")
    return "\n".join(lines) + "\n"


def index_json(produced: list[Produced], as_of: date) -> str:
    return json.dumps({"as_of": as_of.isoformat(), "letters": [
        {"kind": p.due.kind, "subject": p.due.ident, "debtor": p.debtor, "why": p.due.why,
         "total": fmt(p.total), "files": list(p.files)} for p in produced]},
        ensure_ascii=False, indent=2) + "\n"
