from django.contrib import admin

from pacer.reviews import models


@admin.register(models.Review)
class ReviewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "person", "team", "period_start", "period_end", "updated_at")
    list_filter = ("kind",)
    raw_id_fields = ("person", "team")
    readonly_fields = ("data", "generated_at", "created_at", "updated_at")
