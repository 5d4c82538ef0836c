"""Secure links: how someone without an account (a person answering a questionnaire or saying
whether they went to an activity, a provider answering an activity referral) reaches one
thing, once, for a while.

Only a digest of the token is stored, so a copy of the database cannot be used to open links.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from navigator.core.formatting import format_datetime
from navigator.core.scoping import OrganisationScoped


class Purpose(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", "Answer a questionnaire"
    FEEDBACK = "feedback", "Give feedback"
    PROVIDER_RESPONSE = "provider_response", "Answer an activity referral"
    PROVIDER_ATTENDANCE = "provider_attendance", "Confirm attendance at an activity"
    PERSON_ATTENDANCE = "person_attendance", "Say whether you went to an activity"


# The page a person's link opens, for the short link in a text (`links:short`) to lead to.
PERSON_PAGES: dict[str, str] = {
    Purpose.QUESTIONNAIRE: "outcomes:questionnaire",
    Purpose.FEEDBACK: "feedback:give",
    Purpose.PERSON_ATTENDANCE: "activities:person_attendance",
}


class SecureLink(OrganisationScoped):
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    sent_to = models.CharField(max_length=254, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link (expires {format_datetime(self.expires_at)})"
