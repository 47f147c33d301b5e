"""The address a request came from, for the lockout counter and the audit trail."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(raw: str) -> str | None:
    candidate = raw.strip()
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return None
    return candidate


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or ``None`` when it cannot be told.

    Behind the reverse proxy (``PACER_BEHIND_PROXY=1``) the proxy appends the address it saw to
    ``X-Forwarded-For``; only that right-most entry is trusted, since anything left of it was
    sent by the client and may be forged.
    """
    if getattr(settings, "PACER_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return _valid(forwarded.split(",")[-1])
    return _valid(str(request.META.get("REMOTE_ADDR") or ""))
