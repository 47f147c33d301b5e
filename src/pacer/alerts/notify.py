"""Who hears about an event: the owner and their manager in the app, and by e-mail and robots.

Called inside the transaction that records the event; it only writes rows. The messages leave
Pacer afterwards, in ``pacer.alerts.deliveries``, so a failing robot never undoes an alert.
E-mail goes out only when ``PACER_ALERT_EMAIL`` is on and the person has an address.
"""

from __future__ import annotations

from django.conf import settings

from pacer.alerts.models import (
    Alert,
    AlertEvent,
    Delivery,
    DeliveryChannel,
    Notification,
    WebhookEndpoint,
)
from pacer.org.models import Person


def alert_email_enabled() -> bool:
    return bool(getattr(settings, "PACER_ALERT_EMAIL", False))


def recipients(owner_id: int | None) -> list[Person]:
    """The owner and their direct manager (once, if the owner manages themselves)."""
    if owner_id is None:
        return []
    owner = Person.objects.filter(pk=owner_id).select_related("manager").first()
    if owner is None:
        return []
    people = [owner]
    if owner.manager is not None and owner.manager.pk != owner.pk:
        people.append(owner.manager)
    return people


def announce(alert: Alert, event: AlertEvent) -> list[int]:
    """Notify the owner and their manager of ``event``; the ids of the deliveries to send."""
    people = recipients(alert.owner_id)
    Notification.objects.bulk_create(
        [Notification(person=person, alert=alert, event=event) for person in people]
    )
    deliveries = [
        Delivery(event=event, alert=alert, channel=DeliveryChannel.WEBHOOK, endpoint=endpoint)
        for endpoint in WebhookEndpoint.objects.filter(active=True).order_by("pk")
    ]
    if alert_email_enabled():
        deliveries.extend(
            Delivery(
                event=event,
                alert=alert,
                channel=DeliveryChannel.EMAIL,
                person=person,
                address=person.email,
            )
            for person in people
            if person.email
        )
    return [delivery.pk for delivery in Delivery.objects.bulk_create(deliveries)]
