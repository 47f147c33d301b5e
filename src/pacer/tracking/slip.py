"""Projects that slipped out of the period they backed in the plan.

A project named by a plan period (it backed that month's target) has slipped out of it when:
- it was lost (``lost``);
- it is still open and now expected to sign after the period, or has no date any more
  (``postponed``);
- it is still open, its date still inside the period, but the period is over (``overdue``).
A won project has not slipped: its order counts wherever it was signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pacer.planning.periods import Period

WON = "won"
LOST = "lost"


class SlipKind(StrEnum):
    POSTPONED = "postponed"
    OVERDUE = "overdue"
    LOST = "lost"


@dataclass(frozen=True)
class BackingProject:
    project_id: int
    stage: str
    expected_sign_date: date | None


def slip_kind(project: BackingProject, period: Period, today: date) -> SlipKind | None:
    """How ``project`` slipped out of ``period`` as of ``today`` (None: it did not)."""
    if project.stage == LOST:
        return SlipKind.LOST
    if project.stage == WON:
        return None
    expected = project.expected_sign_date
    if expected is None or expected >= period.end:
        return SlipKind.POSTPONED
    if period.end <= today:
        return SlipKind.OVERDUE
    return None
