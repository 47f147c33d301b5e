"""The words of the demo's records: project names, reasons and activity outcomes.

These are data in the demo company (as a user would have typed them), not interface text.
"""

from __future__ import annotations

import random

from pacer.crm.models import ActivityKind, BusinessType
from pacer.demo.context import Account

TOPICS = {
    "3c": (
        "SMT产线PLC扩容项目",
        "组装线控制系统升级项目",
        "点胶设备配套PLC项目",
        "测试设备年度框架采购",
    ),
    "lithium": ("卷绕机控制系统更新项目", "涂布线PLC改造项目", "分容化成设备配套项目"),
    "packaging": ("灌装线PLC更新项目", "装箱机配套PLC项目", "封口机控制系统改造项目"),
}
NEW_CUSTOMER_TOPICS = ("首批PLC试用采购", "新产线PLC配套项目", "样机导入项目")
NEW_PRODUCT_TOPICS = ("HK-X9高端PLC导入项目", "锂电整线控制系统项目", "叠片机高端PLC替换项目")

LOST = (
    "价格高于竞品约15%",
    "客户选择进口品牌",
    "竞争对手低价抢单",
    "客户项目预算取消",
    "技术方案未通过客户评审",
    "交期无法满足客户要求",
    "客户产线投资暂停",
)
POSTPONED = (
    "客户预算推迟到下季度",
    "客户新厂房建设延期",
    "客户内部审批流程延长",
    "等待客户产线改造排期",
    "客户高层变动，决策推迟",
)

OUTCOMES = {
    ActivityKind.VISIT: (
        "了解客户新产线扩产计划",
        "与设备部确认明年设备更新清单",
        "拜访采购经理，确认供应商名录",
        "现场查看旧设备运行情况",
    ),
    ActivityKind.CALL: ("电话跟进方案反馈", "确认技术交流时间", "跟进付款进度", "约定下次拜访"),
    ActivityKind.PROPOSAL: ("提交技术方案与报价", "提交修订版方案", "提交整线控制方案初稿"),
    ActivityKind.DEMO: ("HK-X9样机现场演示", "在客户产线做联机演示", "实验室演示高速运动控制"),
    ActivityKind.EXHIBITION: ("展会接待客户，收集线索", "展会现场技术交流"),
    ActivityKind.ONLINE: ("线上技术答疑", "推送新品资料与应用案例", "企业微信回访"),
    ActivityKind.REVIEW: ("季度业务回顾，确认下季度需求", "年度合作回顾与复购计划"),
    ActivityKind.OTHER: ("渠道商季度培训", "渠道商新品赋能会", "渠道商库存与订单盘点"),
}


def project_name(rng: random.Random, account: Account, kind: str, *, renewal: bool = False) -> str:
    """A project name as salespeople write it: the customer's short name and the topic."""
    if renewal:
        topic = "设备更新改造项目"
    elif kind == BusinessType.NEW_PRODUCT:
        topic = rng.choice(NEW_PRODUCT_TOPICS)
    elif kind == BusinessType.NEW_CUSTOMER:
        topic = rng.choice(NEW_CUSTOMER_TOPICS)
    else:
        topic = rng.choice(TOPICS[account.industry])
    return f"{account.short}{topic}"


def outcome(rng: random.Random, kind: str) -> str:
    return rng.choice(OUTCOMES[ActivityKind(kind)])
