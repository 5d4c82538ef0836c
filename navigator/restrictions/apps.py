from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "navigator.restrictions"
    label = "restrictions"
    verbose_name = "Restricted records and emergency access"

    def ready(self) -> None:
        from navigator.core.scoping import register_hidden_people
        from navigator.people.services import register_combine
        from navigator.restrictions.selectors import hidden_people
        from navigator.restrictions.services import combine_on_merge

        register_hidden_people(hidden_people)
        # Merging two restricted records of one person combines their restrictions.
        register_combine("restrictions.restriction", combine_on_merge)
