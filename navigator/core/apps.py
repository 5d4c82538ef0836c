import os

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "navigator.core"
    label = "core"
    verbose_name = "Shared building blocks"

    def ready(self) -> None:
        from navigator.core import error_messages
        from navigator.core.daily import register_daily_job
        from navigator.core.tasks import PRUNE_JOB, enqueue_prune

        register_daily_job(PRUNE_JOB, enqueue_prune)
        error_messages.install()
        # runserver's serving process (the autoreloader's child): render a first PDF now,
        # not when someone asks for one (gunicorn's workers do it in wsgi.py).
        if os.environ.get("RUN_MAIN") == "true":
            from navigator.core.pdf import warm_up

            warm_up()
