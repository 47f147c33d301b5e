"""Incentive pages: my statements, my people's month, one statement, compute, schemes, export.

Thin views: reads come from ``incentives.selectors`` (scoped through ``pacer.access``), the one
write is ``incentives.services.incentives_compute`` (directors and admins). A statement the
actor may not see is *not found* (404).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from pacer.access import Actor, actor_for
from pacer.incentives import display, selectors
from pacer.incentives.export import statements_export
from pacer.incentives.forms import MonthForm
from pacer.incentives.months import month_text, previous_month
from pacer.incentives.schemes import scheme_snapshot
from pacer.incentives.services import IncentiveError, incentives_compute
from pacer.web import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _personless(actor: Actor) -> bool:
    return actor.person_id is None and not actor.sees_all


def _chosen_month(request: HttpRequest, actor: Actor) -> tuple[date, MonthForm | None]:
    """The ``?month=`` asked for, else the newest month with statements, else last month.

    A malformed month is reported on the form and the default month is shown instead.
    """
    default = selectors.latest_month(actor) or previous_month(clock.today())
    if "month" not in request.GET:
        return default, None
    form = MonthForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["month"], None
    return default, form


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """My statements by month, each with every line explained and its earlier versions."""
    actor = actor_for(request.user)
    if actor.person_id is None:
        if actor.sees_all:
            return redirect("incentives:team")
        return render(request, "web/no_person.html")
    months = selectors.person_months(actor, actor.person_id)
    return render(
        request,
        "incentives/mine.html",
        {
            "months": [
                {
                    "month": m.month,
                    "current": m.current,
                    "lines": selectors.explained_lines(m.current),
                    "earlier": [(s, selectors.explained_lines(s)) for s in m.earlier],
                }
                for m in months
            ],
            "sees_others": actor.sees_all or len(actor.people or ()) > 1,
        },
    )


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The month's statements of the people the actor sees, with compute and export."""
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    month, bad_month = _chosen_month(request, actor)
    statements = list(selectors.month_statements(actor, month))
    return render(
        request,
        "incentives/team.html",
        {
            "month": month,
            "month_text": month_text(month),
            "bad_month": bad_month,
            "statements": statements,
            "total": sum((s.total for s in statements), Decimal(0)),
            "may_compute": actor.is_director_or_admin,
            "compute_form": MonthForm(initial={"month": month_text(month)}),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    statement = selectors.statement_for(actor, pk)
    return render(
        request,
        "incentives/detail.html",
        {
            "statement": statement,
            "lines": selectors.explained_lines(statement),
            "versions": selectors.versions_of(statement),
            "stages": display.stage_rows(statement.inputs),
            "sales_lines": display.sales_rows(statement),
            "scheme_rows": display.scheme_rows(statement.scheme_snapshot),
            "mentees": display.mentee_rows(statement.inputs),
        },
    )


@login_required
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_director_or_admin:
        raise PermissionDenied
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("month", [])))
        return redirect("incentives:team")
    month = form.cleaned_data["month"]
    try:
        result = incentives_compute(month=month, as_of=clock.today(), user=request.user)
    except IncentiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("已计算 %(month)s：新版本 %(created)s 份，未变化 %(unchanged)s 份")
            % {
                "month": month_text(month),
                "created": len(result.created),
                "unchanged": len(result.unchanged),
            },
        )
    query = urlencode({"month": month_text(month)})
    return redirect(f"{reverse('incentives:team')}?{query}")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The month's statements the actor sees as .xlsx."""
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    month, _bad = _chosen_month(request, actor)
    buffer = BytesIO()
    statements_export(buffer, list(selectors.month_statements(actor, month)))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="incentives-{month_text(month)}.xlsx"'
    return response


@login_required
@require_GET
def schemes(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    rows = [
        (scheme, display.scheme_rows(scheme_snapshot(scheme), scheme))
        for scheme in selectors.schemes_for(actor)
    ]
    return render(
        request,
        "incentives/schemes.html",
        {"schemes": rows, "may_edit": bool(getattr(request.user, "is_staff", False))},
    )
