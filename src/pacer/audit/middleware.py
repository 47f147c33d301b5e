"""Request-wide pieces of the audit trail and of session expiry."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from pacer.audit import context, sessions
from pacer.audit.admin_trail import record_admin_changes
from pacer.audit.client import client_ip


@cache
def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "\0"


class AuditContextMiddleware:
    """Makes the acting user and address known to the audit trail during the request.

    After a form submitted in the Django admin, the admin's own change log entries of that
    request are copied into the trail, with the fields before and after the change.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        current = context.RequestContext(
            request=request,
            ip_address=client_ip(request),
            is_admin_site=request.path.startswith(_admin_prefix()),
        )
        token = context.enter(current)
        began = timezone.now()
        try:
            response = self.get_response(request)
            user = current.user
            admin_post = current.is_admin_site and request.method == "POST"
            if admin_post and user is not None and user.is_authenticated:
                record_admin_changes(current, user=user, since=began)
        finally:
            context.leave(token)
        return response


class SessionExpiryMiddleware:
    """Ends a login past its absolute or idle limit, then lets the request go on anonymous.

    Pages that need a login then send the visitor to the login page with a notice; an htmx
    request is told to load the login page in full instead of swapping it into a fragment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            if sessions.has_expired(request, now=now):
                setattr(request, sessions.EXPIRED_FLAG, True)
                logout(request)
                messages.info(request, gettext("登录已超时，请重新登录。"))
                if request.headers.get("HX-Request"):
                    page = request.headers.get("HX-Current-URL") or request.get_full_path()
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = redirect_to_login(page).url
                    return response
            else:
                sessions.touch(request, now=now)
        return self.get_response(request)
