"""Planned funnel actions against what was done: each action's counting window.

A plan action asks for ``count`` of a funnel stage by ``due`` (inclusive). What counts towards
it is what the person did in the action's *window*: the days after the previous action of the
same person and stage was due, up to and including its own due day. The first action of a
person and stage looks back one month (the plan makes one action per stage and month), so the
actions of a stage never count the same lead twice.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pacer.planning.periods import Period
from pacer.tracking.review_periods import months_back

DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlannedAction:
    """``count`` of ``stage`` for a person, due on ``due`` (inclusive)."""

    person_id: int
    stage: str
    count: int
    due: date

    @property
    def key(self) -> str:
        """Stable across plan versions: the same person, stage and due day is the same action."""
        return f"{self.person_id}:{self.stage}:{self.due.isoformat()}"


@dataclass(frozen=True)
class ActionStatus:
    """An action with what was done in its window (``done`` counts days before ``until``)."""

    action: PlannedAction
    window: Period
    done: int

    @property
    def remaining(self) -> int:
        return max(0, self.action.count - self.done)

    @property
    def met(self) -> bool:
        return self.done >= self.action.count


def action_windows(actions: Iterable[PlannedAction]) -> dict[PlannedAction, Period]:
    """Each action's window ``[previous due + 1 day, due + 1 day)`` (see the module docstring).

    Two actions of the same person, stage and due day share one window.
    """
    by_stream: dict[tuple[int, str], list[PlannedAction]] = defaultdict(list)
    for action in actions:
        by_stream[(action.person_id, action.stage)].append(action)
    windows: dict[PlannedAction, Period] = {}
    for stream in by_stream.values():
        previous: PlannedAction | None = None
        for action in sorted(stream, key=lambda a: a.due):
            if previous is not None and previous.due == action.due:
                windows[action] = windows[previous]
            else:
                start = months_back(action.due, 1) if previous is None else previous.due
                windows[action] = Period(start + DAY, action.due + DAY)
            previous = action
    return windows


def action_status(
    actions: Sequence[PlannedAction],
    done: Mapping[tuple[int, str], Sequence[date]],
    *,
    until: date | None = None,
    context: Sequence[PlannedAction] = (),
) -> list[ActionStatus]:
    """Each of ``actions`` with the count of ``done`` dates in its window before ``until``.

    ``done`` maps (person id, stage) to the days each unit was done (a lead's date, a project's
    creation day, …), in any order. ``context`` holds the person's other actions (earlier ones
    decide where a window starts); pass the whole plan's actions of the people concerned.
    """
    windows = action_windows({*actions, *context})
    sorted_done = {stream: sorted(days) for stream, days in done.items()}
    result = []
    for action in actions:
        window = windows[action]
        end = window.end if until is None else min(window.end, until)
        days = sorted_done.get((action.person_id, action.stage), [])
        count = max(0, bisect_left(days, end) - bisect_left(days, window.start))
        result.append(ActionStatus(action, window, count))
    return result
