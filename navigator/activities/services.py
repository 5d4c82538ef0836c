"""Writes of activity referrals and accompaniment. Each is one transaction and leaves an
audit event; every status change is also kept as a StatusChange."""

import datetime
from collections.abc import Mapping
from typing import TypedDict

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.activities.models import (
    Accompaniment,
    ActivityPreferences,
    ActivityReferral,
    StatusChange,
    VolunteerProfile,
    dbs_is_current,
)
from navigator.activities.selectors import (
    awaiting_attendance_word,
    person_was_asked,
    recipients,
)
from navigator.activities.states import (
    ANSWERS,
    AWAITING_PROVIDER,
    NEEDS_REASON,
    Side,
    Status,
    TransitionNotAllowed,
    check_transition,
)
from navigator.audit import services as audit
from navigator.contacts import services as contacts_services
from navigator.contacts.models import Task
from navigator.core import messages
from navigator.core.messages import MessageKind
from navigator.directory.models import Service
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import email_secure_link, spend_link
from navigator.people.models import Person
from navigator.referrals.models import Referral

# How long a provider without a login has to answer by the e-mailed link, and to confirm
# attendance after the planned first session (or after accepting, when none was planned).
PROVIDER_RESPONSE_DAYS = 14
PROVIDER_ATTENDANCE_DAYS = 28
# How long the person has to say, by the e-mailed link, whether they went.
PERSON_ATTENDANCE_DAYS = 14
# The history of a referral made by telephone to a provider no one in Navigator receives for.
PHONED = "Referred by telephone to the provider"
# Who made a change the person made through their link, in the history and on the timeline.
BY_PERSON_LINK = "The person, by secure link"


class AccompanimentDetails(TypedDict):
    """What the link worker says about an accompanied visit when arranging it."""

    meet_at: datetime.datetime
    meeting_point: str
    travel_notes: str
    access_needs: str


class ReasonRequired(TransitionNotAllowed):
    pass


class AssignmentRefused(ValueError):
    pass


class ConsentMissing(TransitionNotAllowed):
    """Sending would share the person's details, and they have not agreed to it."""


NO_CONSENT_TO_SHARE = "{name} has not agreed that we share their information"


def _change(
    activity_referral: ActivityReferral,
    *,
    from_status: str,
    to_status: str,
    side: Side,
    by: User | None,
    by_name: str = "",
    reason: str = "",
) -> StatusChange:
    return StatusChange.objects.create(
        organisation_id=activity_referral.organisation_id,
        activity_referral=activity_referral,
        from_status=from_status,
        to_status=to_status,
        at=activity_referral.status_changed_at,
        by=by,
        by_name=by_name or (str(by) if by else ""),
        side=side,
        reason=reason,
    )


@transaction.atomic
def refer(
    *,
    person: Person,
    service: Service,
    made_by: User,
    reason: str,
    note: str = "",
    planned_first_session: datetime.datetime | None = None,
    case: Referral | None = None,
    send: bool = True,
    signposted: bool = False,
    phoned: bool = False,
) -> ActivityReferral:
    """Refer `person` to `service`: a draft, or sent at once when `send`. A signposting-only
    service takes no referral, and a link worker may choose to signpost (`signposted`) when
    no one can receive one: the record says the person was signposted, and stays so.
    `phoned`: the link worker referred them by telephone (offered when no one can receive a
    referral in Navigator), so it is sent with that said in its history."""
    signposting = signposted or not service.takes_direct_referrals
    status = Status.SIGNPOSTED if signposting else Status.DRAFT
    activity_referral = ActivityReferral.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        service=service,
        made_by=made_by,
        reason=reason,
        note=note,
        planned_first_session=planned_first_session,
        case=case,
        status=status,
    )
    _change(activity_referral, from_status="", to_status=status, side=Side.REQUESTER, by=made_by)
    audit.record_creation(activity_referral, person_id=person.pk)
    if (send or phoned) and not signposting:
        activity_referral = move(
            activity_referral=activity_referral,
            to=Status.REQUESTED,
            side=Side.REQUESTER,
            by=made_by,
            reason=PHONED if phoned else "",
        )
    return activity_referral


@transaction.atomic
def move(
    *,
    activity_referral: ActivityReferral,
    to: str,
    side: Side,
    by: User | None,
    by_name: str = "",
    reason: str = "",
) -> ActivityReferral:
    """Change the status, if the transition table lets `side` make this move. A referral sent
    to a provider with no login in Navigator is e-mailed to them as a secure link (addresses
    start with the NAVIGATOR_SITE_URL setting)."""
    saved = ActivityReferral.objects.select_for_update().get(pk=activity_referral.pk)
    check_transition(saved.status, to, side)
    if to == Status.IN_PROGRESS and (problem := attendance_problem(saved)):
        raise TransitionNotAllowed(problem)
    if to == Status.REQUESTED and not saved.person.consent_to_share:
        raise ConsentMissing(NO_CONSENT_TO_SHARE.format(name=saved.person.full_name))
    reason = reason.strip()
    if to in NEEDS_REASON and not reason:
        raise ReasonRequired("Say why")
    before = audit.snapshot(saved)
    now = timezone.now()
    from_status = saved.status
    saved.status = to
    saved.status_reason = reason
    saved.status_changed_at = now
    if to == Status.REQUESTED and saved.requested_at is None:
        saved.requested_at = now
    if side == Side.PROVIDER and to in ANSWERS and not saved.first_answer:
        saved.first_answer = to
        saved.first_answered_at = now
    saved.save()
    _change(
        saved,
        from_status=from_status,
        to_status=to,
        side=side,
        by=by,
        by_name=by_name,
        reason=reason,
    )
    audit.record_change(saved, before=before, person_id=saved.person_id)
    if saved.case is not None:
        _finish_case_tasks(saved.case)
    if to == Status.REQUESTED and provider_address(saved):
        _email_provider_link(saved, Purpose.PROVIDER_RESPONSE, by=by)
    return saved


@transaction.atomic
def change_first_session(
    *, activity_referral: ActivityReferral, planned_first_session: datetime.datetime | None
) -> ActivityReferral:
    """Move (or clear) the planned first session. A week after the old date the link worker
    may have been asked whether the person went: unless the new date is itself more than a
    week past, that question waits for the new date, and the case's "did they go?" task
    closes (the daily job raises it again a week after the new date)."""
    saved = ActivityReferral.objects.select_for_update().get(pk=activity_referral.pk)
    if saved.planned_first_session == planned_first_session:
        return saved
    before = audit.snapshot(saved)
    saved.planned_first_session = planned_first_session
    saved.save(update_fields=["planned_first_session"])
    awaiting = ActivityReferral.objects.filter(awaiting_attendance_word(timezone.now()))
    if not awaiting.filter(pk=saved.pk).exists():
        saved.attendance_prompted_at = None
        saved.save(update_fields=["attendance_prompted_at"])
    audit.record_change(saved, before=before, person_id=saved.person_id)
    if saved.case is not None:
        _finish_case_tasks(saved.case)
    return saved


def attendance_problem(activity_referral: ActivityReferral) -> str | None:
    """Why no one can say yet that the person attended, or None: the planned first session
    has not come."""
    planned = activity_referral.planned_first_session
    if planned is not None and timezone.localdate(planned) > timezone.localdate():
        return (
            f"The first session is planned for {activity_referral.planned_day_text}: "
            "attendance can be confirmed from that day"
        )
    return None


def _finish_case_tasks(case: Referral) -> None:
    """The case's tasks about activity referrals are done once none of its activity referrals
    still waits for what they ask: the provider's answer, or word on the first session."""
    referrals = ActivityReferral.objects.filter(case=case)
    done = []
    if not referrals.filter(status__in=AWAITING_PROVIDER).exists():
        done.append(Task.Kind.ACTIVITY_UNANSWERED)
    if not referrals.filter(awaiting_attendance_word(timezone.now())).exists():
        done.append(Task.Kind.ACTIVITY_ATTENDANCE)
    contacts_services.finish_tasks(referral=case, kinds=done)


def provider_address(activity_referral: ActivityReferral) -> str:
    """Where to e-mail a referral (see `selectors.recipients`): empty when it is not
    e-mailed."""
    if activity_referral.onward_referral_id:
        return ""
    return recipients(activity_referral.service).email


def _email_provider_link(
    activity_referral: ActivityReferral, purpose: Purpose, *, by: User | None
) -> None:
    """Send the provider a new link for `purpose`, cancelling any earlier one. No personal
    details in the e-mail itself: they are behind the link."""
    if purpose == Purpose.PROVIDER_ATTENDANCE:
        start = max(activity_referral.planned_first_session or timezone.now(), timezone.now())
        valid_for = start + datetime.timedelta(days=PROVIDER_ATTENDANCE_DAYS) - timezone.now()
        page, template = "activities:provider_attendance", "activities/email/provider_attendance"
    else:
        valid_for = datetime.timedelta(days=PROVIDER_RESPONSE_DAYS)
        page, template = "activities:provider_response", "activities/email/provider_response"
    email_secure_link(
        to=provider_address(activity_referral),
        page=page,
        subject_template=f"{template}_subject.txt",
        body_template=f"{template}.txt",
        context={"referral": activity_referral},
        purpose=purpose,
        target=activity_referral,
        valid_for=valid_for,
        created_by=by,
        person_id=activity_referral.person_id,
        replace_earlier=True,
        # Queued at once, as before the shared helper (the tests read the outbox directly).
        after_commit=False,
    )


@transaction.atomic
def answer_by_link(*, link: SecureLink, to: str, reason: str = "") -> ActivityReferral:
    """The provider's answer through the e-mailed link: spent once, recorded as theirs. An
    acceptance brings a link to confirm attendance; the waiting list a new link to answer
    later."""
    activity_referral = ActivityReferral.objects.select_related("service__organisation").get(
        pk=link.target_id
    )
    spend_link(link=link)
    moved = move(
        activity_referral=activity_referral,
        to=to,
        side=Side.PROVIDER,
        by=None,
        by_name=f"{activity_referral.service.name} ({link.sent_to}, by secure link)",
        reason=reason,
    )
    if to == Status.ACCEPTED:
        _email_provider_link(moved, Purpose.PROVIDER_ATTENDANCE, by=None)
    elif to == Status.ON_HOLD:
        _email_provider_link(moved, Purpose.PROVIDER_RESPONSE, by=None)
    return moved


def ask_person_about_attendance(*, activity_referral: ActivityReferral) -> bool:
    """Send the person a single-use link asking whether they went to their first session,
    by text, e-mail or letter as they prefer (`messaging.selectors.route_to`), if they have
    never been asked about this referral (once per referral, even if the session moves). True
    when a message was queued. It names neither the person nor the activity: the page behind
    the link does."""
    if messages.route_to(activity_referral.person) is None or person_was_asked(activity_referral):
        return False
    messages.send_link_to_person(
        person=activity_referral.person,
        kind=MessageKind.DID_YOU_GO,
        page="activities:person_attendance",
        email_subject_template="activities/email/person_attendance_subject.txt",
        email_body_template="activities/email/person_attendance.txt",
        context={"referral": activity_referral, "service": activity_referral.organisation.name},
        purpose=Purpose.PERSON_ATTENDANCE,
        target=activity_referral,
        valid_for=datetime.timedelta(days=PERSON_ATTENDANCE_DAYS),
        referral=activity_referral.case,
    )
    return True


class PersonAnswer:
    """What the person may answer on their link's page."""

    WENT = "went"
    DID_NOT_GO = "did_not_go"
    MOVED = "moved"


def _person_note(*, answer: str, got_in_the_way: str, new_date: datetime.date | None) -> str:
    if answer == PersonAnswer.WENT:
        return "Says they went to the first session"
    if answer == PersonAnswer.DID_NOT_GO:
        note = "Says they did not go to the first session"
        return f"{note}. What got in the way: {got_in_the_way}" if got_in_the_way else note
    if new_date is None:
        return "Says the first session has moved to another date, not yet known"
    return f"Says the first session has moved to {new_date:%-d %B %Y}"


def _record_unchanged(activity_referral: ActivityReferral, *, reason: str) -> None:
    """An answer that changes no status, kept in the history as one that did, so that the
    link worker sees it beside the others, on the timeline too."""
    change = StatusChange.objects.create(
        organisation_id=activity_referral.organisation_id,
        activity_referral=activity_referral,
        from_status=activity_referral.status,
        to_status=activity_referral.status,
        at=timezone.now(),
        by=None,
        by_name=BY_PERSON_LINK,
        side=Side.PERSON,
        reason=reason,
    )
    audit.record_creation(change, person_id=activity_referral.person_id)


@transaction.atomic
def person_answer_by_link(
    *,
    link: SecureLink,
    answer: str,
    got_in_the_way: str = "",
    new_date: datetime.date | None = None,
) -> ActivityReferral:
    """The person's answer to "did you go?", through their e-mailed link (spent once).

    - They went: the referral becomes "Attending" (in-progress), if the transition table lets
      the person make that move from its status; the link worker's "did they go?" task closes.
    - They did not go: the status stays as it is (failed is final, and a missed first
      session is for the link worker to follow up), the answer and what got in the way are
      recorded, and the task stays open.
    - It has moved: a new date moves the planned first session (the task then waits for the
      new date); without one, the answer is recorded and the task stays open.
    Every answer is kept in the status history, as the person's, by secure link."""
    activity_referral = ActivityReferral.objects.select_for_update().get(pk=link.target_id)
    spend_link(link=link)
    got_in_the_way = got_in_the_way.strip()
    reason = _person_note(answer=answer, got_in_the_way=got_in_the_way, new_date=new_date)
    if answer == PersonAnswer.WENT:
        try:
            return move(
                activity_referral=activity_referral,
                to=Status.IN_PROGRESS,
                side=Side.PERSON,
                by=None,
                by_name=BY_PERSON_LINK,
                reason=reason,
            )
        except TransitionNotAllowed:
            pass  # e.g. already attending, or on the waiting list: the link worker decides
    _record_unchanged(activity_referral, reason=reason)
    if answer == PersonAnswer.MOVED and new_date is not None:
        moved_to = timezone.make_aware(datetime.datetime.combine(new_date, datetime.time(0, 0)))
        activity_referral = change_first_session(
            activity_referral=activity_referral, planned_first_session=moved_to
        )
    return activity_referral


@transaction.atomic
def save_preferences(*, person: Person, data: Mapping[str, object]) -> ActivityPreferences:
    preferences = ActivityPreferences.objects.select_for_update().filter(person=person).first()
    if preferences is None:
        preferences = ActivityPreferences.objects.create(
            organisation_id=person.organisation_id, person=person, **data
        )
        audit.record_creation(preferences, person_id=person.pk)
        return preferences
    before = audit.snapshot(preferences)
    for name, value in data.items():
        setattr(preferences, name, value)
    preferences.version += 1
    preferences.save()
    audit.record_change(preferences, before=before, person_id=person.pk)
    return preferences


@transaction.atomic
def save_volunteer_profile(*, user: User, data: Mapping[str, object]) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        if user.organisation_id is None:  # a volunteer is always of one; the type allows none
            raise ValueError(f"{user} belongs to no organisation, so has no volunteer profile")
        profile = VolunteerProfile.objects.create(
            organisation_id=user.organisation_id, user=user, **data
        )
        audit.record_creation(profile, person_id=None)
        return profile
    before = audit.snapshot(profile)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.version += 1
    profile.save()
    audit.record_change(profile, before=before, person_id=None)
    return profile


def assignment_problem(companion: User, on: datetime.date | None = None) -> str | None:
    """Why `companion` cannot be assigned to accompany someone, or None if they can."""
    if companion.role != Role.VOLUNTEER:
        return None
    profile = VolunteerProfile.objects.filter(user=companion).first()
    if profile is None or profile.dbs_checked_on is None:
        return f"{companion} has no DBS check recorded, so cannot be assigned"
    if not dbs_is_current(profile.dbs_checked_on, on):
        return (
            f"{companion}'s DBS check (from {profile.dbs_checked_on:%-d %B %Y}) is more than 3 "
            "years old, so they cannot be assigned until it is renewed"
        )
    return None


@transaction.atomic
def arrange_accompaniment(
    *,
    activity_referral: ActivityReferral,
    companion: User,
    arranged_by: User,
    data: AccompanimentDetails,
) -> Accompaniment:
    problem = assignment_problem(companion, data["meet_at"].date())
    if problem:
        raise AssignmentRefused(problem)
    if companion.organisation_id != activity_referral.organisation_id:
        raise AssignmentRefused("They are not part of this organisation")
    accompaniment = Accompaniment.objects.create(
        organisation_id=activity_referral.organisation_id,
        activity_referral=activity_referral,
        companion=companion,
        arranged_by=arranged_by,
        **data,
    )
    audit.record_creation(accompaniment, person_id=activity_referral.person_id)
    return accompaniment


@transaction.atomic
def record_outcome(*, accompaniment: Accompaniment, outcome: str, note: str = "") -> Accompaniment:
    saved = Accompaniment.objects.select_for_update().get(pk=accompaniment.pk)
    before = audit.snapshot(saved)
    saved.outcome = outcome
    saved.outcome_note = note
    saved.save()
    audit.record_change(saved, before=before, person_id=saved.activity_referral.person_id)
    return saved
