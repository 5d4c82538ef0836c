from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "navigator.plans"
    label = "plans"
    verbose_name = "Assessments and co-produced support plans"
