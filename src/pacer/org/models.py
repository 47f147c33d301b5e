"""Company settings, teams and people.

A person's *position* is their job in the sales organisation (director, industry manager, …);
their *access role* and *data scope* decide what they may see in Pacer (see ``pacer.access``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    """The one company this Pacer installation serves (a single row)."""

    name = models.CharField(_("公司名称"), max_length=200)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("财年起始月"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    currency = models.CharField(_("币种"), max_length=3, default="CNY")
    display_unit = models.CharField(
        _("金额显示单位"),
        max_length=8,
        choices=[("wan", _("万元")), ("yuan", _("元"))],
        default="wan",
    )

    class Meta:
        verbose_name = _("公司设置")
        verbose_name_plural = _("公司设置")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A node of the sales organisation tree (company → industry/region teams → groups)."""

    external_id = models.CharField(
        _("外部编号"), max_length=100, unique=True, null=True, blank=True
    )
    name = models.CharField(_("团队名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级团队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    leader = models.ForeignKey(
        "Person",
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )

    class Meta:
        verbose_name = _("团队")
        verbose_name_plural = _("团队")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    """The job a person does in the sales organisation (from the field's PLC example)."""

    DIRECTOR = "director", _("销售总监")
    INDUSTRY_MANAGER = "industry_manager", _("行业经理")
    REGION_MANAGER = "region_manager", _("区域经理")
    CHANNEL_SPECIALIST = "channel_specialist", _("渠道专员")
    ACCOUNT_EXECUTIVE = "account_executive", _("客户经理")


class AccessRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    DIRECTOR = "director", _("总监")
    MANAGER = "manager", _("经理")
    REP = "rep", _("销售代表")


class DataScope(models.TextChoices):
    """Whose data a person may see: their own, their reporting line, their team subtree, or all."""

    SELF = "self", _("本人")
    SUBORDINATES = "subordinates", _("本人及下属")
    TEAM = "team", _("本团队")
    ALL = "all", _("全部")


DEFAULT_SCOPE = {
    AccessRole.ADMIN: DataScope.ALL,
    AccessRole.DIRECTOR: DataScope.ALL,
    AccessRole.MANAGER: DataScope.SUBORDINATES,
    AccessRole.REP: DataScope.SELF,
}


class Person(models.Model):
    """Someone in the sales organisation; may or may not have a login."""

    external_id = models.CharField(
        _("外部编号"), max_length=100, unique=True, null=True, blank=True
    )
    name = models.CharField(_("姓名"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("团队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("直属上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    position = models.CharField(
        _("岗位"), max_length=32, choices=Position.choices, default=Position.ACCOUNT_EXECUTIVE
    )
    access_role = models.CharField(
        _("系统角色"), max_length=16, choices=AccessRole.choices, default=AccessRole.REP
    )
    data_scope = models.CharField(
        _("数据范围"),
        max_length=16,
        choices=DataScope.choices,
        blank=True,
        help_text=_("留空则按系统角色取默认范围"),
    )
    hire_date = models.DateField(_("入职日期"), null=True, blank=True)
    active_from = models.DateField(_("在岗起始"), null=True, blank=True)
    active_to = models.DateField(
        _("在岗截止"), null=True, blank=True, help_text=_("不含当日；留空表示仍在岗")
    )
    email = models.EmailField(_("邮箱"), blank=True)
    language = models.CharField(
        _("界面语言"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_scope(self) -> str:
        return self.data_scope or DEFAULT_SCOPE[AccessRole(self.access_role)]

    def is_active_on(self, day: date) -> bool:
        """Active on ``day``: within ``[active_from, active_to)``; open ends are unbounded."""
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_to and day >= self.active_to)
