"""Django's `flush`, which empties every table, allowed to empty the audit table on SQLite too
(see navigator/audit/database.py), and emptying the cache table as well: that table belongs to no
model, so Django's flush would leave rate-limit counts behind for the next test."""

from typing import Any

from django.core.cache import caches
from django.core.management.commands import flush

from navigator.audit.database import emptying_the_database


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with emptying_the_database():
            super().handle(**options)
        for cache in caches.all():
            cache.clear()
