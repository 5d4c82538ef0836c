from django.conf import settings
from django.db import models

from navigator.core.scoping import OrganisationScoped

DEFAULT_RETENTION_YEARS = 8


class RetentionRule(OrganisationScoped):
    """How long an organisation keeps a person's record after their last case ends. The
    NHS Records Management Code of Practice keeps most adult care records 8 years."""

    years = models.PositiveSmallIntegerField(
        "Years to keep a record after the end of the last case",
        default=DEFAULT_RETENTION_YEARS,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_retention_rule_per_org")
        ]

    def __str__(self) -> str:
        return f"Keep records {self.years} years after the last case"


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due for destruction"
    HELD = "held", "Held"
    DESTROYED = "destroyed", "Destroyed"


class DestructionReview(OrganisationScoped):
    """A record past its retention period, listed by the daily job for a manager to review.
    Once destroyed this row is the stub that stays: the record's pseudonymous id, its dates,
    and who approved the destruction."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="destruction_review"
    )
    pseudonym = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    # The dates the decision rests on, kept after destruction.
    record_created_on = models.DateField()
    last_case_ended_on = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    listed_on = models.DateField()
    hold_reason = models.TextField("Why the record is kept", blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destroyed_at = models.DateTimeField(null=True, blank=True)
    # How many rows of each kind destruction overwrote or deleted, for the organisation's files.
    destroyed_counts = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Record {self.pseudonym}"
