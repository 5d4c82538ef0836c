from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "navigator.reports"
    label = "reports"
    verbose_name = "Reports for managers and commissioners"

    def ready(self) -> None:
        from navigator.core.daily import register_daily_job
        from navigator.reports.tasks import REBUILD_JOB, enqueue_rebuild

        register_daily_job(REBUILD_JOB, enqueue_rebuild)
