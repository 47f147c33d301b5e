"""An adjustment proposal: a trigger on an approved plan, its suggested re-plan and the decision.

``subject`` names what the trigger is about (e.g. ``<node id>:2026Q1`` or ``person:<id>``);
``suggestion`` lists the affected nodes with their months before and after (yuan strings by
``YYYY-MM``). At most one proposal is open per (plan, trigger, subject), so evaluating again
never opens a duplicate. Approving one makes a new plan version (``result``); the old version
stays as it was, superseded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pacer.plans.models import Plan


class AdjustmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("待决定")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class Adjustment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjustments")
    trigger = models.CharField(_("触发条件"), max_length=32)
    subject = models.CharField(_("对象"), max_length=100)
    values = models.JSONField(_("触发数据"), default=dict)
    suggestion = models.JSONField(_("建议调整"), default=dict)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PROPOSED,
    )
    opened_at = models.DateField(_("提出日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    reason = models.TextField(_("决定原因"), blank=True)
    result = models.ForeignKey(
        Plan,
        verbose_name=_("生成的计划版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjusted_from",
    )

    class Meta:
        verbose_name = _("目标调整")
        verbose_name_plural = _("目标调整")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "trigger", "subject"],
                condition=Q(status="proposed"),
                name="adjustment_one_open_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.trigger}:{self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status == AdjustmentStatus.PROPOSED
