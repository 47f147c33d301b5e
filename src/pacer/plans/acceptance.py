"""The acceptance criterion (验收标准) of each funnel action, in the business's words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACCEPTANCE = {
    "lead": _("有效线索：联系人、需求和预算已确认，并录入系统"),
    "needs": _("需求对接：完成需求调研会议，客户书面确认需求清单"),
    "proposal": _("方案：方案和报价已发给客户，客户确认收到并约定反馈时间"),
    "won": _("签单：合同已签订，订单已录入系统"),
}

STAGE_LABELS = {
    "lead": _("线索"),
    "needs": _("需求对接"),
    "proposal": _("方案"),
    "won": _("签单"),
}
