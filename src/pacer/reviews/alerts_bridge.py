"""Alerts as reviews and the action list need them, read only when the alerts app has them.

The alerts app owns its model; this module reads it defensively: when the app or its ``Alert``
model is missing, every function reports that alerts are unavailable instead of failing. An
alert is *raised* when it was created and *cleared* when it was resolved; the first of the
known time fields the model has is used for each.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from pacer.access import Actor
from pacer.planning.periods import Period
from pacer.planning.tiers import DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD

# Business dates first: an evaluation run "as of" a day records that day.
RAISED_FIELDS = ("first_raised_on", "raised_on", "first_raised_at", "raised_at", "created_at")
CLEARED_FIELDS = ("resolved_on", "cleared_on", "resolved_at", "cleared_at")
RESOLVED = "resolved"


@dataclass(frozen=True)
class AlertRow:
    id: int
    owner_id: int | None
    rule: str
    rule_label: str
    signal: str
    signal_label: str
    status: str
    status_label: str
    text: str
    raised: str | None
    cleared: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner_id": self.owner_id,
            "rule": self.rule,
            "rule_label": self.rule_label,
            "signal": self.signal,
            "signal_label": self.signal_label,
            "status": self.status,
            "status_label": self.status_label,
            "text": self.text,
            "raised": self.raised,
            "cleared": self.cleared,
        }


def alert_model() -> type[models.Model] | None:
    """The alerts app's ``Alert`` model, or None while it (or its table) does not exist."""
    if not apps.is_installed("pacer.alerts"):
        return None
    try:
        model = apps.get_model("alerts", "Alert")
    except LookupError:
        return None
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return model if model._meta.db_table in tables else None


def _field(model: type[models.Model], names: tuple[str, ...]) -> str | None:
    have = {f.name for f in model._meta.get_fields()}
    return next((name for name in names if name in have), None)


def _owner_field(model: type[models.Model]) -> str | None:
    return _field(model, ("owner", "person"))


def _bounds(model: type[models.Model], field: str, period: Period) -> dict[str, Any]:
    """Filter arguments for ``field`` within ``period`` (date or aware datetime fields)."""
    if isinstance(model._meta.get_field(field), models.DateTimeField):
        zone = timezone.get_current_timezone()
        start = datetime.combine(period.start, time.min, tzinfo=zone)
        end = datetime.combine(period.end, time.min, tzinfo=zone)
        return {f"{field}__gte": start, f"{field}__lt": end}
    return {f"{field}__gte": period.start, f"{field}__lt": period.end}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _rows(
    model: type[models.Model], qs: models.QuerySet[Any], raised: str | None, cleared: str | None
) -> list[AlertRow]:
    owner = _owner_field(model)
    return [
        AlertRow(
            id=alert.pk,
            owner_id=getattr(alert, f"{owner}_id", None) if owner else None,
            rule=str(getattr(alert, "rule", "")),
            rule_label=_display(alert, "rule"),
            signal=str(getattr(alert, "signal", "")),
            signal_label=_display(alert, "signal"),
            status=str(getattr(alert, "status", "")),
            status_label=_display(alert, "status"),
            text=_sentence(alert),
            raised=_text(getattr(alert, raised, None)) if raised else None,
            cleared=_text(getattr(alert, cleared, None)) if cleared else None,
        )
        for alert in qs.order_by("pk")
    ]


def _sentence(alert: Any) -> str:
    """The alerts app's own sentence for an alert when it has one, else its name."""
    try:
        from pacer.alerts.texts import alert_sentence
    except ImportError:
        return str(alert)
    return str(alert_sentence(alert))


def _display(alert: Any, name: str) -> str:
    getter = getattr(alert, f"get_{name}_display", None)
    return str(getter()) if callable(getter) else str(getattr(alert, name, ""))


def _owned(model: type[models.Model], actor: Actor, people: Collection[int]) -> Any:
    owner = _owner_field(model)
    if owner is None:
        return model._default_manager.none()
    ids = [p for p in people if actor.sees_person(p)]
    return model._default_manager.filter(**{f"{owner}_id__in": ids})


def alerts_in_period(
    actor: Actor, people: Collection[int], period: Period
) -> dict[str, Any] | None:
    """Alerts of ``people`` raised and cleared within ``period``; None without alerts."""
    model = alert_model()
    if model is None:
        return None
    raised_field = _field(model, RAISED_FIELDS)
    cleared_field = _field(model, CLEARED_FIELDS)
    owned = _owned(model, actor, people)
    raised = (
        _rows(
            model, owned.filter(**_bounds(model, raised_field, period)), raised_field, cleared_field
        )
        if raised_field
        else []
    )
    cleared = (
        _rows(
            model,
            owned.filter(**_bounds(model, cleared_field, period)),
            raised_field,
            cleared_field,
        )
        if cleared_field
        else []
    )
    return {
        "raised": [a.as_json() for a in raised],
        "cleared": [a.as_json() for a in cleared],
        "raised_count": len(raised),
        "cleared_count": len(cleared),
    }


def open_alerts(actor: Actor, people: Collection[int]) -> list[AlertRow] | None:
    """Alerts of ``people`` not yet resolved (open or acknowledged); None without alerts."""
    model = alert_model()
    if model is None:
        return None
    owned = _owned(model, actor, people)
    if _field(model, ("status",)) is not None:
        owned = owned.exclude(status=RESOLVED)
    return _rows(model, owned, _field(model, RAISED_FIELDS), _field(model, CLEARED_FIELDS))


def tier_thresholds() -> tuple[Decimal, Decimal]:
    """The A and B tier thresholds (yuan a year) the alert rules use, or the field's defaults."""
    if alert_model() is None:
        return DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD
    try:
        settings_model = apps.get_model("alerts", "AlertRuleSettings")
    except LookupError:
        return DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD
    row = settings_model._default_manager.order_by("pk").first()
    a = getattr(row, "tier_a_threshold", None)
    b = getattr(row, "tier_b_threshold", None)
    if a is None or b is None or b > a:
        return DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD
    return Decimal(a), Decimal(b)
