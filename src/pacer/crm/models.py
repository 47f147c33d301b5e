"""Master data and CRM records.

Money is yuan as ``Decimal`` with two places (fen), never float. Every record that can be
imported carries an ``external_id`` so that a re-import updates instead of duplicating.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacer.org.models import Person
from pacer.planning.money import STORED_PLACES


def money_field(verbose_name: Any, **kwargs: Any) -> Any:
    """Yuan with four places (see ``pacer.planning.money.STORED``); below 10^14."""
    return models.DecimalField(
        verbose_name,
        max_digits=STORED_PLACES + 14,
        decimal_places=STORED_PLACES,
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,
    )


def external_id_field() -> Any:
    return models.CharField(_("外部编号"), max_length=100, unique=True, null=True, blank=True)


class BusinessType(models.TextChoices):
    REPEAT = "repeat", _("存量复购")
    NEW_CUSTOMER = "new_customer", _("新客户开发")
    NEW_PRODUCT = "new_product", _("新产品销售")


class Stage(models.TextChoices):
    """Funnel stage of a project (线索 → 需求对接 → 方案 → 商务谈判 → 签单 / 丢单)."""

    LEAD = "lead", _("线索")
    NEEDS = "needs", _("需求对接")
    PROPOSAL = "proposal", _("方案")
    NEGOTIATION = "negotiation", _("商务谈判")
    WON = "won", _("签单")
    LOST = "lost", _("丢单")


OPEN_STAGES = (Stage.LEAD, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION)

# Default win probability by stage (percent); the owner may override it per project.
STAGE_PROBABILITY = {
    Stage.LEAD: 10,
    Stage.NEEDS: 25,
    Stage.PROPOSAL: 50,
    Stage.NEGOTIATION: 75,
    Stage.WON: 100,
    Stage.LOST: 0,
}


class Tier(models.TextChoices):
    A = "A", _("A 类")
    B = "B", _("B 类")
    C = "C", _("C 类")


class LeadSource(models.TextChoices):
    EXHIBITION = "exhibition", _("展会")
    REFERRAL = "referral", _("转介绍")
    ONLINE = "online", _("线上")
    CHANNEL = "channel", _("渠道")
    COLD_CALL = "cold_call", _("陌拜")
    OTHER = "other", _("其他")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("拜访")
    CALL = "call", _("电话")
    PROPOSAL = "proposal", _("方案提交")
    DEMO = "demo", _("演示")
    EXHIBITION = "exhibition", _("展会")
    ONLINE = "online", _("线上沟通")
    REVIEW = "review", _("季度回顾")
    OTHER = "other", _("其他")


class Industry(models.Model):
    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("行业名称"), max_length=100)
    strategic = models.BooleanField(_("战略行业"), default=False)

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("区域名称"), max_length=100)

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProductLine(models.Model):
    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("产品线名称"), max_length=100)
    is_new_product = models.BooleanField(_("新产品"), default=False)

    class Meta:
        verbose_name = _("产品线")
        verbose_name_plural = _("产品线")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    code = models.CharField(_("代码"), max_length=100, unique=True)
    name = models.CharField(_("产品名称"), max_length=200)
    product_line = models.ForeignKey(
        ProductLine, verbose_name=_("产品线"), on_delete=models.PROTECT, related_name="products"
    )
    is_new_product = models.BooleanField(_("新产品"), default=False)
    list_price = money_field(_("标准价(元)"), null=True, blank=True)

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A channel partner (渠道商) that carries part of the target."""

    external_id = external_id_field()
    name = models.CharField(_("渠道商名称"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), null=True, blank=True, on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("渠道负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
    )

    class Meta:
        verbose_name = _("渠道商")
        verbose_name_plural = _("渠道商")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    external_id = external_id_field()
    name = models.CharField(_("客户名称"), max_length=200)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("渠道商"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    tier_override = models.CharField(
        _("指定分层"),
        max_length=1,
        choices=Tier.choices,
        blank=True,
        help_text=_("留空则按采购额自动分层"),
    )
    renewal_due = models.DateField(_("设备更新到期日"), null=True, blank=True)
    first_order_date = models.DateField(_("首单日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    external_id = external_id_field()
    customer = models.ForeignKey(
        Customer, verbose_name=_("客户"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("姓名"), max_length=100)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A sales opportunity (项目): the unit of the project pipeline (项目储备库)."""

    external_id = external_id_field()
    name = models.CharField(_("项目名称"), max_length=200)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("产品线"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("产品"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    business_type = models.CharField(
        _("业务类型"), max_length=16, choices=BusinessType.choices, default=BusinessType.REPEAT
    )
    amount = money_field(_("金额(元)"), default=Decimal(0))
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.LEAD)
    probability = models.PositiveSmallIntegerField(
        _("赢单概率(%)"), validators=[MaxValueValidator(100)], default=10
    )
    created_date = models.DateField(_("创建日期"), null=True, blank=True)
    expected_sign_date = models.DateField(_("预计签约日期"), null=True, blank=True)
    closed_date = models.DateField(_("关闭日期"), null=True, blank=True)
    lead_source = models.CharField(
        _("线索来源"), max_length=16, choices=LeadSource.choices, blank=True
    )
    competitor_present = models.BooleanField(_("有竞争对手"), default=False)
    # Red flags from the field: any one of them turns the project red at once.
    budget_cancelled = models.BooleanField(_("预算取消"), default=False)
    customer_gave_up = models.BooleanField(_("客户放弃"), default=False)
    competitor_mou = models.BooleanField(_("竞争对手已签意向书"), default=False)
    last_contact_date = models.DateField(_("最近联系日期"), null=True, blank=True)
    proposal_sent_date = models.DateField(_("方案发出日期"), null=True, blank=True)
    feedback_date = models.DateField(_("客户反馈日期"), null=True, blank=True)
    lost_reason = models.CharField(_("丢单原因"), max_length=200, blank=True)
    postponed_reason = models.CharField(_("延期原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["expected_sign_date", "name"]
        indexes = [
            models.Index(fields=["stage", "expected_sign_date"]),
            models.Index(fields=["owner", "stage"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Milestone(models.Model):
    """A key step of a project (关键节点) with its acceptance criterion (验收标准)."""

    external_id = external_id_field()
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("节点名称"), max_length=200)
    due_date = models.DateField(_("截止日期"))
    done_date = models.DateField(_("完成日期"), null=True, blank=True)
    acceptance = models.CharField(_("验收标准"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
    )

    class Meta:
        verbose_name = _("关键节点")
        verbose_name_plural = _("关键节点")
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    external_id = external_id_field()
    kind = models.CharField(_("类型"), max_length=16, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="activities"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    outcome = models.CharField(_("结果"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-date"]
        indexes = [models.Index(fields=["person", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Lead(models.Model):
    external_id = external_id_field()
    source = models.CharField(_("来源"), max_length=16, choices=LeadSource.choices)
    date = models.DateField(_("获取日期"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("跟进人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    company_name = models.CharField(_("公司名称"), max_length=200, blank=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    qualified_date = models.DateField(_("确认有效日期"), null=True, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("转化项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.date}"


class Order(models.Model):
    """A signed contract (签单); the first measure of actuals."""

    external_id = external_id_field()
    customer = models.ForeignKey(
        Customer, verbose_name=_("客户"), on_delete=models.PROTECT, related_name="orders"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("签单人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("产品线"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    business_type = models.CharField(
        _("业务类型"), max_length=16, choices=BusinessType.choices, default=BusinessType.REPEAT
    )
    amount = money_field(_("金额(元)"))
    signed_date = models.DateField(_("签约日期"))

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-signed_date"]
        indexes = [
            # Covers a year's totals per signer or customer without reading the table.
            models.Index(
                fields=["signed_date"],
                include=["amount", "person", "customer"],
                name="crm_order_signed_cover",
            ),
            models.Index(fields=["person", "signed_date"]),
        ]

    def __str__(self) -> str:
        return self.external_id or f"#{self.pk}"


class Payment(models.Model):
    """Money collected (回款) against an order; the second measure of actuals."""

    external_id = external_id_field()
    order = models.ForeignKey(
        Order, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(_("金额(元)"))
    date = models.DateField(_("回款日期"))

    class Meta:
        verbose_name = _("回款")
        verbose_name_plural = _("回款")
        ordering = ["-date"]
        indexes = [
            # Covers a year's payments per order without reading the table.
            models.Index(
                fields=["date"], include=["amount", "order"], name="crm_payment_date_cover"
            ),
        ]

    def __str__(self) -> str:
        return self.external_id or f"#{self.pk}"
