from __future__ import annotations

from decimal import Decimal

import pytest

from pacer.planning.levels import AmbitionRates, Levels, ambition_levels


def test_default_levels_80_100_120() -> None:
    assert ambition_levels(Decimal(50_000_000)) == Levels(
        Decimal("40000000.00"), Decimal("50000000.00"), Decimal("60000000.00")
    )


def test_custom_levels_and_rounding() -> None:
    rates = AmbitionRates(Decimal("0.85"), Decimal(1), Decimal("1.15"))
    assert ambition_levels(Decimal("0.07"), rates).base == Decimal("0.06")


def test_levels_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="ambition"):
        AmbitionRates(Decimal("1.1"), Decimal(1), Decimal("1.2"))
