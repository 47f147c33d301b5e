"""The shape of a plan workbook: its sheets and their headers, in Chinese and in English.

Sheet names and headers are part of the file format, like the columns of a CSV file: a workbook
is written in one language (Chinese by default) and read in either. Names are compared without
case, spaces, underscores, hyphens or a unit in brackets, so ``目标(元)``, ``目标（元）`` and
``目标`` are the same header.

Amounts are yuan to the fen, written as numbers (not 万元) so that a sum of cells in Excel is
exactly the plan's sum; the cells are formatted ``#,##0.00``. Shares are fractions formatted as
percentages.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

LANGS = ("zh", "en")

MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"


@dataclass(frozen=True)
class Name:
    """One name of the file format in both languages; ``key`` is how the code refers to it."""

    key: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def matches(self, text: object) -> bool:
        wanted = normalise(text)
        return wanted in {normalise(self.zh), normalise(self.en), normalise(self.key)}


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name and its fixed columns (month and quarter columns are added to some)."""

    name: Name
    columns: tuple[Name, ...]
    required: tuple[str, ...] = ()
    months: bool = False
    quarters: bool = False

    def column(self, key: str) -> Name:
        return next(c for c in self.columns if c.key == key)


_UNIT = re.compile(r"[(（][^)）]*[)）]$")
_SPACES = re.compile(r"[\s_\-]+")


def normalise(text: object) -> str:
    """A header or sheet name as compared: no case, spaces, ``_``/``-`` or bracketed unit."""
    cleaned = "" if text is None else str(text).strip()
    cleaned = _UNIT.sub("", cleaned)
    return _SPACES.sub("", cleaned).casefold()


# -- names shared by several sheets -------------------------------------------------------------

TOTAL = Name("total", "合计", "Total")
TARGET = Name("target", "目标(元)", "Target (yuan)")
SHARE = Name("share", "占比", "Share")
BASE = Name("base", "基础线(元)", "Base (yuan)")
STRETCH = Name("stretch", "挑战线(元)", "Stretch (yuan)")
BREAKTHROUGH = Name("breakthrough", "突破线(元)", "Breakthrough (yuan)")
EXPLANATION = Name("explanation", "拆解依据", "Explanation")
BUSINESS_TYPE = Name("business_type", "业务类型", "Business type")
LEVELS = (BASE, STRETCH, BREAKTHROUGH)
YEAR_TOTAL = Name("year_total", "全年(元)", "Year (yuan)")
QUARTERS = tuple(
    Name(f"q{q}", f"Q{q}", f"Q{q}") for q in range(1, 5)
)  # also read: 一季度 … 四季度, 第一季度 …
QUARTER_ZH = ("一", "二", "三", "四")

# -- the sheets ----------------------------------------------------------------------------------

OVERVIEW = Sheet(
    Name("overview", "总览", "Overview"),
    (Name("item", "项目", "Item"), Name("value", "数值", "Value")),
    required=("item", "value"),
)
BUSINESS_TYPES = Sheet(
    Name("business_types", "业务类型", "Business types"),
    (BUSINESS_TYPE, TARGET, SHARE, *LEVELS, EXPLANATION),
    required=("business_type", "target"),
)
MARKETS = Sheet(
    Name("markets", "行业区域", "Industry x region"),
    (
        BUSINESS_TYPE,
        Name("industry", "行业", "Industry"),
        Name("region", "区域", "Region"),
        TARGET,
        *LEVELS,
        EXPLANATION,
    ),
    required=("business_type", "industry", "target"),
)
MONTHS = Sheet(
    Name("months", "月度", "Monthly"),
    (
        Name("tree", "分解", "Tree"),
        Name("dimension", "维度", "Dimension"),
        Name("name", "名称", "Name"),
        Name("parent", "上级", "Parent"),
    ),
    required=("tree", "name", "parent"),
    months=True,
    quarters=True,
)
PEOPLE = Sheet(
    Name("people", "个人", "People"),
    (
        Name("team", "团队", "Team"),
        Name("person", "姓名", "Person"),
        TARGET,
        Name("quota", "个人指标(元)", "Quota (yuan)"),
        *LEVELS,
    ),
    required=("team", "person", "target"),
    months=True,
)
TIERS = Sheet(
    Name("tiers", "客户分层", "Customer tiers"),
    (
        Name("tier", "分层", "Tier"),
        Name("count", "客户数", "Customers"),
        Name("last_12_months", "近12个月采购(元)", "Last 12 months (yuan)"),
        SHARE,
        Name("planned_repeat", "计划复购(元)", "Planned repeat (yuan)"),
        Name("cadence", "动作节奏", "Cadence"),
    ),
    required=("tier", "last_12_months", "share", "planned_repeat"),
)
ACTIONS = Sheet(
    Name("actions", "漏斗动作", "Funnel actions"),
    (
        Name("owner", "负责人", "Owner"),
        Name("stage", "阶段", "Stage"),
        Name("count", "数量", "Count"),
        Name("due", "截止日期", "Deadline"),
        Name("feeds_month", "对应签单月", "Feeds month"),
        Name("acceptance", "验收标准", "Acceptance criterion"),
    ),
)
BUDGET = Sheet(
    Name("budget", "预算", "Budget"),
    (
        Name("line", "预算项", "Line"),
        Name("amount", "金额(元)", "Amount (yuan)"),
        Name("expected_leads", "预计线索", "Expected leads"),
    ),
    required=("line", "amount"),
)
COLLECTIONS = Sheet(
    Name("collections", "回款", "Collections"),
    (Name("month", "月份", "Month"), Name("amount", "计划回款(元)", "Expected collection (yuan)")),
)

SHEETS = (OVERVIEW, BUSINESS_TYPES, MARKETS, MONTHS, PEOPLE, TIERS, ACTIONS, BUDGET, COLLECTIONS)
REQUIRED = (BUSINESS_TYPES, MARKETS, MONTHS, PEOPLE)

# -- rows of the overview sheet (the item column) ------------------------------------------------

ITEMS = {
    item.key: item
    for item in (
        Name("name", "计划名称", "Plan name"),
        Name("id", "计划编号", "Plan ID"),
        Name("version", "版本", "Version"),
        Name("status", "状态", "Status"),
        Name("year", "财年", "Fiscal year"),
        Name("as_of", "数据基准日", "Data as of"),
        Name("target", "年度目标(元)", "Annual target (yuan)"),
        BASE,
        STRETCH,
        BREAKTHROUGH,
        Name("top_down", "自上而下(元)", "Top-down (yuan)"),
        Name("bottom_up", "自下而上(元)", "Bottom-up (yuan)"),
        Name("market", "市场视角(元)", "Market view (yuan)"),
        Name("growth_needed", "需要增长", "Growth needed"),
        Name("best_history_growth", "历史最好增长", "Best historical growth"),
        Name("backing", "支撑倍数", "Backing"),
        Name("verdict", "结论", "Verdict"),
        Name("reason", "理由", "Reason"),
        Name("warning", "提示", "Warning"),
    )
}

# Values of the tree column of the monthly sheet.
TREE_MARKET = Name("market", "业务", "Market")
TREE_ORG = Name("org", "组织", "Organisation")

# Rows of the collections sheet after the months.
CARRIED_OVER = Name("carried_over", "次年回款(元)", "Collected next year (yuan)")


def month_header(month: int, lang: str) -> str:
    """The header of a calendar month's column: ``3月`` or ``Mar``."""
    return calendar.month_abbr[month] if lang == "en" else f"{month}月"


_MONTH_ZH = re.compile(r"^(\d{1,2})月$")
_MONTHS_EN = {
    **{calendar.month_abbr[m].casefold(): m for m in range(1, 13)},
    **{calendar.month_name[m].casefold(): m for m in range(1, 13)},
}


def month_of_header(text: object) -> int | None:
    """The calendar month a header names (``3月``, ``Mar``, ``March``), else ``None``."""
    cleaned = normalise(text)
    match = _MONTH_ZH.match(cleaned)
    if match and 1 <= int(match.group(1)) <= 12:
        return int(match.group(1))
    return _MONTHS_EN.get(cleaned)


def quarter_of_header(text: object) -> int | None:
    """The quarter (1–4) a header names (``Q2``, ``二季度``, ``第二季度``), else ``None``."""
    cleaned = normalise(text)
    for q in range(1, 5):
        if cleaned in {f"q{q}", f"{QUARTER_ZH[q - 1]}季度", f"第{QUARTER_ZH[q - 1]}季度"}:
            return q
    return None
