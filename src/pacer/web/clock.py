"""The one place pages read "today" from (the company's local date), so tests can freeze it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the configured time zone (``TIME_ZONE``, Asia/Shanghai by default)."""
    return timezone.localdate()
