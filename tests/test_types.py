"""Field parsers: what each accepts, and the exact message for what it refuses."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic_core import PydanticCustomError

from qingqian.model.types import (parse_count, parse_date, parse_flag, parse_id, parse_ids,
                                  parse_money, parse_month, parse_rate)


@pytest.mark.parametrize("text, value", [
    ("true", True), ("True", True), ("TRUE", True), (" true ", True),
    ("false", False), ("False", False), ("FALSE", False), (True, True), (False, False)])
def test_flags(text, value):
    assert parse_flag(text) is value


@pytest.mark.parametrize("parser, given, kind, message", [
    (parse_flag, "yes", "value", "`yes` is not true or false"),
    (parse_flag, None, "value", "expected true or false, found an empty value"),
    (parse_flag, 1.5, "value", "expected true or false, found a float"),
    (parse_money, "-1.00", "amount",
     "amount -1.00 is negative; amounts are never negative (the event type gives the direction)"),
    (parse_money, "1.001", "amount", "amount 1.001 has more than 2 decimal places"),
    (parse_money, "1,000.00", "amount", "`1,000.00` is not an amount like 1250000.00"),
    (parse_money, {"a": 1}, "value", "expected an amount, found a mapping"),
    (parse_money, ["1"], "value", "expected an amount, found a list"),
    (parse_rate, "5%", "value", "`5%` is not a rate like 0.0005"),
    (parse_rate, None, "value", "expected a rate, found an empty value"),
    (parse_date, "2024/05/10", "value", "`2024/05/10` is not an ISO date like 2024-05-10"),
    (parse_date, "2025-02-30", "value", "2025-02-30 is not a real date"),
    (parse_date, None, "value", "expected a date, found an empty value"),
    (parse_count, "3.5", "value", "`3.5` is not a whole number"),
    (parse_count, None, "value", "expected a whole number, found an empty value"),
    (parse_id, "a b", "value", "`a b` is not an id (letters, digits, . _ -)"),
    (parse_id, None, "value", "expected an id, found an empty value"),
    (parse_month, "2026-13", "value", "`2026-13` is not a month like 2026-11"),
    (parse_month, None, "value", "expected a month, found an empty value"),
])
def test_refusals_say_what_was_expected(parser, given, kind, message):
    with pytest.raises(PydanticCustomError) as caught:
        parser(given)
    assert (caught.value.type, caught.value.message()) == (kind, message)


def test_values_are_exact():
    assert parse_money("1250000.10") == Decimal("1250000.10")
    assert parse_money(" 7 ") == Decimal("7")
    assert parse_money(Decimal("3.50")) == Decimal("3.50")
    assert parse_rate("0.0005") == Decimal("0.0005")
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(date(2024, 1, 1)) == date(2024, 1, 1)
    assert parse_count("30") == 30 and parse_count(7) == 7
    assert parse_month("2026-11") == "2026-11"
    assert parse_ids("qian.fm") == ("qian.fm",) and parse_ids(["a", "b"]) == ("a", "b")
