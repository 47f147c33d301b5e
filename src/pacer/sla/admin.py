from django.contrib import admin

from pacer.sla import models


@admin.register(models.SlaSetting)
class SlaSettingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "days")
    list_editable = ("days",)


@admin.register(models.ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("project", "kind", "department", "requested_by", "requested_at", "status")
    list_filter = ("kind", "department", "status")
    raw_id_fields = ("project", "requested_by")
    date_hierarchy = "requested_at"
