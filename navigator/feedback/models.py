"""Feedback on the service: the NHS Friends and Family Test (FFT) question and two free-text
questions, answered by the person or a family member or friend, through a secure link or told
to a member of staff. Every answer is tied to the case; an anonymous one is never shown with
the person's name."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from navigator.core.scoping import OrganisationScoped
from navigator.links.models import SecureLink
from navigator.referrals.models import Referral

# The FFT question, word for word (NHS England).
FFT_QUESTION = "Overall, how was your experience of our service?"


class FFTAnswer(models.TextChoices):
    VERY_GOOD = "very_good", "Very good"
    GOOD = "good", "Good"
    NEITHER = "neither", "Neither good nor poor"
    POOR = "poor", "Poor"
    VERY_POOR = "very_poor", "Very poor"
    DONT_KNOW = "dont_know", "Don't know"


class Respondent(models.TextChoices):
    PERSON = "person", "The person supported"
    FAMILY_OR_FRIEND = "family_or_friend", "A family member or friend"


class Channel(models.TextChoices):
    LINK = "link", "Answered through a secure link"
    STAFF = "staff", "Recorded by staff"


class Occasion(models.TextChoices):
    CLOSURE = "closure", "When support ended"
    FOLLOW_UP = "follow_up", "At follow-up"
    OTHER = "other", "At another time"


# At these occasions a case is asked once, so each respondent answers once.
ONCE_PER_CASE = [Occasion.CLOSURE, Occasion.FOLLOW_UP]


class FeedbackRequest(OrganisationScoped):
    """A secure link sent to the person asking for feedback on a case."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="feedback_requests"
    )
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    link = models.OneToOneField(SecureLink, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the daily job sent it",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # The daily job may run again (or twice at once): a case is asked once per occasion.
            models.UniqueConstraint(
                fields=["referral", "occasion"],
                condition=models.Q(occasion__in=ONCE_PER_CASE),
                name="one_feedback_request_per_occasion",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback request ({self.get_occasion_display().lower()})"

    @property
    def sent_on(self) -> datetime.date:
        return timezone.localdate(self.sent_at)

    @property
    def status(self) -> str:
        """What became of the link, in words for staff."""
        if self.link.used_at:
            return "answered"
        if self.link.revoked_at:
            return "cancelled"
        if self.link.expires_at <= timezone.now():
            return "expired without an answer"
        return f"works until {timezone.localdate(self.link.expires_at):%-d %B %Y}"


class FeedbackResponse(OrganisationScoped):
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        related_name="feedback_responses",
    )
    request = models.OneToOneField(
        FeedbackRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    respondent = models.CharField(max_length=16, choices=Respondent.choices)
    fft_answer = models.CharField(FFT_QUESTION, max_length=10, choices=FFTAnswer.choices)
    went_well = models.TextField("What went well", blank=True)
    could_be_better = models.TextField("What could be better", blank=True)
    anonymous = models.BooleanField(default=False)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    submitted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "occasion", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "occasion", "respondent"],
                condition=models.Q(occasion__in=ONCE_PER_CASE),
                name="one_feedback_response_per_occasion_and_respondent",
            )
        ]

    def __str__(self) -> str:
        # Never the person's name: this label is shown in the audit trail.
        return f"Feedback: {self.get_fft_answer_display()}"

    @property
    def submitted_on(self) -> datetime.date:
        return timezone.localdate(self.submitted_at)
