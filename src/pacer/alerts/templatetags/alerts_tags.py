"""Alert bits for templates: ``{% load alerts_tags %}``.

- ``{{ alert|alert_sentence }}``: what the alert says, in the reader's language;
- ``{% alerts_badge %}``: the person's unread notification count, linked to the inbox
  (renders ``alerts/_badge.html``; nothing for an anonymous visitor).
"""

from __future__ import annotations

from typing import Any

from django import template

from pacer.access import actor_for
from pacer.alerts import texts
from pacer.alerts.models import Alert, AlertEvent
from pacer.alerts.selectors import unread_count

register = template.Library()


@register.filter
def alert_sentence(alert: Alert) -> str:
    return texts.alert_sentence(alert)


@register.filter
def event_sentence(event: AlertEvent) -> str:
    """The alert's sentence with the numbers of that event."""
    return texts.alert_sentence(event.alert, values=event.values)


@register.inclusion_tag("alerts/_badge.html", takes_context=True)
def alerts_badge(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False, "unread": 0}
    return {"show": True, "unread": unread_count(actor_for(user))}
