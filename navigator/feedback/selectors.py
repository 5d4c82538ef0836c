"""Reads of feedback. Callers audit what they show."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from navigator.accounts.selectors import with_names
from navigator.core.timeline import TimelineEntry
from navigator.feedback.models import FeedbackRequest, FeedbackResponse, FFTAnswer
from navigator.people.models import Person


def responses(*, occasion: str = "") -> QuerySet[FeedbackResponse]:
    """Every response of the organisation in scope, newest first, with the case and person
    for the ones that may be named (one query a page)."""
    found = FeedbackResponse.objects.select_related("referral__person")
    if occasion:
        found = found.filter(occasion=occasion)
    return found.order_by("-submitted_at", "-pk")


def named_responses_of(person: Person) -> QuerySet[FeedbackResponse]:
    """What the person (or their family and friends) said, leaving out anonymous answers: a
    page about the person must not put their name to those."""
    return (
        FeedbackResponse.objects.filter(referral__person=person, anonymous=False)
        .select_related("referral")
        .order_by("-submitted_at", "-pk")
    )


def requests_of(person: Person) -> QuerySet[FeedbackRequest]:
    return (
        FeedbackRequest.objects.filter(referral__person=person)
        .select_related("referral", "link")
        .order_by("-sent_at", "-pk")
    )


def feedback_history(person: Person) -> list[TimelineEntry]:
    """Timeline entries for feedback asked for and given: two queries. The timeline is read
    by everyone who may see the person, so it says that feedback was given, never what; and
    anonymous feedback is left out, since even its date could tell who gave it. (It names
    neither the referral nor the link, so neither is read.)"""
    entries = [
        TimelineEntry(
            at=sent.sent_at,
            title=f"Feedback link sent ({sent.get_occasion_display().lower()})",
            actor=str(sent.sent_by or "Sent automatically"),
        )
        for sent in requests_of(person)
        .select_related(None)
        .select_related("sent_by")
        .only("sent_at", "occasion", *with_names("sent_by"))
    ]
    entries += [
        TimelineEntry(
            at=response.submitted_at,
            title=f"Feedback given ({response.get_occasion_display().lower()})",
            description=f"{response.get_respondent_display()}, {response.get_channel_display()}",
            actor=str(response.recorded_by or ""),
        )
        for response in named_responses_of(person)
        .select_related(None)
        .select_related("recorded_by")
        .only("submitted_at", "occasion", "respondent", "channel", *with_names("recorded_by"))
    ]
    return entries


@dataclass(frozen=True)
class FFTSummary:
    counts: list[tuple[str, int]]  # (answer, how many), in the order the question lists them
    total: int
    positive: int  # very good + good, as a whole-number percentage of all responses
    negative: int  # poor + very poor


def fft_summary(found: QuerySet[FeedbackResponse]) -> FFTSummary:
    """How many gave each answer, with the FFT's % positive and % negative: one query."""
    by_answer = dict(
        found.order_by()
        .values("fft_answer")
        .annotate(count=Count("pk"))
        .values_list("fft_answer", "count")
    )
    total = sum(by_answer.values())

    def percent(*answers: str) -> int:
        if not total:
            return 0
        return round(100 * sum(by_answer.get(answer, 0) for answer in answers) / total)

    return FFTSummary(
        counts=[(label, by_answer.get(value, 0)) for value, label in FFTAnswer.choices],
        total=total,
        positive=percent(FFTAnswer.VERY_GOOD, FFTAnswer.GOOD),
        negative=percent(FFTAnswer.POOR, FFTAnswer.VERY_POOR),
    )
