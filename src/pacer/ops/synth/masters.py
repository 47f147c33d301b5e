"""The synthetic company's master data: company row, industries, regions, product lines.

Twenty product lines, the last three launched as new products in the plan year's run-up; seven
regions (one regional team each) and eight industries, two of them strategic.
"""

from __future__ import annotations

import numpy as np

from pacer.crm.models import Industry, Product, ProductLine, Region
from pacer.ops.synth.table import Table, ids
from pacer.org.models import Company

COMPANY_NAME = "合成数据公司（性能测试）"
INDUSTRIES = (
    ("auto", "汽车零部件", True),
    ("3c", "3C电子", False),
    ("lithium", "锂电设备", True),
    ("packaging", "包装机械", False),
    ("food", "食品饮料", False),
    ("pharma", "医药", False),
    ("metal", "金属加工", False),
    ("logistics", "物流仓储", False),
)
REGIONS = (
    ("east", "华东"),
    ("south", "华南"),
    ("north", "华北"),
    ("central", "华中"),
    ("southwest", "西南"),
    ("northwest", "西北"),
    ("northeast", "东北"),
)
LINE_NAMES = (
    "小型PLC", "中型PLC", "大型PLC", "伺服驱动", "变频器", "人机界面", "工业网关", "运动控制器",
    "传感器", "工业相机", "机器人控制器", "安全继电器", "电源模块", "工控机", "SCADA软件",
    "MES软件", "运维服务", "边缘计算盒", "AI视觉平台", "储能控制器",
)  # fmt: skip
NEW_LINES = 3  # the last lines are new products


def company_table() -> Table:
    t = Table(Company)
    t.add("id", "int", ids(1))
    t.add("name", "str", [COMPANY_NAME])
    t.add("fiscal_year_start_month", "int", np.array([1]))
    t.add("currency", "str", ["CNY"])
    t.add("display_unit", "str", ["wan"])
    return t


def industry_table() -> Table:
    t = Table(Industry)
    t.add("id", "int", ids(len(INDUSTRIES)))
    t.add("code", "str", [c for c, _n, _s in INDUSTRIES])
    t.add("name", "str", [n for _c, n, _s in INDUSTRIES])
    t.add("strategic", "bool", np.array([s for _c, _n, s in INDUSTRIES]))
    return t


def region_table() -> Table:
    t = Table(Region)
    t.add("id", "int", ids(len(REGIONS)))
    t.add("code", "str", [c for c, _n in REGIONS])
    t.add("name", "str", [n for _c, n in REGIONS])
    return t


def line_is_new() -> np.ndarray:
    flags = np.zeros(len(LINE_NAMES), dtype=bool)
    flags[-NEW_LINES:] = True
    return flags


def product_line_table() -> Table:
    t = Table(ProductLine)
    t.add("id", "int", ids(len(LINE_NAMES)))
    t.add("code", "str", [f"pl{i + 1:02d}" for i in range(len(LINE_NAMES))])
    t.add("name", "str", list(LINE_NAMES))
    t.add("is_new_product", "bool", line_is_new())
    return t


def product_table() -> Table:
    """Two products per line (standard and premium), priced in whole yuan."""
    n = len(LINE_NAMES)
    line = np.repeat(np.arange(1, n + 1, dtype=np.int64), 2)
    t = Table(Product)
    t.add("id", "int", ids(2 * n))
    t.add("code", "str", [f"pl{li:02d}-{v}" for li in range(1, n + 1) for v in ("std", "pro")])
    t.add(
        "name",
        "str",
        [f"{LINE_NAMES[li - 1]}{v}" for li in range(1, n + 1) for v in ("标准型", "高配型")],
    )
    t.add("product_line_id", "int", line)
    t.add("is_new_product", "bool", np.repeat(line_is_new(), 2))
    t.add("list_price", "money", np.tile(np.array([8000, 26000], dtype=np.int64), n))
    return t
