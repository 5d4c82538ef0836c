from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "navigator.plans"
    label = "plans"
    verbose_name = "Assessments and co-produced support plans"

    def ready(self) -> None:
        from navigator.core.timeline import register_timeline_source
        from navigator.core.views import register_home_context
        from navigator.plans.selectors import plan_timeline
        from navigator.plans.views import home_context

        register_timeline_source(plan_timeline)
        register_home_context(home_context)
