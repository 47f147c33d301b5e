from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pacer.audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from pacer.audit import receivers

        receivers.connect()
