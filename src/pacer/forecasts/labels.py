"""Words for the forecast's codes, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pacer.tracking.forecast import Category, Movement

CATEGORIES = {
    Category.COMMIT: _("承诺"),
    Category.BEST_CASE: _("乐观"),
    Category.PIPELINE: _("储备"),
    Category.OMITTED: _("不计入"),
}

MOVEMENTS = {
    Movement.NEW: _("新增"),
    Movement.SLIPPED: _("推迟出窗口"),
    Movement.PULLED_IN: _("提前进窗口"),
    Movement.AMOUNT_CHANGED: _("金额变化"),
    Movement.WON: _("已签单"),
    Movement.LOST: _("已丢单"),
    Movement.REMOVED: _("已移出"),
}

LEVELS = {
    "base": _("基础线"),
    "stretch": _("挑战线"),
    "breakthrough": _("突破线"),
}
