from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "navigator.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures and progress"
