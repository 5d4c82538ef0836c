from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "navigator.reports"
    label = "reports"
    verbose_name = "Reports for managers and commissioners"
