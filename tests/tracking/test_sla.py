from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from pacer.tracking.sla import DEFAULT_SLA_DAYS, days_of, sla_state

ASKED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_contract_review_default_is_three_days() -> None:
    assert DEFAULT_SLA_DAYS["contract_review"] == 3


@pytest.mark.parametrize(
    ("answer_after", "breached"),
    [
        (timedelta(days=2), False),
        (timedelta(days=3), False),  # exactly at the SLA is still within it
        (timedelta(days=3, seconds=1), True),
        (timedelta(days=4), True),
    ],
)
def test_answered_request(answer_after: timedelta, breached: bool) -> None:
    state = sla_state(requested_at=ASKED, responded_at=ASKED + answer_after, now=ASKED, days=3)
    assert state.answered
    assert state.breached is breached
    assert state.due_at == ASKED + timedelta(days=3)
    assert state.elapsed == answer_after


def test_open_request_is_measured_against_now() -> None:
    waiting = sla_state(
        requested_at=ASKED, responded_at=None, now=ASKED + timedelta(days=1, hours=12), days=2
    )
    assert (waiting.answered, waiting.breached) == (False, False)
    assert waiting.elapsed_days == Decimal("1.5")
    late = sla_state(requested_at=ASKED, responded_at=None, now=ASKED + timedelta(days=5), days=2)
    assert late.breached
    # a clock behind the request (bad data) never gives a negative time
    early = sla_state(requested_at=ASKED, responded_at=None, now=ASKED - timedelta(hours=1), days=2)
    assert early.elapsed == timedelta(0)


def test_days_of_rounds_half_up_and_negative_sla_is_refused() -> None:
    assert days_of(timedelta(hours=36)) == Decimal("1.5")
    assert days_of(timedelta(hours=1, minutes=12)) == Decimal("0.1")
    with pytest.raises(ValueError, match="negative"):
        sla_state(requested_at=ASKED, responded_at=None, now=ASKED, days=-1)
