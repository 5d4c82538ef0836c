from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "navigator.restrictions"
    label = "restrictions"
    verbose_name = "Restricted records and emergency access"

    def ready(self) -> None:
        from navigator.core.person_page import register_person_page_part
        from navigator.core.scoping import register_hidden_people
        from navigator.people.services import register_combine
        from navigator.restrictions.selectors import hidden_people, on_person_page
        from navigator.restrictions.services import combine_on_merge

        register_hidden_people(hidden_people)
        register_person_page_part(on_person_page)
        # Merging two restricted records of one person combines their restrictions.
        register_combine("restrictions.restriction", combine_on_merge)
