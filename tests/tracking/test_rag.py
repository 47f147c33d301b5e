from __future__ import annotations

from decimal import Decimal

import pytest

from pacer.tracking.alerts import Signal
from pacer.tracking.rag import PaceThresholds, pace_signal


@pytest.mark.parametrize(
    ("pace", "signal"),
    [
        (Decimal("1.0000"), Signal.GREEN),
        (Decimal("1.2"), Signal.GREEN),
        (Decimal("0.9999"), Signal.YELLOW),
        (Decimal("0.8000"), Signal.YELLOW),
        (Decimal("0.7999"), Signal.RED),
        (Decimal(0), Signal.RED),
        (None, Signal.GREEN),
    ],
)
def test_default_thresholds(pace: Decimal | None, signal: Signal) -> None:
    assert pace_signal(pace) is signal


def test_configured_thresholds() -> None:
    lenient = PaceThresholds(green=Decimal("0.9"), yellow=Decimal("0.5"))
    assert pace_signal(Decimal("0.9"), lenient) is Signal.GREEN
    assert pace_signal(Decimal("0.5"), lenient) is Signal.YELLOW
    assert pace_signal(Decimal("0.49"), lenient) is Signal.RED


@pytest.mark.parametrize(("green", "yellow"), [("0.8", "0.9"), ("1", "-0.1")])
def test_thresholds_must_be_ordered(green: str, yellow: str) -> None:
    with pytest.raises(ValueError, match="yellow"):
        PaceThresholds(green=Decimal(green), yellow=Decimal(yellow))
