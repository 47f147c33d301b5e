"""Incentive schemes, mentorships and monthly incentive statements.

A scheme (激励方案) says who it applies to (positions and access roles), what it pays on (signed
orders or payments collected, 回款) and its rates and bonuses; it is edited in the admin. A
statement (激励结算单) is one person's month, computed from a scheme and the month's data; it
stores a snapshot of the scheme values it used, so editing a scheme never rewrites history.
Computing a month again makes a new version only when something changed; the earlier one is
kept, marked superseded.

Money is yuan (``Decimal``, two places); rates are fractions (0.02 = 2 %). Date ranges are
half-open ``[valid_from, valid_to)``; an empty ``valid_to`` is open-ended.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.org.models import AccessRole, Person, Position


class Basis(models.TextChoices):
    ORDERS = "orders", _("签单额")
    PAYMENTS = "payments", _("回款额")


class StatementStatus(models.TextChoices):
    CURRENT = "current", _("当前版本")
    SUPERSEDED = "superseded", _("已被新版本取代")


def _bonus_field(verbose_name: Any, default: int) -> Any:
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
    )


def _rate_field(verbose_name: Any, default: str, *, maximum: int = 1, **kwargs: Any) -> Any:
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=4,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(maximum))],
        **kwargs,
    )


class IncentiveScheme(models.Model):
    """A configurable incentive plan; the defaults are the field's example."""

    name = models.CharField(_("方案名称"), max_length=200)
    positions = models.JSONField(
        _("适用岗位"),
        default=list,
        blank=True,
        help_text=_('岗位代码列表，例如 ["account_executive"]；留空表示所有岗位'),
    )
    access_roles = models.JSONField(
        _("适用系统角色"),
        default=list,
        blank=True,
        help_text=_('系统角色代码列表，例如 ["rep", "manager"]；留空表示所有角色'),
    )
    basis = models.CharField(
        _("计提口径"), max_length=16, choices=Basis.choices, default=Basis.ORDERS
    )
    action_bonus = _bonus_field(_("动作达标奖(元)"), 500)
    extra_proposal_bonus = _bonus_field(_("每个超额方案奖(元)"), 200)
    base_rate = _rate_field(_("基础提成率"), "0.02", help_text=_("0.02 表示 2%"))
    target_met_rate_bonus = _rate_field(
        _("达成当月目标的费率加成"), "0.01", help_text=_("0.01 表示费率 +1%")
    )
    accelerator_threshold = _rate_field(
        _("加速奖门槛(完成率)"),
        "1.2",
        maximum=100,
        help_text=_("1.2 表示当月完成率超过 120% 时发放加速奖"),
    )
    accelerator_rate = _rate_field(
        _("加速奖比例"), "0.05", help_text=_("0.05 表示当月加权销售额的 5%")
    )
    line_weights = models.JSONField(
        _("产品线权重"),
        default=dict,
        blank=True,
        help_text=_('产品线代码 → 权重，例如 {"plc-new": "1.5"}；未列出的产品线权重为 1'),
    )
    mentoring_rate = _rate_field(
        _("带教提成率"), "0.01", help_text=_("所带新人当月销售额的比例，0.01 表示 1%")
    )
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(
        _("失效日期"), null=True, blank=True, help_text=_("不含当日；留空表示长期有效")
    )

    class Meta:
        verbose_name = _("激励方案")
        verbose_name_plural = _("激励方案")
        ordering = ["-valid_from", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field, choices in (("positions", Position), ("access_roles", AccessRole)):
            problem = _codes_problem(getattr(self, field), {c.value for c in choices})
            if problem:
                errors[field] = problem
        weights, problem = _weights(self.line_weights)
        if problem:
            errors["line_weights"] = problem
        else:
            self.line_weights = weights
        if self.valid_to and self.valid_from and self.valid_to <= self.valid_from:
            errors["valid_to"] = gettext("失效日期必须晚于生效日期")
        if errors:
            raise ValidationError(errors)


def _codes_problem(value: object, allowed: set[str]) -> str:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return gettext('应为代码列表，例如 ["rep"]')
    unknown = sorted(set(value) - allowed)
    if unknown:
        return gettext("未知的代码：%(codes)s；可用的代码：%(allowed)s") % {
            "codes": ", ".join(unknown),
            "allowed": ", ".join(sorted(allowed)),
        }
    return ""


def _weights(value: object) -> tuple[dict[str, str], str]:
    """The weights as ``{code: "1.5"}`` (exact decimal text), or a message naming the problem."""
    if not isinstance(value, dict):
        return {}, gettext('应为“产品线代码 → 权重”的对象，例如 {"plc-new": "1.5"}')
    weights: dict[str, str] = {}
    for code, raw in value.items():
        try:
            weight = Decimal(str(raw))
        except InvalidOperation:
            weight = Decimal(-1)
        if isinstance(raw, bool) or not weight.is_finite() or weight < 0:
            return {}, gettext("产品线 %(code)s 的权重“%(value)s”不是非负数字") % {
                "code": code,
                "value": raw,
            }
        weights[str(code)] = str(weight)
    return weights, ""


class Mentorship(models.Model):
    """An experienced person (mentor) coaching a new colleague (mentee) over a period."""

    mentor = models.ForeignKey(
        Person,
        verbose_name=_("带教人"),
        on_delete=models.PROTECT,
        related_name="mentorships_given",
    )
    mentee = models.ForeignKey(
        Person,
        verbose_name=_("新人"),
        on_delete=models.PROTECT,
        related_name="mentorships_received",
    )
    valid_from = models.DateField(_("开始日期"))
    valid_to = models.DateField(
        _("结束日期"), null=True, blank=True, help_text=_("不含当日；留空表示仍在带教")
    )

    class Meta:
        verbose_name = _("带教关系")
        verbose_name_plural = _("带教关系")
        ordering = ["mentor", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentor_is_not_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    def clean(self) -> None:
        if self.mentor_id is not None and self.mentor_id == self.mentee_id:
            raise ValidationError({"mentee": gettext("带教人和新人不能是同一个人")})
        if self.valid_to and self.valid_from and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": gettext("结束日期必须晚于开始日期")})


class IncentiveStatement(models.Model):
    """One person's incentives for one month, as computed; never edited afterwards.

    ``scheme_snapshot``, ``inputs`` and ``lines`` are the JSON documented in
    docs/incentives.md. ``month`` is the month's first day.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="incentive_statements",
    )
    month = models.DateField(_("月份"))
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=16, choices=StatementStatus.choices, default=StatementStatus.CURRENT
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("被哪个版本取代"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    scheme = models.ForeignKey(
        IncentiveScheme,
        verbose_name=_("激励方案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    scheme_snapshot = models.JSONField(_("方案取值"), default=dict)
    inputs = models.JSONField(_("计算依据"), default=dict)
    lines = models.JSONField(_("明细"), default=list)
    sales = models.DecimalField(_("销售额(元)"), max_digits=16, decimal_places=2)
    weighted_sales = models.DecimalField(_("加权销售额(元)"), max_digits=16, decimal_places=2)
    attainment = models.DecimalField(
        _("完成率"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    total = models.DecimalField(_("激励合计(元)"), max_digits=16, decimal_places=2)
    as_of = models.DateField(_("数据截止日"))
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("计算人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("激励结算单")
        verbose_name_plural = _("激励结算单")
        ordering = ["-month", "person", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month", "version"], name="incentive_statement_version_unique"
            ),
            models.UniqueConstraint(
                fields=["person", "month"],
                condition=models.Q(status="current"),
                name="incentive_statement_one_current",
            ),
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.status == StatementStatus.CURRENT
