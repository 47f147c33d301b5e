"""A small plan workbook made by hand (as a sales manager would), consistent to the fen.

Target 1,000,000: 存量复购 600,000, 新客户开发 300,000, 新产品销售 100,000; two teams, three
people. ``edit`` changes cells before the file is saved, to make it wrong in a known way.

Layout of 月度: A 分解, B 维度, C 名称, D 上级, E–P months 1–12, Q 全年, R–U Q1–Q4; row 2 the
market company, rows 3–5 the business types, row 6 the org company, rows 7–8 the teams.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

K = 1000
# The company's months (in thousands): low first half, 1,000 in all.
SHAPE = [50, 50, 60, 70, 80, 90, 100, 100, 100, 100, 100, 100]

Edit = Callable[[Workbook], None]

HEADERS = {
    "zh": {
        "sheets": ["总览", "业务类型", "行业区域", "月度", "个人"],
        "overview": ["项目", "数值"],
        "items": ["财年", "年度目标(元)", "基础线(元)", "挑战线(元)", "突破线(元)"],
        "types": ["业务类型", "目标(元)", "占比", "基础线(元)", "挑战线(元)", "突破线(元)"],
        "markets": ["业务类型", "行业", "区域", "目标(元)"],
        "months": ["分解", "维度", "名称", "上级"],
        "month": [f"{m}月" for m in range(1, 13)],
        "year": "全年(元)",
        "people": ["团队", "姓名", "目标(元)"],
        "market": "业务",
        "org": "组织",
        "total": "合计",
    },
    "en": {
        "sheets": ["Overview", "Business types", "Industry x region", "Monthly", "People"],
        "overview": ["Item", "Value"],
        "items": [
            "Fiscal year",
            "Annual target (yuan)",
            "Base (yuan)",
            "Stretch (yuan)",
            "Breakthrough (yuan)",
        ],
        "types": ["Business type", "Target (yuan)", "Share", "Base", "Stretch", "Breakthrough"],
        "markets": ["Business type", "Industry", "Region", "Target (yuan)"],
        "months": ["Tree", "Dimension", "Name", "Parent"],
        "month": [calendar.month_abbr[m] for m in range(1, 13)],
        "year": "Year (yuan)",
        "people": ["Team", "Person", "Target (yuan)"],
        "market": "Market",
        "org": "Organisation",
        "total": "Total",
    },
}

TYPES = [("存量复购", 600), ("新客户开发", 300), ("新产品销售", 100)]
MARKETS = [
    ("存量复购", "3C电子", "珠三角", 400),
    ("存量复购", "3C电子", "长三角", 200),
    ("新客户开发", "锂电设备", "珠三角", 300),
    ("新产品销售", "3C电子", None, 100),
]
TEAMS = [("华南组", 600), ("华东组", 400)]
PEOPLE = [("华南组", "张三", 400), ("华南组", "李四", 200), ("华东组", "王五", 400)]


def months_of(amount: int) -> list[int]:
    """Twelve months (yuan) of ``amount`` thousand, shaped like the company."""
    return [m * amount for m in SHAPE]


def quarters(months: list[int]) -> list[int]:
    return [sum(months[3 * q : 3 * q + 3]) for q in range(4)]


def write_handmade(path: Path, *, lang: str = "zh", edit: Edit | None = None) -> Path:
    h = HEADERS[lang]
    wb = Workbook()
    wb.remove(wb.active)
    overview, types, markets, monthly, people = (wb.create_sheet(n) for n in h["sheets"])
    overview.append(h["overview"])
    for item, value in zip(h["items"], [2026, 1000 * K, 800 * K, 1000 * K, 1200 * K], strict=True):
        overview.append([item, value])
    types.append(h["types"])
    for name, amount in TYPES:
        yuan = amount * K
        types.append([name, yuan, amount / 1000, yuan * 0.8, yuan, yuan * 1.2])
    types.append([h["total"], 1000 * K, 1])
    markets.append(h["markets"])
    for bt, industry, region, amount in MARKETS:
        markets.append([bt, industry, region, amount * K])
    monthly.append([*h["months"], *h["month"], h["year"], "Q1", "Q2", "Q3", "Q4"])
    company = "测试工业"
    rows = [(h["market"], "公司", company, None, 1000)]
    rows += [(h["market"], "业务类型", name, company, amount) for name, amount in TYPES]
    rows += [(h["org"], "公司", company, None, 1000)]
    rows += [(h["org"], "团队", name, company, amount) for name, amount in TEAMS]
    for tree, dimension, name, parent, amount in rows:
        months = months_of(amount)
        monthly.append([tree, dimension, name, parent, *months, amount * K, *quarters(months)])
    people.append([*h["people"], *h["month"]])
    for team, name, amount in PEOPLE:
        people.append([team, name, amount * K, *months_of(amount)])
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path
