from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "navigator.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures and progress"

    def ready(self) -> None:
        from navigator.core.timeline import register_timeline_source
        from navigator.outcomes.selectors import outcomes_timeline

        register_timeline_source(outcomes_timeline)
