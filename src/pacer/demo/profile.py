"""The demo company's fixed facts, taken from the field's industrial PLC maker.

Last year's orders were 3800万; this year's target is 5000万. The company sells standard
small and mid-size PLCs to 3C electronics, lithium-battery equipment and packaging machinery
makers, and launches a high-end PLC for lithium-battery equipment in the plan year.
Money is yuan (``Decimal``, two places).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pacer.demo.records import IndustryRecord, ProductLineRecord, ProductRecord, RegionRecord

# The company row's name is how ``pacer demo`` recognises its own company.
DEMO_COMPANY_NAME = "华控智能装备（演示）"
DEMO_TARGET = Decimal("50000000.00")  # this year's target (planned by a later feature)
LAST_YEAR_ORDERS = Decimal("38000000.00")  # last year's signed orders, to the fen
DEFAULT_SEED = 5000
DEMO_PASSWORD = "pacer-demo"  # noqa: S105 - printed for every demo user on purpose
# Demo logins and external ids carry these prefixes so that a reset can find them.
USERNAME_PREFIX = "demo-"
ID_PREFIX = "DEMO-"

INDUSTRIES = (
    IndustryRecord(code="3c", name="3C电子", strategic=False),
    IndustryRecord(code="lithium", name="锂电设备", strategic=True),
    IndustryRecord(code="packaging", name="包装机械", strategic=False),
)
REGIONS = (
    RegionRecord(code="prd", name="珠三角"),
    RegionRecord(code="yrd", name="长三角"),
    RegionRecord(code="jx_sc", name="江西/四川"),
    RegionRecord(code="sd_hn", name="山东/河南"),
)

SMALL_PLC = "plc-s"
MID_PLC = "plc-m"
NEW_PLC = "plc-li"
STANDARD_LINES = (SMALL_PLC, MID_PLC)
PRODUCT_LINES = (
    ProductLineRecord(code=SMALL_PLC, name="小型PLC", is_new_product=False),
    ProductLineRecord(code=MID_PLC, name="中型PLC", is_new_product=False),
    ProductLineRecord(code=NEW_PLC, name="锂电高端PLC", is_new_product=True),
)


def _product(code: str, name: str, line: str, price: str) -> ProductRecord:
    return ProductRecord(
        code=code,
        name=name,
        product_line=line,
        is_new_product=line == NEW_PLC,
        list_price=Decimal(price),
    )


PRODUCTS = (
    _product("HK-S16", "HK-S 小型PLC 16点", SMALL_PLC, "2680.00"),
    _product("HK-S32", "HK-S 小型PLC 32点", SMALL_PLC, "4280.00"),
    _product("HK-S-IO8", "HK-S 扩展I/O模块 8点", SMALL_PLC, "960.00"),
    _product("HK-M64", "HK-M 中型PLC 64点", MID_PLC, "12800.00"),
    _product("HK-M128", "HK-M 中型PLC 128点 双网口", MID_PLC, "21600.00"),
    _product("HK-M-MC8", "HK-M 8轴运动控制模块", MID_PLC, "8900.00"),
    _product("HK-X9", "HK-X9 锂电高端PLC（高速运动控制型）", NEW_PLC, "46800.00"),
    _product("HK-X9-LINE", "HK-X9 锂电整线控制系统", NEW_PLC, "268000.00"),
)

# The high-end PLC goes on sale on this day of the plan year (month, day).
NEW_PRODUCT_LAUNCH = (3, 1)

# Orders by calendar month: low first half, high second half (前低后高), with the Chinese
# New Year dip in January and February; about 40% falls in H1 and 60% in H2.
MONTH_WEIGHTS = (5.0, 3.5, 7.0, 7.5, 8.0, 8.5, 8.0, 8.5, 10.0, 9.0, 11.0, 13.5)


@dataclass(frozen=True)
class Exhibition:
    """A yearly trade fair the company exhibits at; its leads arrive on these days."""

    month: int
    day: int
    name: str
    industry: str


EXHIBITIONS = (
    Exhibition(4, 10, "深圳国际3C电子制造展", "3c"),
    Exhibition(5, 16, "深圳国际锂电设备展", "lithium"),
    Exhibition(9, 12, "青岛国际包装机械展", "packaging"),
)

# Cities of each region, and the region team (by key) that covers each city.
CITIES = {
    "prd": ("深圳", "东莞", "惠州", "广州", "佛山", "中山", "珠海"),
    "yrd": ("苏州", "无锡", "常州", "上海", "宁波", "杭州", "昆山"),
    "jx_sc": ("宜春", "赣州", "南昌", "新余", "成都", "宜宾", "遂宁"),
    "sd_hn": ("青岛", "济南", "潍坊", "临沂", "郑州", "洛阳", "新乡"),
}
PRD_EAST = ("深圳", "东莞", "惠州")

# Where each industry's customers are (region code → weight), after the field article:
# 3C in the Pearl and Yangtze River deltas, lithium in Jiangxi/Sichuan and Guangdong,
# packaging in Shandong/Henan.
INDUSTRY_REGIONS = {
    "3c": {"prd": 55, "yrd": 40, "jx_sc": 3, "sd_hn": 2},
    "lithium": {"jx_sc": 50, "prd": 30, "yrd": 20, "sd_hn": 0},
    "packaging": {"sd_hn": 60, "yrd": 25, "prd": 15, "jx_sc": 0},
}
INDUSTRY_WEIGHTS = {"3c": 45, "lithium": 25, "packaging": 30}
# The PLC line each industry mostly buys.
INDUSTRY_LINE = {"3c": SMALL_PLC, "lithium": MID_PLC, "packaging": SMALL_PLC}
