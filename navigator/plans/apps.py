from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "navigator.plans"
    label = "plans"
    verbose_name = "Assessments and co-produced support plans"

    def ready(self) -> None:
        from navigator.core.timeline import register_timeline_source
        from navigator.plans.selectors import plan_timeline

        register_timeline_source(plan_timeline)
