"""Pages: each role's home page, the open pipeline, one project, and the language switch.

Every record comes through ``pacer.access`` (via ``web.selectors``): a record outside the
person's scope is *not found* (404), never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from pacer import access
from pacer.access import Actor, actor_for
from pacer.ops.cache import cached, scope_key
from pacer.ops.dataversion import data_version_pinned
from pacer.org.models import Person
from pacer.planning.periods import Period
from pacer.reviews.action_list import (
    ActionList,
    HomeActions,
    TeamTotals,
    action_list,
    home_actions,
)
from pacer.tracking.review_periods import iso_week
from pacer.web import clock, selectors
from pacer.web.charts import PipelineByStage
from pacer.web.services import person_set_language

# How many rows a home-page list shows before "show all".
HOME_LIST_LIMIT = 10


def _personless(actor: Actor) -> bool:
    """A login linked to no person (and not a superuser) has no data of its own to show."""
    return actor.person_id is None and not actor.sees_all


def _home_view(actor: Actor) -> str:
    """Which home page: the whole company, a manager's people, or a rep's own work."""
    if actor.is_director_or_admin:
        return "company"
    if actor.is_manager:
        return "team"
    return "own"


@dataclass(frozen=True)
class ActionCounts:
    """A team member's action list reduced to what the team table shows: the ids of their
    milestones, customers to touch and alerts (``None``: alerts not available), and counts."""

    milestones: tuple[int, ...]
    touches: tuple[int, ...]
    alerts: tuple[int, ...] | None
    overdue_milestones: int
    funnel_planned: int
    funnel_done: int
    funnel_remaining: int

    @classmethod
    def of(cls, actions: ActionList) -> ActionCounts:
        return cls(
            milestones=tuple(m.milestone.pk for m in actions.milestones),
            touches=tuple(t.customer.pk for t in actions.touches),
            alerts=None if actions.alerts is None else tuple(a.id for a in actions.alerts),
            overdue_milestones=actions.overdue_milestones,
            funnel_planned=actions.funnel_planned,
            funnel_done=actions.funnel_done,
            funnel_remaining=actions.funnel_remaining,
        )


@dataclass(frozen=True)
class TeamActions:
    person: Person
    actions: ActionCounts


@dataclass(frozen=True)
class WeekActions:
    """``HomeActions`` as the home page shows it: the actor's own list in full, everyone
    else's as counts (a manager's hundreds of full lists are too big to keep)."""

    week: Period
    own: ActionList | None
    team: list[TeamActions]
    totals: TeamTotals | None

    @property
    def last_day(self) -> date:
        return self.week.end - timedelta(days=1)


def _actions(actor: Actor, view: str, today: date) -> WeekActions:
    """The week's action list: a manager's people one row each; the whole company's thousands
    of people are too many for one table, so the company view shows the actor's own list (the
    reviews pages break it down by person).

    Kept per data version and day for the actor and language (alert rows hold their labels).
    """
    key = ("home_actions", view, actor.person_id, scope_key(actor), get_language())
    return cached(key, lambda: _compute_actions(actor, view, today), today=today)


def _compute_actions(actor: Actor, view: str, today: date) -> WeekActions:
    if view != "company":
        found = home_actions(actor, today=today)
    else:
        own = action_list(actor, actor.person_id, today=today) if actor.person_id else None
        found = HomeActions(week=iso_week(today), own=own, team=[], totals=None)
    team = [TeamActions(row.person, ActionCounts.of(row.actions)) for row in found.team]
    return WeekActions(week=found.week, own=found.own, team=team, totals=found.totals)


def _home_context(actor: Actor, today: date) -> dict[str, object]:
    view = _home_view(actor)
    totals = selectors.pipeline_by_stage(actor)
    chart = PipelineByStage.from_totals(totals)
    context: dict[str, object] = {
        "view": view,
        "today": today,
        "overview": selectors.overview(actor, today=today),
        "pipeline_totals": totals,
        "pipeline_chart": chart,
        "pipeline_option": chart.to_echarts(),
        "projects": selectors.open_projects(actor, limit=HOME_LIST_LIMIT),
        "overdue": selectors.overdue_milestones(actor, today=today, limit=HOME_LIST_LIMIT),
        "overdue_total": selectors.overdue_milestone_count(actor, today=today),
        "actions": _actions(actor, view, today),
    }
    if view == "company":
        context["teams"] = selectors.team_rows(actor, today=today)
    elif view == "team":
        context["people"] = selectors.person_rows(actor, today=today)
    return context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    # One data version for the whole page: every cached figure on it is of the same data.
    with data_version_pinned():
        return render(request, "web/home.html", _home_context(actor, clock.today()))


@login_required
@require_GET
def open_projects(request: HttpRequest) -> HttpResponse:
    """All open projects in scope: a full page, or only the table for an htmx request."""
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    context = {
        "view": _home_view(actor),
        "today": clock.today(),
        "projects": selectors.open_projects(actor),
        "show_all": True,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/home.html#open_projects", context)
    return render(request, "web/open_projects.html", context)


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.project_detail(actor_for(request.user), pk)
    return render(request, "web/project_detail.html", {"detail": detail, "today": clock.today()})


@require_POST
def set_person_language(request: HttpRequest) -> HttpResponse:
    """Save a logged-in person's interface language, then answer like Django's ``set_language``.

    The cookie is set as well, so the login page keeps the language after logging out. A
    login without a person, or an unknown language, only gets Django's own behaviour.
    """
    actor = actor_for(request.user)
    language = request.POST.get("language", "")
    supported = {code for code, _name in settings.LANGUAGES}
    if actor.person_id is not None and language in supported:
        person = access.person_for(actor, actor.person_id)
        person_set_language(person=person, language=language)
    return set_language(request)
