from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "navigator.api"
    label = "api"
    verbose_name = "API clients, access tokens and the REST API"
