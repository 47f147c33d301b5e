"""Realistic Chinese names for people and companies, drawn from parts with a seeded random.

Every function takes the caller's ``random.Random`` and a set of names already used, so the
same seed always yields the same names and no name repeats.
"""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向汤"  # noqa: E501
GIVEN = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "华", "建", "志", "海", "文", "辉", "鹏", "宇",
    "晨", "浩", "凯", "博", "斌", "峰", "玲", "琳", "婷", "雪", "亮", "健", "波", "帆", "东",
    "晓", "小", "振", "国", "红", "梅", "雨", "思", "嘉", "子", "欣", "悦", "远", "航", "昊",
)  # fmt: skip

BRANDS = (
    "华瑞", "精诚", "恒达", "锐博", "联创", "科瑞", "汇能", "凯德", "力拓", "鼎盛", "宏远",
    "永信", "瑞丰", "合力", "天启", "众鑫", "佳讯", "铭泰", "伟业", "昌盛", "捷特", "长信",
    "金鹰", "华普", "创源", "同益", "德尔", "博远", "新宇", "卓越", "嘉禾", "明阳", "盛世",
    "启航", "海纳", "泰和", "中研", "优迈", "奥德", "亿联", "诺达", "富源", "安捷", "腾达",
    "欣荣", "兴邦", "立信", "宏图", "天工", "晶辉", "大禾", "普瑞", "顺达", "英华", "智诚",
    "恒信", "广利", "东升", "华南", "聚力", "领航", "科达", "迈科", "鸿运", "美达", "九州",
)  # fmt: skip

# What a company in each industry calls itself (the middle of its name).
TRADES = {
    "3c": ("电子科技", "精密电子", "智能装备", "自动化科技", "精密制造", "电子设备"),
    "lithium": ("新能源设备", "锂电装备", "能源科技", "新能源科技", "智能装备", "电池设备"),
    "packaging": ("包装机械", "机械设备", "智能包装", "包装设备", "食品机械", "机械制造"),
}
PARTNER_TRADES = ("自动化设备", "工控技术", "机电设备", "电气自动化")

TITLES = ("采购经理", "设备部经理", "电气工程师", "技术总监", "总经理", "生产经理", "项目经理")


# The commonest surnames come first and are drawn more often, as in real life.
SURNAME_WEIGHTS = [5.0] * 10 + [2.0] * 20 + [1.0] * (len(SURNAMES) - 30)


def person_name(rng: random.Random, used: set[str]) -> str:
    """A two- or three-character name not in ``used`` (which is updated)."""
    while True:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0] + given
        if name not in used:
            used.add(name)
            return name


def company_name(rng: random.Random, city: str, industry: str, used: set[str]) -> str:
    """``{city}{brand}{trade}有限公司``, e.g. 深圳华瑞精密电子有限公司; unique within ``used``."""
    while True:
        name = f"{city}{rng.choice(BRANDS)}{rng.choice(TRADES[industry])}有限公司"
        if name not in used:
            used.add(name)
            return name


def partner_name(rng: random.Random, city: str, used: set[str]) -> str:
    while True:
        name = f"{city}{rng.choice(BRANDS)}{rng.choice(PARTNER_TRADES)}有限公司"
        if name not in used:
            used.add(name)
            return name


def short_name(company: str, city: str) -> str:
    """The name people say: the brand after the city, e.g. 华瑞 for 深圳华瑞精密电子有限公司."""
    return company.removeprefix(city)[:2]


def mobile(rng: random.Random) -> str:
    """A mobile number of the usual 11-digit shape."""
    prefix = rng.choice(("138", "139", "136", "137", "150", "151", "158", "186", "188", "135"))
    return prefix + "".join(rng.choice("0123456789") for _ in range(8))
