"""The fixed words are defined once (`vocabulary`) and the models and rules agree with them."""

from __future__ import annotations

from typing import get_args

import pytest

from qingqian.model.receivable import AnyEvent
from qingqian.rules import ALL_RULES
from qingqian.rules.registry import Rule
from qingqian.vocabulary import EVENT_TYPES, RULE_FAMILIES


def test_event_types_are_the_model_classes():
    classes = get_args(get_args(AnyEvent)[0])
    assert tuple(get_args(c.model_fields["type"].annotation)[0] for c in classes) == EVENT_TYPES


def test_rules_run_family_by_family():
    order = list(RULE_FAMILIES)
    ranks = [order.index(r.id[0]) for r in ALL_RULES]
    assert ranks == sorted(ranks)


def test_a_rule_outside_every_family_is_refused():
    with pytest.raises(ValueError, match="X001"):
        Rule("X001", "nowhere", "error", "No family.")


def test_record_offers_exactly_the_event_types_and_case_entries():
    from qingqian.cli.write import record
    from qingqian.vocabulary import CASE_ENTRIES
    choice = next(p for p in record.params if p.name == "event_type").type
    assert tuple(choice.choices) == EVENT_TYPES + CASE_ENTRIES
