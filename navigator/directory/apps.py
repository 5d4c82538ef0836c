from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "navigator.directory"
    label = "directory"
    verbose_name = "Directory of community groups and activities"
