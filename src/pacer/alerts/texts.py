"""The sentences that say what an alert means, in the reader's language.

Each rule has one whole sentence with named placeholders; the numbers come from the alert's
``values`` (days in ``days``, the threshold in ``limit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from pacer.alerts.models import Alert, AlertRule, AlertSignal


def alert_sentence(alert: Alert, values: Mapping[str, Any] | None = None) -> str:
    """What the alert says, e.g. "项目「X」已 15 天未联系（超过 14 天亮灯）".

    ``values`` (by default the alert's own) give the numbers, e.g. those of an event.
    """
    values = (alert.values if values is None else values) or {}
    params: dict[str, object] = {
        "name": alert.subject_name or alert.key,
        "days": values.get("days", ""),
        "limit": values.get("limit", ""),
        "tier": values.get("tier", ""),
        "project": values.get("project_name", ""),
    }
    rule = alert.rule
    if rule == AlertRule.NO_CONTACT:
        text = gettext("项目「%(name)s」已 %(days)s 天未联系（超过 %(limit)s 天亮灯）")
    elif rule == AlertRule.NO_FEEDBACK:
        text = gettext("项目「%(name)s」方案发出 %(days)s 天仍无客户反馈（超过 %(limit)s 天亮灯）")
    elif rule == AlertRule.COMPETITOR:
        text = gettext("项目「%(name)s」出现竞争对手")
    elif rule == AlertRule.BUDGET_CANCELLED:
        text = gettext("项目「%(name)s」客户预算已取消")
    elif rule == AlertRule.CUSTOMER_GAVE_UP:
        text = gettext("项目「%(name)s」客户已放弃")
    elif rule == AlertRule.COMPETITOR_MOU:
        text = gettext("项目「%(name)s」竞争对手已签意向书")
    elif rule == AlertRule.MILESTONE_OVERDUE:
        text = gettext("项目「%(project)s」的关键节点「%(name)s」已逾期 %(days)s 天")
    elif values.get("days", -1) == -1:
        text = gettext("%(tier)s 类客户「%(name)s」没有拜访记录（拜访周期 %(limit)s 天）")
    else:
        text = gettext("%(tier)s 类客户「%(name)s」已 %(days)s 天未拜访（拜访周期 %(limit)s 天）")
    return text % params


def signal_word(signal: str) -> str:
    return gettext("红灯") if signal == AlertSignal.RED else gettext("黄灯")
