"""The API's refusals and how each becomes an HTTP answer.

- ``Http404`` (from ``pacer.access``): the record is absent or outside the caller's scope → 404;
- ``ActionRefusedError``: the caller may see the record but not do this → 403;
- ``RecordInvalidError`` / Django ``ValidationError``: bad input, with a message per field → 422;
- ``ProtectedError``: the record is still referenced by others → 409;
- ``AuthenticationError``: no valid session or token → 401.

A 422 body has the same shape as django-ninja's own validation errors:
``{"detail": [{"type": …, "loc": ["body", "payload", field], "msg": …}]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja.errors import AuthenticationError

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ActionRefusedError(Exception):
    """The caller sees the record but may not make this change (→ 403)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TokenRejectedError(AuthenticationError):
    """A bearer token was sent but is unknown, revoked or belongs to an inactive login (→ 401)."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message)


class RecordInvalidError(Exception):
    """Input that cannot be saved; ``errors`` maps a body field name to its message (→ 422)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(self.errors)


def field_errors(errors: Mapping[str, str]) -> list[dict[str, object]]:
    return [
        {"type": "value_error", "loc": ["body", "payload", field], "msg": message}
        for field, message in errors.items()
    ]


def install_handlers(api: NinjaAPI) -> None:
    """Register the answers above on ``api`` (replacing django-ninja's English defaults).

    Each handler receives the exception it is registered for (typed ``Any`` because
    django-ninja's annotation of handlers is looser than the calls it makes).
    """

    def not_found(request: HttpRequest, _exc: Any) -> HttpResponse:
        detail = gettext("记录不存在，或不在你的数据权限范围内。")
        return api.create_response(request, {"detail": detail}, status=404)

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = (
            exc.message
            if isinstance(exc, ActionRefusedError)
            else gettext("你没有权限执行此操作。")
        )
        return api.create_response(request, {"detail": detail}, status=403)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": field_errors(exc.errors)}, status=422)

    def django_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = (
            {field: " ".join(messages) for field, messages in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"__all__": " ".join(exc.messages)}
        )
        return api.create_response(request, {"detail": field_errors(errors)}, status=422)

    def in_use(request: HttpRequest, _exc: Any) -> HttpResponse:
        detail = gettext("该记录仍被其他记录引用（例如项目、订单或活动），不能删除。")
        return api.create_response(request, {"detail": detail}, status=409)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = (
            exc.message
            if isinstance(exc, TokenRejectedError)
            else gettext("请先登录，或在 Authorization 头中提供有效的 API 令牌。")
        )
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="pacer"'
        return response

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ActionRefusedError, refused)
    api.add_exception_handler(PermissionDenied, refused)
    api.add_exception_handler(RecordInvalidError, invalid)
    api.add_exception_handler(DjangoValidationError, django_invalid)
    api.add_exception_handler(ProtectedError, in_use)
    api.add_exception_handler(AuthenticationError, unauthenticated)
