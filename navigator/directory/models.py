"""The directory of community groups and activities, after Open Referral UK (HSDS 3.0).

Deployment-wide public information, not personal data: no organisation scoping. Primary keys
are the ORUK ids (uuids), so importing a feed again finds the same rows.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_STALE_MONTHS = 6


def stale_months() -> int:
    return int(getattr(settings, "NAVIGATOR_DIRECTORY_STALE_MONTHS", DEFAULT_STALE_MONTHS))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


# RFC 5545 BYDAY codes, in Weekday order.
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def pounds(amount: Decimal) -> str:
    """£3, £3.50."""
    return f"£{amount:.0f}" if amount == amount.to_integral_value() else f"£{amount:.2f}"


class DirectoryOrganisation(models.Model):
    """An organisation that runs services (ORUK `organization`)."""

    # Counts saves of who keeps its listings (core/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    provider_users = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="directory_organisations",
        help_text="VCS provider users who keep this organisation's listings up to date",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A category, like "Physical activity"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        DirectoryOrganisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Words people might search for, like walking, park"
    )
    url = models.URLField("Web page", blank=True)
    email = models.EmailField("E-mail", blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility_description = models.TextField(
        "Who it is for", blank=True, help_text="For example: carers of people with dementia"
    )
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_free = models.BooleanField("Free to attend", default=False)
    cost_amount = models.DecimalField(
        "Cost in pounds", max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_description = models.CharField(max_length=300, blank=True)
    takes_direct_referrals = models.BooleanField(
        "Takes referrals from link workers",
        default=True,
        help_text="Untick for an entry link workers can only signpost people to",
    )
    how_to_refer = models.TextField("How to refer", blank=True)
    capacity_note = models.CharField("Capacity or waiting list", max_length=300, blank=True)
    is_social_prescribing_service = models.BooleanField(
        "Is itself a social prescribing service", default=False
    )
    navigator_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Its organisation in this Navigator (optional)",
        help_text="For a social prescribing service that uses this Navigator: onward referrals "
        "then arrive in its triage queue",
    )
    last_checked = models.DateField(null=True, blank=True)
    paused = models.BooleanField("Paused", default=False, help_text="Not taking anyone new for now")
    version = models.PositiveIntegerField(default=1)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_services",
        help_text="The Navigator organisation that maintains this listing",
    )
    categories = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    # The feed (a base URL or a file name) an import last found this listing in, and since when
    # it is missing from that feed: flagged for a person to check, never deleted.
    source = models.CharField(max_length=500, blank=True, db_index=True)
    gone_from_source = models.DateField(null=True, blank=True)
    # A digest of the record an import last made this listing from, kept while nothing else
    # changes it (every other write empties it): importing the same record again is then known
    # to change nothing without reading the listing back.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_checking(self) -> bool:
        """Not checked within NAVIGATOR_DIRECTORY_STALE_MONTHS months."""
        if self.last_checked is None:
            return True
        return self.last_checked < months_before(timezone.localdate(), stale_months())

    @property
    def cost_text(self) -> str:
        """ "£3 a session": the amount once, even when the description repeats it."""
        if self.is_free:
            return "Free"
        if self.cost_amount is None:
            return self.cost_description or "Ask about cost"
        amount = pounds(self.cost_amount)
        if not self.cost_description:
            return amount
        if amount in self.cost_description:
            return self.cost_description
        return f"{amount} {self.cost_description}"


class ListingSuggestion(models.Model):
    """A change to a listing suggested by someone who does not keep it up to date, waiting for
    the listing's keepers to accept or decline it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="suggestions")
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # {field name: the suggested value}, only the fields that differ from the listing
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField("Anything else", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Suggested change to {self.service}"


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField("Address", max_length=200, blank=True)
    city = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Looked up from the postcode when none were given: good enough to measure distance by,
    # but not the venue's own, so exports leave them out as the feed did.
    coordinates_from_postcode = models.BooleanField(default=False, editable=False)
    accessibility = models.TextField(
        "Accessibility",
        blank=True,
        help_text="For example: step-free access, accessible toilet, hearing loop",
    )

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.address_1, self.postcode) if part)

    @property
    def given_coordinates(self) -> tuple[float | None, float | None]:
        """Latitude and longitude as published: none when looked up from the postcode."""
        if self.coordinates_from_postcode:
            return None, None
        return self.latitude, self.longitude


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Schedule(models.Model):
    """When a service runs: a weekday and times, in words, and as an RFC 5545 rule."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    frequency = models.CharField(
        max_length=200, blank=True, help_text="For example: every week, first Monday of the month"
    )
    rrule = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["weekday", "opens_at", "id"]
        indexes = [models.Index(fields=["weekday", "opens_at", "closes_at"])]

    # What describe() reads: the search page reads only these for its listings' sessions.
    DESCRIBED_BY = ("weekday", "opens_at", "closes_at", "frequency")

    def __str__(self) -> str:
        return self.describe(self.weekday, self.opens_at, self.closes_at, self.frequency)

    @staticmethod
    def describe(
        weekday: int | None,
        opens_at: datetime.time | None,
        closes_at: datetime.time | None,
        frequency: str,
    ) -> str:
        """A session in words ("Tuesdays 10:00 to 12:00 (every week)")."""
        parts = []
        if weekday is not None:
            parts.append(f"{Weekday(weekday).label}s")
        if opens_at:
            times = opens_at.strftime("%H:%M")
            if closes_at:
                times += f" to {closes_at.strftime('%H:%M')}"
            parts.append(times)
        if frequency:
            parts.append(f"({frequency})")
        return " ".join(parts) or "Times not given"

    def as_rrule(self) -> str:
        if self.rrule:
            return self.rrule
        if self.weekday is None:
            return ""
        return f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[self.weekday]}"


class Contact(models.Model):
    """A contact (HSDS `contact`) of a service, an organisation or a location, with one phone
    number: a contact with several numbers is kept as a contact of the same name for each."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    location = models.ForeignKey(
        "Location", on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # The rest of the HSDS phone: its extension, its type (voice, text, fax, textphone...)
    # and the languages it is answered in ([{"name": ..., "code": ..., "note": ...}]).
    phone_extension = models.PositiveIntegerField(null=True, blank=True)
    phone_type = models.CharField(max_length=20, blank=True)
    phone_languages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(service__isnull=False, organisation=None, location=None)
                    | models.Q(service=None, organisation__isnull=False, location=None)
                    | models.Q(service=None, organisation=None, location__isnull=False)
                ),
                name="contact_has_one_holder",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone

    @property
    def phone_text(self) -> str:
        """ "0113 496 0101 ext. 204 (textphone; Urdu, Polish)": the number as it is dialled."""
        if not self.phone:
            return ""
        text = self.phone
        if self.phone_extension is not None:
            text += f" ext. {self.phone_extension}"
        languages = ", ".join(
            language.get("name") or language.get("code", "") for language in self.phone_languages
        )
        notes = "; ".join(filter(None, [self.phone_type, languages]))
        return f"{text} ({notes})" if notes else text


class Language(models.Model):
    """A language the service is delivered in (HSDS `language`), without interpretation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True, help_text="ISO 639, like cy")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.code


class ServiceArea(models.Model):
    """An area the service is available to (HSDS `service_area`), in words and optionally as
    a shape (`extent` in the `extent_type` format) or an area's persistent URI."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.description or self.uri


class Postcode(models.Model):
    """Coordinates of a postcode, loaded from the ONS Postcode Directory."""

    postcode = models.CharField(max_length=10, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.postcode


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the background worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"


class ImportRun(models.Model):
    """One import of an ORUK feed (a file, or a published API by its base URL) or of a CSV
    file, with its report. A long one runs in the background worker, counting as it goes."""

    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    # A published API read page by page (file_name then names it for the report).
    feed_url = models.URLField(max_length=500, blank=True)
    format = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.DONE
    )
    # The uploaded file, kept only until the worker has read it.
    upload = models.BinaryField(null=True, blank=True, editable=False)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    gone = models.PositiveIntegerField(default=0)
    # {"rows": [{"record": "...", "name": "...",
    #            "outcome": "created|changed|unchanged|skipped|gone", "reason": "..."}],
    #  "problem": "..."}
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d %b %Y %H:%M})"

    @property
    def done(self) -> int:
        return self.created + self.changed + self.unchanged + self.skipped
