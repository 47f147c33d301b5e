"""What happens to stored alerts when the rules are evaluated again.

An alert *stands* while its condition held at the last evaluation: it is open, acknowledged, or
resolved by a person while the condition still held. Given the standing alerts (by key) and the
alerts the rules find now, each key takes exactly one step:

- found, nothing standing → ``RAISE`` (a new alert);
- found, standing open or acknowledged:
  worse signal → ``ESCALATE`` (an acknowledged alert opens again), better → ``EASE``,
  same → ``KEEP`` (only the numbers of the day change);
- found, standing resolved by a person: worse → ``REOPEN``, otherwise ``KEEP`` (the person's
  decision holds while the condition does not get worse);
- standing, not found: open or acknowledged → ``RESOLVE`` (the condition cleared),
  resolved by a person → ``CLEAR`` (the condition cleared too; a later recurrence is new).

The steps depend only on the inputs, so evaluating twice on the same data changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pacer.tracking.alerts import Alert, Signal

SEVERITY = {Signal.GREEN: 0, Signal.YELLOW: 1, Signal.RED: 2}


class Status(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Step(StrEnum):
    RAISE = "raise"
    ESCALATE = "escalate"
    EASE = "ease"
    KEEP = "keep"
    REOPEN = "reopen"
    RESOLVE = "resolve"
    CLEAR = "clear"


@dataclass(frozen=True)
class Standing:
    """A stored alert whose condition held at its last evaluation."""

    key: str
    status: Status
    signal: Signal


@dataclass(frozen=True)
class Change:
    """One key's step; ``found`` is the alert the rules found now (``None`` when it cleared)."""

    step: Step
    key: str
    found: Alert | None


def is_worse(new: Signal, old: Signal) -> bool:
    return SEVERITY[new] > SEVERITY[old]


def _step_for(found: Alert, standing: Standing | None) -> Step:
    if standing is None:
        return Step.RAISE
    if standing.status is Status.RESOLVED:
        return Step.REOPEN if is_worse(found.signal, standing.signal) else Step.KEEP
    if is_worse(found.signal, standing.signal):
        return Step.ESCALATE
    if is_worse(standing.signal, found.signal):
        return Step.EASE
    return Step.KEEP


def plan_changes(standing: Mapping[str, Standing], found: Iterable[Alert]) -> list[Change]:
    """The step of every key, found alerts first (in their order), then the cleared keys by key.

    ``standing`` must hold only the alerts of the subjects that were evaluated: a key missing
    from ``found`` means its condition no longer holds.
    """
    changes: list[Change] = []
    seen: set[str] = set()
    for alert in found:
        seen.add(alert.key)
        changes.append(Change(_step_for(alert, standing.get(alert.key)), alert.key, alert))
    for key in sorted(set(standing) - seen):
        cleared = Step.CLEAR if standing[key].status is Status.RESOLVED else Step.RESOLVE
        changes.append(Change(cleared, key, None))
    return changes
