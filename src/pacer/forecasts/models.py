"""Forecast categories, bi-weekly submissions, manager adjustments and reminders.

A submission is a snapshot kept forever: its numbers and its lines are written once and never
changed or deleted (the model and its queryset refuse both). A manager's view of a person's
number is a separate ``ManagerAdjustment`` row, so the person's own number and reason always
stay as they were. Amounts are yuan (``Decimal``) to the fen. Windows are half-open
``[window_start, window_end)``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import Project
from pacer.org.models import Person
from pacer.tracking.forecast import Category


def forecast_money(verbose_name: Any, **kwargs: Any) -> Any:
    """Yuan to the fen, below 10^14."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


CATEGORY_CHOICES = [
    (Category.COMMIT.value, _("承诺")),
    (Category.BEST_CASE.value, _("乐观")),
    (Category.PIPELINE.value, _("储备")),
    (Category.OMITTED.value, _("不计入")),
]


class ImmutableError(Exception):
    """A snapshot or adjustment is written once and never changed or deleted."""


class WriteOnceQuerySet(models.QuerySet[Any]):
    """Bulk updates are refused, and so are deletes of chosen rows: the rows are a record.

    The one delete allowed is of the whole table, which only clearing the company's data
    altogether does (``pacer demo --reset``).
    """

    def update(self, **kwargs: Any) -> int:  # noqa: ARG002
        msg = f"{self.model.__name__} rows are never changed"
        raise ImmutableError(msg)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.query.has_filters():
            msg = f"{self.model.__name__} rows are never deleted"
            raise ImmutableError(msg)
        return super().delete()


class WriteOnceModel(models.Model):
    """A row that is created once; ``save`` of an existing row and ``delete`` raise."""

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            msg = f"{type(self).__name__} #{self.pk} is never changed"
            raise ImmutableError(msg)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # noqa: ARG002
        msg = f"{type(self).__name__} #{self.pk} is never deleted"
        raise ImmutableError(msg)


class ProjectCategory(models.Model):
    """The forecast category a project's owner (or their managers) chose for it.

    Without a row the category follows the project's stage (``DEFAULT_CATEGORY``).
    """

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="forecast_category"
    )
    category = models.CharField(_("预测类别"), max_length=16, choices=CATEGORY_CHOICES)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"))

    class Meta:
        verbose_name = _("项目预测类别")
        verbose_name_plural = _("项目预测类别")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.category}"


class CategoryChange(models.Model):
    """The log of category changes: who, when, before, after and why."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="category_changes"
    )
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    before = models.CharField(_("变更前"), max_length=16, choices=CATEGORY_CHOICES)
    after = models.CharField(_("变更后"), max_length=16, choices=CATEGORY_CHOICES)
    reason = models.TextField(_("原因"), blank=True)

    class Meta:
        verbose_name = _("预测类别变更记录")
        verbose_name_plural = _("预测类别变更记录")
        ordering = ["project", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.before} → {self.after}"


class ForecastCycle(models.Model):
    """The rolling-forecast rhythm (one row; without it the defaults apply).

    Cycle k runs ``[anchor + k·cadence, anchor + (k+1)·cadence)``; during it each person
    submits the window of ``window_days`` that starts when the cycle ends.
    """

    cadence_days = models.PositiveSmallIntegerField(_("提交周期(天)"), default=14)
    window_days = models.PositiveSmallIntegerField(_("预测窗口(天)"), default=42)
    anchor = models.DateField(_("周期起算日"))

    class Meta:
        verbose_name = _("滚动预测设置")
        verbose_name_plural = _("滚动预测设置")

    def __str__(self) -> str:
        return f"{self.anchor} / {self.cadence_days} / {self.window_days}"


class SubmissionSource(models.TextChoices):
    PERSON = "person", _("本人提交")
    SYSTEM = "system", _("系统快照")


class ForecastSubmission(WriteOnceModel):
    """One person's forecast for one window, with the system's roll-up and lines frozen.

    ``source`` tells a person's own submission from the system snapshot that
    ``pacer forecast snapshot`` records once per person and cycle (its number is the system's
    commit). ``lines`` is the list of projects as they stood (see ``forecasts.snapshots``).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="forecasts"
    )
    source = models.CharField(
        _("来源"), max_length=8, choices=SubmissionSource.choices, default=SubmissionSource.PERSON
    )
    cycle_start = models.DateField(_("提交周期开始"))
    window_start = models.DateField(_("预测窗口开始"))
    window_end = models.DateField(_("预测窗口结束(不含)"))
    as_of = models.DateField(_("数据日期"))
    system_closed = forecast_money(_("系统：已签(元)"))
    system_commit = forecast_money(_("系统：承诺(元)"))
    system_best_case = forecast_money(_("系统：乐观(元)"))
    system_pipeline = forecast_money(_("系统：储备(元)"))
    number = forecast_money(_("本人预测(元)"))
    reason = models.TextField(_("差异原因"), blank=True)
    lines = models.JSONField(_("项目明细"), default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("预测提交")
        verbose_name_plural = _("预测提交")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["person", "cycle_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cycle_start"],
                condition=models.Q(source="system"),
                name="forecast_one_system_snapshot_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.cycle_start}: {self.number}"


class ManagerAdjustment(WriteOnceModel):
    """A manager's number for a report's submission, with the reason; never edits the row."""

    submission = models.ForeignKey(
        ForecastSubmission,
        verbose_name=_("预测提交"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    manager = models.ForeignKey(
        Person,
        verbose_name=_("调整人"),
        on_delete=models.PROTECT,
        related_name="forecast_adjustments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = forecast_money(_("调整后预测(元)"))
    reason = models.TextField(_("调整原因"))
    at = models.DateTimeField(_("调整时间"))

    class Meta:
        verbose_name = _("经理调整")
        verbose_name_plural = _("经理调整")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.number}"


class ForecastReminder(models.Model):
    """A reminder to submit, at most one per person and cycle (in the app and by e-mail)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="forecast_reminders"
    )
    cycle_start = models.DateField(_("提交周期开始"))
    sent_at = models.DateTimeField(_("提醒时间"))
    email = models.EmailField(_("邮件地址"), blank=True)

    class Meta:
        verbose_name = _("预测提醒")
        verbose_name_plural = _("预测提醒")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cycle_start"], name="forecast_one_reminder_per_cycle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.cycle_start}"
