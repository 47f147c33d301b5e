"""Reasons behind numbers, as data.

The core never writes prose: it records *which* rule produced a number and with *which*
values (a ``Driver``). The web layer turns each driver code into a translated sentence, so the
same explanation reads in Chinese or English and stays testable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

Value = Decimal | int | str | Fraction


@dataclass(frozen=True)
class Driver:
    """One reason: a stable ``code`` (e.g. ``"repeat_potential"``) and its values."""

    code: str
    values: dict[str, Value] = field(default_factory=dict)
