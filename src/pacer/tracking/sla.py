"""Service-level agreements of cross-functional requests (legal, finance, delivery).

A request of a kind is answered within its SLA when the answer comes at most ``days`` calendar
days (24-hour spans, weekends and holidays included) after it was asked. An unanswered request
is measured against ``now``: it is breached as soon as its SLA has run out.
Defaults from the field: contract review 3 days, quote approval 2, delivery date 2, others 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_SLA_DAYS = {
    "contract_review": 3,
    "quote_approval": 2,
    "delivery_date": 2,
    "other": 3,
}

SECONDS_PER_DAY = Decimal(86_400)


@dataclass(frozen=True)
class SlaState:
    """Where a request stands: due at ``due_at``; ``elapsed`` until the answer (or now)."""

    due_at: datetime
    elapsed: timedelta
    answered: bool
    breached: bool

    @property
    def elapsed_days(self) -> Decimal:
        """Elapsed time in days to one decimal (half up)."""
        return days_of(self.elapsed)


def days_of(span: timedelta) -> Decimal:
    return (Decimal(span.total_seconds()) / SECONDS_PER_DAY).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def sla_state(
    *, requested_at: datetime, responded_at: datetime | None, now: datetime, days: int
) -> SlaState:
    """The state of a request with an SLA of ``days`` calendar days.

    Answering exactly when the SLA runs out is still within it. Times must be aware.
    """
    if days < 0:
        msg = f"an SLA cannot be negative: {days} days"
        raise ValueError(msg)
    due_at = requested_at + timedelta(days=days)
    end = responded_at if responded_at is not None else now
    elapsed = max(end - requested_at, timedelta(0))
    return SlaState(
        due_at=due_at,
        elapsed=elapsed,
        answered=responded_at is not None,
        breached=end > due_at,
    )
