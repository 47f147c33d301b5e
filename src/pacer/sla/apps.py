from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "pacer.sla"
    label = "sla"
    verbose_name = _("跨部门协同")
