"""Attack: one receivable with thousands of events made `check` quadratic (P007 computed a
position per invoice; the allocation walked settled bills for every payment)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, receivable, write_ledger
import qingqian.figures.position as figures
from qingqian.ledger import load
from qingqian import ledger as ledger_module
from qingqian.lifecycle.holds import hold_of
from qingqian.model.receivable import Invoice
from qingqian.rules import check

AS_OF = date(2026, 11, 30)


def _events(count: int, named: bool = False) -> str:
    start, lines = date(2020, 1, 1), []
    for i in range(count // 2):
        day = start + timedelta(days=i)
        lines.append(f"- {{date: {day}, type: invoice, amount: '10000.00', ref: I{i}}}")
        tail = f", applies_to: I{i}" if named else ""
        lines.append(f"- {{date: {day}, type: payment, amount: '1000.00', method: bank, ref: P{i}{tail}}}")
    return "\n".join(lines)


def _p007_against_hold_of(ledger) -> None:
    from qingqian.lifecycle.holds import invoice_holds
    asked = [(ident, e.date, e.line) for ident, rec in ledger.receivables.items()
             for e in rec.events if isinstance(e, Invoice) and e.date <= AS_OF and not e.override]
    got = {(ident, line): found for ident, line, found in invoice_holds(ledger, asked)}
    for ident, day, line in asked:
        expected = hold_of(ledger, ledger.receivables[ident].debtor, day, skip=(ident, line))
        assert got[(ident, line)] == expected, (ident, day, line)


def test_credit_hold_check_computes_no_position_per_invoice(tmp_path: Path, monkeypatch) -> None:
    ledger = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable("AR-1", _events(600))}))
    calls = []
    real = ledger_module.position
    monkeypatch.setattr(ledger_module, "position", lambda *a, **k: calls.append(1) or real(*a, **k))
    found = [f for f in check(ledger, AS_OF) if f.rule == "P007"]
    assert found  # the hold triggers: the file is judged, not skipped
    assert len(calls) <= 1, f"{len(calls)} positions computed for 300 invoices"


def test_allocation_is_linear_in_a_file_s_events(tmp_path: Path, monkeypatch) -> None:
    ledger = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable("AR-1", _events(2000))}))
    rec = ledger.receivables["AR-1"]
    steps = []
    monkeypatch.setattr(figures, "min", lambda *a, **k: steps.append(1) or min(*a, **k), raising=False)
    pos = figures.position(rec, AS_OF)
    assert pos.collected == 1000 * 1000
    assert len(steps) < 10 * len(rec.events), f"{len(steps)} allocation steps for {len(rec.events)} events"


@pytest.mark.parametrize("named", [False, True])
def test_credit_hold_sweep_agrees_with_the_position_on_a_hostile_file(tmp_path: Path, named) -> None:
    extra = """\
        schedule:
          - {item: rent, amount: '50.00', every: month, from: 2020-02-01, to: 2020-09-01}
        """
    more = ("\n- {date: 2020-03-02, type: reversal, ref: P5, reason: bounced}"
            "\n- {date: 2020-04-01, type: credit, amount: '30.00', reason: discount}"
            "\n- {date: 2020-05-01, type: writeoff, amount: '20.00', basis: small-overdue-1y, "
            "approved_by: [qian.fm, sun.cfo]}"
            "\n- {date: 2020-05-03, type: payment, amount: '10.00', method: bank, ref: R1}")
    files = {"ledger/east/AR-1.yaml": receivable("AR-1", _events(400, named) + more, extra),
             "ledger/east/AR-2.yaml": receivable("AR-2", _events(60))}
    ledger = load(write_ledger(tmp_path, files))
    assert not [f for f in ledger.findings if f.severity == "error"], ledger.findings
    _p007_against_hold_of(ledger)


def test_credit_hold_sweep_agrees_with_the_position_on_the_demo() -> None:
    _p007_against_hold_of(load(ROOT))


def test_credit_hold_check_is_linear_when_payments_name_their_invoice(tmp_path: Path,
                                                                     monkeypatch) -> None:
    named = _events(600, named=True) + (
        "\n- {date: 2020-06-01, type: credit, amount: '30.00', reason: x, applies_to: I3}"
        "\n- {date: 2020-06-02, type: payment, amount: '1400000.00', method: bank, ref: R1}"
        "\n- {date: 2020-06-03, type: reversal, ref: P7, reason: bounced}")
    rent = """\
        schedule:
          - {item: rent, amount: '50.00', every: month, from: 2020-02-01, to: 2020-09-01}
        """
    files = {"ledger/east/AR-1.yaml": receivable("AR-1", named, rent),
             "ledger/east/AR-2.yaml": receivable("AR-2", _events(40, named=True))}
    ledger = load(write_ledger(tmp_path, files))
    assert not [f for f in ledger.findings if f.severity == "error"], ledger.findings
    _p007_against_hold_of(ledger)  # the sweep gives the position's figures, invoice by invoice
    positions, allocations = [], []
    real, alloc = ledger_module.position, figures._Allocation.__init__
    monkeypatch.setattr(ledger_module, "position", lambda *a, **k: positions.append(1) or real(*a, **k))
    monkeypatch.setattr(figures._Allocation, "__init__",
                        lambda self, *a: allocations.append(1) or alloc(self, *a))
    found = [f for f in check(ledger, AS_OF) if f.rule == "P007"]
    assert found  # the hold triggers: the file is judged, not skipped
    assert len(positions) <= 2, f"{len(positions)} positions computed for 320 invoices"
    # one allocation per receivable, plus one restart for the over-payment and one for the
    # reversal of an allocated payment, plus the as-of positions other rules ask for
    assert len(allocations) <= 12, f"{len(allocations)} allocations for 320 invoices"


class _Counted(tuple):
    """A tuple that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        type(self).walks += 1
        return super().__iter__()


def test_four_eyes_does_not_walk_the_events_per_credit(tmp_path: Path) -> None:
    from qingqian.rules.policy import four_eyes
    credits = "\n".join(f"- {{date: 2020-01-{d:02d}, type: credit, amount: '1.00', reason: x, "
                        f"approved_by: [qian.fm]}}" for d in range(2, 28))
    assigns = "\n- {date: 2020-01-15, type: assign, to: wang.wu}\n"
    ledger = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable(
        "AR-1", "- {date: 2020-01-01, type: invoice, amount: '100.00', ref: I}\n" + credits + assigns)}))
    rec = ledger.receivables["AR-1"]
    _Counted.walks = 0
    object.__setattr__(rec, "events", _Counted(rec.events))
    list(four_eyes(ledger, AS_OF))
    assert _Counted.walks <= 3, f"the events were walked {_Counted.walks} times for 26 credits"


def test_collector_on_follows_the_last_assign_in_file_order(tmp_path: Path) -> None:
    events = ("- {date: 2020-01-01, type: invoice, amount: '100.00', ref: I}\n"
              "- {date: 2020-03-01, type: assign, to: wang.wu}\n"
              "- {date: 2020-02-01, type: assign, to: zhang.san}\n"
              "- {date: 2020-05-01, type: assign, to: li.si}\n")
    rec = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable("AR-1", events)})
               ).receivables["AR-1"]
    naive = {}
    for day in (date(2020, 1, 1), date(2020, 2, 1), date(2020, 2, 15), date(2020, 3, 1),
                date(2020, 4, 1), date(2020, 5, 1), date(2021, 1, 1)):
        collector = rec.collector
        for event in rec.events:
            if event.type == "assign" and event.date <= day:
                collector = event.to
        naive[day] = collector
    assert {day: figures.collector_on(rec, day) for day in naive} == naive


def test_promises_are_not_summed_one_by_one(tmp_path: Path, monkeypatch) -> None:
    from qingqian.collect import deadlines
    from qingqian.rules import alerts
    promises = "\n".join(f"- {{date: 2020-02-{d:02d}, type: promise, amount: '500.00', "
                         f"by_date: 2020-02-{d + 1:02d}}}" for d in range(1, 28))
    ledger = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable(
        "AR-1", "- {date: 2020-01-01, type: invoice, amount: '10000.00', ref: I}\n"
                "- {date: 2020-02-03, type: payment, amount: '100.00', method: bank, ref: P}\n"
        + promises)}))
    sums = []
    monkeypatch.setattr(deadlines, "sum", lambda *a: sums.append(1) or sum(*a), raising=False)
    found = list(alerts.promise_broken(ledger, AS_OF))
    assert len(found) == 27 and "100.00 paid" in found[1].message and "0.00 paid" in found[5].message
    assert len(sums) < 5, f"{len(sums)} sums for 27 promises"


def test_credit_hold_sweep_does_not_restart_when_money_stays_unapplied(tmp_path: Path,
                                                                      monkeypatch) -> None:
    """An over-payment larger than every later invoice left money unapplied on every invoice
    date, and the named sweep started again on each: quadratic. The unapplied money now
    settles each new bill as allocating afresh would, with the position's figures."""
    named = ("- {date: 2019-12-01, type: invoice, amount: '10.00', ref: I0}\n"
             "- {date: 2019-12-02, type: payment, amount: '9000000.00', method: bank, ref: BIG}\n"
             "- {date: 2019-12-03, type: invoice, amount: '10.00', ref: IX}\n"
             + _events(400, named=True)
             + "\n- {date: 2020-06-01, type: credit, amount: '30.00', reason: x, applies_to: I3}")
    files = {"ledger/east/AR-1.yaml": receivable("AR-1", named)}
    ledger = load(write_ledger(tmp_path, files))
    assert not [f for f in ledger.findings if f.severity == "error" and f.rule != "L001"]
    _p007_against_hold_of(ledger)  # the figures are the position's, invoice by invoice
    allocations = []
    alloc = figures._Allocation.__init__
    monkeypatch.setattr(figures._Allocation, "__init__",
                        lambda self, *a: allocations.append(1) or alloc(self, *a))
    list(check(ledger, AS_OF))
    assert len(allocations) <= 12, f"{len(allocations)} allocations for 202 invoices"


def test_limitation_walks_a_file_s_dates_once_for_all_its_invoices(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """The limitation walk followed every interruption once per open invoice: a 16,000-event
    file took 55 s. Every invoice now shares one walk (lifecycle.limitation._Clock), checked
    against the walk of each invoice alone by tests/test_lifecycle_limitation.py."""
    import qingqian.lifecycle.limitation as lim

    ledger = load(write_ledger(tmp_path, {"ledger/east/AR-1.yaml": receivable("AR-1", _events(1200, named=True))}))
    steps = []
    real = lim.add_years
    monkeypatch.setattr(lim, "add_years", lambda *a: steps.append(1) or real(*a))
    rows = lim.limitation(ledger, AS_OF)
    assert rows and len(rows[0].invoices) == 600  # every invoice part-open, each judged
    assert len(steps) < 10 * 1200, f"{len(steps)} clock steps for 1,200 events"
