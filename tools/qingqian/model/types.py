"""Field types that read YAML source text exactly: money as Decimal, ISO dates, booleans.

Every scalar reaches the model as its source text, so these validators decide all
typing; each one also states the JSON Schema that editors use.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

_MONEY = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
_RATE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INT = re.compile(r"^[0-9]+$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _text(value: object, what: str) -> str:
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return str(value)  # programmatic construction (tests, writers)
    if not isinstance(value, str):
        raise PydanticCustomError("value", f"expected {what}, found {_kind(value)}")
    return value.strip()


def _kind(value: object) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def parse_money(value: object) -> Decimal:
    text = _text(value, "an amount")
    if text.startswith("-"):
        raise PydanticCustomError("amount", f"amount {text} is negative; amounts are never "
                                            "negative (the event type gives the direction)")
    if not _MONEY.match(text):
        if re.match(r"^[0-9]+\.[0-9]{3,}$", text):
            raise PydanticCustomError("amount", f"amount {text} has more than 2 decimal places")
        raise PydanticCustomError("amount", f"`{text}` is not an amount like 1250000.00")
    return Decimal(text)


def parse_rate(value: object) -> Decimal:
    text = _text(value, "a rate")
    if not _RATE.match(text):
        raise PydanticCustomError("value", f"`{text}` is not a rate like 0.0005")
    return Decimal(text)


def parse_date(value: object) -> date:
    if isinstance(value, date):
        return value
    text = _text(value, "a date")
    if not _DATE.match(text):
        raise PydanticCustomError("value", f"`{text}` is not an ISO date like 2024-05-10")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("value", f"{text} is not a real date") from None


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value, "true or false")
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    raise PydanticCustomError("value", f"`{text}` is not true or false")


def parse_count(value: object) -> int:
    text = _text(value, "a whole number")
    if not _INT.match(text):
        raise PydanticCustomError("value", f"`{text}` is not a whole number")
    return int(text)


def parse_id(value: object) -> str:
    text = _text(value, "an id")
    if not _ID.match(text):
        raise PydanticCustomError("value", f"`{text}` is not an id (letters, digits, . _ -)")
    return text


def parse_month(value: object) -> str:
    text = _text(value, "a month")
    if not _MONTH.match(text):
        raise PydanticCustomError("value", f"`{text}` is not a month like 2026-11")
    return text


def parse_ids(value: object) -> tuple[str, ...]:
    """One id or a list of ids (approvers are often one person)."""
    if isinstance(value, (list, tuple)):
        return tuple(parse_id(item) for item in value)
    return (parse_id(value),)


_MONEY_SCHEMA = {"anyOf": [{"type": "string", "pattern": _MONEY.pattern},
                           {"type": "number", "minimum": 0}]}
_RATE_SCHEMA = {"anyOf": [{"type": "string", "pattern": _RATE.pattern},
                          {"type": "number", "minimum": 0}]}
_DATE_SCHEMA = {"type": "string", "pattern": _DATE.pattern}
_ID_SCHEMA = {"type": "string", "pattern": _ID.pattern}

_AS_TEXT = PlainSerializer(str, return_type=str, when_used="json")  # JSON never sees a float
Money = Annotated[Decimal, PlainValidator(parse_money), _AS_TEXT, WithJsonSchema(_MONEY_SCHEMA)]
Rate = Annotated[Decimal, PlainValidator(parse_rate), _AS_TEXT, WithJsonSchema(_RATE_SCHEMA)]
Day = Annotated[date, PlainValidator(parse_date), WithJsonSchema(_DATE_SCHEMA)]
Flag = Annotated[bool, PlainValidator(parse_flag), WithJsonSchema({"type": "boolean"})]
Count = Annotated[int, PlainValidator(parse_count),
                  WithJsonSchema({"type": "integer", "minimum": 0})]
Id = Annotated[str, PlainValidator(parse_id), WithJsonSchema(_ID_SCHEMA)]
Month = Annotated[str, PlainValidator(parse_month),
                  WithJsonSchema({"type": "string", "pattern": _MONTH.pattern})]
Ids = Annotated[tuple[str, ...], PlainValidator(parse_ids),
                WithJsonSchema({"anyOf": [_ID_SCHEMA, {"type": "array", "items": _ID_SCHEMA}]})]


def _table(value: object) -> object:
    """A YAML mapping used as a table (id → value): drop the reader's position entry."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "__pos__"}
    return value


Table = BeforeValidator(_table)


class Record(BaseModel):
    """Base of every model: immutable, unknown keys rejected, source position kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True,
                              hide_input_in_errors=True)

    pos: SkipJsonSchema[tuple[int, int]] = Field(default=(0, 0), alias="__pos__", exclude=True,
                                                 repr=False)

    @property
    def line(self) -> int:
        return self.pos[0]
