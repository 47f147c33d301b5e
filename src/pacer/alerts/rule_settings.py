"""The one row of alert thresholds (Django admin), with the checks of its per-stage and per-tier
settings. Changing it never touches the history: the next evaluation applies the new numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import Stage, Tier
from pacer.planning.tiers import DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD
from pacer.tracking.alerts import AlertRules


def default_visit_cadence() -> dict[str, int]:
    """The field's cadence: A-tier customers are visited at least every 30 days."""
    return {"A": 30}


class AlertRuleSettings(models.Model):
    """The thresholds of the alert rules, in days (one row; defaults are the field's)."""

    contact_yellow_days = models.PositiveSmallIntegerField(
        _("未联系黄灯天数"), default=7, help_text=_("超过此天数未联系亮黄灯")
    )
    contact_red_days = models.PositiveSmallIntegerField(
        _("未联系红灯天数"), default=14, help_text=_("超过此天数未联系亮红灯")
    )
    contact_by_stage = models.JSONField(
        _("按阶段的未联系天数"),
        default=dict,
        blank=True,
        help_text=_('按阶段覆盖黄灯、红灯天数，例如 {"negotiation": [5, 10]}'),
    )
    proposal_feedback_days = models.PositiveSmallIntegerField(
        _("方案反馈天数"), default=5, help_text=_("方案发出超过此天数无反馈亮黄灯")
    )
    visit_cadence_days = models.JSONField(
        _("各层级拜访周期"),
        default=default_visit_cadence,
        blank=True,
        help_text=_('各客户层级的拜访周期天数，例如 {"A": 30, "B": 14}；未列出的层级不检查'),
    )
    tier_a_threshold = models.DecimalField(
        _("A 类客户年采购额(元)"),
        max_digits=16,
        decimal_places=2,
        default=DEFAULT_A_THRESHOLD,
        validators=[MinValueValidator(Decimal(0))],
    )
    tier_b_threshold = models.DecimalField(
        _("B 类客户年采购额(元)"),
        max_digits=16,
        decimal_places=2,
        default=DEFAULT_B_THRESHOLD,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")

    def __str__(self) -> str:
        return str(_("预警规则"))

    @classmethod
    def load(cls) -> AlertRuleSettings:
        """The one row; the field's defaults until someone changes them."""
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls.objects.create()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.contact_red_days < self.contact_yellow_days:
            errors["contact_red_days"] = _("红灯天数不能小于黄灯天数。")
        if self.tier_b_threshold > self.tier_a_threshold:
            errors["tier_b_threshold"] = _("B 类门槛不能高于 A 类门槛。")
        stage_error = _stage_thresholds_error(self.contact_by_stage)
        if stage_error:
            errors["contact_by_stage"] = stage_error
        cadence_error = _cadence_error(self.visit_cadence_days)
        if cadence_error:
            errors["visit_cadence_days"] = cadence_error
        if errors:
            raise ValidationError(errors)

    def rules(self) -> AlertRules:
        """The thresholds as the rules engine takes them."""
        return AlertRules(
            contact_yellow_days=self.contact_yellow_days,
            contact_red_days=self.contact_red_days,
            contact_by_stage={
                stage: (int(pair[0]), int(pair[1]))
                for stage, pair in (self.contact_by_stage or {}).items()
            },
            proposal_feedback_days=self.proposal_feedback_days,
            visit_cadence_days={
                tier: int(days) for tier, days in (self.visit_cadence_days or {}).items()
            },
        )


def _is_days(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3650


def _stage_thresholds_error(value: object) -> str | None:
    if not isinstance(value, dict):
        return str(_('应为对象，例如 {"negotiation": [5, 10]}。'))
    for stage, pair in value.items():
        if stage not in Stage.values:
            return str(_("未知阶段“%(stage)s”。") % {"stage": stage})
        if not (isinstance(pair, list) and len(pair) == 2 and all(map(_is_days, pair))):
            return str(_("阶段“%(stage)s”应为 [黄灯天数, 红灯天数] 两个整数。") % {"stage": stage})
        if pair[1] < pair[0]:
            return str(_("阶段“%(stage)s”的红灯天数不能小于黄灯天数。") % {"stage": stage})
    return None


def _cadence_error(value: object) -> str | None:
    if not isinstance(value, dict):
        return str(_('应为对象，例如 {"A": 30}。'))
    for tier, days in value.items():
        if tier not in Tier.values:
            return str(_("未知客户层级“%(tier)s”（应为 A、B 或 C）。") % {"tier": tier})
        if not _is_days(days) or days == 0:
            return str(_("层级“%(tier)s”的拜访周期应为 1 到 3650 天。") % {"tier": tier})
    return None
