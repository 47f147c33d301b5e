"""Who is calling: a logged-in browser session (CSRF-checked for writes) or a bearer token.

A request with an ``Authorization: Bearer …`` header is judged by that token alone: a wrong or
revoked token is refused (401) even if a session cookie is also present.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from pacer.access import Actor, actor_for
from pacer.api.errors import TokenRejectedError
from pacer.api.services.tokens import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; tokens are created with ``pacer api_token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token, now=timezone.now())
        if user is None:
            raise TokenRejectedError(gettext("API 令牌无效、已吊销，或所属账号已停用。"))
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods need the CSRF token (``X-CSRFToken``).

    Unlike django-ninja's own session auth, an anonymous caller gets 401 (not a CSRF 403).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # noqa: ARG002
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise HttpError(403, gettext("CSRF 校验失败：请在 X-CSRFToken 头中带上 CSRF 令牌。"))
        return user


def actor_of(request: HttpRequest) -> Actor:
    """The actor for the authenticated caller of an API route."""
    return actor_for(getattr(request, "auth", None))
