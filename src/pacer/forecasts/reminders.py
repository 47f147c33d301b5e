"""Reminding people who have not submitted: once per person and cycle.

The reminder is recorded first (the forecast page shows it) and then, when the person has an
address, sent by e-mail through Django's mail in the person's language. A person who was
reminded in a cycle is not reminded again in it, however often ``pacer forecast remind`` runs.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from pacer.access import Actor
from pacer.forecasts.cycles import Cycle, cycle_containing, cycle_settings
from pacer.forecasts.models import ForecastReminder
from pacer.forecasts.selectors import missing_people
from pacer.org.models import Person

logger = logging.getLogger(__name__)


def reminder_record(*, person: Person, cycle_start: date, at: datetime) -> ForecastReminder | None:
    """Record that ``person`` is reminded for the cycle; None when they already were."""
    try:
        with transaction.atomic():
            if ForecastReminder.objects.filter(person=person, cycle_start=cycle_start).exists():
                return None
            return ForecastReminder.objects.create(
                person=person, cycle_start=cycle_start, sent_at=at, email=person.email
            )
    except IntegrityError:  # another run reminded them a moment ago
        return None


def reminder_text(person: Person, cycle: Cycle) -> tuple[str, str]:
    """Subject and body of the e-mail, in the active language."""
    subject = gettext("请提交本期滚动预测")
    body = gettext(
        "%(name)s，你好：\n\n"
        "你还没有提交本期的滚动预测。请在 %(deadline)s 之前，"
        "在 Pacer 的“滚动预测”页面提交 %(start)s 至 %(end)s 的签单预测；"
        "与系统承诺数不同时，请写明原因。\n"
    ) % {
        "name": person.name,
        "deadline": (cycle.end - timedelta(days=1)).isoformat(),
        "start": cycle.window_start.isoformat(),
        "end": (cycle.window_end - timedelta(days=1)).isoformat(),
    }
    return subject, body


def reminders_send(*, actor: Actor, today: date, at: datetime) -> list[ForecastReminder]:
    """Remind everyone in the actor's scope who has not submitted for the cycle of ``today``."""
    cycle = cycle_containing(today, cycle_settings())
    sent = []
    for person in missing_people(actor, cycle.start, today):
        reminder = reminder_record(person=person, cycle_start=cycle.start, at=at)
        if reminder is None:
            continue
        sent.append(reminder)
        if person.email:
            with translation.override(person.language):
                subject, body = reminder_text(person, cycle)
            try:
                send_mail(subject, body, None, [person.email])
            except OSError:
                # The reminder stays recorded and shown in the app; the mail is not retried.
                logger.exception("forecast reminder e-mail to person %s failed", person.pk)
    return sent
