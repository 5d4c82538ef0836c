from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "navigator.restrictions"
    label = "restrictions"
    verbose_name = "Restricted records and emergency access"
