"""A review (复盘): a weekly or monthly report on a person or a team, generated from the data.

The generated part (``data``) is a JSON snapshot rewritten each time the review is generated
again; the parts people write (reasons per missed action, what changes next week, resource
changes, comments) are never touched by a regeneration. There is one review per kind, subject
and period; the period is half-open ``[period_start, period_end)``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pacer.org.models import Person, Team


class ReviewKind(models.TextChoices):
    WEEKLY = "weekly", _("周复盘")
    MONTHLY = "monthly", _("月复盘")


class Review(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=ReviewKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("团队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束(不含)"))
    data = models.JSONField(_("生成的数据"), default=dict)
    generated_at = models.DateTimeField(_("生成时间"))
    reasons = models.JSONField(
        _("未完成原因"), default=dict, blank=True, help_text=_("按动作键记录的原因")
    )
    next_week = models.TextField(_("下周改进"), blank=True)
    resource_changes = models.TextField(_("资源调整"), blank=True)
    comments = models.TextField(_("备注"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("复盘")
        verbose_name_plural = _("复盘")
        ordering = ["-period_start", "kind", "pk"]
        # One subject, a person or a team, is checked by ``review_generate`` (not in the database,
        # so that clearing the company's data may empty both links before deleting the rows).
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "period_start"],
                condition=Q(person__isnull=False),
                name="review_unique_person_period",
            ),
            models.UniqueConstraint(
                fields=["kind", "team", "period_start"],
                condition=Q(team__isnull=False),
                name="review_unique_team_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_name} {self.period_label}"

    @property
    def subject_name(self) -> str:
        subject = self.person if self.person_id is not None else self.team
        return str(subject)

    @property
    def period_label(self) -> str:
        return str(self.data.get("period", {}).get("label", self.period_start.isoformat()))
