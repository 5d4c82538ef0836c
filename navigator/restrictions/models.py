"""Records restricted to named staff, and emergency access to them ("breaking the glass").

Restricting a record hides it, and every row about the person, from everyone it does not name:
the organisation scope (`navigator.core.scoping`) leaves them out of every query made for a
signed-in user, so each page answers as for a missing record."""

from django.conf import settings
from django.db import models

from navigator.core.scoping import OrganisationScoped

# By name: restrictions sit below people in the layers (people's pages ask about them).
PERSON = "people.Person"


class Restriction(OrganisationScoped):
    """A person's record open only to the staff named (and to those who break the glass)."""

    # Managers reach a restriction to change or lift it without seeing the record itself.
    restricted_with_person = False

    class Kind(models.TextChoices):
        STAFF_RELATIVE = "staff_relative", "A relative or friend of a member of staff"
        STAFF = "staff", "A member of staff"
        SAFEGUARDING = "safeguarding", "A safeguarding case"
        OTHER = "other", "Another reason"

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="restriction")
    kind = models.CharField("Why it is restricted", max_length=20, choices=Kind.choices)
    reason = models.TextField("Details", blank=True)
    named_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name="Staff who may see the record"
    )
    processing_restricted = models.BooleanField(
        "Restrict processing",
        default=False,
        help_text=(
            "The person has asked us to restrict processing (UK GDPR Article 18): named staff "
            "can still see the record, but nothing can be changed or sent until this is lifted"
        ),
    )
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Restriction of record {self.person_id}"


class BreakGlass(OrganisationScoped):
    """Emergency access to a restricted record by someone it does not name, with their reason.
    Open for `until`; the organisation's managers review each one."""

    restricted_with_person = False

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("Why you need to see this record now")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    until = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review = models.TextField("What was decided", blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "person", "until"])]

    def __str__(self) -> str:
        return f"Emergency access to record {self.person_id}"
