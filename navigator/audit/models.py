from typing import TYPE_CHECKING, Any, NoReturn, Self

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted")


class AppendOnlyManager(models.Manager["AuditEvent"]):
    def get_queryset(self) -> AppendOnlyQuerySet:
        return AppendOnlyQuerySet(self.model, using=self._db)


# django-scopes builds its manager's class inside a function, where a type checker cannot see
# it: the checker is told the two methods it adds (as in core.scoping).
if TYPE_CHECKING:

    class _ScopedAppendOnlyManager(AppendOnlyManager):
        def with_scope(self, **scope: object) -> Self: ...
        def with_scopes_disabled(self) -> Self: ...

else:
    _ScopedAppendOnlyManager = type(
        ScopedManager(_manager_class=AppendOnlyManager, organisation="organisation")
    )


class AuditEventManager(_ScopedAppendOnlyManager):
    """Scoped by organisation like every record's manager (core.scoping), over the append-only
    one."""


# What an event about a restricted record shows a viewer the restriction does not name.
WITHHELD_LABEL = "A restricted record"
WITHHELD_VALUE = "[withheld]"


class AuditEvent(models.Model):
    """One read or write of personal data. Never changed or deleted once written.

    Not an `OrganisationScoped` record, whose organisation is always set: an event may belong
    to no organisation. Its manager scopes it by organisation all the same (`organisation`
    None is in no organisation's scope), and leaves restricted records to `selectors.shown_to`,
    which withholds their labels and values instead of hiding the event."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CREATED = "created", "Created"
        UPDATED = "updated", "Changed"
        DELETED = "deleted", "Deleted"
        MERGED = "merged", "Merged"
        EXPORTED = "exported", "Exported"
        BROKE_GLASS = "breakglass", "Broke the glass (emergency access)"

    # The key of `changes` under which a change keeps why it was made (a correction's reason),
    # beside each field's [before, after].
    REASON = "reason"

    # None for what belongs to no organisation: administrators' accounts and what they do
    # outside any organisation. Only administrators' deployment-wide review shows those.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    # The person the record is about, so a person's trail includes their family members' records.
    person_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "actor", "at"]),
            # The report rollups ask, on every report page, whether an organisation has
            # written anything since the last event they counted: one probe here, where
            # without it the question read every view recorded since (10 s for 144
            # organisations after 300,000 views).
            models.Index(
                fields=["organisation", "id"],
                condition=~models.Q(action__in=["viewed", "exported"]),
                name="audit_written_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted")

    @property
    def withheld(self) -> bool:
        """About a restricted record the viewer may not see (`selectors.shown_to` says)."""
        return bool(getattr(self, "restricted_from_viewer", False))

    @property
    def shown_label(self) -> str:
        return WITHHELD_LABEL if self.withheld else self.object_label

    @property
    def shown_changes(self) -> dict:
        """Which fields changed; their values too, unless withheld."""
        if not self.withheld:
            return self.changes
        return {name: [WITHHELD_VALUE, WITHHELD_VALUE] for name in self.changes}
