"""Optimistic concurrency: a save from a stale form is refused instead of overwriting.

Versioned models carry a `version` counter. Forms send back the version they were built
from; `update_versioned` only writes if it is still current and bumps it in the same UPDATE,
so two saves can never both succeed from the same starting point.
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone


class StaleEditError(Exception):
    """Someone saved the record after the form was opened; `current` is what is saved now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("The record was changed by someone else")
        self.current = current


def update_versioned[M: models.Model](
    instance: M, *, expected_version: int, changes: dict[str, Any]
) -> M:
    model = type(instance)
    values = dict(changes, version=F("version") + 1)
    if any(field.name == "updated_at" for field in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(**values)
    if not updated:
        raise StaleEditError(current=model.objects.get(pk=instance.pk))
    instance.refresh_from_db()
    return instance
