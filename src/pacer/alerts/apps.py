from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "pacer.alerts"
    label = "alerts"
    verbose_name = _("预警")

    def ready(self) -> None:
        from pacer.alerts import signals

        signals.connect()
