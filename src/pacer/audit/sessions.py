"""How long a login lasts: an absolute limit from sign-in and an idle limit between requests.

The session keeps two timestamps (seconds since the epoch): when the login began and when the
last request was seen. ``SESSION_COOKIE_AGE`` is the absolute limit; ``PACER_SESSION_IDLE_SECONDS``
the idle limit (0: none). The last-seen time is written at most once a minute, so ordinary page
views do not turn into session writes.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

STARTED = "pacer_login_started"
SEEN = "pacer_login_seen"
EXPIRED_FLAG = "_pacer_session_expired"
SEEN_RESOLUTION = 60


def start(request: HttpRequest, *, now: float | None = None) -> None:
    """Note the beginning of a login on its (new) session."""
    moment = int(time.time() if now is None else now)
    request.session[STARTED] = moment
    request.session[SEEN] = moment


def has_expired(request: HttpRequest, *, now: float) -> bool:
    """Whether the login on ``request.session`` is past its absolute or idle limit."""
    started = request.session.get(STARTED)
    seen = request.session.get(SEEN, started)
    if not isinstance(started, int) or not isinstance(seen, int):
        return False
    if now - started > settings.SESSION_COOKIE_AGE:
        return True
    idle = int(getattr(settings, "PACER_SESSION_IDLE_SECONDS", 0))
    return bool(idle) and now - seen > idle


def touch(request: HttpRequest, *, now: float) -> None:
    """Note a request; a session from before these limits gets its timestamps now."""
    seen = request.session.get(SEEN)
    if request.session.get(STARTED) is None:
        start(request, now=now)
    elif not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION:
        request.session[SEEN] = int(now)
