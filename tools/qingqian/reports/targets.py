"""`targets`: per person and unit, target against money collected (定人员、定指标、定任务)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..figures.fx import counted
from ..figures.position import collector_on
from ..ledger import Ledger
from ..lifecycle.claims import is_internal
from ..lifecycle.leases import CampaignRow, campaign_row
from ..model import Targets
from ..money import ZERO, fmt, percent, ratio
from .common import (
    Filters,
    base_currency,
    columns,
    group_name,
    money_moves,
    multi_currency,
    receivables,
    target_through,
    with_currency,
)
from .labels import label
from .layout import Column, Table


@dataclass(frozen=True, slots=True)
class TargetRow:
    currency: str
    kind: str  # person | unit
    key: str
    name: str
    target: Decimal | None
    collected: Decimal
    behind: bool | None
    arrears_start: Decimal = ZERO  # external outstanding on 31 December before (年初欠款总额)

    @property
    def completion(self) -> str | None:
        return ratio(self.collected, self.target)

    @property
    def share(self) -> str | None:
        """清欠指标占欠款总额%: the target as a share of the arrears at the start of the year."""
        return ratio(self.target, self.arrears_start) if self.target is not None else None


@dataclass(frozen=True, slots=True)
class Assigned:
    currency: str
    person: str
    receivable: str
    outstanding_start: Decimal
    collected: Decimal
    outstanding: Decimal


@dataclass(frozen=True, slots=True)
class TargetsReport:
    year: int
    month: int | None
    as_of: date
    elapsed: Decimal  # share of the target period elapsed on the as-of date
    rows: tuple[TargetRow, ...]
    assigned: tuple[Assigned, ...]
    campaigns: tuple[CampaignRow, ...] = ()  # deadlines (art. 2: 6月30日前完成清欠催收)

    @property
    def multi(self) -> bool:
        return multi_currency([r.currency for r in self.rows] + [a.currency for a in self.assigned])

    def to_json(self) -> dict:
        return {
            "year": self.year, "month": self.month,
            "rows": [with_currency({"kind": r.kind, "key": r.key, "target": fmt(r.target),
                                    "collected": fmt(r.collected), "completion": r.completion,
                                    "behind": r.behind, "arrears_start": fmt(r.arrears_start),
                                    "share": r.share}, r.currency, self.multi)
                     for r in self.rows],
            "assigned": [with_currency({"person": a.person, "receivable": a.receivable,
                                        "outstanding_start": fmt(a.outstanding_start),
                                        "collected": fmt(a.collected),
                                        "outstanding": fmt(a.outstanding)}, a.currency, self.multi)
                         for a in self.assigned],
            "campaigns": [{"id": c.id, "name": c.name, "from": c.start.isoformat(),
                           "by": c.by.isoformat(), "target": ratio(c.target, Decimal(1)),
                           "arrears_start": fmt(c.arrears_start), "cleared": fmt(c.cleared),
                           "remaining": fmt(c.remaining),
                           "completion": ratio(c.cleared, c.arrears_start),
                           "days_left": c.days_left, "status": c.status} for c in self.campaigns],
        }

    def tables(self, lang: str) -> list[Table]:
        multi = self.multi
        cur = columns(lang, "currency") if multi else ()
        main = (*columns(lang, "kind", "key", "name"), *cur,
                *columns(lang, "target:money", "collected:money", "completion:ratio", "behind",
                         "arrears_start:money", "share:ratio"))
        flag = {None: "", True: label("yes", lang), False: ""}
        rows = tuple((label(r.kind, lang), r.key, r.name, *([r.currency] if multi else []),
                      r.target, r.collected, r.completion, flag[r.behind], r.arrears_start,
                      r.share) for r in self.rows)
        through = f"-{self.month:02d}" if self.month else ""
        title = (f"{label('targets', lang)} {self.year}{through} "
                 f"({label('elapsed', lang)} {percent(self.elapsed)})")
        side = (*columns(lang, "person", "receivable"), *cur,
                *columns(lang, "outstanding_start:money", "collected:money", "outstanding:money"))
        assigned = tuple((a.person, a.receivable, *([a.currency] if multi else []),
                          a.outstanding_start, a.collected, a.outstanding) for a in self.assigned)
        out = [Table(main, rows, (), title), Table(side, assigned, (), label("assigned", lang))]
        if self.campaigns:
            out.append(self._campaigns(lang))
        return out

    def _campaigns(self, lang: str) -> Table:
        zh = lang == "zh"
        heads = (("专项清欠", "Campaign"), ("名称", "Name"), ("起始日", "From"), ("完成期限", "By"),
                 ("目标", "Target"), ("期初欠款", "Arrears at start"), ("已清", "Cleared"),
                 ("尚欠", "Remaining"), ("完成率", "Completion"), ("剩余天数", "Days left"),
                 ("状态", "Status"))
        kinds = ("text", "text", "date", "date", "ratio", "money", "money", "money", "ratio",
                 "int", "text")
        cols = tuple(Column(h[0] if zh else h[1], k) for h, k in zip(heads, kinds))
        status = {"done": "已完成", "open": "进行中", "missed": "逾期未完成"}
        rows = tuple((c.id, c.name, c.start, c.by, ratio(c.target, Decimal(1)), c.arrears_start,
                      c.cleared, c.remaining, ratio(c.cleared, c.arrears_start), c.days_left,
                      status[c.status] if zh else c.status) for c in self.campaigns)
        return Table(cols, rows, (), "专项清欠（限期完成）" if zh else "Campaigns with a deadline")


def period_end(year: int, month: int | None) -> date:
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def elapsed_share(year: int, end: date, as_of: date) -> Decimal:
    """Days of the target period (1 January..end) elapsed on the as-of date, as a share."""
    start = date(year, 1, 1)
    done = (min(as_of, end) - start).days + 1
    return Decimal(max(done, 0)) / Decimal((end - start).days + 1)


def targets_report(ledger: Ledger, as_of: date, year: int, month: int | None = None,
                   filters: Filters = Filters(), lang: str = "zh") -> TargetsReport:
    """Targets (annual, or January..month) against money collected in the year.

    Collected counts every payment (recoveries included) net of reversals, dated
    1 January..the period end (capped at as-of); a person is credited with the
    payments made while they were the receivable's collector (a reversal is charged
    to whoever got its payment), a unit with its receivables' payments. Targets are in
    rules.yaml `currency`; money in other currencies has rows of its own without target.
    Behind pace: completion < elapsed share of the period × rules `targets.behind_pace`,
    the elapsed share being the days 1 January..as-of over the days 1 January..period end.
    Assigned receivables: outstanding on 31 December before, collected in the period,
    outstanding at the period end (capped at as-of).
    """
    plan = ledger.targets.get(year)
    end = period_end(year, month)
    upto = min(end, as_of)
    elapsed = elapsed_share(year, end, as_of)
    pace = ledger.rules.targets.behind_pace if ledger.rules else Decimal("0.80")
    home = base_currency(ledger)
    sums = _collected(ledger, date(year, 1, 1), upto, filters)
    for kind, key in _planned(plan, filters):
        sums.setdefault((kind, home, key), ZERO)
    start_arrears = _arrears_start(ledger, year, filters)
    rows = []
    for (kind, currency, key), collected in sorted(sums.items(), key=_person_first):
        table = {} if plan is None else (plan.people if kind == "person" else plan.units)
        target = target_through(table.get(key), year, month) if currency == home else None
        behind = None if not target else collected / target < elapsed * pace
        name = group_name(ledger, "collector" if kind == "person" else "unit", key, lang)
        rows.append(TargetRow(currency, kind, key, name, target, collected, behind,
                              start_arrears.get((kind, currency, key), ZERO)))
    assigned = _assigned(ledger, plan, year, upto, filters) if plan else ()
    campaigns = tuple(campaign_row(ledger, c, as_of) for c in plan.campaigns
                      if filters.unit in (None, c.unit)) if plan else ()
    return TargetsReport(year, month, as_of, elapsed, tuple(rows), assigned, campaigns)


def _arrears_start(ledger: Ledger, year: int,
                   filters: Filters) -> dict[tuple[str, str, str], Decimal]:
    """External outstanding on 31 December before the year, by (person|unit, currency, key):
    a person's are the receivables they collected that day; another currency at that
    month's `fx` rate, as collections count. Intercompany debt (内部欠款) is left out: the
    plans report it apart (art. 4 §19)."""
    eve = date(year, 1, 1) - timedelta(days=1)
    sums: dict[tuple[str, str, str], Decimal] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        owed = ledger.position(rec, eve).outstanding
        if owed <= 0 or is_internal(ledger, rec):
            continue
        currency, owed = counted(ledger.rules, ledger.currency(rec), eve, owed)  # §6.5
        person = collector_on(rec, eve)
        keys = [("unit", currency, rec.unit)]
        keys += [("person", currency, person)] if filters.accepts_collector(person) else []
        for key in keys:
            sums[key] = sums.get(key, ZERO) + owed
    return sums


def _person_first(item: tuple[tuple[str, str, str], Decimal]) -> tuple:
    return (item[0][0] != "person", item[0])


def _collected(ledger: Ledger, start: date, upto: date,
               filters: Filters) -> dict[tuple[str, str, str], Decimal]:
    """Net money by (person|unit, currency, key), each payment to its collector on its date."""
    sums: dict[tuple[str, str, str], Decimal] = {}
    for rec in receivables(ledger, filters.without_collector(), None):
        for move in money_moves(rec, start, upto):
            person = collector_on(rec, move.payment.date)
            if filters.accepts_collector(person):
                currency, amount = counted(ledger.rules, ledger.currency(rec), move.payment.date,
                                           move.amount)
                for key in (("person", currency, person), ("unit", currency, rec.unit)):
                    sums[key] = sums.get(key, ZERO) + amount
    return sums


def _planned(plan: Targets | None, filters: Filters) -> list[tuple[str, str]]:
    """The people and units the targets file names, within the filters."""
    if plan is None:
        return []
    people = [("person", key) for key in plan.people if filters.accepts_collector(key)]
    units = [("unit", key) for key in plan.units if filters.unit in (None, key)]
    return people + units


def _assigned(ledger: Ledger, plan: Targets, year: int, upto: date,
              filters: Filters) -> tuple[Assigned, ...]:
    """Progress on each receivable the targets file assigns to a person."""
    out = []
    start = date(year, 1, 1)
    for person, target in sorted(plan.people.items()):
        if not filters.accepts_collector(person):
            continue
        for ident in target.assigned:
            rec = ledger.receivables.get(ident)
            if rec is None or not filters.without_collector().accepts(rec):
                continue
            collected = sum((m.amount for m in money_moves(rec, start, upto)), ZERO)
            out.append(Assigned(ledger.currency(rec), person, ident,
                                ledger.position(rec, start - timedelta(days=1)).outstanding,
                                collected, ledger.position(rec, upto).outstanding))
    return tuple(out)
