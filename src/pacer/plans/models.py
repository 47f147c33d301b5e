"""A plan: the annual target and its decomposition, stored as built.

A plan belongs to a *lineage* (the same plan through its versions). Drafts may be edited; an
approved version is never changed in place: a change makes a new version (``previous`` points
back) and the old one stays as it was, marked superseded. Every edit and approval leaves a
``PlanChange`` with who, when, why, before and after.

Amounts are yuan (``Decimal``) to the fen. Periods are half-open ``[start, end)``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacer.org.models import Person, Team


def plan_money(verbose_name: Any, **kwargs: Any) -> Any:
    """Yuan to the fen (plans are made to the fen; stored data may carry four places)."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已批准")
    SUPERSEDED = "superseded", _("已被新版本取代")


class Plan(models.Model):
    lineage = models.UUIDField(_("计划系列"), default=uuid.uuid4, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    scenario_of = models.ForeignKey(
        "self",
        verbose_name=_("情景来源"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scenarios",
    )
    name = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("财年"))
    fiscal_start_month = models.PositiveSmallIntegerField(_("财年起始月"), default=1)
    target = plan_money(_("年度目标(元)"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    as_of = models.DateField(_("数据基准日"))
    assumptions = models.JSONField(_("假设"), default=dict)
    views = models.JSONField(_("目标三视角与结论"), default=dict)
    tiers = models.JSONField(_("客户分层"), default=list)
    budget = models.JSONField(_("资源预算"), default=dict)
    collections = models.JSONField(_("回款计划"), default=dict)
    warnings = models.JSONField(_("提示"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    reason = models.TextField(_("版本说明"), blank=True)
    edit_version = models.PositiveIntegerField(_("编辑序号"), default=0)

    class Meta:
        verbose_name = _("计划")
        verbose_name_plural = _("计划")
        ordering = ["-year", "lineage", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanNode(models.Model):
    """A node of a plan tree. ``tree`` names the decomposition it belongs to.

    Trees: ``market`` (company → business type → industry → region) and ``org`` (company →
    team → person). The children of a node always sum exactly to it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    tree = models.CharField(_("分解树"), max_length=16)
    dimension = models.CharField(_("维度"), max_length=32)
    key = models.CharField(_("键"), max_length=100)
    label = models.CharField(_("名称"), max_length=200)
    amount = plan_money(_("目标(元)"))
    quota = plan_money(_("个人指标(元)"), null=True, blank=True)
    base = plan_money(_("基础线(元)"))
    stretch = plan_money(_("挑战线(元)"))
    breakthrough = plan_money(_("突破线(元)"))
    method = models.CharField(_("方法"), max_length=32)
    drivers = models.JSONField(_("依据"), default=list)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_nodes"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_nodes"
    )

    class Meta:
        verbose_name = _("计划节点")
        verbose_name_plural = _("计划节点")
        ordering = ["plan", "tree", "position"]
        indexes = [models.Index(fields=["plan", "tree", "parent"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class PlanPeriod(models.Model):
    """A node's target for one month, with the projects that back it."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束(不含)"))
    amount = plan_money(_("目标(元)"))
    identified = plan_money(_("项目支撑(元)"))
    run_rate = plan_money(_("常规业务(元)"))
    season_share = models.DecimalField(_("季节占比"), max_digits=12, decimal_places=10)
    pipeline = plan_money(_("在跟项目金额(元)"))
    coverage = models.DecimalField(
        _("覆盖倍数"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    coverage_warning = models.BooleanField(_("覆盖不足"), default=False)
    backed = models.BooleanField(_("有项目支撑"), default=False)
    project_ids = models.JSONField(_("支撑项目"), default=list)

    class Meta:
        verbose_name = _("计划期间")
        verbose_name_plural = _("计划期间")
        ordering = ["node", "start"]

    def __str__(self) -> str:
        return f"{self.start}: {self.amount}"


class PlanAction(models.Model):
    """A funnel action: ``count`` of ``stage`` for a person, due on ``due`` (inclusive)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plan_actions")
    stage = models.CharField(_("阶段"), max_length=16)
    count = models.PositiveIntegerField(_("数量"))
    due = models.DateField(_("截止日期"))
    feeds_start = models.DateField(_("对应签单月"))
    acceptance = models.CharField(_("验收标准"), max_length=300)

    class Meta:
        verbose_name = _("漏斗动作")
        verbose_name_plural = _("漏斗动作")
        ordering = ["plan", "person", "due"]

    def __str__(self) -> str:
        return f"{self.person} {self.stage} ×{self.count} ≤ {self.due}"


class PlanChange(models.Model):
    """The audit trail of a plan: who did what, when, why, before and after."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    node = models.ForeignKey(
        PlanNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(_("操作"), max_length=32)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("原因"), blank=True)
    before = models.JSONField(_("变更前"), default=dict)
    after = models.JSONField(_("变更后"), default=dict)

    class Meta:
        verbose_name = _("计划变更记录")
        verbose_name_plural = _("计划变更记录")
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.action} {self.at:%Y-%m-%d %H:%M}"
