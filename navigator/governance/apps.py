from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules


class GovernanceConfig(AppConfig):
    name = "navigator.governance"
    label = "governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from navigator.core.daily import register_daily_job
        from navigator.governance.audit_redaction import add_sqlite_functions
        from navigator.governance.tasks import RETENTION_JOB, enqueue_retention_review

        connection_created.connect(add_sqlite_functions, dispatch_uid="navigator-governance-sqlite")
        # Each app says what it holds about a person in its personal_data.py.
        autodiscover_modules("personal_data")
        register_daily_job(RETENTION_JOB, enqueue_retention_review)
