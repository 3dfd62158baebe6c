"""`qingqian letter`: a print-ready 催款通知书 / 对账确认函 / 律师函 draft, Markdown and HTML.

Templates are the ledger's own `policies/templates/<type>.md`, filled with
string.Template `$placeholders` (no logic in templates). The figures are the
receivables' Positions as of a date: open invoice balances after FIFO, days
past due, accrued interest (DESIGN §6.2). In HTML every value from YAML goes
through the site's `esc` (html.escape, then Markdown-active characters as entities), so
a debtor named `<script>` or `*x*` prints as written; in Markdown through `md_escape`.

Only a delivered demand (recorded with `delivered:`) or a debtor-signed letter
interrupts limitation (DESIGN §6.3): the command prints how to record it.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

from ..figures.position import collector_on
from ..money import ZERO, cents
from . import WriteProblem

KINDS = ("demand", "confirmation", "lawyer", "visit-form", "statement")
CSS = """
@page { size: A4; margin: 25mm 22mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; font-size: 12pt;
       line-height: 1.8; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.2em; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 10.5pt; }
th, td { border: 1px solid #000; padding: 2pt 5pt; }
td:nth-child(n+5) { text-align: right; }
hr { border: none; border-top: 1px dashed #000; margin: 2em 0; page-break-after: avoid; }
@media print { .no-print { display: none; } }
"""


@dataclass(frozen=True, slots=True)
class OpenItem:
    receivable: str
    ref: str | None
    day: date
    due: date
    balance: Decimal
    days: int  # past due; 0 when not yet due


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """Where a case on the claim stands, so a letter speaks of the suit as it is."""

    stage: str
    court: str | None
    case_no: str | None
    judgment_date: date | None
    judgment_amount: Decimal | None
    pay_by: date | None


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything a letter shows, computed once; rendering only formats it."""

    kind: str
    ident: str
    as_of: date
    creditor: str
    debtor_id: str
    debtor_name: str
    contracts: tuple[str, ...]
    receivables: tuple[str, ...]
    items: tuple[OpenItem, ...]
    interest: Decimal
    currency: str
    collector: str
    law_firm: str | None = None
    lawyer: str | None = None
    has_interest: bool = True  # a contract interest term or a rules.yaml default rate
    case: CaseFacts | None = None

    @property
    def principal(self) -> Decimal:
        return sum((i.balance for i in self.items), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def letter_data(ledger: Any, ident: str, kind: str, as_of: date) -> LetterData:
    """The letter for a receivable, a debtor (all its open receivables) or a case."""
    recs, case = _receivables_of(ledger, ident)
    recs = [r for r in recs if not ledger.position(r, as_of).transferred]
    if not recs:
        raise WriteProblem(f"`{ident}` has no receivable to write about")
    debtor_id = recs[0].debtor
    debtor = ledger.debtors.get(debtor_id)
    items, interest = [], ZERO
    for rec in recs:
        pos = ledger.position(rec, as_of)
        interest += pos.interest
        for index, (bill, balance) in enumerate(zip(pos.bills, pos.open)):
            if balance > 0:
                items.append(OpenItem(rec.id, bill.ref, bill.date, bill.due, balance,
                                      max(0, pos.days_past_due(index))))
    units = dict.fromkeys(ledger.units[r.unit].name if r.unit in ledger.units else r.unit
                          for r in recs)
    collectors = dict.fromkeys(_person(ledger, collector_on(r, as_of)) for r in recs)
    case = case or _covering_case(ledger, recs, as_of)
    counsel = case.counsel if case is not None else None
    rules = ledger.rules
    has_interest = any(r.terms is not None and r.terms.interest is not None for r in recs) or \
        bool(rules and rules.interest.default_rate)
    owing = {i.receivable for i in items}
    recs = [r for r in recs if r.id in owing] or recs  # a debtor's settled claims stay out
    return LetterData(
        kind, ident, as_of, "、".join(units), debtor_id, debtor.name if debtor else debtor_id,
        tuple(_contract(r) for r in recs), tuple(r.id for r in recs),
        tuple(sorted(items, key=lambda i: (i.due, i.receivable))), cents(interest),
        ledger.currency(recs[0]), "、".join(collectors),
        counsel.firm if counsel else None, (counsel.lawyer if counsel else None),
        has_interest, _facts(case, as_of) if case is not None else None)


def _covering_case(ledger: Any, recs: list, as_of: date) -> Any:
    """The first open case (by id) listing one of the receivables, opened by the date."""
    from ..lifecycle.cases import opened, stage_on
    ids = {r.id for r in recs}
    for ident in sorted(ledger.cases):
        case = ledger.cases[ident]
        if ids & set(case.receivables) and (opened(case) or as_of) <= as_of \
                and stage_on(case, as_of) not in (None, "closed"):
            return case
    return None


def _facts(case: Any, as_of: date) -> CaseFacts | None:
    from ..lifecycle.cases import entry_on, judgment_of
    entry = entry_on(case, as_of)
    if entry is None:
        return None
    filed = [e for e in case.stages if e.date <= as_of and (e.court or e.case_no)]
    court = next((e.court for e in reversed(filed) if e.court), None)
    case_no = next((e.case_no for e in reversed(filed) if e.case_no), None)
    judged = judgment_of(case, as_of)
    judgment = judged[1] if judged else None
    return CaseFacts(entry.stage, court, case_no, judgment.date if judgment else None,
                     judgment.amount if judgment else None, judgment.pay_by if judgment else None)


def _receivables_of(ledger: Any, ident: str) -> tuple[list, Any]:
    if ident in ledger.receivables:
        return [ledger.receivables[ident]], None
    if ident in ledger.cases:
        case = ledger.cases[ident]
        return [ledger.receivables[r] for r in case.receivables if r in ledger.receivables], case
    if ident in ledger.debtors:
        return sorted((r for r in ledger.receivables.values() if r.debtor == ident),
                      key=lambda r: r.id), None
    raise WriteProblem(f"no receivable, debtor or case `{ident}`")


def _person(ledger: Any, ident: str) -> str:
    person = ledger.people.get(ident)
    return person.name if person else ident


def _contract(rec: Any) -> str:
    no = rec.contract.no if rec.contract and rec.contract.no else None
    return f"《{rec.title}》（合同编号 {no}）" if no else f"《{rec.title}》"


def rmb_upper(amount: Decimal) -> str:
    """人民币大写金额 as on Chinese invoices and cheques: 1250000.50 → 壹佰贰拾伍万元伍角."""
    digits = "零壹贰叁肆伍陆柒捌玖"
    fen_total = int(cents(amount) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    groups = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    text, gap = "", False  # gap: a zero was skipped since the last digit written
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        for pos in range(3, -1, -1):
            digit = group // 10 ** pos % 10
            if digit == 0:
                gap = gap or bool(text)
                continue
            text += ("零" if gap else "") + digits[digit] + ("", "拾", "佰", "仟")[pos]
            gap = False
        if group:
            text += ("", "万", "亿", "万亿")[index]
    text = text + "元" if text else ""
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    return text + (digits[jiao] + "角" if jiao else ("零" if text else "")) + \
        (digits[fen] + "分" if fen else "")


def _money(amount: Decimal) -> str:
    return f"{cents(amount):,.2f}"


def values(data: LetterData, escape: Callable[[str], str]) -> dict[str, str]:
    """Template values; `escape` makes each ledger-sourced string safe for the output format."""
    currency = "人民币" if data.currency == "CNY" else data.currency
    return {
        "letter_no": escape(f"{data.ident}-{data.kind}-{data.as_of:%Y%m%d}"),
        "debtor_name": escape(data.debtor_name), "debtor_id": escape(data.debtor_id),
        "creditor": escape(data.creditor), "contracts": escape("、".join(data.contracts)),
        "receivables": escape("、".join(data.receivables)),
        "as_of": data.as_of.isoformat(),
        "as_of_cn": f"{data.as_of.year}年{data.as_of.month}月{data.as_of.day}日",
        "currency": escape(currency), "principal": _money(data.principal),
        "principal_upper": rmb_upper(data.principal), "interest": _money(data.interest),
        "total": _money(data.total), "total_upper": rmb_upper(data.total),
        "invoice_table": _table(data, escape), "collector_name": escape(data.collector),
        "law_firm": escape(data.law_firm or "＿＿＿＿律师事务所"),
        "lawyer": escape(data.lawyer or "＿＿＿＿"),
        "interest_clause": _interest_clause(data, currency),
        "case_clause": escape(case_clause(data)),
        "balance": _money(data.principal),
    }


def _interest_clause(data: LetterData, currency: str) -> str:
    """The overdue-interest sentence, or nothing where no interest was agreed."""
    if not data.has_interest:
        return ""
    return (f"根据合同约定，自逾期之日起计收逾期付款利息，暂计至 {_cn_date(data.as_of)} 为 "
            f"{currency} {_money(data.interest)}；本息合计 **{currency} {_money(data.total)}**。")


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


SUIT_TO_COME = ("逾期未付的，委托人将依法提起诉讼或仲裁，并申请财产保全，"
                "届时贵方除须支付上述款项外，还将承担诉讼费、保全费、律师费等一切费用及"
                "相应的法律后果。")
ENFORCING = ("委托人已向人民法院申请强制执行，法院将依法查封、冻结、扣划贵方财产，"
             "并可将贵方纳入失信被执行人名单。")
TO_ENFORCE = ("逾期仍不履行的，委托人将依法申请强制执行，并申请将贵方纳入失信被执行人名单、"
              "限制高消费。")
PENDING = ("诉讼期间贵方仍可付款或与委托人协商和解；判决生效后不履行的，"
           "委托人将申请强制执行。")


def case_clause(data: LetterData) -> str:
    """What a lawyer letter says of the law: a suit to come, one pending, or a judgment."""
    facts = data.case
    if facts is None or facts.stage not in ("preservation", "litigation", "enforcement"):
        return SUIT_TO_COME
    number = f"（案号：{facts.case_no}）" if facts.case_no else ""
    where = f"{facts.court or '人民法院'}{number}"
    if facts.judgment_date is not None:
        return _judgment_clause(data, facts, where)
    if facts.stage == "preservation":
        return (f"委托人已向{where}申请财产保全，并将依法提起诉讼；"
                "贵方仍可在本函期限内付款以减少损失。")
    return f"委托人已就上述款项向{where}提起诉讼。" + PENDING


def _judgment_clause(data: LetterData, facts: CaseFacts, where: str) -> str:
    currency = "人民币" if data.currency == "CNY" else data.currency
    pay = f"于 {_cn_date(facts.pay_by)} 前" if facts.pay_by else ""
    amount = (f"支付 {currency} {_money(facts.judgment_amount)}" if facts.judgment_amount
              else "履行付款义务")
    told = (f"{where}已于 {_cn_date(facts.judgment_date)} 作出生效判决，"  # type: ignore[arg-type]
            f"判令贵方{pay}{amount}。贵方至今未按判决履行。")
    return told + (ENFORCING if facts.stage == "enforcement" else TO_ENFORCE)


def _table(data: LetterData, escape: Callable[[str], str]) -> str:
    lines = ["| 债权编号 | 单据号 | 开票日期 | 到期日 | 未付余额 | 逾期天数 |",
             "| --- | --- | --- | --- | ---: | ---: |"]
    for item in data.items:
        lines.append(f"| {escape(item.receivable)} | {escape(item.ref or '—')} | {item.day} | "
                     f"{item.due} | {_money(item.balance)} | {item.days} |")
    lines.append(f"| 合计 | | | | {_money(data.principal)} | |")
    return "\n".join(lines)


def md_value(text: str) -> str:
    from ..render.table import md_escape
    return md_escape(text)


def html_value(text: str) -> str:
    """The site's one escaping for HTML that Markdown also reads (`site.safe.esc`)."""
    from ..site.safe import esc
    return esc(text)


def render(template: str, data: LetterData) -> tuple[str, str]:
    """(Markdown, HTML) of a letter from a template text."""
    try:
        markdown_text = Template(template).substitute(values(data, md_value))
        html_source = Template(template).substitute(values(data, html_value))
    except (KeyError, ValueError) as exc:
        raise WriteProblem(f"template placeholder {exc} is unknown; use one of "
                           f"{', '.join('$' + k for k in sorted(values(data, str)))}") from None
    import markdown  # type: ignore[import-untyped]
    body = markdown.markdown(html_source, extensions=["tables"], output_format="html")
    title = html.escape(f"{data.ident} {data.kind}")
    page = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n"
            "</html>\n")
    return markdown_text, page


def template_of(root: Path, kind: str) -> str:
    from ..safefile import Refused, read_regular

    path = root / "policies" / "templates" / f"{kind}.md"
    rel = path.relative_to(root)
    if not os.path.lexists(path):
        raise WriteProblem(f"no template {rel}; add one (string.Template "
                           "$placeholders), e.g. copied from the qingqian demo ledger")
    try:  # a linked template once put whatever it pointed at into the letter
        data = read_regular(path, TEMPLATE_LIMIT)
    except Refused as refused:
        raise WriteProblem(f"{rel}: {refused.rule} {refused.message}") from None
    if os.path.islink(path.parent) or os.path.islink(path.parent.parent):
        raise WriteProblem(f"{rel}: its folder is a symbolic link; links are never followed")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteProblem(f"{rel}: not UTF-8") from None


TEMPLATE_LIMIT = 1024 * 1024


def record_hint(data: LetterData) -> list[str]:
    """The reminder, and the exact commands that record the delivered or signed letter."""
    if data.kind == "visit-form":
        lines = ["只有债务人签字的回访记录才中断诉讼时效；回访后记录并附回访记录表扫描件："]
        return lines + [f"  qingqian record visit {r} --date <回访日期> --by <清欠人员编号> "
                        "--signed --note '<对方意见>' --evidence <回访记录表扫描件路径>"
                        for r in data.receivables]
    if data.kind in ("confirmation", "statement"):
        owed = {r: sum((i.balance for i in data.items if i.receivable == r), ZERO)
                for r in data.receivables}
        lines = ["只有债务人签章确认的对账函才中断诉讼时效；收到回函后记录 acknowledgment："]
        lines += [f"  qingqian record acknowledgment {r} --date <回函日期> "
                  f"--amount {cents(owed[r])} --signed-by '<签章单位>' --evidence <回函扫描件路径>"
                  for r in data.receivables]
        return lines
    method = "lawyer-letter" if data.kind == "lawyer" else "letter"
    lines = [("只有送达的催款函（在 demand 上记录 delivered: 送达日期）"
              "或债务人签收的函件才中断诉讼时效；取得送达凭证后记录：")]
    lines += [f"  qingqian record demand {r} --method {method} --date {data.as_of} "
              f"--delivered <送达日期> --evidence <EMS单号或签收回执路径>"
              for r in data.receivables]
    return lines


def write_letter(root: Path, ledger: Any, ident: str, kind: str, as_of: date,
                 out: Path) -> tuple[list[Path], LetterData]:
    """Write <ID>-<kind>-<date>.md and .html into `out`; returns the paths and the data."""
    from .atomic import atomic_write
    data = letter_data(ledger, ident, kind, as_of)
    markdown_text, page = render(template_of(root, kind), data)
    stem = f"{ident}-{kind}-{as_of.isoformat()}"
    paths = [out / f"{stem}.md", out / f"{stem}.html"]
    atomic_write(paths[0], markdown_text.encode("utf-8"))
    atomic_write(paths[1], page.encode("utf-8"))
    return paths, data
