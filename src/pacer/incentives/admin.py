"""Schemes and mentorships are edited here; statements are read-only records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pacer.incentives.models import IncentiveScheme, IncentiveStatement, Mentorship
from pacer.org.models import AccessRole, Position


class IncentiveSchemeForm(forms.ModelForm):  # type: ignore[type-arg]
    """Positions and roles as tick boxes rather than raw JSON."""

    positions = forms.MultipleChoiceField(
        label=_("适用岗位"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选表示所有岗位"),
    )
    access_roles = forms.MultipleChoiceField(
        label=_("适用系统角色"),
        choices=AccessRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选表示所有角色"),
    )

    class Meta:
        model = IncentiveScheme
        fields = (
            "name",
            "positions",
            "access_roles",
            "basis",
            "action_bonus",
            "extra_proposal_bonus",
            "base_rate",
            "target_met_rate_bonus",
            "accelerator_threshold",
            "accelerator_rate",
            "line_weights",
            "mentoring_rate",
            "valid_from",
            "valid_to",
        )


@admin.register(IncentiveScheme)
class IncentiveSchemeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = IncentiveSchemeForm
    list_display = (
        "name",
        "basis",
        "base_rate",
        "target_met_rate_bonus",
        "accelerator_threshold",
        "accelerator_rate",
        "valid_from",
        "valid_to",
    )
    list_filter = ("basis",)
    search_fields = ("name",)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("mentor", "mentee", "valid_from", "valid_to")
    search_fields = ("mentor__name", "mentee__name")


@admin.register(IncentiveStatement)
class IncentiveStatementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "month", "version", "status", "total", "as_of", "computed_at")
    list_filter = ("status", "month")
    search_fields = ("person__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False
