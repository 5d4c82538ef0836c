from django.conf import settings
from django.db import models
from django.utils.timesince import timesince

from navigator.core.scoping import OrganisationScoped
from navigator.people.models import ConsentMethod, ContactMethod, GPPractice, Person
from navigator.referrals.states import CASE_STAGES, NEW_STATES, State


class SourceType(models.TextChoices):
    """Where referrals come from (NHS England's list, docs/domain.md §1)."""

    PRIMARY_CARE = "primary_care", "Primary care clinician"
    SELF = "self", "Self-referral"
    SOCIAL_PRESCRIBING = "social_prescribing", "Another social prescribing service"
    TARGETED_OUTREACH = "targeted_outreach", "Targeted outreach"
    PHARMACY = "pharmacy", "Pharmacy"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Hospital discharge team"
    ALLIED_HEALTH = "allied_health", "Allied health professional"
    SOCIAL_CARE = "social_care", "Social care"
    HOUSING = "housing", "Housing"
    JOB_CENTRE = "job_centre", "Job centre"
    POLICE = "police", "Police"
    FIRE_SERVICE = "fire_service", "Fire service"
    VCS_GROUP = "vcs_group", "Voluntary or community group"


class Channel(models.TextChoices):
    """How a referral reached the service."""

    FORM = "form", "Navigator referral form"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone call"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon (within 2 weeks)"
    URGENT = "urgent", "Urgent (within 2 working days)"


# How soon the service aims to act on a referral of each urgency: (amount, in working days?).
# Routine referrals have no target beyond the order of the queue.
URGENCY_TARGETS = {Urgency.URGENT: (2, True), Urgency.SOON: (14, False)}


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    NEEDS_CLINICAL = "needs_clinical", "Needs a clinical service"
    OUT_OF_AREA = "out_of_area", "Out of area"
    PERSON_DECLINED = "person_declined", "The person declined"
    DUPLICATE = "duplicate", "Duplicate referral"
    OTHER = "other", "Other"


# Reasons a new organisation starts with; each organisation edits its own list.
DEFAULT_REASONS = [
    "Loneliness or isolation",
    "Low mood or anxiety",
    "Long-term condition",
    "Physical activity",
    "Healthy weight",
    "Money, debt or benefits",
    "Housing",
    "Work or training",
    "Caring responsibilities",
    "Bereavement",
    "Frailty or falls",
]


class ReferralReason(OrganisationScoped):
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_reason_name")
        ]

    def __str__(self) -> str:
        return self.name


class Referral(OrganisationScoped):
    """A request for social prescribing support for one person, from the moment it arrives.

    The person's details are kept as the referrer gave them; triage matches the referral to a
    record in `people` (an existing one or a new one) and sets `person`.
    """

    reference = models.CharField(max_length=12, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )

    # The person, as referred.
    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    date_of_birth = models.DateField()
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    gp_practice = models.ForeignKey(
        GPPractice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="GP practice",
        db_index=False,  # indexed with the organisation (Meta.indexes)
    )
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, blank=True
    )
    preferred_contact_times = models.CharField(max_length=200, blank=True)
    # As the person gave it on the self-referral form; triage carries it to their record.
    language = models.CharField("Main language", max_length=100, blank=True)

    # Who referred, and how it arrived.
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(
        "Referrer's organisation or GP practice", max_length=200, blank=True
    )
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=20, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The signed-in user who made or keyed in the referral",
    )
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For onward referrals: the service that referred",
    )
    # For onward referrals: the referring service's record of the person, so that service can
    # follow the referral's status (only that, and only it: the referral is not theirs).
    onward_from = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onward_referrals",
    )
    channel = models.CharField(
        "How the referral arrived", max_length=10, choices=Channel.choices, blank=True
    )
    received_at = models.DateTimeField()

    # Why, and how urgently.
    reasons = models.ManyToManyField(ReferralReason, blank=True, related_name="referrals")
    reason_details = models.TextField("More about the reasons", blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    risks = models.TextField("Risks and safeguarding concerns", blank=True)

    # The person's consent to being referred.
    consent_given = models.BooleanField(default=False)
    consent_method = models.CharField(max_length=12, choices=ConsentMethod.choices, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.CharField(max_length=200, blank=True)

    # Triage outcome and work.
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    signposting_note = models.TextField(blank=True)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_referrals",
    )
    waiting_since = models.DateTimeField(null=True, blank=True)

    # Times kept for reporting.
    triaged_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Kept by navigator.contacts.due on every write that changes them, for the caseload to
    # filter, sort and count on (open cases only): when the next contact is due, whether
    # nobody has tried to reach the person yet, when the case started (its first allocation,
    # in London) and how many of its contacts connected.
    contact_due_on = models.DateField(null=True, blank=True, editable=False)
    is_new_case = models.BooleanField(default=False, editable=False)
    case_started_on = models.DateField(null=True, blank=True, editable=False)
    connected_contacts = models.PositiveIntegerField(default=0, editable=False)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "received_at"]),
            # Likely duplicates of a page of referrals are looked for by their birthdays.
            models.Index(fields=["organisation", "date_of_birth"]),
            # Whether a practice referred anyone to these services (the report filter's list
            # of practices): one probe of this index each, where the practice's own index
            # read its referrals to every service until one was of these.
            models.Index(fields=["gp_practice", "organisation"], name="referral_practice_idx"),
            # A link worker's caseload in the order it is shown: new cases, then by due date.
            # Covering what a caseload's count and page keys and a team's figures per link
            # worker filter on (the organisation, and the person for restricted records) and
            # count (how long each case has run), so that they read this index alone, not a
            # page of the table for each of a large service's thousands of cases.
            models.Index(
                fields=["allocated_to", "-is_new_case", "contact_due_on", "id"],
                include=["organisation", "person", "case_started_on", "connected_contacts"],
                name="referral_caseload_due",
                condition=models.Q(state__in=CASE_STAGES),
            ),
            # The waiting list, longest waiting first (covering its count, as the caseload's).
            models.Index(
                fields=["organisation", "waiting_since", "id"],
                include=["person"],
                name="referral_waiting_list",
                condition=models.Q(state=State.WAITING),
            ),
            # The triage queue, oldest first, covering its count and the urgency its other
            # order sorts by: a page's keys are found in this index alone.
            models.Index(
                fields=["organisation", "received_at", "id"],
                include=["urgency", "person"],
                name="referral_triage_queue",
                condition=models.Q(state__in=sorted(NEW_STATES)),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference} for {self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def initials(self) -> str:
        return f"{self.given_name[:1]}{self.family_name[:1]}".upper()

    @property
    def waited(self) -> str:
        """How long since it arrived, in its largest unit: "3 days"."""
        return timesince(self.received_at, depth=1).replace("\xa0", " ")

    @property
    def waited_on_list(self) -> str:
        if not self.waiting_since:
            return ""
        return timesince(self.waiting_since, depth=1).replace("\xa0", " ")


class Transition(OrganisationScoped):
    """One move of a referral from state to state: when, by whom, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} → {self.to_state}"


class CodedEvent(OrganisationScoped):
    """A SNOMED CT coded event of a case, carried back to the GP record."""

    class Code(models.TextChoices):
        REFERRAL_ACCEPTED = "871731000000106", "Referral to social prescribing service"
        DECLINED = "871711000000103", "Social prescribing declined"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="coded_events")
    code = models.CharField(max_length=20, choices=Code.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # The rollups count again a service's events of the days that changed.
            models.Index(
                fields=["organisation", "at"], include=["code"], name="codedevent_report_idx"
            )
        ]
        constraints = [
            # Acceptance is coded once per case (SNOMED's "episode"; a referral is one case).
            models.UniqueConstraint(fields=["referral", "code"], name="one_code_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_code_display()}"


class ReferralEmailTemplate(OrganisationScoped):
    """The e-mail a referrer gets when their referral is accepted or declined; each
    organisation words its own. Placeholders in braces are filled in when it is sent."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", "Referral accepted"
        DECLINED = "declined", "Referral declined"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="one_email_template_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Catchment(models.Model):
    """Where a service takes self-referrals from: people registered at its GP practices, or
    living in its postcode districts. Public routing data, not personal data."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="catchment"
    )
    gp_practices = models.ManyToManyField(GPPractice, blank=True, related_name="catchments")
    postcode_districts = models.CharField(
        max_length=500,
        blank=True,
        help_text="Outward codes separated by commas, for example LS6, LS7",
    )
    takes_self_referrals = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Catchment of {self.organisation}"

    def districts(self) -> list[str]:
        return [part.strip().upper() for part in self.postcode_districts.split(",") if part.strip()]
