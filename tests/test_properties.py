"""Properties of the one allocation (figures.position) and the reports built on it.

Receivables are generated as YAML text and loaded like any ledger, so the reader, the
model and the figures are exercised together: invoices with dates, dues and 2-decimal
amounts; payments, credits, write-offs, reversals and recoveries that never exceed
what was invoiced.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingqian.figures.position import position
from qingqian.ledger import Ledger, load_blobs
from qingqian.reports.age import age_report, open_by_bucket
from qingqian.reports.commission import commission_report

CORPUS = Path(__file__).resolve().parent / "corpus" / "base"
POLICY = {rel: (CORPUS / rel).read_bytes() for rel in
          ("policies/rules.yaml", "policies/people.yaml", "policies/units.yaml",
           "ledger/debtors/D-0001.yaml")}
AS_OF = date(2026, 11, 30)
START = date(2024, 1, 1)
SPAN = (AS_OF - START).days
ZERO = Decimal("0.00")

# QINGQIAN_PROPERTY_EXAMPLES lowers the count for mutation runs (docs/dev/mutation.md)
PROPS = settings(max_examples=int(os.environ.get("QINGQIAN_PROPERTY_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

cents = st.integers(min_value=1, max_value=50_000_000).map(lambda c: Decimal(c).scaleb(-2))


@st.composite
def receivable_events(draw, distinct_dates: bool = False) -> list[dict]:
    """Invoices, then money events whose total stays within what was invoiced."""
    pool = (st.lists(st.integers(0, SPAN), min_size=12, max_size=12, unique=True)
            if distinct_dates else st.lists(st.integers(0, SPAN), min_size=12, max_size=12))
    days = iter(draw(pool))
    events: list[dict] = []
    invoiced = ZERO
    for n in range(draw(st.integers(1, 4))):
        amount = draw(cents)
        when = START + timedelta(days=next(days))
        events.append({"date": when, "type": "invoice", "amount": amount, "ref": f"JS-{n}",
                       "due": when + timedelta(days=draw(st.integers(0, 120)))})
        invoiced += amount
    room = invoiced
    for n in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["payment", "payment", "credit", "writeoff", "reversal"]))
        when = START + timedelta(days=next(days))
        paid = [e for e in events if e["type"] == "payment"]
        if kind == "reversal":
            if not paid:
                continue
            target = draw(st.sampled_from(paid))
            later = max(when, target["date"])
            if distinct_dates and later != when:
                continue
            events.append({"date": later, "type": "reversal", "ref": target["ref"], "reason": "退票"})
            continue
        if room <= 0:
            break
        amount = min(draw(cents), room)
        room -= amount
        event = {"date": when, "type": kind, "amount": amount}
        if kind == "payment":
            event.update(method=draw(st.sampled_from(["bank", "cash", "note", "offset"])), ref=f"HD-{n}")
        elif kind == "credit":
            event.update(reason="让利", approved_by="qian.fm")
        else:
            event.update(basis="bankruptcy", evidence="[r.pdf]", approved_by="qian.fm")
        events.append(event)
    return events


def render(ident: str, events: list[dict], difficulty: str = "normal") -> bytes:
    lines = [f"id: {ident}", "debtor: D-0001", "unit: east", "kind: construction", "title: 工程款",
             "responsible: zhang.san", "collector: li.si", f"difficulty: {difficulty}", "events:"]
    for event in events:
        fields = ", ".join(f"{k}: {_yaml(v)}" for k, v in event.items())
        lines.append(f"  - {{{fields}}}")
    return ("\n".join(lines) + "\n").encode()


def _yaml(value: object) -> str:
    if isinstance(value, Decimal):
        return f'"{value:.2f}"'
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def ledger_of(files: dict[str, bytes]) -> Ledger:
    ledger = load_blobs(Path("/nonexistent"), {**POLICY, **files})
    assert [f for f in ledger.findings if f.severity == "error"] == []
    return ledger


def one(events: list[dict], path: str = "ledger/east/2026/AR-1.yaml"):
    ledger = ledger_of({path: render("AR-1", events)})
    return ledger, ledger.receivables["AR-1"]


def expected_figures(events: list[dict], as_of: date) -> dict[str, Decimal]:
    """The DESIGN §6.0 figures computed independently of figures.py.

    After a write-off a payment first settles the balance still on the books on its
    own date (invoices dated on or before it); only the excess is a recovery.
    """
    seen = [e for e in events if e["date"] <= as_of]
    reversed_refs = {e["ref"] for e in seen if e["type"] == "reversal"}
    bills = sorted((e["due"], e["date"], i) for i, e in enumerate(seen) if e["type"] == "invoice")
    open_ = {i: seen[i]["amount"] for _, _, i in bills}
    total = {k: ZERO for k in ("invoice", "payment", "credit", "writeoff", "recovery")}
    total["invoice"] = sum(open_.values(), ZERO)
    written = False

    def take(amount: Decimal, by: date | None) -> Decimal:
        for _, day, i in bills:
            if by is None or day <= by:
                part = min(amount, open_[i])
                open_[i] -= part
                amount -= part
        return amount

    for e in sorted(seen, key=lambda e: e["date"]):
        kind = e["type"]
        if kind in ("credit", "writeoff"):
            take(e["amount"], None)
            total[kind] += e["amount"]
            written = written or kind == "writeoff"
        elif kind == "payment" and e["ref"] not in reversed_refs:
            excess = take(e["amount"], e["date"] if written else None)
            total["payment"] += e["amount"] - (excess if written else ZERO)
            total["recovery"] += excess if written else ZERO
    return {"invoiced": total["invoice"], "collected": total["payment"], "credited": total["credit"],
            "written_off": total["writeoff"], "recovered": total["recovery"],
            "outstanding": total["invoice"] - total["payment"] - total["credit"] - total["writeoff"]}


def figures(pos) -> dict[str, Decimal]:
    return {"invoiced": pos.invoiced, "collected": pos.collected, "credited": pos.credited,
            "written_off": pos.written_off, "recovered": pos.recovered, "outstanding": pos.outstanding}


@PROPS
@given(receivable_events())
def test_outstanding_is_invoiced_less_collected_credited_written_off(events):
    ledger, rec = one(events)
    pos = position(rec, AS_OF)
    assert figures(pos) == expected_figures(events, AS_OF)
    assert pos.unapplied == 0


@PROPS
@given(receivable_events())
def test_fifo_never_settles_more_than_invoiced(events):
    _, rec = one(events)
    pos = position(rec, AS_OF)
    settled = [ZERO] * len(pos.bills)
    recovered = [ZERO] * len(pos.bills)
    for s in pos.settlements:
        assert s.amount > 0
        if s.kind == "recovery":  # reduces the off-book balance, not the books (DESIGN §6.0)
            recovered[s.bill] += s.amount
        else:
            settled[s.bill] += s.amount
    written = [sum((s.amount for s in pos.settlements if s.kind == "writeoff" and s.bill == i), ZERO)
               for i in range(len(pos.bills))]
    assert [w - r for w, r in zip(written, recovered)] == list(pos.off_open)
    assert all(r <= w for r, w in zip(recovered, written))
    for bill, done, left in zip(pos.bills, settled, pos.open):
        assert done <= bill.amount
        assert left >= 0
        assert left == bill.amount - done
    assert sum(pos.open, ZERO) == pos.outstanding + pos.unapplied


@PROPS
@given(receivable_events(), st.sampled_from(["due", "invoice"]))
def test_aging_buckets_sum_to_outstanding(events, basis):
    ledger, rec = one(events)
    assert ledger.rules is not None
    limits = tuple(b.to for b in ledger.rules.aging.buckets)
    pos = position(rec, AS_OF)
    assert sum(open_by_bucket(pos, basis, limits), ZERO) == pos.outstanding
    report = age_report(ledger, AS_OF, basis=basis)
    total = sum((t.total for t in report.totals), ZERO)
    assert total == pos.outstanding
    for row in report.rows:
        assert sum(row.amounts, ZERO) == row.total


@PROPS
@given(st.lists(receivable_events(), min_size=2, max_size=3), st.randoms(use_true_random=False),
       st.lists(st.sampled_from(["east", "west", "2025", "2026", "a", "子公司"]), min_size=3, max_size=3))
def test_independent_of_file_order_and_directory_layout(many, rnd, folders):
    names = [f"AR-{i}" for i in range(len(many))]
    plain = {f"ledger/east/{n}.yaml": render(n, ev) for n, ev in zip(names, many)}
    order = list(zip(names, many))
    rnd.shuffle(order)
    moved = {f"ledger/{folders[i % 3]}/{folders[(i + 1) % 3]}/{n}.yaml": render(n, ev)
             for i, (n, ev) in enumerate(order)}
    first, second = ledger_of(plain), ledger_of(dict(reversed(list(moved.items()))))
    for n in names:
        a, b = first.position(first.receivables[n], AS_OF), second.position(second.receivables[n], AS_OF)
        assert figures(a) == figures(b) and a.open == b.open
    assert age_report(first, AS_OF).to_json() == age_report(second, AS_OF).to_json()


@PROPS
@given(receivable_events(distinct_dates=True), st.randoms(use_true_random=False))
def test_independent_of_event_order_within_a_file(events, rnd):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    _, a = one(events)
    _, b = one(shuffled)
    pa, pb = position(a, AS_OF), position(b, AS_OF)
    assert figures(pa) == figures(pb)
    assert sorted(zip((x.ref for x in pa.bills), pa.open)) == sorted(zip((x.ref for x in pb.bills), pb.open))
    assert pa.interest == pb.interest


@PROPS
@given(receivable_events(), receivable_events(), st.integers(0, SPAN))
def test_figures_as_of_a_date_ignore_later_events(events, more, cut):
    day = START + timedelta(days=cut)
    early = [e for e in events if e["date"] <= day]
    later = [dict(e, date=day + timedelta(days=1 + (e["date"] - START).days % 400),
                  **({"ref": f"X{e['ref']}"} if "ref" in e else {}))
             for e in more if e["type"] != "reversal"]
    if not early:
        return
    _, a = one(early)
    _, b = one(early + later)
    pa, pb = position(a, day), position(b, day)
    assert figures(pa) == figures(pb)
    assert pa.open == pb.open and pa.settlements == pb.settlements and pa.interest == pb.interest


@PROPS
@given(receivable_events(), st.sampled_from(["normal", "hard", "very-hard"]),
       st.sampled_from(["2024", "2025", "2026"]))
def test_commission_never_exceeds_top_rate_times_collections(events, difficulty, period):
    ledger = ledger_of({"ledger/east/AR-1.yaml": render("AR-1", events, difficulty)})
    assert ledger.rules is not None
    table = ledger.rules.commission.table
    top = max(max(r.normal, r.hard, r.very_hard) for r in table)
    report = commission_report(ledger, AS_OF, period, details=True)
    slack = Decimal("0.005") * len(report.details)  # each portion rounds half-up to the cent
    year = int(period)
    paid = sum((e["amount"] for e in events if e["type"] == "payment" and e["date"].year == year), ZERO)
    earned = sum((d.commission for d in report.details if d.amount > 0), ZERO)
    assert ZERO <= earned <= top * paid + slack
    clawed = -sum((d.commission for d in report.details if d.amount < 0), ZERO)
    assert ZERO <= clawed <= top * sum((d.amount for d in report.details if d.amount < 0), ZERO) * -1 + slack
    for row in report.rows:
        assert row.commission == earned - clawed


# ---- money and schedule helpers that every figure goes through

@PROPS
@given(st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False))
def test_cents_round_half_up_and_fmt_has_two_decimals(amount):
    from qingqian.money import cents, fmt
    rounded = cents(amount)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")
    if abs(rounded - amount) == Decimal("0.005"):  # a tie goes away from zero (四舍五入)
        assert abs(rounded) > abs(amount)
    text = fmt(amount)
    assert text == str(rounded) and text.split(".")[1].__len__() == 2
    assert fmt(None) is None


def test_money_examples():
    from qingqian.money import cents, fmt, ratio
    assert cents(Decimal("2.675")) == Decimal("2.68") and cents(Decimal("-2.675")) == Decimal("-2.68")
    assert cents(Decimal("2.665")) == Decimal("2.67") and cents(Decimal("2.6649")) == Decimal("2.66")
    assert fmt(Decimal("1250000")) == "1250000.00" and fmt(Decimal("0.005")) == "0.01"
    assert ratio(Decimal("1"), Decimal("3")) == "0.3333" and ratio(Decimal("2"), Decimal("3")) == "0.6667"
    assert ratio(Decimal("5"), None) is None and ratio(Decimal("5"), Decimal("0")) is None
    assert ratio(Decimal("0.00005"), Decimal("1")) == "0.0001"


@PROPS
@given(st.dates(date(2020, 1, 1), date(2027, 12, 31)), st.integers(0, 800),
       st.sampled_from(["month", "quarter", "year"]), st.one_of(st.none(), st.integers(1, 31)),
       st.integers(-100, 900))
def test_schedule_occurrences(start, length, every, day, cut):
    from qingqian.model.receivable import Schedule
    from qingqian.figures.schedule import occurrences
    item = Schedule.model_validate({"item": "租金", "amount": "1.00", "every": every, "day": day,
                                    "from": start, "to": start + timedelta(days=length)})
    as_of = start + timedelta(days=cut)
    dates = list(occurrences(item, as_of))
    last = min(item.to, as_of)
    if start > last:
        assert dates == []
        return
    assert dates[0] == start
    assert all(a < b for a, b in zip(dates, dates[1:]))
    assert all(d <= last for d in dates)
    step = {"month": 1, "quarter": 3, "year": 12}[every]
    for k, d in enumerate(dates[1:], 1):
        months = (d.year - start.year) * 12 + d.month - start.month
        assert months == k * step
        wanted = day or start.day
        assert d.day == wanted or (d.day < wanted and (d + timedelta(days=1)).day == 1)
    # the next period's date would be past the end
    months = len(dates) * step + start.month - 1
    year, month = start.year + months // 12, months % 12 + 1
    import calendar
    following = date(year, month, min(day or start.day, calendar.monthrange(year, month)[1]))
    assert following > last
