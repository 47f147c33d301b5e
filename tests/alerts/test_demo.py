"""The demo company at mid-year: the stored alerts equal a recomputation from the raw rows,
and a second run on the same day changes nothing."""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert
from pacer.crm.models import OPEN_STAGES, Activity, Project
from tests.alerts.conftest import tables
from tests.plans.conftest import DEMO_DAY, demo  # noqa: F401


def _expected_no_contact(day: date) -> dict[int, str]:
    """Open projects idle more than 7 days (yellow) or 14 (red), recomputed by hand."""
    logged = dict(
        Activity.objects.filter(project__isnull=False, date__lte=day)
        .values("project_id")
        .annotate(last=Max("date"))
        .values_list("project_id", "last")
    )
    expected = {}
    for project in Project.objects.filter(stage__in=OPEN_STAGES):
        dates = [d for d in (project.last_contact_date, logged.get(project.pk)) if d]
        last = max(dates) if dates else project.created_date
        if last is None:
            continue
        idle = (day - last).days
        if idle > 14:
            expected[project.pk] = "red"
        elif idle > 7:
            expected[project.pk] = "yellow"
    return expected


def test_demo_alerts_match_the_rules_and_do_not_repeat(demo: None) -> None:  # noqa: F811
    first = alerts_run(as_of=DEMO_DAY)
    assert first.raised > 20
    stored = dict(
        Alert.objects.filter(rule="no_contact", status="open").values_list("subject_id", "signal")
    )
    assert stored == _expected_no_contact(DEMO_DAY)
    assert {"red", "yellow"} <= set(stored.values())
    keys = list(Alert.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))

    before = tables()
    again = alerts_run(as_of=DEMO_DAY)
    assert (again.raised, again.escalated, again.resolved, again.eased) == (0, 0, 0, 0)
    assert tables() == before
