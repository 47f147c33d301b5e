"""Who is acting in the current request, so that signal handlers can name them.

Outside a request (command line, scheduled jobs) there is no context and events are recorded
as system events.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class RequestContext:
    request: HttpRequest
    ip_address: str | None
    is_admin_site: bool
    # Rows as they were before the admin saved them, keyed by (model label, pk as text).
    before: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def user(self) -> Any:
        """The request's user as it is now (a logout during the request makes it anonymous)."""
        return getattr(self.request, "user", None)


_current: ContextVar[RequestContext | None] = ContextVar("pacer_audit_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def enter(context: RequestContext) -> object:
    return _current.set(context)


def leave(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
