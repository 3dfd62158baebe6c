"""Typed, immutable models of every file kind in a ledger repository."""

from .case import STAGES, Case
from .debtor import Debtor
from .policy import People, Person, Rules, Targets, Unit, Units
from .receivable import EVENT_TYPES, Receivable

__all__ = ["STAGES", "EVENT_TYPES", "Case", "Debtor", "People", "Person", "Receivable", "Rules",
           "Targets", "Unit", "Units"]
