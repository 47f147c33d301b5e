from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjustmentsConfig(AppConfig):
    name = "pacer.adjustments"
    label = "adjustments"
    verbose_name = _("目标调整")
