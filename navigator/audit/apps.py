from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "navigator.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from navigator.audit.database import add_sqlite_functions

        connection_created.connect(add_sqlite_functions, dispatch_uid="navigator-audit-sqlite")
