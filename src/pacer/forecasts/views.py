"""My forecast: the system's roll-up beside my number, my lines, my history and accuracy.

Thin views: reads from ``forecasts.pages`` and the selectors (through ``pacer.access``), writes
through ``forecasts.submissions`` and ``forecasts.categories``. A record outside the actor's
scope is *not found* (404); a write the actor may not make is refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pacer import access
from pacer.access import Actor, actor_for
from pacer.forecasts import pages
from pacer.forecasts.categories import category_set
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.forms import CategoryForm, SubmissionForm
from pacer.forecasts.lines import Line, snapshot_lines
from pacer.forecasts.moved import moved_between
from pacer.forecasts.selectors import submission_for, submission_view, submissions_for
from pacer.forecasts.submissions import may_adjust, submission_create, system_view
from pacer.web import clock


def login_of(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def personless(actor: Actor) -> bool:
    return actor.person_id is None and not actor.sees_all


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.person_id is None:
        if personless(actor):
            return render(request, "web/no_person.html")
        return redirect("forecasts:team")
    person = access.person_for(actor, actor.person_id)
    today = clock.today()
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission_create(
                actor=actor,
                user=login_of(request),
                number=form.cleaned_data["number"],
                reason=form.cleaned_data["reason"],
                today=today,
                at=timezone.now(),
            )
        except ForecastInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, gettext("已提交本期预测。"))
            return redirect("forecasts:mine")
    context = pages.my_page(actor, person, today)
    context.update({"form": form, "person": person, "today": today})
    status = 400 if form.errors else 200
    return render(request, "forecasts/mine.html", context, status=status)


@login_required
@require_POST
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one project's category; htmx gets the project's row back."""
    actor = actor_for(request.user)
    project = access.project_for(actor, pk)
    form = CategoryForm(request.POST)
    error = None
    if form.is_valid():
        try:
            category_set(
                actor=actor,
                user=login_of(request),
                project=project,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                at=timezone.now(),
            )
        except ForecastRefusedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ForecastInputError as exc:
            error = exc.message
    else:
        error = gettext("请选择一个预测类别。")
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("forecasts:mine")
    today = clock.today()
    cycle = pages.current_cycle(today)
    projects = access.projects_for(actor).filter(pk=project.pk)
    lines = snapshot_lines(projects, as_of=today)
    totals = None
    if actor.person_id is not None and actor.person_id == project.owner_id:
        # The page shows the actor's own roll-up: refresh it beside the row.
        totals, _lines = system_view(access.person_for(actor, actor.person_id), cycle, as_of=today)
    context = {
        "totals": totals,
        "line": lines[0] if lines else None,
        "project": project,
        "error": error,
        "category_choices": pages.category_choices(),
        "today": today,
        "window_end": cycle.window_end,
    }
    response = render(
        request, "forecasts/category_answer.html", context, status=422 if error else 200
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One frozen snapshot: its numbers, reason, adjustments and lines as they were."""
    actor = actor_for(request.user)
    submission = submission_for(actor, pk)
    view = submission_view(submission)
    previous = (
        submissions_for(actor)
        .filter(person_id=submission.person_id, submitted_at__lt=submission.submitted_at)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    context = {
        "view": view,
        "previous": previous,
        "submission": submission,
        "lines": [Line.from_json(data) for data in submission.lines],
        "may_adjust": may_adjust(actor, submission),
    }
    return render(request, "forecasts/submission.html", context)


@login_required
@require_GET
def moved(request: HttpRequest) -> HttpResponse:
    """Why the number moved between two visible submissions of the same person."""
    actor = actor_for(request.user)
    before = submission_for(actor, request.GET.get("before"))
    after = submission_for(actor, request.GET.get("after"))
    try:
        report = moved_between(before, after)
    except ForecastInputError as exc:
        return render(request, "forecasts/moved.html", {"error": exc.message}, status=400)
    return render(request, "forecasts/moved.html", {"report": report})
