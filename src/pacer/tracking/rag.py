"""Red / yellow / green by pace: how far a node's actual is from what it should have reached.

Pace = actual ÷ expected-to-date. Green at or above ``green`` (default 100 %), yellow at or above
``yellow`` (default 80 %), red below. With nothing expected yet (pace unknown) a node cannot
be behind, so it is green.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pacer.tracking.alerts import Signal


@dataclass(frozen=True)
class PaceThresholds:
    """Pace ratios (1 = 100 %) at which a node turns green and yellow."""

    green: Decimal = Decimal(1)
    yellow: Decimal = Decimal("0.8")

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.yellow <= self.green:
            msg = f"need 0 <= yellow <= green, got yellow={self.yellow}, green={self.green}"
            raise ValueError(msg)


DEFAULT_THRESHOLDS = PaceThresholds()


def pace_signal(pace: Decimal | None, thresholds: PaceThresholds = DEFAULT_THRESHOLDS) -> Signal:
    if pace is None or pace >= thresholds.green:
        return Signal.GREEN
    if pace >= thresholds.yellow:
        return Signal.YELLOW
    return Signal.RED
