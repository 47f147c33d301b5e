"""Review pages: the list with a form to generate one, a review with its fields to fill in,
the printable page and the .xlsx export. Every review comes through ``reviews.selectors``."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pacer import access
from pacer.access import actor_for
from pacer.reviews.excel import review_export
from pacer.reviews.forms import GenerateForm, ReviewFieldsForm
from pacer.reviews.models import Review, ReviewKind
from pacer.reviews.present import present
from pacer.reviews.selectors import review_for, reviews_for, subject_teams
from pacer.reviews.services import ReviewError, review_generate, review_update
from pacer.tracking.review_periods import calendar_month, iso_week, month_label, week_label
from pacer.web import clock

LIST_LIMIT = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views are behind ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


def _list_page(request: HttpRequest, form: GenerateForm, status: int = 200) -> HttpResponse:
    actor = actor_for(request.user)
    kind = request.GET.get("kind", "")
    reviews = reviews_for(actor)
    if kind in ReviewKind.values:
        reviews = reviews.filter(kind=kind)
    context = {
        "reviews": list(reviews.order_by("-period_start", "kind", "pk")[:LIST_LIMIT]),
        "form": form,
        "kind": kind,
        "kinds": ReviewKind.choices,
    }
    return render(request, "reviews/list.html", context, status=status)


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    today = clock.today()
    last_week = iso_week(today - timedelta(days=7))
    subject = f"person:{actor.person_id}" if actor.person_id is not None else ""
    form = GenerateForm(
        actor=actor,
        initial={"kind": ReviewKind.WEEKLY, "subject": subject, "period": week_label(last_week)},
    )
    form.fields["period"].widget.attrs["placeholder"] = month_label(calendar_month(today))
    return _list_page(request, form)


@login_required
@require_POST
def review_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = GenerateForm(request.POST, actor=actor)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    person = team = None
    if data["subject_type"] == "person":
        person = access.person_for(actor, data["subject_id"])
    else:
        team = access.get_visible(subject_teams(actor), data["subject_id"])
    try:
        review = review_generate(
            kind=data["kind"],
            person=person,
            team=team,
            period_start=data["period_start"],
            user=_user(request),
        )
    except ReviewError as exc:
        form.add_error(None, str(exc))
        return _list_page(request, form, status=400)
    return redirect("reviews:detail", pk=review.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(actor_for(request.user), pk)
    presented = present(review)
    if request.method == "POST":
        form = ReviewFieldsForm(request.POST, review=review, missed=presented.missed)
        if form.is_valid():
            try:
                review_update(
                    review=review,
                    user=_user(request),
                    reasons=form.reasons(),
                    next_week=form.cleaned_data.get("next_week"),
                    resource_changes=form.cleaned_data.get("resource_changes"),
                    comments=form.cleaned_data.get("comments"),
                    seen_updated_at=form.cleaned_data.get("seen_updated_at"),
                )
            except ReviewError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("复盘已保存。"))
                return redirect("reviews:detail", pk=review.pk)
        status = 400
    else:
        form = ReviewFieldsForm(review=review, missed=presented.missed)
        status = 200
    context = {"review": review, "p": presented, "form": form}
    return render(request, "reviews/detail.html", context, status=status)


@login_required
@require_POST
def review_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the review again from today's data; what people wrote stays."""
    review = review_for(actor_for(request.user), pk)
    try:
        review_generate(
            kind=review.kind,
            person=review.person,
            team=review.team,
            period_start=review.period_start,
            user=_user(request),
        )
    except ReviewError as exc:
        # the subject moved out of the reader's scope since the review was made
        raise Http404 from exc
    messages.success(request, _("已按最新数据重新生成，填写的内容保持不变。"))
    return redirect("reviews:detail", pk=review.pk)


@login_required
@require_GET
def review_print(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(actor_for(request.user), pk)
    return render(request, "reviews/print.html", {"review": review, "p": present(review)})


def export_name(review: Review) -> str:
    subject = "team" if review.team_id is not None else "person"
    subject_id = review.team_id if review.team_id is not None else review.person_id
    label = review.data.get("period", {}).get("label", review.period_start.isoformat())
    return f"review-{review.kind}-{subject}-{subject_id}-{label}.xlsx"


@login_required
@require_GET
def review_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(actor_for(request.user), pk)
    buffer = BytesIO()
    review_export(buffer, present(review))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_name(review)}"'
    return response
