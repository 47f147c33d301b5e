"""What can be imported: one sheet per entity, its columns, their types and their headers.

A sheet is named by its entity in English (``customers``) or Chinese (``客户``); a column header
is its English header, its Chinese header or its field name. Names are compared without case,
spaces, underscores or hyphens, so ``Product Lines``, ``product_lines`` and ``产品线`` all match.

References point to other rows by their key: ``external_id`` for people, teams, partners,
customers, contacts, projects, milestones, activities, leads, orders and payments; ``code`` for
industries, regions, product lines and products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.db.models import Model, TextChoices
from django.utils import translation

from pacer.crm.models import (
    Activity,
    ActivityKind,
    BusinessType,
    Contact,
    Customer,
    Industry,
    Lead,
    LeadSource,
    Milestone,
    Order,
    Partner,
    Payment,
    Product,
    ProductLine,
    Project,
    Region,
    Stage,
    Tier,
)
from pacer.org.models import AccessRole, DataScope, Person, Position, Team


class Kind(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    LOGIN = "login"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    REF = "ref"


# A choice: (code, Chinese label, English label).
Choice = tuple[str, str, str]

# English labels of every choice; the Chinese labels come from the models themselves.
EN_LABELS: dict[type[TextChoices], dict[str, str]] = {
    Position: {
        "director": "Director",
        "industry_manager": "Industry manager",
        "region_manager": "Region manager",
        "channel_specialist": "Channel specialist",
        "account_executive": "Account executive",
    },
    AccessRole: {"admin": "Admin", "director": "Director", "manager": "Manager", "rep": "Rep"},
    DataScope: {
        "self": "Self",
        "subordinates": "Self and subordinates",
        "team": "Team",
        "all": "All",
    },
    BusinessType: {
        "repeat": "Repeat",
        "new_customer": "New customer",
        "new_product": "New product",
    },
    Stage: {
        "lead": "Lead",
        "needs": "Needs",
        "proposal": "Proposal",
        "negotiation": "Negotiation",
        "won": "Won",
        "lost": "Lost",
    },
    Tier: {"A": "A", "B": "B", "C": "C"},
    LeadSource: {
        "exhibition": "Exhibition",
        "referral": "Referral",
        "online": "Online",
        "channel": "Channel",
        "cold_call": "Cold call",
        "other": "Other",
    },
    ActivityKind: {
        "visit": "Visit",
        "call": "Call",
        "proposal": "Proposal",
        "demo": "Demo",
        "exhibition": "Exhibition",
        "online": "Online",
        "review": "Quarterly review",
        "other": "Other",
    },
}

LANGUAGE_EN = {"zh-hans": "Simplified Chinese", "en": "English"}


@dataclass(frozen=True)
class Column:
    """One importable column: the model field it fills, its headers, its type."""

    field: str
    en: str
    zh: str
    kind: Kind
    required: bool = False
    target: str | None = None  # the entity a REF points to
    choices: type[TextChoices] | str | None = None  # "language" for the interface language

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Entity:
    """One importable entity: its sheet names, model, key field and columns."""

    name: str
    zh: str
    model: type[Model]
    key: str  # "external_id" or "code"
    columns: tuple[Column, ...]

    def sheet(self, lang: str) -> str:
        return self.name if lang == "en" else self.zh

    def column(self, field: str) -> Column:
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)

    @property
    def key_column(self) -> Column:
        return self.column(self.key)


def _external_id() -> Column:
    return Column("external_id", "External ID", "外部编号", Kind.TEXT, required=True)


def _code() -> Column:
    return Column("code", "Code", "代码", Kind.TEXT, required=True)


def _ref(field: str, en: str, zh: str, target: str, *, required: bool = False) -> Column:
    return Column(field, en, zh, Kind.REF, required=required, target=target)


def _text(field: str, en: str, zh: str, *, required: bool = False) -> Column:
    return Column(field, en, zh, Kind.TEXT, required=required)


def _date(field: str, en: str, zh: str, *, required: bool = False) -> Column:
    return Column(field, en, zh, Kind.DATE, required=required)


def _choice(
    field: str, en: str, zh: str, choices: type[TextChoices] | str, *, required: bool = False
) -> Column:
    return Column(field, en, zh, Kind.CHOICE, required=required, choices=choices)


def _money(field: str, en: str, zh: str, *, required: bool = False) -> Column:
    return Column(field, en, zh, Kind.MONEY, required=required)


def _bool(field: str, en: str, zh: str) -> Column:
    return Column(field, en, zh, Kind.BOOL)


ENTITIES: tuple[Entity, ...] = (
    Entity("teams", "团队", Team, "external_id", (
        _external_id(),
        _text("name", "Name", "团队名称", required=True),
        _ref("parent", "Parent team", "上级团队编号", "teams"),
        _ref("leader", "Leader", "负责人编号", "people"),
    )),
    Entity("people", "人员", Person, "external_id", (
        _external_id(),
        _text("name", "Name", "姓名", required=True),
        Column("user", "Login", "登录名", Kind.LOGIN),
        _ref("team", "Team", "团队编号", "teams"),
        _ref("manager", "Manager", "直属上级编号", "people"),
        _choice("position", "Position", "岗位", Position),
        _choice("access_role", "Access role", "系统角色", AccessRole),
        _choice("data_scope", "Data scope", "数据范围", DataScope),
        _date("hire_date", "Hire date", "入职日期"),
        _date("active_from", "Active from", "在岗起始"),
        _date("active_to", "Active to", "在岗截止"),
        Column("email", "Email", "邮箱", Kind.EMAIL),
        _choice("language", "Language", "界面语言", "language"),
    )),
    Entity("industries", "行业", Industry, "code", (
        _code(),
        _text("name", "Name", "行业名称", required=True),
        _bool("strategic", "Strategic", "战略行业"),
    )),
    Entity("regions", "区域", Region, "code", (
        _code(),
        _text("name", "Name", "区域名称", required=True),
    )),
    Entity("product_lines", "产品线", ProductLine, "code", (
        _code(),
        _text("name", "Name", "产品线名称", required=True),
        _bool("is_new_product", "New product", "新产品"),
    )),
    Entity("products", "产品", Product, "code", (
        _code(),
        _text("name", "Name", "产品名称", required=True),
        _ref("product_line", "Product line", "产品线代码", "product_lines", required=True),
        _bool("is_new_product", "New product", "新产品"),
        _money("list_price", "List price", "标准价(元)"),
    )),
    Entity("partners", "渠道商", Partner, "external_id", (
        _external_id(),
        _text("name", "Name", "渠道商名称", required=True),
        _ref("region", "Region", "区域代码", "regions"),
        _ref("owner", "Owner", "渠道负责人编号", "people"),
    )),
    Entity("customers", "客户", Customer, "external_id", (
        _external_id(),
        _text("name", "Name", "客户名称", required=True),
        _ref("industry", "Industry", "行业代码", "industries"),
        _ref("region", "Region", "区域代码", "regions"),
        _ref("owner", "Owner", "负责人编号", "people"),
        _ref("partner", "Partner", "渠道商编号", "partners"),
        _choice("tier_override", "Tier", "指定分层", Tier),
        _date("renewal_due", "Renewal due", "设备更新到期日"),
        _date("first_order_date", "First order date", "首单日期"),
    )),
    Entity("contacts", "联系人", Contact, "external_id", (
        _external_id(),
        _ref("customer", "Customer", "客户编号", "customers", required=True),
        _text("name", "Name", "姓名", required=True),
        _text("title", "Title", "职务"),
        _text("phone", "Phone", "电话"),
        Column("email", "Email", "邮箱", Kind.EMAIL),
    )),
    Entity("projects", "项目", Project, "external_id", (
        _external_id(),
        _text("name", "Name", "项目名称", required=True),
        _ref("customer", "Customer", "客户编号", "customers"),
        _ref("owner", "Owner", "负责人编号", "people"),
        _ref("product_line", "Product line", "产品线代码", "product_lines"),
        _ref("product", "Product", "产品代码", "products"),
        _choice("business_type", "Business type", "业务类型", BusinessType),
        _money("amount", "Amount", "金额(元)"),
        _choice("stage", "Stage", "阶段", Stage),
        Column("probability", "Probability (%)", "赢单概率(%)", Kind.PERCENT),
        _date("created_date", "Created date", "创建日期"),
        _date("expected_sign_date", "Expected signing date", "预计签约日期"),
        _date("closed_date", "Closed date", "关闭日期"),
        _choice("lead_source", "Lead source", "线索来源", LeadSource),
        _bool("competitor_present", "Competitor present", "有竞争对手"),
        _bool("budget_cancelled", "Budget cancelled", "预算取消"),
        _bool("customer_gave_up", "Customer gave up", "客户放弃"),
        _bool("competitor_mou", "Competitor MOU", "竞争对手已签意向书"),
        _date("last_contact_date", "Last contact date", "最近联系日期"),
        _date("proposal_sent_date", "Proposal sent date", "方案发出日期"),
        _date("feedback_date", "Feedback date", "客户反馈日期"),
        _text("lost_reason", "Lost reason", "丢单原因"),
        _text("postponed_reason", "Postponed reason", "延期原因"),
    )),
    Entity("milestones", "关键节点", Milestone, "external_id", (
        _external_id(),
        _ref("project", "Project", "项目编号", "projects", required=True),
        _text("name", "Name", "节点名称", required=True),
        _date("due_date", "Due date", "截止日期", required=True),
        _date("done_date", "Done date", "完成日期"),
        _text("acceptance", "Acceptance criterion", "验收标准"),
        _ref("owner", "Owner", "负责人编号", "people"),
    )),
    Entity("activities", "活动", Activity, "external_id", (
        _external_id(),
        _choice("kind", "Kind", "类型", ActivityKind, required=True),
        _date("date", "Date", "日期", required=True),
        _ref("person", "Person", "人员编号", "people", required=True),
        _ref("customer", "Customer", "客户编号", "customers"),
        _ref("project", "Project", "项目编号", "projects"),
        _text("outcome", "Outcome", "结果"),
    )),
    Entity("leads", "线索", Lead, "external_id", (
        _external_id(),
        _choice("source", "Source", "来源", LeadSource, required=True),
        _date("date", "Date", "获取日期", required=True),
        _ref("person", "Person", "跟进人编号", "people"),
        _text("company_name", "Company name", "公司名称"),
        _ref("customer", "Customer", "客户编号", "customers"),
        _date("qualified_date", "Qualified date", "确认有效日期"),
        _ref("project", "Project", "转化项目编号", "projects"),
    )),
    Entity("orders", "订单", Order, "external_id", (
        _external_id(),
        _ref("customer", "Customer", "客户编号", "customers", required=True),
        _ref("project", "Project", "项目编号", "projects"),
        _ref("person", "Person", "签单人编号", "people"),
        _ref("product_line", "Product line", "产品线代码", "product_lines"),
        _choice("business_type", "Business type", "业务类型", BusinessType),
        _money("amount", "Amount", "金额(元)", required=True),
        _date("signed_date", "Signed date", "签约日期", required=True),
    )),
    Entity("payments", "回款", Payment, "external_id", (
        _external_id(),
        _ref("order", "Order", "订单编号", "orders", required=True),
        _money("amount", "Amount", "金额(元)", required=True),
        _date("date", "Date", "回款日期", required=True),
    )),
)  # fmt: skip

BY_NAME: dict[str, Entity] = {entity.name: entity for entity in ENTITIES}
ORDER: dict[str, int] = {entity.name: i for i, entity in enumerate(ENTITIES)}


def normalize(name: object) -> str:
    """A header or sheet name compared without case, spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", str(name or "")).casefold()


def entity_for_sheet(name: str) -> Entity | None:
    """The entity a sheet or CSV file (without ``.csv``) holds, or ``None``."""
    wanted = normalize(name)
    for entity in ENTITIES:
        if wanted in {normalize(entity.name), normalize(entity.zh)}:
            return entity
    return None


def column_for_header(entity: Entity, header: str) -> Column | None:
    wanted = normalize(header)
    for column in entity.columns:
        if wanted in {normalize(column.en), normalize(column.zh), normalize(column.field)}:
            return column
    return None


@cache
def choices_of(column: Column) -> tuple[Choice, ...]:
    """Every choice of a CHOICE column with its Chinese and English labels."""
    if column.choices == "language":
        with translation.override("zh-hans"):
            return tuple(
                (code, str(label), LANGUAGE_EN[code]) for code, label in settings.LANGUAGES
            )
    assert isinstance(column.choices, type)
    english = EN_LABELS[column.choices]
    with translation.override("zh-hans"):
        return tuple(
            (str(code), str(label), english[str(code)]) for code, label in column.choices.choices
        )
