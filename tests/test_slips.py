"""A clerk's typing slips in YAML are explained at their own line, and cause no second error."""

from __future__ import annotations

from conftest import receivable
from qingqian.rules import check

PATH = "ledger/east/2024/AR-1.yaml"
EVENTS = """\
- {date: 2024-01-20, type: invoice, amount: "1000.00", due: 2024-02-29}
- {date: 2024-03-01, type: payment, amount: "500.00", method: bank, ref: HD-1}
"""


def errors(make_ledger, text: str, extra: dict | None = None) -> list[tuple]:
    ledger = make_ledger({PATH: text, **(extra or {})})
    from datetime import date
    return [(f.rule, f.path, f.line, f.col, f.message, f.hint)
            for f in check(ledger, date(2026, 11, 30)) if f.severity == "error"]


def test_full_width_colon_at_its_own_line(make_ledger):
    text = receivable(events=EVENTS).replace("collector: li.si", "collector：li.si")
    found = errors(make_ledger, text)
    line = text.splitlines().index("collector：li.si") + 1
    assert found == [("S001", PATH, line, 10, "full-width colon `：` after `collector`",
                      "type an ordinary colon and a space: `collector: `")]


def test_full_width_space_in_the_indentation(make_ledger):
    text = receivable(events=EVENTS).replace("difficulty: normal", "\u3000difficulty: normal")
    found = errors(make_ledger, text)
    assert [(r, c, m) for r, _, _, c, m, _ in found] == [
        ("S001", 1, "full-width space `　` in the indentation")]


def test_a_required_key_behind_a_full_width_space_is_not_also_missing(make_ledger):
    """`　unit: east` is read as a key named "　unit": the clerk is told about the space once,
    not also that `unit` is missing."""
    text = receivable(events=EVENTS).replace("\nunit: east", "\n\u3000unit: east")
    found = errors(make_ledger, text)
    assert [(r, m) for r, _, _, _, m, _ in found] == [
        ("S001", "full-width space `　` in the indentation")]


def test_unquoted_amount_with_separators_says_to_quote_it(make_ledger):
    text = receivable(events=EVENTS).replace('amount: "1000.00"', "amount: 1,000.00")
    found = errors(make_ledger, text)
    assert len(found) == 1 and found[0][0] == "S010"  # not two unknown fields `000.00`
    assert found[0][4] == "amount 1,000.00 written with thousands separators and no quotes"
    assert found[0][5] == 'write it in quotes without the commas: `amount: "1000.00"`'


def test_full_width_comma_between_fields(make_ledger):
    text = receivable(events=EVENTS).replace('"500.00", method', '"500.00"，method')
    found = errors(make_ledger, text)
    assert [(r, m) for r, _, _, _, m, _ in found] == [("S001", "full-width comma `，` between fields")]


def test_indentation_slip_names_both_keys(make_ledger):
    text = receivable(events=EVENTS).replace("difficulty: normal",
                                             "difficulty: normal\nterms:\n  due_days: 30\n   grace: 5")
    found = errors(make_ledger, text)
    line = text.splitlines().index("   grace: 5") + 1
    assert found == [("S001", PATH, line, 1,
                      f"`grace` is indented 1 space(s) more than `due_days` on line {line - 1}",
                      "fields of one level start in the same column: indent `grace` by 2 space(s), "
                      "like `due_days`")]


def test_chinese_text_in_values_is_no_slip(make_ledger):
    text = receivable(events=EVENTS).replace("title: 某工程进度款", "title: 某工程：进度款，一期") \
        + "note: 对方称：下月付款，1,000元\n"
    assert errors(make_ledger, text) == []


def test_a_debtor_that_fails_to_load_is_not_also_unknown(make_ledger):
    """An invalid `condition:` is one error, not one more R001 per receivable naming the debtor."""
    from conftest import DEBTOR
    found = errors(make_ledger, receivable(events=EVENTS),
                   {"ledger/debtors/D-0001.yaml": DEBTOR.replace("condition: good", "condition: 较弱")})
    assert [(r, p) for r, p, *_ in found] == [("S009", "ledger/debtors/D-0001.yaml")]
