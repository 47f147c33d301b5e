from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pacer.access import actor_for
from pacer.audit.forms import AuditFilterForm
from pacer.audit.selectors import audit_events

PAGE_SIZE = 50


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The audit trail, for administrators only."""
    if not actor_for(request.user).is_admin:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    page = Paginator(audit_events(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "events": page.object_list, "query": query.urlencode()}
    return render(request, "audit/list.html", context)
