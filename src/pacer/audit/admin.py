from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pacer.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the trail is append-only, so nobody adds, edits or deletes events here."""

    list_display = ("at", "action", "username", "object_type", "object_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "object_repr", "object_id", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False
