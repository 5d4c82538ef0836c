"""Activity referrals (the social prescription), their status history, and accompaniment to
the first session with volunteers' profiles."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone

from navigator.activities.states import Side, Status
from navigator.core.scoping import OrganisationScoped

DBS_VALID_YEARS = 3


def local_text(moment: datetime.datetime | None, empty: str = "Not known") -> str:
    """A moment as people here read it: 4 March 2026 at 10:30, in local time."""
    if moment is None:
        return empty
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


class ActivityReferral(OrganisationScoped):
    """A person referred to (or signposted to) a directory service: the FHIR ServiceRequest
    with its Task's status."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="activity_referrals"
    )
    case = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_referrals",
        verbose_name="Case",
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="activity_referrals"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("What the person hopes to get from it")
    note = models.TextField("Note for the provider", blank=True)
    planned_first_session = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # For the service's record as a destination: when it was sent, and its first answer.
    requested_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    first_answer = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # An onward referral to a social prescribing service using this Navigator: the referral
    # it made in that service's triage queue.
    onward_referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_from_activity_referral",
    )
    # Set when the link worker has been given a "no answer yet" task, so it is given once.
    chased_at = models.DateTimeField(null=True, blank=True)
    attendance_prompted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["service", "first_answer"]),
            models.Index(fields=["status", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"Activity referral to {self.service}"

    @property
    def planned_text(self) -> str:
        return local_text(self.planned_first_session)

    @property
    def planned_day_text(self) -> str:
        """The planned first session as the person reads it: Tuesday 3 March 2026, with the
        time when one was given (midnight means none was)."""
        if self.planned_first_session is None:
            return "the planned date"
        local = timezone.localtime(self.planned_first_session)
        day = local.strftime("%A %-d %B %Y")
        return day if local.time() == datetime.time(0, 0) else f"{day} at {local:%H:%M}"

    @property
    def is_signposting(self) -> bool:
        return self.status == Status.SIGNPOSTED


class TimeOfDay(models.TextChoices):
    """Parts of the day, as the directory search filters them."""

    MORNING = "morning", "Mornings"
    AFTERNOON = "afternoon", "Afternoons"
    EVENING = "evening", "Evenings"


class ActivityPreferences(OrganisationScoped):
    """When the person can go to activities, how far they can travel, and what they enjoy:
    what suggestions are ranked by, beside their plan."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="activity_preferences"
    )
    days = models.JSONField(default=list, blank=True)  # Weekday numbers, Monday 0
    times_of_day = models.JSONField(default=list, blank=True)  # TimeOfDay values
    max_miles = models.DecimalField(
        "How far they can travel, in miles",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    interests = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activity preferences"

    def __str__(self) -> str:
        return f"Activity preferences of {self.person_id}"

    @property
    def interest_list(self) -> list[str]:
        return [part.strip() for part in re.split(r"[,;\n]", self.interests) if part.strip()]


class StatusChange(OrganisationScoped):
    """One change of an activity referral's status: who, when, which side, why."""

    activity_referral = models.ForeignKey(
        ActivityReferral, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(max_length=300, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} to {self.to_status}"

    @property
    def at_text(self) -> str:
        return local_text(self.at)


class VolunteerProfile(OrganisationScoped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    availability = models.TextField(blank=True, help_text="For example: weekday mornings")
    skills = models.TextField(blank=True)
    languages = models.CharField(max_length=300, blank=True)
    dbs_checked_on = models.DateField("Date of DBS check", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Volunteer profile of {self.user}"

    @property
    def dbs_current(self) -> bool:
        return dbs_is_current(self.dbs_checked_on)


def dbs_is_current(checked_on: datetime.date | None, on: datetime.date | None = None) -> bool:
    """A DBS check counts for DBS_VALID_YEARS years; no check never counts."""
    if checked_on is None:
        return False
    on = on or timezone.localdate()
    try:
        expires = checked_on.replace(year=checked_on.year + DBS_VALID_YEARS)
    except ValueError:  # 29 February
        expires = checked_on.replace(year=checked_on.year + DBS_VALID_YEARS, day=28)
    return on < expires


class Outcome(models.TextChoices):
    WENT_TOGETHER = "went_together", "Went together"
    DID_NOT_COME = "did_not_come", "The person did not come"
    DECLINED = "declined", "The person declined"
    REARRANGED = "rearranged", "Rearranged"


class Accompaniment(OrganisationScoped):
    """Someone going with the person to their first session."""

    activity_referral = models.ForeignKey(
        ActivityReferral, on_delete=models.CASCADE, related_name="accompaniments"
    )
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="accompaniments",
        verbose_name="Who goes with them",
    )
    meet_at = models.DateTimeField("Date and time")
    meeting_point = models.CharField(max_length=300)
    travel_notes = models.TextField(blank=True)
    access_needs = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meet_at"]

    def __str__(self) -> str:
        return f"Accompaniment on {local_text(self.meet_at)}"

    @property
    def meet_text(self) -> str:
        return local_text(self.meet_at)
