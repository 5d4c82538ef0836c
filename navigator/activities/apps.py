from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "navigator.activities"
    label = "activities"
    verbose_name = "Activity referrals and accompaniment"

    def ready(self) -> None:
        from navigator.activities.selectors import service_page_context, status_history
        from navigator.activities.tasks import daily_activity_referral_checks
        from navigator.core.daily import register_daily_job
        from navigator.core.timeline import register_timeline_source
        from navigator.directory.selectors import register_service_page_source

        register_timeline_source(status_history)
        register_service_page_source(service_page_context)
        register_daily_job(
            "activity_referral_checks", lambda today: daily_activity_referral_checks.enqueue()
        )
