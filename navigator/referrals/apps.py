from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "navigator.referrals"
    label = "referrals"
    verbose_name = "Referrals, triage and the waiting list"

    def ready(self) -> None:
        from navigator.core.timeline import register_timeline_source
        from navigator.referrals.selectors import referral_history

        register_timeline_source(referral_history)
