from django.conf import settings
from django.db import models

from navigator.core.scoping import OrganisationScoped


class PracticeStatus(models.TextChoices):
    """The status codes of NHS Digital's GP practice file (epraccur)."""

    ACTIVE = "A", "Active"
    CLOSED = "C", "Closed"
    DORMANT = "D", "Dormant"
    PROPOSED = "P", "Proposed"


# A practice in either state still takes patients; dormant and closed ones do not.
OPEN_PRACTICE_STATUSES = (PracticeStatus.ACTIVE, PracticeStatus.PROPOSED)


class GPPractice(models.Model):
    """A GP practice (reference data shared by every organisation in the deployment), loaded
    from the national ODS file by `navigator load_gp_practices`. The file has no e-mail: the
    practice's generic secure address comes from an extra column or is set by hand, and an
    address set by hand survives the next load."""

    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)  # lines joined by newlines
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=1, choices=PracticeStatus.choices, default=PracticeStatus.ACTIVE
    )
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    commissioner = models.CharField(max_length=10, blank=True)
    email = models.EmailField("Generic e-mail address", blank=True)
    email_set_by_hand = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "GP practice"

    def __str__(self) -> str:
        return self.label(self.name, self.ods_code)

    @staticmethod
    def label(name: str, ods_code: str) -> str:
        """A practice as every list names it, for lists read as (name, code) pairs too."""
        return f"{name} ({ods_code})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PRACTICE_STATUSES


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class FeedbackChannel(models.TextChoices):
    """How a person who agreed to be asked for feedback wants to be asked: one of the written
    ways of `ContactMethod` (the same values), or the way they prefer to be contacted."""

    PREFERRED = "", "The way they prefer to be contacted"
    TEXT = ContactMethod.TEXT.value, "Text message"
    EMAIL = ContactMethod.EMAIL.value, "E-mail"
    LETTER = ContactMethod.LETTER.value, "Letter"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "In writing"
    ELECTRONIC = "electronic", "Electronically"
    VERBAL = "verbal", "Verbally, with the consent script read out"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class Ethnicity(models.TextChoices):
    """NHS Data Dictionary ethnic categories (2001 census groups)."""

    WHITE_BRITISH = "A", "White: British"
    WHITE_IRISH = "B", "White: Irish"
    WHITE_OTHER = "C", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "F", "Mixed: White and Asian"
    MIXED_OTHER = "G", "Mixed: any other mixed background"
    ASIAN_INDIAN = "H", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "J", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "K", "Asian or Asian British: Bangladeshi"
    ASIAN_OTHER = "L", "Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "M", "Black or Black British: Caribbean"
    BLACK_AFRICAN = "N", "Black or Black British: African"
    BLACK_OTHER = "P", "Black or Black British: any other Black background"
    CHINESE = "R", "Other ethnic groups: Chinese"
    OTHER = "S", "Other ethnic groups: any other ethnic group"
    NOT_STATED = "Z", "Not stated"


class YesNoPreferNot(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class Person(OrganisationScoped):
    """A service user: someone referred to, or contacted by, the social prescribing service."""

    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    date_of_birth = models.DateField()
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)

    address_line_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, blank=True
    )
    preferred_contact_times = models.CharField(max_length=200, blank=True)

    communication_needs = models.TextField("Communication and accessibility needs", blank=True)
    language = models.CharField("Main language", max_length=100, blank=True)
    needs_interpreter = models.BooleanField("Needs an interpreter", default=False)
    gp_practice = models.ForeignKey(
        GPPractice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="GP practice",
    )

    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=1, choices=Ethnicity.choices, blank=True)
    religion = models.CharField("Religion or belief", max_length=100, blank=True)
    sexual_orientation = models.CharField(max_length=100, blank=True)
    disability = models.CharField(
        "Considers themself disabled", max_length=12, choices=YesNoPreferNot.choices, blank=True
    )

    consent_to_hold = models.BooleanField("Agrees we hold their information", default=False)
    consent_to_share = models.BooleanField(
        "Agrees we share their information with services that support them", default=False
    )
    consent_method = models.CharField(
        "How consent was given", max_length=12, choices=ConsentMethod.choices, blank=True
    )
    may_contact_for_feedback = models.BooleanField(
        "Agrees to be asked for feedback",
        default=False,
        help_text=(
            "We send them a link to a short questionnaire, the way they prefer to be written to "
            "(a text, an e-mail or a letter), when their support ends and at follow-up"
        ),
    )
    feedback_channel = models.CharField(
        "How they would like to be asked for feedback",
        max_length=10,
        choices=FeedbackChannel.choices,
        blank=True,
        help_text="Only this way: if it cannot reach them, they are not asked",
    )
    # The National Data Opt-out (and any objection recorded here): their data is used for their
    # care only, never in an export for planning or research (the PRSB dataset).
    national_data_opt_out = models.BooleanField(
        "Objects to their data being used beyond their care",
        default=False,
        help_text=(
            "The National Data Opt-out, or an objection they made to us: their details are left "
            "out of the PRSB dataset and any export for planning or research"
        ),
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["organisation", "family_name", "given_name"]),
            models.Index(fields=["organisation", "date_of_birth"]),
            # The few who opted out, which the PRSB dataset leaves out and counts: found
            # here, not by reading every person.
            models.Index(
                fields=["id"],
                condition=models.Q(national_data_opt_out=True),
                name="person_opted_out_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name


class FamilyMember(OrganisationScoped):
    """A relative, friend or carer of a person, who may take part in planning their support."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    is_carer = models.BooleanField("Is their carer", default=False)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    takes_part_in_planning = models.BooleanField(
        "Takes part in planning their support", default=False
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class PersonMerge(OrganisationScoped):
    """Two records of one person made one; the absorbed record is kept, marked merged."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    absorbed_snapshot = models.JSONField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.absorbed_id} merged into {self.kept_id}"
