from django.contrib import admin

from pacer.org.models import Company, Person, Team


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "fiscal_year_start_month", "currency", "display_unit")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "parent", "leader", "external_id")
    search_fields = ("name", "external_id")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "position", "access_role", "team", "manager", "hire_date", "active_to")
    list_filter = ("position", "access_role", "team")
    search_fields = ("name", "external_id")
    raw_id_fields = ("user",)
