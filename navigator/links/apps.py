from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "navigator.links"
    label = "links"
    verbose_name = "Secure links for people without an account"
