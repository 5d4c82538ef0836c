"""Ongoing contact with a person, the cadence it keeps, and how a case ends (or starts again)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from navigator.core.formatting import format_date
from navigator.core.scoping import OrganisationScoped
from navigator.people.models import Person
from navigator.referrals.models import Referral


class CaseloadSettings(OrganisationScoped):
    """How often each level of need is contacted and how long support lasts, per organisation."""

    high_days = models.PositiveSmallIntegerField("High need: days between contacts", default=7)
    medium_days = models.PositiveSmallIntegerField("Medium need: days between contacts", default=14)
    low_days = models.PositiveSmallIntegerField("Low need: days between contacts", default=28)
    expected_weeks = models.PositiveSmallIntegerField(
        "Expected length of support, in weeks", default=12
    )
    expected_contacts = models.PositiveSmallIntegerField("Expected number of contacts", default=6)
    caseload_target = models.PositiveSmallIntegerField(
        "Caseload target for each link worker", default=40
    )
    follow_up_days = models.PositiveSmallIntegerField(
        "Follow-up after closure, in days", default=90
    )
    disengage_after = models.PositiveSmallIntegerField(
        "Attempts in a row that do not connect before a case is flagged as not engaging",
        default=3,
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_caseload_settings")
        ]

    def __str__(self) -> str:
        return "Caseload settings"

    def intervals(self) -> dict[str, int]:
        return {"high": self.high_days, "medium": self.medium_days, "low": self.low_days}


class CadenceOverride(OrganisationScoped):
    """A link worker's own interval for one case, with the reason for it."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="cadence_override"
    )
    interval_days = models.PositiveSmallIntegerField("Days between contacts")
    # The same, as a duration the database can add to a date on SQLite and PostgreSQL alike.
    interval = models.DurationField(editable=False)
    reason = models.TextField("Why this case needs a different interval")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Every {self.interval_days} days"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video call"
    TEXT = "text", "Text message or e-mail"


class Setting(models.TextChoices):
    HOME = "home", "The person's home"
    GP_SURGERY = "gp_surgery", "A GP surgery"
    PHARMACY = "pharmacy", "A community pharmacy"
    COMMUNITY = "community", "A community venue"
    SERVICE = "service", "The service's own setting"
    OTHER = "other", "Somewhere else"


class Contact(OrganisationScoped):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    when = models.DateTimeField()
    # False when no time was given: `when` then holds noon of the day, to keep the order.
    time_known = models.BooleanField(default=True)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    setting = models.CharField(max_length=12, choices=Setting.choices, blank=True)
    setting_other = models.CharField("The place", max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    who_took_part = models.CharField(max_length=300, blank=True)
    what_happened = models.TextField(blank=True)
    what_agreed = models.TextField(blank=True)
    next_contact_date = models.DateField(null=True, blank=True)
    connected = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["referral", "when"])]

    @property
    def local_when(self) -> "datetime.datetime":
        return timezone.localtime(self.when)

    def __str__(self) -> str:
        return f"{self.get_mode_display()} contact on {format_date(self.when)}"


class Reallocation(OrganisationScoped):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reallocations")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Reallocation of {self.referral_id}"


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    LINKED = "linked", "Linked into community activity"
    MOVED = "moved", "Moved away"
    REFERRED = "referred", "Referred to another service"
    DECLINED = "declined", "Declined further support"
    NO_CONTACT = "no_contact", "Could not be contacted"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Closure(OrganisationScoped):
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="closure")
    reason = models.CharField(max_length=12, choices=ClosureReason.choices)
    reason_other = models.CharField("The reason", max_length=200, blank=True)
    summary = models.TextField("Closing summary")
    codes_only = models.BooleanField(default=False)
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Closure of {self.referral_id}: {self.get_reason_display()}"


class FollowUp(OrganisationScoped):
    """A contact after closure to collect outcomes and feedback."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="follow_up")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    # Cancelled by the link worker, or when the case was reopened: no longer due.
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Follow-up due {format_date(self.due_on)}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.cancelled_at is None


class Task(OrganisationScoped):
    """Something a link worker has to do for a case: a contact or plan review that is due, a
    case that is not engaging, or an activity referral to follow up. One open task of each
    kind per case."""

    class Kind(models.TextChoices):
        CONTACT_DUE = "contact_due", "Contact due"
        REVIEW_DUE = "review_due", "Plan review due"
        NOT_ENGAGING = "not_engaging", "Not engaging: try another way or consider closing"
        ACTIVITY_UNANSWERED = (
            "activity_unanswered",
            "A provider has not answered an activity referral: contact them or the person",
        )
        ACTIVITY_ATTENDANCE = (
            "activity_attendance",
            "Ask whether they went to their first activity session",
        )
        MESSAGE_UNDELIVERED = (
            "message_undelivered",
            "A message to the person could not be delivered: reach them another way",
        )
        MESSAGE_BACK_UNDELIVERED = (
            "message_back_undelivered",
            "The message back to the GP or referrer could not be delivered: send it again",
        )

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="caseload_tasks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="caseload_tasks")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind"],
                condition=models.Q(done_at__isnull=True),
                name="one_open_task_of_a_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (due {format_date(self.due_on)})"

    @property
    def about_activity_referrals(self) -> bool:
        return self.kind in (self.Kind.ACTIVITY_UNANSWERED, self.Kind.ACTIVITY_ATTENDANCE)


class Reopening(OrganisationScoped):
    """A closed case started again as a new case; both stay on record."""

    previous = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reopenings")
    new = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="reopened_from")
    reason = models.TextField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Reopening of {self.previous_id} as {self.new_id}"


class GPMessage(OrganisationScoped):
    """The message back to the GP at closure (PRSB), kept as structured data for the API."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="gp_message")
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Message to the GP about {self.referral_id}"


class DailyJobRun(models.Model):
    """One row per job and day: the daily jobs are enqueued once however often cron runs."""

    job = models.CharField(max_length=50)
    date = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "date"], name="one_run_per_day")]

    def __str__(self) -> str:
        return f"{self.job} on {self.date}"
