from django.contrib import admin

from pacer.crm import models


@admin.register(models.Industry, models.Region, models.ProductLine)
class CodeNameAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "product_line", "is_new_product", "list_price")
    list_filter = ("product_line", "is_new_product")
    search_fields = ("code", "name")


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "region", "owner")
    search_fields = ("name", "external_id")


@admin.register(models.Customer)
class CustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "industry", "region", "owner", "tier_override", "renewal_due")
    list_filter = ("industry", "region", "tier_override")
    search_fields = ("name", "external_id")


@admin.register(models.Contact)
class ContactAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "customer", "title", "phone")
    search_fields = ("name",)
    raw_id_fields = ("customer",)


class MilestoneInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Milestone
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "customer",
        "owner",
        "stage",
        "amount",
        "probability",
        "expected_sign_date",
    )
    list_filter = ("stage", "business_type", "product_line")
    search_fields = ("name", "external_id")
    raw_id_fields = ("customer", "owner", "product")
    inlines = [MilestoneInline]


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "kind", "person", "customer", "project")
    list_filter = ("kind",)
    raw_id_fields = ("customer", "project", "person")


@admin.register(models.Lead)
class LeadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "source", "person", "company_name", "qualified_date", "project")
    list_filter = ("source",)
    raw_id_fields = ("customer", "project", "person")


@admin.register(models.Order)
class OrderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("external_id", "signed_date", "customer", "person", "amount")
    raw_id_fields = ("customer", "project", "person")
    date_hierarchy = "signed_date"


@admin.register(models.Payment)
class PaymentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("external_id", "date", "order", "amount")
    raw_id_fields = ("order",)
