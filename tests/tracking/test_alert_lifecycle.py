from __future__ import annotations

import pytest

from pacer.tracking.alert_lifecycle import (
    Change,
    Standing,
    Status,
    Step,
    is_worse,
    plan_changes,
)
from pacer.tracking.alerts import Alert, Signal


def found(signal: Signal, rule: str = "no_contact", subject_id: int = 1) -> Alert:
    return Alert(rule, signal, "project", subject_id, 7, {"days": 9})


def standing(status: Status, signal: Signal, key: str = "no_contact:project:1") -> Standing:
    return Standing(key=key, status=status, signal=signal)


def test_a_new_condition_is_raised() -> None:
    alert = found(Signal.YELLOW)
    assert plan_changes({}, [alert]) == [Change(Step.RAISE, alert.key, alert)]


@pytest.mark.parametrize("status", [Status.OPEN, Status.ACKNOWLEDGED])
@pytest.mark.parametrize(
    ("before", "now", "step"),
    [
        (Signal.YELLOW, Signal.RED, Step.ESCALATE),
        (Signal.RED, Signal.YELLOW, Step.EASE),
        (Signal.YELLOW, Signal.YELLOW, Step.KEEP),
        (Signal.RED, Signal.RED, Step.KEEP),
    ],
)
def test_a_live_alert_escalates_eases_or_keeps(
    status: Status, before: Signal, now: Signal, step: Step
) -> None:
    alert = found(now)
    changes = plan_changes({alert.key: standing(status, before)}, [alert])
    assert changes == [Change(step, alert.key, alert)]


@pytest.mark.parametrize(
    ("before", "now", "step"),
    [
        (Signal.YELLOW, Signal.RED, Step.REOPEN),
        (Signal.YELLOW, Signal.YELLOW, Step.KEEP),
        (Signal.RED, Signal.YELLOW, Step.KEEP),
    ],
)
def test_a_person_resolution_holds_unless_the_condition_worsens(
    before: Signal, now: Signal, step: Step
) -> None:
    alert = found(now)
    changes = plan_changes({alert.key: standing(Status.RESOLVED, before)}, [alert])
    assert changes == [Change(step, alert.key, alert)]


def test_cleared_conditions_resolve_or_clear_in_key_order() -> None:
    stored = {
        "z:project:2": standing(Status.ACKNOWLEDGED, Signal.RED, "z:project:2"),
        "a:project:1": standing(Status.OPEN, Signal.YELLOW, "a:project:1"),
        "m:project:3": standing(Status.RESOLVED, Signal.YELLOW, "m:project:3"),
    }
    still = found(Signal.YELLOW, rule="competitor", subject_id=9)
    changes = plan_changes(stored, [still])
    assert changes == [
        Change(Step.RAISE, still.key, still),
        Change(Step.RESOLVE, "a:project:1", None),
        Change(Step.CLEAR, "m:project:3", None),
        Change(Step.RESOLVE, "z:project:2", None),
    ]


def test_severity_order() -> None:
    assert is_worse(Signal.RED, Signal.YELLOW)
    assert is_worse(Signal.YELLOW, Signal.GREEN)
    assert not is_worse(Signal.YELLOW, Signal.YELLOW)
    assert not is_worse(Signal.GREEN, Signal.RED)
