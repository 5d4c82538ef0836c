from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "navigator.core"
    label = "core"
    verbose_name = "Shared building blocks"
