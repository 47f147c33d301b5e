"""Read-only admin of forecast records; the rhythm of the cycle is editable."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from pacer.forecasts.models import (
    CategoryChange,
    ForecastCycle,
    ForecastReminder,
    ForecastSubmission,
    ManagerAdjustment,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False


@admin.register(ForecastSubmission)
class ForecastSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("person", "source", "cycle_start", "window_start", "number", "submitted_at")
    list_filter = ("source", "cycle_start")


@admin.register(ManagerAdjustment)
class ManagerAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("submission", "manager", "number", "at")


@admin.register(CategoryChange)
class CategoryChangeAdmin(ReadOnlyAdmin):
    list_display = ("project", "before", "after", "who", "at")


@admin.register(ForecastReminder)
class ForecastReminderAdmin(ReadOnlyAdmin):
    list_display = ("person", "cycle_start", "sent_at", "email")


@admin.register(ForecastCycle)
class ForecastCycleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("anchor", "cadence_days", "window_days")
