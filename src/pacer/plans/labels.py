"""Names of plan codes as people read them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VERDICTS = {
    "stretch": _("跳一跳够得着"),
    "too_low": _("目标偏低"),
    "not_backed": _("空中楼阁：缺乏支撑"),
}

BOTTOM_UP_PARTS = {
    "repeat": _("存量客户复购"),
    "renewals": _("设备更新到期"),
    "new_product_plan": _("新产品计划"),
    "new_customer": _("新客户开发（历史水平或在跟项目）"),
}

TREES = {"market": _("业务类型 × 行业 × 区域"), "org": _("团队 × 个人")}

DIMENSIONS = {
    "company": _("公司"),
    "business_type": _("业务类型"),
    "industry": _("行业"),
    "region": _("区域"),
    "team": _("团队"),
    "person": _("个人"),
}

BUDGET_LINES = {
    "exhibition": _("展会"),
    "channel_rebate": _("渠道返利"),
    "new_customer_reward": _("新客户开发奖励"),
    "training": _("培训"),
    "reserve": _("备用金"),
}
