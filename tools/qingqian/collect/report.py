"""`qingqian todo` as a report: frozen items, JSON, and tables in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ledger import Ledger
from ..money import fmt
from ..reports.common import Filters
from ..reports.layout import Column, Table
from .ladder import Rung, ladder
from .todo import Item, items, person_id, select

TEXT = {
    "zh": {
        "todo": "今日待办", "ladder": "催收阶梯", "rank": "序号", "date": "期限",
        "days_left": "剩余天数", "status": "状态", "kind": "类别", "action": "事项",
        "subject": "债权/案件", "debtor": "债务人", "amount": "金额", "people": "负责人",
        "level": "当前阶梯", "alert": "规则", "receivable": "债权", "collector": "清欠人员",
        "outstanding": "余额", "currency": "币种", "overdue": "逾期金额",
        "days_past_due": "逾期天数", "due": "应办日期", "who": "经办人",
        "overdue_count": "逾期待办", "none": "无",
        "overdue-status": "已逾期", "today": "今日", "ahead": "待办",
        "limitation": "诉讼时效", "guarantee": "保证期间", "promise": "还款承诺",
        "installment": "分期还款", "preservation": "诉前保全", "enforcement": "申请执行期限",
        "hearing": "开庭", "activity": "催收间隔", "action-kind": "催收升级",
        "interrupt-limitation": "中断时效（送达催款函、签字回访、对账确认或起诉）",
        "revive": "时效已届满：取得对方签章确认或付款以恢复，否则按规定核销",
        "demand-guarantor": "向保证人书面主张权利", "check-promise": "跟进还款承诺",
        "check-installment": "跟进分期还款", "file-suit": "保全后起诉",
        "apply-enforcement": "申请强制执行", "contact": "回访或催款并记录",
        "phone": "电话提醒", "demand": "寄送催款通知书（取得送达凭证）",
        "visit": "上门回访（对方签字）", "lawyer-letter": "发律师函", "case": "移交法务立案",
        "investigation": "财产调查", "negotiation": "协商谈判", "litigation": "起诉",
        "follow-suit": "跟进诉讼", "follow-enforcement": "跟进执行",
        "level-reminder": "已电话提醒", "level-demand": "催款函已送达", "level-visit": "已签字回访",
        "level-lawyer": "律师函已送达", "level-case": "已立案", "case_col": "案件",
    },
    "en": {
        "todo": "Work queue", "ladder": "Escalation ladder", "rank": "#", "date": "By",
        "days_left": "Days left", "status": "Status", "kind": "Kind", "action": "Action",
        "subject": "Receivable/case", "debtor": "Debtor", "amount": "Amount", "people": "People",
        "level": "Rung", "alert": "Rule", "receivable": "Receivable", "collector": "Collector",
        "outstanding": "Outstanding", "currency": "Currency", "overdue": "Overdue",
        "days_past_due": "Days past due", "due": "Due", "who": "Who acts",
        "overdue_count": "Overdue actions", "none": "none",
        "overdue-status": "overdue", "today": "today", "ahead": "ahead",
        "action-kind": "escalation", "interrupt-limitation":
        "interrupt limitation (delivered demand, signed visit, acknowledgment or suit)",
        "revive": "expired: obtain a signed acknowledgment or a payment, else write off",
        "demand-guarantor": "demand the guarantor in writing",
        "check-promise": "follow the promise", "check-installment": "follow the installment",
        "file-suit": "file suit after preservation",
        "apply-enforcement": "apply for enforcement", "contact": "visit or demand, and record it",
        "demand": "send a demand (get proof of delivery)", "visit": "visit (debtor signs)",
        "lawyer-letter": "send a lawyer letter", "case": "hand to legal: open a case",
        "follow-suit": "follow the suit", "follow-enforcement": "follow enforcement",
        "level-reminder": "reminded", "level-demand": "demand delivered",
        "level-visit": "signed visit", "level-lawyer": "lawyer letter delivered",
        "level-case": "in a case", "case_col": "Case",
    },
}


def text(key: str | None, lang: str) -> str:
    """A label in `lang`; keys without one read as themselves (English ids)."""
    if key is None:
        return ""
    return TEXT.get(lang, {}).get(key, key)


def level_text(level: str | None, lang: str) -> str:
    """A ladder rung done, e.g. 催款函已送达; rungs of a ledger's own ladder show their id."""
    if level is None:
        return "—"
    return TEXT.get(lang, {}).get(f"level-{level}", level)


def _status(item: Item, lang: str) -> str:
    return text("overdue-status" if item.status == "overdue" else item.status, lang)


@dataclass(frozen=True, slots=True)
class TodoReport:
    """The work queue of one person, one unit or everyone, with the ladder of their receivables."""

    as_of: date
    horizon: int
    items: tuple[Item, ...]
    rungs: tuple[Rung, ...]
    names: dict  # id → name, for people, debtors and units
    currencies: dict  # receivable id → its currency

    @property
    def overdue(self) -> int:
        return sum(i.status == "overdue" for i in self.items)

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)

    def to_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "horizon_days": self.horizon,
                "overdue": self.overdue, "items": [
                    {"kind": i.kind, "date": i.date.isoformat(), "days_left": i.days_left,
                     "status": i.status, "subject": i.subject, "debtor": i.debtor,
                     "receivables": list(i.receivables), "amount": fmt(i.amount),
                     "currency": i.currency,
                     "action": i.action, "level": i.level, "alert": i.alert,
                     "people": list(i.people), "units": list(i.units),
                     "path": i.path, "line": i.line} for i in self.items],
                "ladder": [
                    {"receivable": r.receivable, "debtor": r.debtor, "collector": r.collector,
                     "currency": self.currencies.get(r.receivable, ""),
                     "outstanding": fmt(r.outstanding), "overdue": fmt(r.overdue),
                     "days_past_due": r.days_past_due,
                     "level": r.level, "action": r.action, "due": r.due.isoformat(),
                     "who": r.who, "case": r.case} for r in self.rungs]}

    def tables(self, lang: str) -> list[Table]:
        several = len({i.currency for i in self.items}) > 1  # then each amount says its currency
        cols = tuple(Column(text(k, lang), kind) for k, kind in (
            ("rank", "int"), ("date", "date"), ("days_left", "int"), ("status", "text"),
            ("kind", "text"), ("action", "text"), ("subject", "text"), ("debtor", "text"),
            *((("currency", "text"),) if several else ()),
            ("amount", "money"), ("people", "text"), ("level", "text"), ("alert", "text")))
        rows = tuple((n, i.date, i.days_left, _status(i, lang),
                      text("action-kind" if i.kind == "action" else i.kind, lang),
                      text(i.action, lang), i.subject, self.name(i.debtor),
                      *((i.currency,) if several else ()), i.amount,
                      "、".join(self.name(p) for p in i.people), level_text(i.level, lang),
                      i.alert or "") for n, i in enumerate(self.items, 1))
        head = f"{text('todo', lang)} {self.as_of}"
        title = f"{head}（{text('overdue_count', lang)} {self.overdue}）" if lang == "zh" \
            else f"{head} ({self.overdue} overdue)"
        return [Table(cols, rows, title=title), self.ladder_table(lang)]

    def ladder_table(self, lang: str) -> Table:
        cols = tuple(Column(text(k, lang), kind) for k, kind in (
            ("receivable", "text"), ("debtor", "text"), ("collector", "text"),
            ("currency", "text"), ("outstanding", "money"), ("overdue", "money"),
            ("days_past_due", "int"), ("level", "text"),
            ("action", "text"), ("due", "date"), ("who", "text"), ("case_col", "text")))
        rows = tuple((r.receivable, self.name(r.debtor), self.name(r.collector),
                      self.currencies.get(r.receivable, ""), r.outstanding,
                      r.overdue,
                      r.days_past_due, level_text(r.level, lang), text(r.action, lang), r.due,
                      self.name(r.who), r.case or "") for r in self.rungs)
        return Table(cols, rows, title=text("ladder", lang))


def todo_report(ledger: Ledger, as_of: date, filters: Filters, lang: str,
                horizon: int | None = None) -> TodoReport:
    """The work queue as of a date: `filters.collector` (an id or a name), unit, debtor, kind."""
    assert ledger.rules is not None
    person = person_id(ledger, filters.collector) if filters.collector else None
    chosen = select(items(ledger, as_of, horizon), person, filters.unit)
    kinds = {i: r.kind for i, r in ledger.receivables.items()}
    if filters.debtor:
        chosen = tuple(i for i in chosen if i.debtor == filters.debtor)
    if filters.kind:
        chosen = tuple(i for i in chosen if filters.kind in {kinds.get(r) for r in i.receivables})
    rungs = tuple(r for r in ladder(ledger, as_of)
                  if (person is None or person in (r.collector, r.who))
                  and (filters.unit is None or r.unit == filters.unit)
                  and (filters.debtor is None or r.debtor == filters.debtor)
                  and (filters.kind is None or kinds.get(r.receivable) == filters.kind))
    currencies = {r.receivable: ledger.currency(ledger.receivables[r.receivable]) for r in rungs}
    return TodoReport(as_of, ledger.rules.dunning.horizon_days if horizon is None else horizon,
                      chosen, rungs, names(ledger), currencies)


def names(ledger: Ledger) -> dict[str, str]:
    """Display names of people, units and debtors (ids stay in JSON)."""
    out = {i: p.name for i, p in ledger.people.items()}
    out.update({i: u.name for i, u in ledger.units.items()})
    out.update({i: d.name for i, d in ledger.debtors.items()})
    return out
