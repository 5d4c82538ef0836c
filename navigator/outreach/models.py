"""Targeted outreach: cohorts uploaded from a CSV file, their members on a shared call list, and
each telephone attempt to reach them."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from navigator.core.scoping import OrganisationScoped

DEFAULT_FAILED_ATTEMPT_LIMIT = 3


def format_when(value: datetime.datetime | None) -> str:
    """A time the way a link worker reads it, in local time: Wed 26 Nov 2026 at 14:30."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%a %-d %b %Y at %H:%M")


class OutreachSettings(OrganisationScoped):
    """One row per organisation, made the first time it is needed."""

    failed_attempt_limit = models.PositiveSmallIntegerField(
        "Failed attempts before someone leaves the call list",
        default=DEFAULT_FAILED_ATTEMPT_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Calls with no answer or a voicemail left. A number from 1 to 20",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "outreach settings"
        verbose_name_plural = "outreach settings"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_outreach_settings_per_org")
        ]

    def __str__(self) -> str:
        return "Outreach settings"


class Cohort(OrganisationScoped):
    """A list of people to contact, as uploaded in one CSV file, with the upload's report."""

    name = models.CharField(max_length=200)
    reason = models.CharField(
        "Reason targeted",
        max_length=200,
        help_text="Used for anyone whose row in the file gives no reason",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("SHA-256 of the file", max_length=64)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "file_sha256"])]

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    ON_LIST = "on_list", "On the call list"
    LEFT_LIST = "left_list", "Left the call list"
    WANTS_SUPPORT = "wants_support", "Wants support: referral made"


class CohortMember(OrganisationScoped):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="members")
    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    date_of_birth = models.DateField()
    nhs_number = models.CharField("NHS number", max_length=10)
    phone = models.CharField(max_length=20)
    reason = models.CharField("Reason targeted", max_length=200)
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ON_LIST
    )
    left_reason = models.CharField(max_length=200, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    call_back_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "call_back_at"]),
            models.Index(fields=["organisation", "status", "nhs_number"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def call_back_when(self) -> str:
        return format_when(self.call_back_at)


class Outcome(models.TextChoices):
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Voicemail left"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Spoke — declined"
    CALL_BACK = "call_back", "Spoke — call back at a given time"
    WANTS_SUPPORT = "wants_support", "Spoke — wants support"


FAILED_OUTCOMES = frozenset({Outcome.NO_ANSWER, Outcome.VOICEMAIL})


class CallAttempt(OrganisationScoped):
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    call_back_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    # Asked when they want support: what they said about our holding their information.
    consent_said = models.TextField("What they said when asked for consent", blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Call to {self.member}: {self.get_outcome_display()}"

    @property
    def when(self) -> str:
        return format_when(self.at)

    @property
    def call_back_when(self) -> str:
        return format_when(self.call_back_at)
