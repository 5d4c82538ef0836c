from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "navigator.accounts"
    label = "accounts"
    verbose_name = "Organisations, users and roles"

    def ready(self) -> None:
        from navigator.accounts.middleware import OPEN_URL_NAMES
        from navigator.accounts.navigation import PLACES, home_context
        from navigator.core.navigation import register_places
        from navigator.core.views import register_home_context

        register_places(PLACES, sign_in_steps=OPEN_URL_NAMES)
        register_home_context(home_context)
