"""Who did something, and when, as a sentence shows it (conflict and refusal messages)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def who_label(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """The user's person's name, else their login; "系统" (the system) for no user."""
    if user is None:
        return gettext("系统")
    person = getattr(user, "person", None)
    return str(person.name) if person is not None else str(user.get_username())


def when_label(moment: datetime | None) -> str:
    """``moment`` in the company's time zone, to the minute ("Y-m-d H:i"); "-" for none."""
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment is not None else "-"
