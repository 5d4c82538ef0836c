"""Outcome measures: which instruments an organisation uses, its own simple measures, each
administration (one person answering one instrument at one time point) and its stored scores.

Scores are computed in Python when an administration is completed and stored, so reports can
aggregate them in SQL. A missing answer is stored as null, never as zero.
"""

from django.conf import settings
from django.db import models

from navigator.core.scoping import OrganisationScoped
from navigator.people.models import Person


class InstrumentChoice(OrganisationScoped):
    """An organisation's switch for one built-in instrument (no row: the default applies)."""

    instrument_code = models.CharField(max_length=64)
    enabled = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_code"], name="outcomes_choice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code}: {'on' if self.enabled else 'off'}"


class CustomInstrument(OrganisationScoped):
    """An organisation's own simple measure: statements each answered on one numeric range."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    items = models.JSONField(default=list)  # statements, in order
    minimum = models.SmallIntegerField(default=0)
    maximum = models.SmallIntegerField(default=10)
    higher_is_better = models.BooleanField(default=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="outcomes_custom_code")
        ]

    def __str__(self) -> str:
        return self.name


class TimePoint(models.TextChoices):
    BASELINE = "baseline", "Baseline (at assessment)"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"
    FOLLOW_UP = "follow_up", "Follow-up after closure"


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", "Started, not finished"
    COMPLETE = "complete", "Complete"


class AnsweredHow(models.TextChoices):
    ALONE = "alone", "The person answered on their own"
    WITH_HELP = "with_help", "The person answered with help"
    PROXY = "proxy", "Someone else gave the answers for the person"


class Administration(OrganisationScoped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="administrations")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    instrument_code = models.CharField(max_length=64)
    instrument_name = models.CharField(max_length=200)  # as named when started
    items = models.JSONField(default=list)  # the questions as asked (instruments.Item data)
    answers = models.JSONField(default=dict)  # {item key: "value" or null}
    time_point = models.CharField(max_length=12, choices=TimePoint.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    answered_how = models.CharField(
        max_length=10, choices=AnsweredHow.choices, default=AnsweredHow.ALONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # null: the person, through a secure link
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "instrument_code", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument_name} ({self.get_time_point_display()})"

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE


class Score(OrganisationScoped):
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="scores"
    )
    measure = models.CharField(max_length=140)
    value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["administration", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "measure"], name="outcomes_score_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {'missing' if self.value is None else self.value}"
