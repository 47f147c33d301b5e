"""Ambition levels of a target: base (必达), stretch (挑战) and breakthrough (突破)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pacer.planning.money import FEN

DEFAULT_BASE = Decimal("0.8")
DEFAULT_STRETCH = Decimal(1)
DEFAULT_BREAKTHROUGH = Decimal("1.2")


@dataclass(frozen=True)
class AmbitionRates:
    """Each level as a fraction of the target; base <= stretch <= breakthrough."""

    base: Decimal = DEFAULT_BASE
    stretch: Decimal = DEFAULT_STRETCH
    breakthrough: Decimal = DEFAULT_BREAKTHROUGH

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.stretch <= self.breakthrough:
            msg = (
                f"ambition levels must satisfy 0 < base ({self.base}) <= stretch "
                f"({self.stretch}) <= breakthrough ({self.breakthrough})"
            )
            raise ValueError(msg)


@dataclass(frozen=True)
class Levels:
    """Amounts in yuan for the three ambition levels of one node."""

    base: Decimal
    stretch: Decimal
    breakthrough: Decimal


def ambition_levels(
    amount: Decimal, rates: AmbitionRates | None = None, unit: Decimal = FEN
) -> Levels:
    """The three levels of ``amount`` (the plan's amount is the stretch level's basis)."""
    r = rates or AmbitionRates()
    return Levels(
        base=(amount * r.base).quantize(unit, rounding=ROUND_HALF_UP),
        stretch=(amount * r.stretch).quantize(unit, rounding=ROUND_HALF_UP),
        breakthrough=(amount * r.breakthrough).quantize(unit, rounding=ROUND_HALF_UP),
    )
