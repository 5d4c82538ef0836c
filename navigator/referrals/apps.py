from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "navigator.referrals"
    label = "referrals"
    verbose_name = "Referrals, triage and the waiting list"
