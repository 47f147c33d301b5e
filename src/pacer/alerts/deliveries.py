"""Send what is waiting: robot messages and e-mails of raised, escalated and re-opened alerts.

Each delivery is claimed with a conditional update before it is sent, so two runs at the same
time never send it twice. A failure is recorded (status, HTTP code, error) and tried again on
the next run, up to ``MAX_ATTEMPTS`` times; it is never dropped silently. A delivery whose robot
was deactivated or removed is cancelled, with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from pacer.alerts import webhooks
from pacer.alerts.models import (
    AlertSignal,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
)
from pacer.alerts.texts import alert_sentence, signal_word

MAX_ATTEMPTS = 10
# A delivery left "sending" this long (its process died) is tried again.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0


def deliveries_due(now: datetime) -> Q:
    return Q(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], attempts__lt=MAX_ATTEMPTS
    ) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)


def deliveries_send(*, ids: Collection[int] | None = None) -> SendResult:
    """Send every due delivery (or only ``ids``); counts of those sent and those that failed."""
    now = timezone.now()
    due = Delivery.objects.filter(deliveries_due(now))
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    sent = failed = 0
    rows = due.select_related("endpoint", "alert", "alert__owner", "event", "person")
    for delivery in rows.order_by("pk"):
        if not _claim(delivery, now):
            continue
        outcome = _attempt(delivery)
        _record(delivery, outcome)
        if delivery.status == DeliveryStatus.SENT:
            sent += 1
        elif delivery.status == DeliveryStatus.FAILED:
            failed += 1
    return SendResult(sent=sent, failed=failed)


def _claim(delivery: Delivery, now: datetime) -> bool:
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if claimed:
        delivery.attempts += 1
    return claimed == 1


def _record(delivery: Delivery, outcome: webhooks.Outcome | None) -> None:
    if outcome is None:
        delivery.status = DeliveryStatus.CANCELLED
        delivery.error = gettext("机器人已停用或已删除，不再发送。")
    else:
        delivery.status = DeliveryStatus.SENT if outcome.ok else DeliveryStatus.FAILED
        delivery.response_code = outcome.code
        delivery.error = outcome.error
        delivery.sent_at = timezone.now() if outcome.ok else None
    delivery.save(update_fields=["status", "response_code", "error", "sent_at"])


def _attempt(delivery: Delivery) -> webhooks.Outcome | None:
    """One try; ``None`` when there is nowhere to send it any more."""
    if delivery.channel == DeliveryChannel.EMAIL:
        return _email(delivery)
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        return None
    # Group robots speak the company's language, whoever's save sent the message.
    with translation.override(settings.LANGUAGE_CODE):
        text = message_text(delivery)
    url, body = webhooks.robot_request(
        kind=endpoint.kind,
        url=endpoint.url,
        secret=endpoint.secret,
        text=text,
        alert=message_data(delivery),
        now_ms=int(time.time() * 1000),
    )
    return webhooks.post(endpoint.kind, url, body)


def _email(delivery: Delivery) -> webhooks.Outcome:
    language = delivery.person.language if delivery.person else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = message_headline(delivery)
        body = message_text(delivery)
    try:
        send_mail(subject, body, None, [delivery.address], fail_silently=False)
    except Exception as exc:  # any mail failure is recorded and retried
        return webhooks.Outcome(ok=False, error=f"{type(exc).__name__}: {exc}"[:500])
    return webhooks.Outcome(ok=True)


def message_headline(delivery: Delivery) -> str:
    """E.g. "【Pacer】红灯预警" or "【Pacer】预警升级为红灯"."""
    signal = signal_word(delivery.event.signal_to or AlertSignal.YELLOW)
    kind = delivery.event.kind
    if kind == EventKind.ESCALATED:
        return gettext("【Pacer】预警升级为%(signal)s") % {"signal": signal}
    if kind == EventKind.REOPENED:
        return gettext("【Pacer】预警重新打开（%(signal)s）") % {"signal": signal}
    return gettext("【Pacer】%(signal)s预警") % {"signal": signal}


def message_text(delivery: Delivery) -> str:
    """The whole message: headline, what happened (with the numbers of the event), owner, link."""
    alert = delivery.alert
    lines = [
        gettext("%(headline)s：%(sentence)s")
        % {
            "headline": message_headline(delivery),
            "sentence": alert_sentence(alert, values=delivery.event.values),
        },
        gettext("负责人：%(owner)s")
        % {"owner": alert.owner.name if alert.owner else gettext("未分配")},
    ]
    site = str(getattr(settings, "PACER_SITE_URL", "")).rstrip("/")
    if site:
        lines.append(gettext("查看：%(url)s") % {"url": f"{site}/alerts/{alert.pk}/"})
    return "\n".join(lines)


def message_data(delivery: Delivery) -> dict[str, object]:
    """The alert as the generic webhook receives it."""
    alert, event = delivery.alert, delivery.event
    return {
        "id": alert.pk,
        "key": alert.key,
        "event": event.kind,
        "rule": alert.rule,
        "signal": event.signal_to or alert.signal,
        "subject": alert.subject,
        "subject_id": alert.subject_id,
        "subject_name": alert.subject_name,
        "owner_id": alert.owner_id,
        "owner": alert.owner.name if alert.owner else None,
        "values": event.values,
        "on": event.on.isoformat(),
    }
