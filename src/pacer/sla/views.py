"""The SLA board: requests to legal, finance and delivery with their answer time against the
SLA, and the forms to open a request and record its answer. "Now" is read here, once per
request, and passed on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pacer import access
from pacer.access import actor_for
from pacer.crm.models import Stage
from pacer.sla.forms import RequestForm, RespondForm
from pacer.sla.models import Department, RequestStatus
from pacer.sla.selectors import department_summary, request_for, request_rows, requests_for
from pacer.sla.services import SlaError, service_request_create, service_request_respond

BOARD_LIMIT = 300
STATUS_FILTERS = ("open", "answered", "breached", "all")


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    now = timezone.now()
    shown = request.GET.get("status", "all")
    shown = shown if shown in STATUS_FILTERS else "all"
    department = request.GET.get("department", "")
    requests = requests_for(actor).order_by("-requested_at", "-pk")
    if department in Department.values:
        requests = requests.filter(department=department)
    if shown in {"open", "answered"}:
        requests = requests.filter(status=shown)
    rows = request_rows(requests[:BOARD_LIMIT], now=now)
    summary = department_summary(rows)
    if shown == "breached":
        rows = [row for row in rows if row.breached]
    context = {
        "rows": rows,
        "summary": summary,
        "status": shown,
        "department": department,
        "departments": Department.choices,
        "now": now,
    }
    return render(request, "sla/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    now = timezone.now()
    projects = access.projects_for(actor).exclude(stage=Stage.LOST).order_by("name", "pk")
    if request.method == "POST":
        form = RequestForm(request.POST, projects=projects, now=now)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = service_request_create(
                    actor=actor,
                    project=data["project"],
                    kind=data["kind"],
                    department=data["department"],
                    subject=data["subject"],
                    requested_at=data["requested_at"],
                )
            except SlaError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("已登记请求：%(request)s") % {"request": created},
                )
                return redirect("sla:board")
        status = 400
    else:
        initial: dict[str, object] = {
            "requested_at": timezone.localtime(now).replace(second=0, microsecond=0)
        }
        if request.GET.get("project", "").isdigit():
            initial["project"] = int(request.GET["project"])
        form = RequestForm(projects=projects, now=now, initial=initial)
        status = 200
    return render(request, "sla/request_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_respond(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    now = timezone.now()
    service_request = request_for(actor, pk)
    if request.method == "POST":
        form = RespondForm(request.POST, now=now)
        if form.is_valid():
            try:
                service_request_respond(
                    actor=actor,
                    request=service_request,
                    responded_at=form.cleaned_data["responded_at"],
                    note=form.cleaned_data["note"],
                    user_id=request.user.pk,
                )
            except SlaError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已登记回复。"))
                return redirect("sla:board")
        status = 400
    else:
        local_now = timezone.localtime(now).replace(second=0, microsecond=0)
        form = RespondForm(now=now, initial={"responded_at": local_now})
        status = 200
    (row,) = request_rows(requests_for(actor).filter(pk=service_request.pk), now=now)
    context = {
        "form": form,
        "row": row,
        "answerable": service_request.status == RequestStatus.OPEN,
    }
    return render(request, "sla/respond_form.html", context, status=status)
