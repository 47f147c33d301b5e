"""Pages: the alert board, one alert with its history, and a person's notifications.

Every alert comes through ``pacer.alerts.selectors`` (the owner must be in the person's scope):
a rep sees their own alerts, a manager their people's, a director all. Acknowledge and resolve
answer an htmx request with the updated row, and a plain form post with a redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from pacer.access import Actor, actor_for
from pacer.alerts import selectors
from pacer.alerts.forms import AlertFilterForm, NoteForm
from pacer.alerts.models import Alert
from pacer.alerts.services import (
    AlertStateError,
    alert_acknowledge,
    alert_resolve,
    notification_read,
    notifications_read_all,
)
from pacer.web import clock

BOARD_PAGE_SIZE = 100
INBOX_PAGE_SIZE = 50


def _personless(actor: Actor) -> bool:
    """A login linked to no person (and not a superuser) has no alerts to show."""
    return actor.person_id is None and not actor.sees_all


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    form = AlertFilterForm(request.GET or None, owners=selectors.owners_in_scope(actor))
    alerts = selectors.ordered(selectors.filter_alerts(selectors.alerts_for(actor), form.filters()))
    page = Paginator(alerts, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "alerts": page.object_list,
        "counts": selectors.board_counts(actor),
        "query": query.urlencode(),
        "today": clock.today(),
    }
    return render(request, "alerts/board.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    alert = selectors.alert_for(actor, pk)
    context = {
        "alert": alert,
        "events": selectors.history(alert),
        "deliveries": (
            alert.deliveries.select_related("endpoint").order_by("pk")
            if actor.is_director_or_admin
            else None
        ),
        "note_form": NoteForm(),
    }
    return render(request, "alerts/detail.html", context)


def _back(request: HttpRequest, alert: Alert) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("alerts:detail", args=[alert.pk])
    return redirect(target)


def _act(request: HttpRequest, pk: int, *, resolve: bool) -> HttpResponse:
    actor = actor_for(request.user)
    alert = selectors.alert_for(actor, pk)
    form = NoteForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(m) for m in form.errors.get("note", []))
    else:
        note = form.cleaned_data["note"]
        try:
            if resolve:
                alert = alert_resolve(alert=alert, actor=actor, note=note, today=clock.today())
            else:
                alert = alert_acknowledge(alert=alert, actor=actor, note=note, today=clock.today())
        except AlertStateError as exc:
            error = exc.message
    if _is_htmx(request):
        alert = selectors.alert_for(actor, pk)
        context = {
            "alert": alert,
            "error": error,
            "today": clock.today(),
            "row_next": reverse("alerts:board"),
        }
        return render(request, "alerts/board.html#alert_row", context)
    if error:
        messages.error(request, error)
    elif resolve:
        messages.success(request, gettext("预警已解除。"))
    else:
        messages.success(request, gettext("预警已确认。"))
    return _back(request, alert)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, resolve=False)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, resolve=True)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    notifications = selectors.notifications_for(actor)
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "notifications": page.object_list,
        "unread": selectors.unread_count(actor),
    }
    return render(request, "alerts/inbox.html", context)


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.person_id is not None:
        notifications_read_all(person_id=actor.person_id)
    return redirect("alerts:inbox")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one's own notification read and go to its alert."""
    actor = actor_for(request.user)
    notification = selectors.notification_for(actor, pk)
    notification_read(notification=notification)
    return redirect("alerts:detail", pk=notification.alert_id)
