"""Why the number moved between two snapshots of one person (core ``why_moved``).

Both snapshots' lines are compared over the later snapshot's window: a line counts when it is
expected to sign before that window ends and is not omitted. Each project gets one movement:
won, lost, new, removed, slipped (left the window), pulled in (entered it) or amount changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from pacer.forecasts.errors import ForecastInputError
from pacer.forecasts.labels import MOVEMENTS
from pacer.forecasts.lines import Line
from pacer.forecasts.models import ForecastSubmission
from pacer.tracking.forecast import Movement, why_moved


@dataclass(frozen=True)
class MoveRow:
    project_id: int
    name: str
    movement: Movement
    before: Decimal
    after: Decimal
    before_line: Line | None
    after_line: Line | None

    @property
    def change(self) -> Decimal:
        return self.after - self.before

    @property
    def label(self) -> str:
        return str(MOVEMENTS[self.movement])


@dataclass(frozen=True)
class MovedReport:
    before: ForecastSubmission
    after: ForecastSubmission
    window_end: date
    moves: tuple[MoveRow, ...]

    @property
    def total_change(self) -> Decimal:
        return sum((m.change for m in self.moves), Decimal(0))

    def by_movement(self) -> list[tuple[str, str, int, Decimal]]:
        """(code, label, number of projects, change in yuan) for each movement that occurred."""
        result = []
        for movement in Movement:
            rows = [m for m in self.moves if m.movement is movement]
            if rows:
                change = sum((m.change for m in rows), Decimal(0))
                result.append((movement.value, str(MOVEMENTS[movement]), len(rows), change))
        return result


def _lines(submission: ForecastSubmission) -> dict[int, Line]:
    return {line.project_id: line for line in map(Line.from_json, submission.lines)}


def moved_between(first: ForecastSubmission, second: ForecastSubmission) -> MovedReport:
    """The moves from the earlier to the later of two snapshots of the same person."""
    if first.person_id != second.person_id:
        raise ForecastInputError("after", gettext("只能比较同一个人的两次预测。"))
    before, after = sorted((first, second), key=lambda s: (s.submitted_at, s.pk))
    old, new = _lines(before), _lines(after)
    moves = why_moved(
        [line.core() for line in old.values()],
        [line.core() for line in new.values()],
        after.window_end,
    )
    rows = []
    for move in moves:
        line = new.get(move.project_id) or old[move.project_id]
        rows.append(
            MoveRow(
                project_id=move.project_id,
                name=line.name,
                movement=move.movement,
                before=move.before,
                after=move.after,
                before_line=old.get(move.project_id),
                after_line=new.get(move.project_id),
            )
        )
    return MovedReport(before, after, after.window_end, tuple(rows))


def moved_json(report: MovedReport) -> dict[str, object]:
    return {
        "before_id": report.before.pk,
        "after_id": report.after.pk,
        "window_end": report.window_end.isoformat(),
        "total_change": str(report.total_change),
        "moves": [
            {
                "project_id": m.project_id,
                "name": m.name,
                "movement": m.movement.value,
                "before": str(m.before),
                "after": str(m.after),
                "change": str(m.change),
            }
            for m in report.moves
        ],
    }
