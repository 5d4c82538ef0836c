from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "navigator.core"
    label = "core"
    verbose_name = "Shared building blocks"

    def ready(self) -> None:
        from navigator.core.daily import register_daily_job
        from navigator.core.tasks import PRUNE_JOB, enqueue_prune

        register_daily_job(PRUNE_JOB, enqueue_prune)
