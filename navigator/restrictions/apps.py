from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "navigator.restrictions"
    label = "restrictions"
    verbose_name = "Restricted records and emergency access"

    def ready(self) -> None:
        from navigator.core.scoping import register_hidden_people
        from navigator.restrictions.selectors import hidden_people

        register_hidden_people(hidden_people)
