"""The page shown when a login is locked out after too many failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKOUT_TEMPLATE = "web/login.html"


def lockout_minutes(request: HttpRequest | None = None) -> int:
    """How long a lockout lasts, in whole minutes (at least 1)."""
    cool_off: timedelta | None = get_cool_off(request)
    if cool_off is None:
        return 0
    return max(1, round(cool_off.total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,  # noqa: ARG001
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, with the lockout notice instead of the usual error (HTTP 429)."""
    username = str((credentials or {}).get("username") or request.POST.get("username") or "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "locked_out": True,
        "lockout_minutes": lockout_minutes(request),
    }
    return render(request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
