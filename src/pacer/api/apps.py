from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pacer.api"
    label = "api"
    verbose_name = "API"
