from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "navigator.people"
    label = "people"
    verbose_name = "Service users"

    def ready(self) -> None:
        from navigator.core.timeline import register_timeline_source
        from navigator.people.selectors import record_history

        register_timeline_source(record_history)
