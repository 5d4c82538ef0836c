from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "navigator.activities"
    label = "activities"
    verbose_name = "Activity referrals and accompaniment"
