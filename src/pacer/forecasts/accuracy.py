"""Forecast accuracy per person and team for every closed window.

The rule (docs/forecast.md): a window is closed when ``window_end <= today``. Its *actual* is
what the person signed in the window (orders, credited to the signer, else the customer's
owner). Its *forecast* is the effective number of the person's last own submission made
before the window started — the latest manager adjustment made before the window started,
else the person's number; without such a submission, the system snapshot of that cycle (its
commit); without either, the window has no forecast and is left out. Accuracy is core
``accuracy`` = max(0, 1 − |actual − forecast| ÷ actual) and bias core ``bias`` =
(forecast − actual) ÷ actual. A team's forecast and actual are the sums over its members (in
the team and the teams below it) who had a forecast for the window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from pacer import access
from pacer.access import Actor
from pacer.forecasts.models import ForecastSubmission, SubmissionSource
from pacer.forecasts.rollups import signed_by_person
from pacer.forecasts.selectors import submissions_for
from pacer.org.models import Team
from pacer.planning.money import to_money
from pacer.tracking.forecast import RATIO, accuracy, bias


@dataclass(frozen=True)
class AccuracyRow:
    """One closed window: forecast and actual in yuan, accuracy and bias as ratios."""

    window_start: date
    window_end: date
    forecast: Decimal
    actual: Decimal
    accuracy: Decimal
    bias: Decimal | None
    source: str  # "person" / "system" for a person; "team" for a team


@dataclass(frozen=True)
class AccuracyHistory:
    kind: str  # "person" | "team"
    key: int
    label: str
    rows: tuple[AccuracyRow, ...]

    @property
    def mean_accuracy(self) -> Decimal | None:
        if not self.rows:
            return None
        total = sum((r.accuracy for r in self.rows), Decimal(0))
        return (total / len(self.rows)).quantize(Decimal("0.0001"))

    @property
    def mean_bias(self) -> Decimal | None:
        values = [r.bias for r in self.rows if r.bias is not None]
        if not values:
            return None
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))


def window_opens(day: date) -> datetime:
    """The moment a window starting on ``day`` opens (local midnight)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def forecast_before(
    rows: list[ForecastSubmission], window_start: date
) -> tuple[Decimal, str] | None:
    """The forecast that counts for a window, from one person's rows for it (see the module)."""
    opens = window_opens(window_start)
    before = sorted(
        (r for r in rows if r.submitted_at < opens), key=lambda r: (r.submitted_at, r.pk)
    )
    own = [r for r in before if r.source == SubmissionSource.PERSON]
    if own:
        last = own[-1]
        adjustments = sorted(
            (a for a in last.adjustments.all() if a.at < opens), key=lambda a: (a.at, a.pk)
        )
        return (adjustments[-1].number if adjustments else last.number), SubmissionSource.PERSON
    system = [r for r in before if r.source == SubmissionSource.SYSTEM]
    if system:
        return system[-1].number, SubmissionSource.SYSTEM
    return None


def _row(start: date, end: date, forecast: Decimal, actual: Decimal, source: str) -> AccuracyRow:
    forecast, actual = to_money(forecast), to_money(actual)
    return AccuracyRow(
        start, end, forecast, actual, accuracy(forecast, actual), bias(forecast, actual), source
    )


@dataclass(frozen=True)
class Measured:
    """Per person and closed window (start, end): (forecast, actual, source)."""

    points: dict[int, dict[tuple[date, date], tuple[Decimal, Decimal, str]]]


def measure(actor: Actor, today: date, *, person_id: int | None = None) -> Measured:
    """Forecast and actual of every visible person (or one) for every closed window."""
    visible = submissions_for(actor)
    if person_id is not None:
        visible = visible.filter(person_id=person_id)
    rows = list(
        visible.filter(window_end__lte=today)
        .prefetch_related("adjustments")
        .order_by("submitted_at", "pk")
    )
    grouped: dict[tuple[int, date, date], list[ForecastSubmission]] = defaultdict(list)
    for row in rows:
        grouped[(row.person_id, row.window_start, row.window_end)].append(row)
    if not grouped:
        return Measured({})
    first = min(start for _p, start, _e in grouped)
    last = max(end for _p, _s, end in grouped)
    orders = list(
        access.orders_for(actor)
        .filter(signed_date__gte=first, signed_date__lt=last)
        .values_list("signed_date", "person_id", "customer__owner_id", "amount")
    )
    points: dict[int, dict[tuple[date, date], tuple[Decimal, Decimal, str]]] = defaultdict(dict)
    for (pid, start, end), group in grouped.items():
        chosen = forecast_before(group, start)
        if chosen is None:
            continue
        in_window = [(p, o, a) for day, p, o, a in orders if start <= day < end]
        actual = signed_by_person(in_window).get(pid, Decimal(0))
        points[pid][(start, end)] = (chosen[0], actual, chosen[1])
    return Measured(dict(points))


def person_histories(
    actor: Actor, today: date, *, person_id: int | None = None
) -> list[AccuracyHistory]:
    """Each visible person's history (or only ``person_id``'s), by name."""
    measured = measure(actor, today, person_id=person_id)
    names = dict(access.people_for(actor).values_list("pk", "name"))
    result = []
    for pid in sorted(measured.points, key=lambda p: (names.get(p, ""), p)):
        windows = measured.points[pid]
        rows = tuple(
            _row(start, end, f, a, source)
            for (start, end), (f, a, source) in sorted(windows.items())
        )
        result.append(AccuracyHistory("person", pid, names.get(pid, ""), rows))
    return result


def team_histories(
    actor: Actor, today: date, *, measured: Measured | None = None
) -> list[AccuracyHistory]:
    """Each visible team (with the teams below it), over its members in the actor's scope."""
    measured = measured or measure(actor, today)
    parent = dict(Team.objects.values_list("pk", "parent_id"))
    team_of = dict(access.people_for(actor).values_list("pk", "team_id"))
    result = []
    for team in access.teams_for(actor).order_by("name", "pk"):
        members = [p for p, t in team_of.items() if t is not None and _within(t, team.pk, parent)]
        sums: dict[tuple[date, date], tuple[Decimal, Decimal]] = {}
        for person_id in members:
            for window, (f, a, _source) in measured.points.get(person_id, {}).items():
                old_f, old_a = sums.get(window, (Decimal(0), Decimal(0)))
                sums[window] = (old_f + f, old_a + a)
        rows = tuple(_row(s, e, f, a, "team") for (s, e), (f, a) in sorted(sums.items()))
        if rows:
            result.append(AccuracyHistory("team", team.pk, team.name, rows))
    return result


def _within(team_id: int, ancestor: int, parent: Mapping[int, int | None]) -> bool:
    seen: set[int] = set()
    node: int | None = team_id
    while node is not None and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = parent.get(node)
    return False


def history_json(history: AccuracyHistory) -> dict[str, object]:
    """The documented JSON of one history (docs/forecast.md)."""
    return {
        "kind": history.kind,
        "id": history.key,
        "name": history.label,
        "mean_accuracy": _text(history.mean_accuracy),
        "mean_bias": _text(history.mean_bias),
        "windows": [
            {
                "window_start": r.window_start.isoformat(),
                "window_end": r.window_end.isoformat(),
                "forecast": str(r.forecast),
                "actual": str(r.actual),
                "accuracy": str(r.accuracy.quantize(RATIO)),
                "bias": _text(r.bias),
                "source": r.source,
            }
            for r in history.rows
        ],
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
