"""Django admin: the thresholds (one row), the robots, and alerts with their history (read only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from pacer.alerts import models
from pacer.alerts.rule_settings import AlertRuleSettings


@admin.register(AlertRuleSettings)
class AlertRuleSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "__str__",
        "contact_yellow_days",
        "contact_red_days",
        "proposal_feedback_days",
        "visit_cadence_days",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row: the thresholds are changed, never multiplied.
        return super().has_add_permission(request) and not AlertRuleSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False


@admin.register(models.WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "url", "active")
    list_filter = ("kind", "active")


class AlertEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.AlertEvent
    extra = 0
    can_delete = False
    fields = ("on", "at", "kind", "signal_from", "signal_to", "actor", "user", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False


@admin.register(models.Alert)
class AlertAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subject_name", "rule", "signal", "status", "owner", "first_raised_on")
    list_filter = ("status", "signal", "rule")
    search_fields = ("subject_name", "key")
    inlines = (AlertEventInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "alert",
        "channel",
        "endpoint",
        "address",
        "status",
        "attempts",
        "response_code",
    )
    list_filter = ("status", "channel")

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False
