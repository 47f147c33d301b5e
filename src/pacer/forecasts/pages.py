"""What the forecast pages show, gathered from the selectors (reads only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pacer.access import Actor
from pacer.forecasts.accuracy import AccuracyHistory, person_histories, team_histories
from pacer.forecasts.charts import AccuracyChart
from pacer.forecasts.cycles import Cycle, cycle_containing, cycle_settings
from pacer.forecasts.labels import CATEGORIES
from pacer.forecasts.models import ForecastReminder
from pacer.forecasts.rollups import OrgRollup, org_rollup, window_from
from pacer.forecasts.selectors import (
    SubmissionView,
    latest_submissions,
    missing_people,
    person_history,
    reminded,
    submission_view,
)
from pacer.forecasts.submissions import may_adjust, system_view
from pacer.org.models import Person, Team


def current_cycle(today: date) -> Cycle:
    return cycle_containing(today, cycle_settings())


def category_choices() -> list[tuple[str, str]]:
    return [(category.value, str(label)) for category, label in CATEGORIES.items()]


def accuracy_block(history: AccuracyHistory | None) -> dict[str, Any]:
    """A history and its chart option (None when there is no closed window yet)."""
    if history is None or not history.rows:
        return {"history": None, "chart": None}
    return {"history": history, "chart": AccuracyChart.from_history(history).to_echarts()}


def my_page(actor: Actor, person: Person, today: date) -> dict[str, Any]:
    cycle = current_cycle(today)
    totals, lines = system_view(person, cycle, as_of=today)
    history = person_history(actor, person.pk)
    current = next((h for h in history if h.submission.cycle_start == cycle.start), None)
    mine = person_histories(actor, today, person_id=person.pk)
    reminder = ForecastReminder.objects.filter(person=person, cycle_start=cycle.start).first()
    return {
        "cycle": cycle,
        "totals": totals,
        "lines": [line for line in lines if line.is_open],
        "window_end": cycle.window_end,
        "current": current,
        "history": _with_previous(history),
        "accuracy": accuracy_block(mine[0] if mine else None),
        "reminder": reminder,
        "category_choices": category_choices(),
    }


def _with_previous(history: list[SubmissionView]) -> list[tuple[SubmissionView, int | None]]:
    """Each submission (newest first) with the id of the one before it, for "why it moved"."""
    return [
        (view, history[i + 1].submission.pk if i + 1 < len(history) else None)
        for i, view in enumerate(history)
    ]


@dataclass(frozen=True)
class TeamRow:
    person: Person
    view: SubmissionView | None
    may_adjust: bool
    reminded_at: object


def team_page(actor: Actor, today: date, *, rollup_start: date | None = None) -> dict[str, Any]:
    """The team view; the roll-up covers ``window_days`` from ``rollup_start`` (default today)."""
    cycle = current_cycle(today)
    latest = latest_submissions(actor, cycle.start)
    missing = [p for p in missing_people(actor, cycle.start, today) if p.pk != actor.person_id]
    reminders = reminded([p.pk for p in missing], cycle.start)
    rows = [
        TeamRow(
            person=submission.person,
            view=submission_view(submission),
            may_adjust=may_adjust(actor, submission),
            reminded_at=None,
        )
        for person_id, submission in sorted(
            latest.items(), key=lambda item: (item[1].person.name, item[0])
        )
        if person_id != actor.person_id
    ]
    waiting = [
        TeamRow(person=p, view=None, may_adjust=False, reminded_at=_sent(reminders.get(p.pk)))
        for p in missing
    ]
    window = window_from(rollup_start or today, cycle_settings().window_days)
    rollup: OrgRollup = org_rollup(actor, window, as_of=today)
    teams = team_histories(actor, today)
    return {
        "cycle": cycle,
        "rows": rows,
        "waiting": waiting,
        "rollup": rollup,
        "teams": teams,
        "team_chart": _broadest(teams),
        "people_accuracy": person_histories(actor, today),
    }


def _broadest(teams: list[AccuracyHistory]) -> dict[str, Any]:
    """The chart of the broadest team shown (one whose parent is not shown), by name."""
    if not teams:
        return accuracy_block(None)
    shown = {h.key for h in teams}
    parents = dict(Team.objects.filter(pk__in=shown).values_list("pk", "parent_id"))
    top = [h for h in teams if parents.get(h.key) not in shown]
    return accuracy_block(top[0] if top else teams[0])


def _sent(reminder: ForecastReminder | None) -> object:
    return reminder.sent_at if reminder else None
