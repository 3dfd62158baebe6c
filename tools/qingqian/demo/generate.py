"""A synthetic ledger of any size, for benchmarks and tests (`qingqian demo generate`).

Deterministic from a seed (one `random.Random`), consistent with every error rule
as of AS_OF (warnings are expected: a real ledger has alerts), and streamed: one
debtor's receivables are in memory at a time, so 1,000,000 receivables fit.
Optionally writes the same money movements as a Beancount ledger for comparison.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from ..scaffold.init import site_config

AS_OF = date(2026, 11, 30)
FIRST_DAY = date(2022, 1, 1)
LAST_START = date(2026, 9, 30)
HOLD_DAYS, HOLD_CENTS = 60, 1_000_000  # scaffold rules.yaml credit_hold: 60 days, 10000.00
UNITS = (("build", "建筑工程公司"), ("install", "安装工程公司"), ("sales", "销售公司"),
         ("property", "物业管理公司"), ("design", "设计院"), ("trade", "贸易公司"))
KINDS = (("construction", 2_000, 80_000), ("goods", 100, 8_000), ("service", 50, 3_000),
         ("rent", 0, 0), ("utilities", 20, 500), ("other", 50, 2_000))  # hundreds of yuan
KIND_LABEL = {"construction": "工程进度款", "goods": "货款", "service": "服务费", "rent": "租金",
              "utilities": "水电费", "other": "其他应收款"}
CITY = ("江州", "临川", "东湖", "南浦", "西岭", "北塘", "青阳", "白沙")
WORD = ("华信", "宏达", "锦绣", "恒通", "瑞丰", "嘉禾", "金桥", "鼎盛", "天元", "兴业", "盛世",
        "永安")
TRADE = ("置业有限公司", "建设集团有限公司", "商贸有限公司", "科技有限公司", "实业有限公司",
         "物流有限公司")
DEBTOR_TYPES = ("government", "state-owned", "real-estate", "private", "private", "individual")
CONDITIONS = ("good", "good", "weak-promising", "weak", "malicious")
STRATEGY_FOR = {"good": "cash", "weak-promising": "collateral", "weak": "in-kind",
                "malicious": "litigation"}
BASES = ("bankruptcy", "deregistration", "enforcement-terminated", "overdue-3y", "small-overdue-1y")
DEMANDS = ("letter", "lawyer-letter", "email", "notarized")
METHODS = ("bank", "bank", "bank", "note", "cash")


def money(cents: int) -> str:
    return f'"{cents // 100}.{cents % 100:02d}"'


def text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Staff:
    """Who exists: collectors and managers per unit, finance approvers, legal owners."""

    collectors: dict[str, list[str]]
    managers: dict[str, list[str]]
    departed: dict[str, date]
    fm: str = "fin.manager"
    cfo: str = "fin.cfo"
    gm: str = "gen.manager"
    legal: tuple[str, ...] = ("legal.1", "legal.2")


@dataclass
class Bill:
    day: date
    due: date
    cents: int


@dataclass
class Rec:
    """One receivable being generated: its events (dicts in file order) and money state."""

    ident: str
    unit: str
    kind: str
    start: date
    collector: str
    responsible: str
    due_days: int
    events: list[dict] = field(default_factory=list)
    bills: list[Bill] = field(default_factory=list)
    schedule: dict | None = None
    settled: list[tuple[date, int, str]] = field(default_factory=list)  # (date, cents, ref or '')
    reversed_on: dict[str, date] = field(default_factory=dict)
    open: int = 0
    written_off: int = 0
    recovered: int = 0
    transferred: date | None = None


def make_staff(rng: random.Random, n: int) -> Staff:
    per_unit = max(2, n // (400 * len(UNITS)))
    collectors = {u: [f"col.{u}.{i}" for i in range(1, per_unit + 1)] for u, _ in UNITS}
    managers = {u: [f"mgr.{u}.{i}" for i in (1, 2)] for u, _ in UNITS}
    departed: dict[str, date] = {}
    for names in collectors.values():
        for name in names[1:]:
            if rng.random() < 0.06:
                departed[name] = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
    return Staff(collectors, managers, departed)


def _pick_collector(rng: random.Random, staff: Staff, unit: str, day: date) -> str:
    while True:
        who = rng.choice(staff.collectors[unit])
        if who not in staff.departed or staff.departed[who] > day + timedelta(days=60):
            return who


def _collector_at(rec: Rec, day: date) -> str:
    who = rec.collector
    for event in rec.events:
        if event["type"] == "assign" and event["date"] <= day:
            who = event["to"]
    return who


def new_receivable(rng: random.Random, staff: Staff, ident: str, unit: str, start: date) -> Rec:
    kind, low, high = rng.choice(KINDS)
    rec = Rec(ident, unit, kind, start, _pick_collector(rng, staff, unit, start),
              rng.choice(staff.managers[unit]), rng.choice((0, 15, 30, 30, 60, 90)))
    if kind == "rent":
        _rent(rng, rec)
    else:
        _events(rng, rec, staff, low, high)
    _hand_over(rec, staff)
    return rec


def _amount(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high) * 10_000  # whole hundreds of yuan, in cents


def _invoice(rng: random.Random, rec: Rec, day: date, cents: int) -> None:
    event: dict = {"date": day, "type": "invoice", "amount": cents,
                   "ref": f"FP-{rec.ident[3:]}-{len(rec.bills) + 1}"}
    due = day + timedelta(days=rec.due_days)
    if rng.random() < 0.2:
        due = day + timedelta(days=rng.choice((10, 45, 120)))
        event["due"] = due
    rec.events.append(event)
    rec.bills.append(Bill(day, due, cents))
    rec.open += cents


def _pay(rec: Rec, day: date, cents: int, method: str, recovery: bool = False) -> None:
    ref = f"HD-{rec.ident[3:]}-{len(rec.events) + 1}"
    rec.events.append({"date": day, "type": "payment", "amount": cents, "method": method,
                       "ref": ref})
    if recovery:
        rec.recovered += cents
    else:
        rec.open -= cents
        rec.settled.append((day, cents, ref))


def _events(rng: random.Random, rec: Rec, staff: Staff, low: int, high: int) -> None:
    """A life of about six events: invoices, payments, chasing, and sometimes an ending."""
    day = rec.start
    _invoice(rng, rec, day, _amount(rng, low, high))
    for _ in range(rng.randint(3, 9)):
        day += timedelta(days=rng.randint(10, 150))
        if day > AS_OF or rec.transferred:
            break
        _step(rng, rec, staff, day, low, high)


def _step(rng: random.Random, rec: Rec, staff: Staff, day: date, low: int, high: int) -> None:
    last = rec.events[-1]
    if rec.written_off:
        room = rec.written_off * 3 // 10 - rec.recovered
        if room >= 100 and rng.random() < 0.3:
            _pay(rec, day, room // 100 * 100 or room, "bank", recovery=True)
        else:
            _chase(rng, rec, day)
        return
    if rec.open <= 0:
        if len(rec.bills) < 4 and rng.random() < 0.7:
            _invoice(rng, rec, day, _amount(rng, low, high))
        else:
            _chase(rng, rec, day)
        return
    roll = rng.random()
    if last["type"] == "payment" and last["ref"] not in rec.reversed_on and roll < 0.05:
        rec.events.append({"date": day, "type": "reversal", "ref": last["ref"],
                           "reason": "银行退票"})
        rec.reversed_on[last["ref"]] = day
        rec.open += last["amount"]
    elif roll < 0.40:
        part = rec.open if rng.random() < 0.4 else rec.open * rng.randint(20, 80) // 10_000 * 100
        _pay(rec, day, max(part, min(rec.open, 100)), rng.choice(METHODS))
    elif roll < 0.52 and len(rec.bills) < 4:
        _invoice(rng, rec, day, _amount(rng, low, high))
    elif roll < 0.56:
        cut = min(rec.open, max(100, rec.open // 20 // 100 * 100))
        rec.events.append({"date": day, "type": "credit", "amount": cut, "reason": "质量扣款",
                           "approved_by": staff.fm})
        rec.open -= cut
        rec.settled.append((day, cut, ""))
    elif roll < 0.60 and (day - rec.start).days > 365:
        _writeoff(rng, rec, staff, day)
    elif roll < 0.62 and (day - rec.start).days > 365:
        price = rec.open * rng.randint(10, 40) // 10_000 * 100
        rec.events.append({"date": day, "type": "transfer", "to": "江州长信资产管理有限公司",
                           "price": price, "evidence": [f"docs/{rec.ident}/转让协议.pdf"],
                           "open": rec.open})
        rec.transferred = day
    elif roll < 0.66:
        others = [c for c in staff.collectors[rec.unit] if c not in staff.departed
                  and c != _collector_at(rec, day)]
        if others:
            rec.events.append({"date": day, "type": "assign", "to": rng.choice(others)})
    elif roll < 0.74:
        rec.events.append({"date": day, "type": "promise", "amount": rec.open,
                           "by_date": day + timedelta(days=rng.randint(20, 90))})
    elif roll < 0.80:
        rec.events.append({"date": day, "type": "acknowledgment", "amount": rec.open,
                           "signed_by": "对方财务负责人",
                           "evidence": [f"docs/{rec.ident}/对账函.pdf"]})
    else:
        _chase(rng, rec, day)


def _chase(rng: random.Random, rec: Rec, day: date) -> None:
    if rng.random() < 0.6:
        rec.events.append({"date": day, "type": "visit", "by": _collector_at(rec, day),
                           "with": "财务负责人", "signed": rng.random() < 0.5,
                           "note": "对方表示资金紧张，承诺尽快安排付款"})
    else:
        event: dict = {"date": day, "type": "demand", "method": rng.choice(DEMANDS)}
        delivered = day + timedelta(days=rng.randint(1, 4))
        if delivered <= AS_OF:
            event["delivered"] = delivered
        event["evidence"] = [f"EMS{rng.randint(10**9, 10**10 - 1)}"]
        rec.events.append(event)


def _basis(rec: Rec, day: date, amount: int) -> str | None:
    """The write-off basis the receivable's own facts support on `day` (DESIGN §6.7), if any."""
    dues = [b.due for b in rec.bills if b.day <= day]
    if dues and all(_years_after(due, 3) <= day for due in dues):
        return "overdue-3y"
    if dues and amount <= 5_000_000 and all(_years_after(due, 1) <= day for due in dues):
        return "small-overdue-1y"
    return None


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _writeoff(rng: random.Random, rec: Rec, staff: Staff, day: date) -> None:
    amount = rec.open
    approvers = [staff.fm] + ([staff.cfo] if amount > 10_000_000 else []) \
        + ([staff.gm] if amount > 100_000_000 else [])
    rng.choice(BASES)  # drawn as before, so a seed still gives the same ledger otherwise
    basis = _basis(rec, day, amount)
    if basis is None:
        return
    digest = hashlib.sha256(rec.ident.encode()).hexdigest()
    event: dict = {"date": day, "type": "writeoff", "amount": amount, "basis": basis,
                   "evidence": [{"kind": "collection-file", "sha256": digest,
                                 "held": "财务档案室"}],
                   "approved_by": approvers}
    if amount > 10_000_000:
        event["accountability"] = {"kind": "unit", "who": rec.unit, "action": "通报批评"}
    rec.events.append(event)
    rec.open = 0
    rec.written_off = amount
    rec.settled.append((day, amount, ""))


def _rent(rng: random.Random, rec: Rec) -> None:
    """Monthly rent from a schedule, paid quarterly until the tenant falls behind."""
    start = rec.start.replace(day=1)
    months = rng.choice((12, 24))
    end_index = start.year * 12 + start.month - 1 + months - 1
    to = date(end_index // 12, end_index % 12 + 1, 28)
    cents = rng.randint(20, 300) * 10_000
    rec.schedule = {"item": "租金", "amount": cents, "every": "month", "day": "1", "from": start,
                    "to": to, "due_days": "10"}
    day, stop = start, rng.random() < 0.4
    while True:
        quarter = [b for b in _rent_bills(rec) if b.day <= day + timedelta(days=62)]
        day += timedelta(days=rng.randint(85, 95))
        if day > AS_OF or day > to + timedelta(days=60) or (stop and rng.random() < 0.35):
            break
        accrued = sum(b.cents for b in quarter)
        paid = sum(s[1] for s in rec.settled)
        if accrued > paid:
            _pay(rec, day, accrued - paid, "bank")
    rec.open = 0  # schedule bills are counted by the hold check from _rent_bills


def _rent_bills(rec: Rec) -> list[Bill]:
    item = rec.schedule
    assert item is not None
    out: list[Bill] = []
    index = item["from"].year * 12 + item["from"].month - 1
    while True:
        day = date(index // 12, index % 12 + 1, 1)
        if day > item["to"] or day > AS_OF:
            return out
        out.append(Bill(day, day + timedelta(days=int(item["due_days"])), item["amount"]))
        index += 1


def _hand_over(rec: Rec, staff: Staff) -> None:
    """A collector who leaves hands the receivable over 15 days before the departure."""
    left = staff.departed.get(rec.collector)
    if left is None:
        return
    day = left - timedelta(days=15)
    successor = next(c for c in staff.collectors[rec.unit] if c not in staff.departed)
    if day <= rec.start:
        rec.collector = successor
    elif not (rec.transferred and rec.transferred <= day):
        at = next((i for i, e in enumerate(rec.events) if e["date"] > day), len(rec.events))
        rec.events.insert(at, {"date": day, "type": "assign", "to": successor,
                               "note": "原清欠员离职移交"})
    for event in rec.events:
        if event["type"] == "visit":
            event["by"] = _collector_at(rec, event["date"])


def late_cents(rec: Rec, day: date) -> int:
    """The receivable's open balance more than HOLD_DAYS past due on `day` (FIFO by due)."""
    if rec.transferred and rec.transferred <= day:
        return 0
    bills = _rent_bills(rec) if rec.schedule else rec.bills
    late = sum(b.cents for b in bills if b.day <= day and (day - b.due).days > HOLD_DAYS)
    if not late:
        return 0
    paid = sum(c for d, c, ref in rec.settled
               if d <= day and not (ref in rec.reversed_on and rec.reversed_on[ref] <= day))
    return max(0, late - paid)


def add_overrides(recs: list[Rec], staff: Staff) -> None:
    """An invoice issued while the debtor is on credit hold carries the CFO's approved override."""
    for rec in recs:
        for event in rec.events:
            if event["type"] == "invoice" and \
                    sum(late_cents(other, event["date"]) for other in recs) > HOLD_CENTS:
                event["override"] = {"approved_by": staff.cfo,
                                     "reason": "战略客户，经总会计师批准继续供货"}


def scaffold_rules() -> bytes:
    template = resources.files("qingqian") / "scaffold" / "template"
    return (template / "policies" / "rules.yaml").read_bytes()


def render_receivable(rec: Rec, debtor: str, difficulty: str, title: str) -> str:
    lines = [f"# 合成数据：{title}", f"id: {rec.ident}", f"debtor: {debtor}", f"unit: {rec.unit}",
             f"kind: {rec.kind}", f"title: {text(title)}",
             f"contract: {{no: HT-{rec.ident[3:]}, signed: {rec.start - timedelta(days=30)}}}",
             "currency: CNY", f"responsible: {rec.responsible}", f"collector: {rec.collector}",
             f"difficulty: {difficulty}"]
    if rec.kind == "construction":
        lines.append(f"terms: {{due_days: {rec.due_days}, "
                     "interest: {rate: \"0.0003\", basis: daily}}")
    else:
        lines.append(f"terms: {{due_days: {rec.due_days}}}")
    if rec.schedule:
        lines += ["schedule:", f"  - {_flow(rec.schedule)}"]
    lines.append("events:" if rec.events else "events: []")
    lines += [f"  - {_flow(e)}" for e in rec.events]
    return "\n".join(lines) + "\n"


def _flow(item: dict) -> str:
    parts = []
    for key, value in item.items():
        if key == "open":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, int):
            value = money(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = "[" + ", ".join(_flow(v) if isinstance(v, dict)
                                    else text(v) if not _plain(v) else v
                                    for v in value) + "]"
        elif isinstance(value, dict):
            value = _flow(value)
        elif not _plain(value):
            value = text(value)
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


def _plain(value: str) -> bool:
    return value.isascii() and all(c.isalnum() or c in "-._/" for c in value) and value[0].isalpha()


def write_file(out: Path, rel: str, content: str, made: set[str]) -> None:
    folder = rel.rsplit("/", 1)[0]
    if folder not in made:
        (out / folder).mkdir(parents=True, exist_ok=True)
        made.add(folder)
    (out / rel).write_text(content, encoding="utf-8")


def beancount_header(units: tuple[tuple[str, str], ...]) -> str:
    opens = ["Assets:Bank", "Income:Recoveries", "Expenses:Credits", "Expenses:BadDebts",
             "Expenses:TransferLoss"] + [f"Income:{u.capitalize()}" for u, _ in units]
    return ('option "operating_currency" "CNY"\n\n'
            + "".join(f"2000-01-01 open {a} CNY\n" for a in opens) + "\n")


def beancount_entries(rec: Rec) -> str:
    """The receivable's money movements as Beancount transactions."""
    ar = f"Assets:Receivable:{rec.ident}"
    out = [f"2000-01-01 open {ar} CNY\n"]

    def txn(day: date, what: str, *legs: tuple[str, int]) -> None:
        body = "".join(f"  {acct}  {'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d} CNY\n"
                       for acct, c in legs)
        out.append(f'{day} * "{rec.ident} {what}"\n{body}')

    income = f"Income:{rec.unit.capitalize()}"
    for bill in (_rent_bills(rec) if rec.schedule else []):
        txn(bill.day, "rent", (ar, bill.cents), (income, -bill.cents))
    recovered_from = min((e["date"] for e in rec.events if e["type"] == "writeoff"), default=None)
    for e in rec.events:
        kind, amount = e["type"], e.get("amount", 0)
        if kind == "invoice":
            txn(e["date"], "invoice", (ar, amount), (income, -amount))
        elif kind == "payment" and recovered_from and e["date"] > recovered_from:
            txn(e["date"], "recovery", ("Assets:Bank", amount), ("Income:Recoveries", -amount))
        elif kind == "payment":
            txn(e["date"], "payment", ("Assets:Bank", amount), (ar, -amount))
        elif kind == "reversal":
            paid = next(p["amount"] for p in rec.events
                        if p.get("ref") == e["ref"] and p["type"] == "payment")
            txn(e["date"], "reversal", (ar, paid), ("Assets:Bank", -paid))
        elif kind == "credit":
            txn(e["date"], "credit", ("Expenses:Credits", amount), (ar, -amount))
        elif kind == "writeoff":
            txn(e["date"], "writeoff", ("Expenses:BadDebts", amount), (ar, -amount))
        elif kind == "transfer" and e["open"]:
            txn(e["date"], "transfer", ("Assets:Bank", e["price"]),
                ("Expenses:TransferLoss", e["open"] - e["price"]), (ar, -e["open"]))
    return "".join(out)


def write_beancount(handle: TextIO, rec: Rec) -> None:
    handle.write(beancount_entries(rec))


def render_debtor(rng: random.Random, ident: str, condition: str) -> str:
    name = f"{rng.choice(CITY)}{rng.choice(WORD)}{rng.choice(TRADE)}"
    kind = rng.choice(DEBTOR_TYPES)
    status = "active" if condition != "malicious" or rng.random() < 0.5 else \
        rng.choice(("distressed", "bankrupt", "missing"))
    lines = [f"id: {ident}", f"name: {text(name)}", f"type: {kind}", f"status: {status}",
             f"condition: {condition}",
             f"credit: {{rating: {rng.choice('ABBCD')}, limit: {money(500_000_000_00)}}}"]
    if rng.random() < 0.1:
        end = AS_OF + timedelta(days=rng.randint(-100, 700))
        lines.append(f"guarantors: [{{name: {text(rng.choice(CITY) + '融资担保有限公司')}, "
                     f"type: joint, period_end: {end}}}]")
    lines.append(f"contacts: [{{name: {text('王经理')}, role: {text('财务经理')}, "
                 f"phone: \"138{rng.randint(0, 99_999_999):08d}\"}}]")
    return "\n".join(lines) + "\n"


def case_begin(recs: list[Rec]) -> date | None:
    """A case opens 120 days after the first due date, unless that is too recent."""
    begin = min(b.due for r in recs for b in (_rent_bills(r) if r.schedule else r.bills)) \
        + timedelta(days=120)
    return None if begin > AS_OF - timedelta(days=60) else begin


def render_case(rng: random.Random, ident: str, debtor: str, condition: str,
                recs: list[Rec], begin: date) -> str:
    """A collection case over the debtor's oldest unpaid receivables."""
    strategy = STRATEGY_FOR[condition]
    stages: list[dict[str, Any]] = [
        {"date": begin, "stage": "documents"},
        {"date": begin + timedelta(days=rng.randint(10, 40)), "stage": "negotiation"}]
    lines = [f"id: {ident}", f"debtor: {debtor}",
             "receivables: [" + ", ".join(r.ident for r in recs) + "]",
             f"owner: legal.{rng.randint(1, 2)}", f"priority: {rng.choice(('key', 'normal'))}",
             f"strategy: {strategy}"]
    if strategy == "litigation":
        lines.append(f"counsel: {{firm: {text('江州明正律师事务所')}, fee: {{type: contingency, "
                     f"rate: \"0.08\"}}}}")
        sued = stages[-1]["date"] + timedelta(days=rng.randint(20, 60))
        if sued + timedelta(days=20) <= AS_OF:
            stages.append({"date": sued, "stage": "preservation", "court": "江州市东湖区人民法院",
                           "frozen": rng.randint(1, 50) * 1_000_000})
            stages.append({"date": sued + timedelta(days=rng.randint(5, 20)), "stage": "litigation",
                           "case_no": f"（{sued.year}）江0102民初{rng.randint(100, 9999)}号"})
    lines.append("stages:")
    lines += [f"  - {_flow(s)}" for s in stages]
    if strategy != "litigation" and rng.random() < 0.5:
        day = stages[-1]["date"] + timedelta(days=15)
        plan = [{"due": day + timedelta(days=30 * k), "amount": rng.randint(1, 20) * 1_000_000}
                for k in (1, 2)]
        lines += ["agreements:", f"  - {{date: {day}, type: repayment, installments: ["
                  + ", ".join(_flow(p) for p in plan) + "]}"]
    lines.append(f"costs: [{{date: {stages[-1]['date']}, type: other, amount: {money(50_000)}}}]")
    return "\n".join(lines) + "\n"


def render_people(staff: Staff) -> str:
    rows = [("fin.manager", "钱敏", "hq", "finance-manager"), ("fin.cfo", "周军", "hq", "cfo"),
            ("gen.manager", "陈宏", "hq", "general-manager"), ("legal.1", "王法", "hq", "legal"),
            ("legal.2", "赵律", "hq", "legal")]
    rows += [(m, f"经理{m[4:]}", m.split(".")[1], "manager")
             for ms in staff.managers.values() for m in ms]
    rows += [(c, f"清欠员{c[4:]}", c.split(".")[1], "collector")
             for cs in staff.collectors.values() for c in cs]
    lines = ["people:"]
    for ident, name, unit, role in rows:
        row = f"  - {{id: {ident}, name: {text(name)}, unit: {unit}, roles: [{role}], status: "
        left = staff.departed.get(ident)
        lines.append(row + (f"departed, departed: {left}}}" if left else "active}"))
    return "\n".join(lines) + "\n"


def render_units() -> str:
    return "units:\n  - {id: hq, name: 集团总部}\n" + "".join(
        f"  - {{id: {u}, name: {text('江州华建' + name)}, parent: hq}}\n" for u, name in UNITS)


def render_targets(n: int, assigned: dict[str, list[str]]) -> str:
    lines = ["year: 2026", "units:"]
    lines += [f"  {u}: {{annual: {money(n * 2_000_000 // len(UNITS) * 100)}}}" for u, _ in UNITS]
    lines.append("people:")
    for who, ids in sorted(assigned.items())[:50]:
        lines.append(f"  {who}: {{annual: {money(300_000_00 * len(ids))}, "
                     f"assigned: [{', '.join(ids)}]}}")
    return "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int, beancount: Path | None = None,
             tick: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write a ledger of `n` receivables under `out` (and its Beancount twin); return counts.

    `tick(k)` is told of every k receivables written (a progress bar's `update`).
    """
    rng = random.Random(seed)
    staff = make_staff(rng, n)
    made: set[str] = set()
    counts = {"receivables": 0, "debtors": 0, "cases": 0, "events": 0}
    seq: dict[int, int] = {}
    case_seq: dict[int, int] = {}
    assigned: dict[str, list[str]] = {}
    bean = beancount.open("w", encoding="utf-8") if beancount else None
    try:
        if bean:
            bean.write(beancount_header(UNITS))
        while counts["receivables"] < n:
            counts["debtors"] += 1
            debtor = f"D-{counts['debtors']:06d}"
            condition = rng.choice(CONDITIONS)
            write_file(out, f"ledger/debtors/{debtor}.yaml",
                       render_debtor(rng, debtor, condition), made)
            recs = []
            for _ in range(min(rng.randint(1, 9), n - counts["receivables"])):
                start = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_START - FIRST_DAY).days))
                seq[start.year] = seq.get(start.year, 0) + 1
                unit = rng.choice(UNITS)[0]
                ident = f"AR-{start.year}-{seq[start.year]:06d}"
                recs.append(new_receivable(rng, staff, ident, unit, start))
                counts["receivables"] += 1
            add_overrides(recs, staff)
            if tick is not None:
                tick(len(recs))
            for rec in recs:
                title = f"{rng.choice(CITY)}{rng.choice(WORD)}项目{KIND_LABEL[rec.kind]}"
                rel = f"ledger/{rec.unit}/{rec.start.year}/{rec.ident}.yaml"
                write_file(out, rel, render_receivable(rec, debtor, rng.choice(
                    ("normal", "normal", "hard", "very-hard")), title), made)
                counts["events"] += len(rec.events)
                mine = assigned.setdefault(_collector_at(rec, AS_OF), [])
                if len(mine) < 3 and not rec.transferred:
                    mine.append(rec.ident)
                if bean:
                    write_beancount(bean, rec)
            unpaid = [r for r in recs if (r.open > 0 or r.written_off) and not r.transferred]
            begin = case_begin(unpaid[:3]) if unpaid and rng.random() < 0.15 else None
            if begin:
                case_seq[begin.year] = case_seq.get(begin.year, 0) + 1
                case = f"C-{begin.year}-{case_seq[begin.year]:05d}"
                write_file(out, f"cases/{case}.yaml",
                           render_case(rng, case, debtor, condition, unpaid[:3], begin), made)
                counts["cases"] += 1
    finally:
        if bean:
            bean.close()
    _write_policies(out, n, staff, assigned, made)
    return counts


def _write_policies(out: Path, n: int, staff: Staff, assigned: dict[str, list[str]],
                    made: set[str]) -> None:
    (out / "policies").mkdir(parents=True, exist_ok=True)
    (out / "policies" / "rules.yaml").write_bytes(scaffold_rules())
    write_file(out, "policies/people.yaml", render_people(staff), made)
    write_file(out, "policies/units.yaml", render_units(), made)
    write_file(out, "policies/targets/2026.yaml", render_targets(n, assigned), made)
    write_file(out, "policies/index.md",
               "# 合成台账\n\n由 `qingqian demo generate` 生成的基准测试数据。\n", made)
    (out / ".gitignore").write_text("site/\n.qingqian/\n__pycache__/\n", encoding="utf-8")
    # the site configuration every ledger shares (md_in_html for the tables, no outside fonts)
    config = site_config().decode("utf-8").replace("site_name: 清收清欠", "site_name: 合成台账", 1)
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
