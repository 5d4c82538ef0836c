"""Writes of feedback: asking for it by secure link and recording answers. Each is one
transaction and leaves an audit event."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.audit.models import AuditEvent
from navigator.core import messages
from navigator.core.messages import MessageKind
from navigator.feedback.models import (
    ONCE_PER_CASE,
    Channel,
    FeedbackRequest,
    FeedbackResponse,
    Occasion,
    Respondent,
)
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import issue_link, spend_link
from navigator.referrals.models import Referral

LINK_VALID_FOR = datetime.timedelta(days=30)
# Kept out of the audit trail of an anonymous answer, so that the trail cannot put a name to
# what was said.
IDENTIFYING = ("referral", "request", "went_well", "could_be_better")


class FeedbackRefused(Exception):
    """Feedback cannot be asked for or recorded; the message says why, in plain words."""


@dataclass(frozen=True)
class SentRequest:
    request: FeedbackRequest
    token: str  # in the e-mail only, never stored


def send_request(*, referral: Referral, occasion: str) -> SentRequest:
    """Issue a feedback link for the case and send it to the person the way they chose to be
    asked, else the way they prefer, else by e-mail or text (after the transaction commits).
    Refused when the person has not agreed, cannot be written to (the way they chose), or was
    already asked, or has already answered, at this occasion."""
    person = referral.person
    if person is None:
        raise FeedbackRefused("This referral is not matched to a person's record yet")
    if not person.may_contact_for_feedback:
        raise FeedbackRefused(
            f"{person.full_name} has not agreed to be asked for feedback. "
            "Record their agreement on their record first"
        )
    route = messages.route_to(person, agreed=True, kind=MessageKind.FEEDBACK)
    if route is None and person.feedback_channel:
        raise FeedbackRefused(
            f"{person.full_name} chose to be asked for feedback by "
            f"{person.get_feedback_channel_display().lower()}, and their record has no way "
            "to send one (or they replied STOP to texts). Add it to their record first, or "
            "change their choice"
        )
    if route is None:
        raise FeedbackRefused(
            f"{person.full_name} has no e-mail address or mobile number to send a link to "
            "(or replied STOP to texts). Add one to their record first"
        )
    if (
        occasion in ONCE_PER_CASE
        and FeedbackRequest.objects.filter(referral=referral, occasion=occasion).exists()
    ):
        raise FeedbackRefused(
            f"A feedback link for this case ({Occasion(occasion).label.lower()}) "
            "has already been sent"
        )
    if (
        occasion in ONCE_PER_CASE
        and referral.feedback_responses.filter(
            occasion=occasion, respondent=Respondent.PERSON
        ).exists()
    ):
        # Their answer is recorded already: a link could never be used.
        raise FeedbackRefused(
            f"{person.full_name} has already given feedback about this support "
            f"({Occasion(occasion).label.lower()}), so no link was sent"
        )
    try:
        with transaction.atomic():
            issued = issue_link(
                purpose=Purpose.FEEDBACK,
                target=referral,
                valid_for=LINK_VALID_FOR,
                created_by=current_actor().user,
                sent_to=route.recipient,
                person_id=person.pk,
                short=route.channel == messages.TEXT_CHANNEL,
            )
            feedback_request = FeedbackRequest.objects.create(
                organisation_id=referral.organisation_id,
                referral=referral,
                occasion=occasion,
                link=issued.link,
                sent_at=timezone.now(),
                sent_by=current_actor().user,
            )
            audit.record_creation(feedback_request, person_id=person.pk)
    except IntegrityError as race:
        # Another run asked at the same moment.
        raise FeedbackRefused("A feedback link for this case has already been sent") from race
    # No name and nothing about the support in the message: it may be read by anyone.
    messages.send_link_to_person(
        person=person,
        kind=MessageKind.FEEDBACK,
        page="feedback:give",
        email_subject_template="feedback/email/request_subject.txt",
        email_body_template="feedback/email/request.txt",
        context={"service": referral.organisation.name},
        issued=issued,
        referral=referral,
        agreed=True,
    )
    return SentRequest(request=feedback_request, token=issued.token)


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    """The answers, checked again here because not every caller is a form."""
    fields = {
        "respondent": FeedbackResponse._meta.get_field("respondent"),
        "fft_answer": FeedbackResponse._meta.get_field("fft_answer"),
    }
    for name, field in fields.items():
        if data.get(name) not in dict(field.flatchoices):
            raise FeedbackRefused(f"Select one of the answers given for “{field.verbose_name}”")
    return {
        "respondent": data["respondent"],
        "fft_answer": data["fft_answer"],
        "went_well": (data.get("went_well") or "").strip(),
        "could_be_better": (data.get("could_be_better") or "").strip(),
        "anonymous": bool(data.get("anonymous")),
    }


def _already_answered(occasion: str, respondent: str, *, by_link: bool) -> FeedbackRefused:
    who = "you" if by_link and respondent == Respondent.PERSON else Respondent(respondent).label
    return FeedbackRefused(
        f"Feedback from {who.lower()} about this support ({Occasion(occasion).label.lower()}) "
        "has already been received, so these answers were not saved"
    )


def record_response(
    *,
    referral: Referral | None = None,
    occasion: str = Occasion.OTHER,
    data: dict[str, Any],
    link: SecureLink | None = None,
) -> FeedbackResponse:
    """Keep one set of answers. Through a link (which names the case and the occasion) the
    link is spent with it; otherwise a member of staff records what they were told.

    Refused with nothing changed (FeedbackRefused, or LinkRefused for a spent link) when an
    answer is not one of the choices or the same respondent already answered at this
    occasion."""
    answers = _validated(data)
    feedback_request = None
    if link is not None:
        feedback_request = FeedbackRequest.objects.select_related("referral").get(link=link)
        referral, occasion = feedback_request.referral, feedback_request.occasion
    if referral is None or referral.person_id is None:
        raise FeedbackRefused("This referral is not matched to a person's record yet")
    if occasion not in Occasion.values:
        raise FeedbackRefused("Select when the feedback was given")
    duplicate = _already_answered(occasion, answers["respondent"], by_link=link is not None)
    once = occasion in ONCE_PER_CASE
    try:
        with transaction.atomic():
            # The link first: of two answers sent through it at once, the second is told the
            # link was used, as every link says, not that this feedback already arrived.
            if link is not None:
                spend_link(link=link)
            if (
                once
                and referral.feedback_responses.filter(
                    occasion=occasion, respondent=answers["respondent"]
                ).exists()
            ):
                raise duplicate
            response = FeedbackResponse.objects.create(
                organisation_id=referral.organisation_id,
                referral=referral,
                request=feedback_request,
                channel=Channel.LINK if link is not None else Channel.STAFF,
                occasion=occasion,
                submitted_at=timezone.now(),
                recorded_by=current_actor().user,
                **answers,
            )
            _audit_creation(response)
    except IntegrityError as race:
        raise duplicate from race
    return response


def _audit_creation(response: FeedbackResponse) -> AuditEvent:
    # A response is saved with its case; only an anonymous one is kept apart from the person.
    if not response.anonymous and response.referral is not None:
        return audit.record_creation(response, person_id=response.referral.person_id)
    changes = {
        name: [None, value]
        for name, value in audit.snapshot(response, exclude=IDENTIFYING).items()
        if value not in (None, "", False)
    }
    return audit.record(
        action=AuditEvent.Action.CREATED, instance=response, person_id=None, changes=changes
    )
