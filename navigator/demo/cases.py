"""Synthetic casework for the demo: referrals in every state of the state machine, with the
history the services would have left (transitions, reporting times, SNOMED coded events),
assessments, support plans and their revisions, contacts, closures with follow-ups and
messages to the GP, activity referrals to the demo directory (some with a volunteer going along
to the first session), one case reopened after closure, and an outreach call list.

Casework is given to a bounded number of people (MAX_CASES_PER_ORGANISATION whatever the size of
the demo), so a million-person demo stays fast. Rows are written with bulk_create. Dates are
counted back from the day the command runs, so the caseload looks live: the same seed on the
same day gives the same data. Running it again tops up to the same number and adds nothing.
"""

import datetime
import hashlib
import itertools
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DateTimeField, Exists, OuterRef, Value, When
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.activities import services as activity_services
from navigator.activities.models import (
    Accompaniment,
    ActivityReferral,
    StatusChange,
    VolunteerProfile,
)
from navigator.activities.models import Outcome as AccompanimentOutcome
from navigator.activities.states import ANSWERS, Side
from navigator.activities.states import Status as ActivityStatus
from navigator.audit.context import Actor, acting_as
from navigator.contacts import cadence, due
from navigator.contacts import services as contact_services
from navigator.contacts.models import (
    Closure,
    ClosureReason,
    Contact,
    FollowUp,
    GPMessage,
    Reopening,
)
from navigator.contacts.models import Mode as ContactMode
from navigator.contacts.models import Setting as ContactSetting
from navigator.contacts.selectors import caseload_settings
from navigator.core.calendar import LONDON
from navigator.demo.synthetic import DEMO_ORGANISATIONS
from navigator.directory.demo import LISTINGS, NAMESPACE
from navigator.directory.models import DirectoryOrganisation, Service
from navigator.outreach import services as outreach_services
from navigator.outreach.models import Cohort, CohortMember, MemberStatus
from navigator.outreach.models import Outcome as CallOutcome
from navigator.people.models import Person
from navigator.plans import services as plan_services
from navigator.plans.models import (
    Assessment,
    AssessmentNeed,
    Goal,
    LevelOfNeed,
    PlanRevision,
    SupportPlan,
)
from navigator.plans.models import Setting as AssessmentSetting
from navigator.referrals.models import (
    Channel,
    CodedEvent,
    DeclineReason,
    Referral,
    ReferralReason,
    SourceType,
    Transition,
    Urgency,
)
from navigator.referrals.services import CODES, REFERENCE_ALPHABET, REFERENCE_LENGTH, seed_reasons
from navigator.referrals.states import State, check_transition

# At most this many people of each demo organisation get casework, however big the demo.
MAX_CASES_PER_ORGANISATION = 150
# For small demos: at most this share of an organisation's people.
CASE_SHARE = 0.5

# The state each case ends in, in turn: any 21 in a row hold every state, and of every 40,
# 22 are on a caseload and 10 closed.
STATE_PATTERN: tuple[State, ...] = (
    State.ACTIVE,
    State.CLOSED,
    State.RECEIVED,
    State.ALLOCATED,
    State.ACTIVE,
    State.FIRST_CONTACT,
    State.ASSESSED,
    State.CLOSED,
    State.DECLINED,
    State.ACTIVE,
    State.WAITING,
    State.TRIAGED,
    State.CLOSED,
    State.ACTIVE,
    State.ALLOCATED,
    State.FIRST_CONTACT,
    State.INFO_REQUESTED,
    State.ASSESSED,
    State.ACTIVE,
    State.CLOSED,
    State.ACCEPTED,
    State.RECEIVED,
    State.ACTIVE,
    State.FIRST_CONTACT,
    State.CLOSED,
    State.ASSESSED,
    State.ACTIVE,
    State.DECLINED,
    State.ALLOCATED,
    State.CLOSED,
    State.WAITING,
    State.ACTIVE,
    State.FIRST_CONTACT,
    State.CLOSED,
    State.ASSESSED,
    State.ACTIVE,
    State.CLOSED,
    State.ACTIVE,
    State.CLOSED,
    State.ACTIVE,
)
# Days a case has sat in its present state (the newest referrals are at least a day old,
# so that nothing is dated later than the run).
DAYS_IN_STATE: dict[State, tuple[int, int]] = {
    State.RECEIVED: (1, 4),
    State.INFO_REQUESTED: (2, 12),
    State.TRIAGED: (1, 5),
    State.ACCEPTED: (1, 4),
    State.DECLINED: (3, 300),
    State.WAITING: (5, 50),
    State.ALLOCATED: (1, 6),
    State.FIRST_CONTACT: (1, 9),
    State.ASSESSED: (1, 5),
    State.ACTIVE: (3, 110),
    State.CLOSED: (2, 220),
}
MANAGER_STATES = frozenset(
    {State.TRIAGED, State.INFO_REQUESTED, State.ACCEPTED, State.DECLINED, State.WAITING}
)

SOURCE_WEIGHTS = {
    SourceType.PRIMARY_CARE: 45,
    SourceType.SELF: 14,
    SourceType.SOCIAL_CARE: 8,
    SourceType.PHARMACY: 6,
    SourceType.HOSPITAL_DISCHARGE: 6,
    SourceType.ALLIED_HEALTH: 5,
    SourceType.VCS_GROUP: 5,
    SourceType.HOUSING: 4,
    SourceType.JOB_CENTRE: 3,
}
# source: (referrer's role, their organisation, how referrals from there arrive)
REFERRERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    SourceType.PRIMARY_CARE: ("GP", "", (Channel.FORM, Channel.EMAIL)),
    SourceType.SOCIAL_CARE: ("Social worker", "Adult social care", (Channel.EMAIL, Channel.PHONE)),
    SourceType.PHARMACY: ("Pharmacist", "Community pharmacy", (Channel.FORM, Channel.PHONE)),
    SourceType.HOSPITAL_DISCHARGE: (
        "Discharge coordinator",
        "Hospital discharge team",
        (Channel.EMAIL,),
    ),
    SourceType.ALLIED_HEALTH: ("Physiotherapist", "Community therapy team", (Channel.FORM,)),
    SourceType.VCS_GROUP: ("Volunteer coordinator", "Age UK", (Channel.PHONE, Channel.EMAIL)),
    SourceType.HOUSING: ("Tenancy support officer", "Housing association", (Channel.EMAIL,)),
    SourceType.JOB_CENTRE: ("Work coach", "Jobcentre Plus", (Channel.EMAIL, Channel.LETTER)),
}
CLINICIAN_TITLES = ("Dr", "Dr", "Dr", "Nurse", "Pharmacist")
REASON_DETAILS = {
    "Loneliness or isolation": "Lives alone since her partner died and rarely goes out.",
    "Low mood or anxiety": "Low mood for some months; finds it hard to start things.",
    "Long-term condition": "Type 2 diabetes and COPD; keen to manage better day to day.",
    "Physical activity": "Would like to be more active but lacks confidence after a fall.",
    "Healthy weight": "Asked for help with eating well and moving more.",
    "Money, debt or benefits": "Worried about bills; may be missing out on benefits.",
    "Housing": "Damp in the flat is affecting breathing; landlord not responding.",
    "Work or training": "Out of work for two years and would like to get back to it.",
    "Caring responsibilities": "Full-time carer for his wife; no time for himself.",
    "Bereavement": "Recently bereaved and struggling to cope.",
    "Frailty or falls": "Two falls this year; nervous about going out.",
}
RISKS = (
    "Lives alone",
    "Has a dog: call before visiting",
    "Hard of hearing: speak clearly on the phone",
)
WHAT_MATTERS = (
    "Getting out of the house and seeing people again",
    "Feeling less anxious about money",
    "Being able to walk to the shops on my own",
    "Having something to look forward to each week",
    "Looking after my garden again",
    "Time for myself away from caring",
    "Sleeping better and feeling less tired",
    "Finding a job I can manage",
)
GOALS = (
    ("I want to feel less lonely", "Seeing friends every week", "Try the lunch club"),
    ("Get out for a walk most days", "Walking to the park and back", "Join the walking group"),
    ("Sort out my money worries", "Bills paid on time", "See the debt adviser"),
    ("Feel calmer in myself", "Fewer bad days", "Go to the wellbeing course"),
    ("Learn to use my tablet", "Video calls with my grandchildren", "Digital drop-in at library"),
    ("Get back into gardening", "Growing my own vegetables", "Visit the community garden"),
    ("Have some time for me", "An afternoon off every week", "Carers' group and respite"),
    ("Lose some weight", "Trousers fitting better", "Weekly healthy eating group"),
)
WHO_HELPS = ("My daughter", "My neighbour", "The link worker", "My son", "Nobody yet")
CONTACT_NOTES = (
    ("Talked about how the week went", "Keep going to the group; call next week"),
    ("Went together to the first session", "Will go on her own next time"),
    ("Checked in after the appointment", "Link worker to chase the referral"),
    ("Talked through the benefits form", "Bring the letters next time"),
    ("Feeling brighter; went out twice", "Try the Thursday session too"),
    ("A hard week; talked it through", "Call again in a few days"),
)
INDEPENDENCE_ANSWERS = (
    (
        "Goes to the group on their own each week and has made a friend there",
        "Confidence to try a second activity without the link worker",
    ),
    (
        "Deals with the bills and has set up direct debits",
        "One more meeting with the debt adviser",
    ),
    (
        "Walks to the park most days without being reminded",
        "Nothing much: ready to close at the next review",
    ),
)
CLOSING_SUMMARIES = {
    ClosureReason.GOALS_MET: "Goals met: attending activities independently and feeling better",
    ClosureReason.LINKED: "Linked into community activities and going regularly",
    ClosureReason.MOVED: "Moved out of the area; given details of the local service",
    ClosureReason.DECLINED: "Decided they did not want further support for now",
    ClosureReason.NO_CONTACT: "Could not be contacted after several attempts",
    ClosureReason.REFERRED: "Referred to the community mental health team",
}
CLOSURE_WEIGHTS = {
    ClosureReason.GOALS_MET: 40,
    ClosureReason.LINKED: 30,
    ClosureReason.MOVED: 8,
    ClosureReason.DECLINED: 10,
    ClosureReason.REFERRED: 12,
}
DECLINES = (
    (DeclineReason.NEEDS_CLINICAL, "Signposted to the community mental health team"),
    (DeclineReason.OUT_OF_AREA, "Signposted to the social prescribing service where they live"),
    (DeclineReason.PERSON_DECLINED, "Gave details of the directory in case they change their mind"),
    (DeclineReason.DUPLICATE, "Already known to the service"),
)
LEVEL_WEIGHTS = {LevelOfNeed.HIGH: 20, LevelOfNeed.MEDIUM: 50, LevelOfNeed.LOW: 30}
# Activity referral paths: each status after "draft", with the side that made the move.
R, P = Side.REQUESTER, Side.PROVIDER
ACTIVITY_PATHS: dict[str, tuple[tuple[str, Side, str], ...]] = {
    ActivityStatus.REQUESTED: ((ActivityStatus.REQUESTED, R, ""),),
    ActivityStatus.ACCEPTED: ((ActivityStatus.REQUESTED, R, ""), (ActivityStatus.ACCEPTED, P, "")),
    ActivityStatus.ON_HOLD: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.ON_HOLD, P, "Full until the new term starts"),
    ),
    ActivityStatus.IN_PROGRESS: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.ACCEPTED, P, ""),
        (ActivityStatus.IN_PROGRESS, R, ""),
    ),
    ActivityStatus.COMPLETED: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.ACCEPTED, P, ""),
        (ActivityStatus.IN_PROGRESS, P, ""),
        (ActivityStatus.COMPLETED, R, ""),
    ),
    ActivityStatus.FAILED: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.FAILED, R, "Did not feel ready to go on their own"),
    ),
    ActivityStatus.REJECTED: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.REJECTED, P, "The group is full; try the Tuesday one"),
    ),
    ActivityStatus.CANCELLED: (
        (ActivityStatus.REQUESTED, R, ""),
        (ActivityStatus.CANCELLED, R, "Changed their mind"),
    ),
}
OPEN_ACTIVITY_STATUSES = (
    ActivityStatus.REQUESTED,
    ActivityStatus.ACCEPTED,
    ActivityStatus.ON_HOLD,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.IN_PROGRESS,
)
ENDED_ACTIVITY_STATUSES = (
    ActivityStatus.COMPLETED,
    ActivityStatus.COMPLETED,
    ActivityStatus.FAILED,
    ActivityStatus.REJECTED,
    ActivityStatus.CANCELLED,
)
# One active case in this many has stopped answering (the "not engaging" flag shows).
STOPS_ANSWERING_EVERY = 8
REOPEN_REASON = "Asked for support again after a fall and a stay in hospital"
COHORT_NAME = "Living alone, aged 75 and over"
COHORT_SIZE = 20
COHORT_CALLS = (
    CallOutcome.NO_ANSWER,
    CallOutcome.VOICEMAIL,
    CallOutcome.CALL_BACK,
    CallOutcome.NO_ANSWER,
    CallOutcome.DECLINED,
    CallOutcome.WRONG_NUMBER,
)


@dataclass
class Staff:
    """The demo users casework is recorded by in one organisation."""

    organisation: Organisation
    manager: User
    link_worker: User
    referrer: User | None
    volunteer: User | None
    services: list[Service]
    reasons: list[ReferralReason]


@dataclass
class Draft:
    """One case: its referral and everything that hangs off it, before it is written."""

    referral: Referral
    person: Person
    final: State
    steps: list[tuple[State, datetime.datetime, User | None, str]] = field(default_factory=list)
    reasons: list[ReferralReason] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    assessment: Assessment | None = None
    needs: list[AssessmentNeed] = field(default_factory=list)
    plan: SupportPlan | None = None
    goals: list[Goal] = field(default_factory=list)
    plan_at: datetime.datetime | None = None
    review: dict[str, Any] | None = None  # the second revision: when, changes, answers
    closure: Closure | None = None
    follow_up: FollowUp | None = None
    # Each activity referral with when it was made and its status history.
    activities: list[tuple[ActivityReferral, datetime.datetime, list[StatusChange]]] = field(
        default_factory=list
    )
    reopens: "Draft | None" = None  # the closed case this one starts again


def demo_service_ids() -> list[uuid.UUID]:
    """The ids navigator.directory.demo gives its listings, in the order of LISTINGS."""
    return [uuid.uuid5(NAMESPACE, f"service/{listing[0]}") for listing in LISTINGS]


def demo_organisations() -> list[tuple[Organisation, list[str]]]:
    """The demo organisations, each with the postcode districts it covers."""
    return [
        (
            Organisation.objects.get(name=spec.name),
            [area.postcode_district for area in spec.areas],
        )
        for spec in DEMO_ORGANISATIONS
    ]


def create_demo_cases(
    organisations: Sequence[tuple[Organisation, Sequence[str]]], seed: int
) -> dict[str, int]:
    """Top each demo organisation's casework up to its bounded number of cases, and give it an
    outreach call list; `organisations` pairs each with its postcode districts. Returns how
    many cases and call-list members were made now."""
    made = {"cases": 0, "cohort_members": 0}
    now = timezone.now()
    for index, (organisation, districts) in enumerate(organisations):
        staff = _staff(organisation, districts)
        if staff is None:
            continue
        made["cases"] += _top_up_cases(staff, seed, index, now)
        # Written in bulk, not through the services: fill the caseload's due dates as they do.
        due.refresh(organisation_id=organisation.pk)
        _link_providers(staff)
        _ensure_accompaniments(staff, now)
        # What the daily job would give the link worker today: contacts and reviews due.
        contact_services.make_due_tasks(
            user=staff.link_worker,
            settings=caseload_settings(organisation),
            today=timezone.localdate(now),
        )
        made["cohort_members"] += _ensure_cohort(staff, seed, now)
    return made


def _staff(organisation: Organisation, districts: Sequence[str]) -> Staff | None:
    users = User.objects.filter(organisation=organisation, is_active=True).order_by("pk")
    by_role = {}
    for user in users:
        by_role.setdefault(user.role, user)
    if Role.MANAGER not in by_role or Role.LINK_WORKER not in by_role:
        return None
    seed_reasons(organisation=organisation)
    # Listings in the organisation's postcode areas (LS for Leeds; HX and OL for Calder).
    areas = tuple({district.rstrip("0123456789") for district in districts})
    local_ids = [
        service_id
        for service_id, listing in zip(demo_service_ids(), LISTINGS, strict=True)
        if listing[4].startswith(areas)
    ]
    services = list(
        Service.objects.filter(id__in=local_ids).select_related("organisation").order_by("name")
    )
    return Staff(
        organisation=organisation,
        manager=by_role[Role.MANAGER],
        link_worker=by_role[Role.LINK_WORKER],
        referrer=by_role.get(Role.REFERRER),
        volunteer=by_role.get(Role.VOLUNTEER),
        services=services,
        reasons=list(ReferralReason.objects.filter(organisation=organisation, active=True)),
    )


def _link_providers(staff: Staff) -> None:
    """A VCS provider user of the organisation not yet linked to a directory organisation
    keeps the listings of the one with the most referrals waiting for an answer, so that
    they reach its inbox."""
    providers = User.objects.filter(
        organisation=staff.organisation,
        role=Role.VCS_PROVIDER,
        directory_organisations__isnull=True,
    )
    busiest = (
        DirectoryOrganisation.objects.filter(
            services__activity_referrals__organisation=staff.organisation,
            services__activity_referrals__status=ActivityStatus.REQUESTED,
        )
        .annotate(waiting=Count("services__activity_referrals"))
        .order_by("-waiting", "name")
        .first()
    )
    if busiest is not None:
        busiest.provider_users.add(*providers)


def _top_up_cases(staff: Staff, seed: int, index: int, now: datetime.datetime) -> int:
    organisation = staff.organisation
    people = Person.objects.filter(organisation=organisation, merged_into__isnull=True)
    wanted = min(MAX_CASES_PER_ORGANISATION, int(people.count() * CASE_SHARE))
    existing = Referral.objects.filter(organisation=organisation).count()
    missing = wanted - existing
    if missing <= 0:
        return 0
    # The first people (by key) with no referral: an indexed, bounded read however many
    # people the organisation holds.
    candidates = list(
        people.exclude(Exists(Referral.objects.filter(person=OuterRef("pk"))))
        .exclude(nhs_number__in=_cohort_numbers(organisation))
        .select_related("gp_practice")
        .order_by("pk")[: missing * 2]
    )
    rng = random.Random(f"{seed}:cases:{index}:{existing}")
    chosen = sorted(rng.sample(candidates, min(missing, len(candidates))), key=lambda p: p.pk)
    settings = caseload_settings(organisation)
    star = plan_services.star_for(organisation)
    life_areas = plan_services.life_areas_for(organisation)
    builder = CaseBuilder(rng=rng, staff=staff, now=now, settings=settings, star=star)
    drafts = [
        builder.draft(person, STATE_PATTERN[(existing + number) % len(STATE_PATTERN)], life_areas)
        for number, person in enumerate(chosen)
    ]
    _reopen_one_case(drafts, builder, life_areas)
    with transaction.atomic():
        _write(drafts, rng)
    return len(drafts)


def _reopen_one_case(drafts: list[Draft], builder: "CaseBuilder", life_areas: list) -> None:
    """Make one newly allocated case of the batch the reopened episode of a case closed earlier
    in it (same person, received after the closure), as contacts.services.reopen_case would:
    the demo shows a reopening without adding a case."""
    worked = [draft for draft in drafts if draft.closure and draft.plan]
    slots = [index for index, draft in enumerate(drafts) if draft.final == State.ALLOCATED]
    for previous, index in itertools.product(worked, slots):
        again = builder.draft(previous.person, State.ALLOCATED, life_areas)
        if again.referral.received_at <= previous.closure.closed_at:
            continue
        note = f"Reopened from {previous.referral.reference}: {REOPEN_REASON}"
        again.reopens = previous
        again.referral.reason_details = f"{note}\n\n{again.referral.reason_details}".strip()
        again.steps = [
            (state, at, by, text or (note if state != State.RECEIVED else ""))
            for state, at, by, text in again.steps
        ]
        drafts[index] = again
        return


def _cohort_numbers(organisation: Organisation) -> list[str]:
    return list(
        CohortMember.objects.filter(organisation=organisation).values_list("nhs_number", flat=True)
    )


def _local(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment in working hours on `day`, London time."""
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])), tzinfo=LONDON
    )


class CaseBuilder:
    """Draws one case at a time from the seeded stream: the path through the state machine,
    then the records each state reached would have."""

    def __init__(self, *, rng, staff, now, settings, star) -> None:
        self.rng = rng
        self.staff = staff
        self.today = timezone.localdate(now)
        self.settings = settings
        self.star = star
        self.active_cases = 0

    def draft(self, person: Person, final: State, life_areas: list) -> Draft:
        rng = self.rng
        path = self.path_to(final)
        gaps = [self.gap(state) for state in path[1:]]
        low, high = DAYS_IN_STATE[final]
        days_back = min(sum(gaps) + rng.randint(low, high), 360)
        day = self.today - datetime.timedelta(days=days_back)
        received_at = _local(day, rng)
        referral = self.referral(person, received_at)
        draft = Draft(referral=referral, person=person, final=final)
        draft.reasons = rng.sample(
            self.staff.reasons, k=min(len(self.staff.reasons), rng.randint(1, 3))
        )
        referral.reason_details = " ".join(
            REASON_DETAILS.get(reason.name, "") for reason in draft.reasons
        ).strip()
        draft.steps.append((State.RECEIVED, received_at, referral.referred_by, ""))
        at = received_at
        for state, gap in zip(path[1:], gaps, strict=True):
            day = min(day + datetime.timedelta(days=gap), self.today - datetime.timedelta(days=1))
            # Each step after the one before, even when both fall on the same day.
            at = max(_local(day, rng), at + datetime.timedelta(minutes=30))
            self.reach(draft, state, at, life_areas)
        supported_since = {state: at for state, at, _, _ in draft.steps}
        since = supported_since.get(State.ACTIVE) or supported_since.get(State.ASSESSED)
        if since:
            if draft.plan:
                self.review(draft)
            self.keep_in_touch(draft, since)
        return draft

    def path_to(self, final: State) -> list[State]:
        """The states the case passes through, each move allowed by the state machine."""
        after_accept = {
            State.WAITING: [State.WAITING],
            State.ALLOCATED: [State.ALLOCATED],
            State.FIRST_CONTACT: [State.ALLOCATED, State.FIRST_CONTACT],
            State.ASSESSED: [State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED],
            State.ACTIVE: [State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE],
        }
        if final in (State.RECEIVED,):
            path = [State.RECEIVED]
        elif final == State.INFO_REQUESTED:
            path = [State.RECEIVED, State.INFO_REQUESTED]
        elif final == State.TRIAGED:
            path = [State.RECEIVED, State.TRIAGED]
        elif final == State.DECLINED:
            path = [State.RECEIVED, State.TRIAGED, State.DECLINED]
        elif final == State.ACCEPTED:
            path = [State.RECEIVED, State.TRIAGED, State.ACCEPTED]
        elif final == State.CLOSED:
            # Most are closed after support; some could never be reached.
            worked = self.rng.random() < 0.8
            middle = after_accept[State.ACTIVE] if worked else [State.ALLOCATED]
            path = [State.RECEIVED, State.TRIAGED, State.ACCEPTED, *middle, State.CLOSED]
        else:
            path = [State.RECEIVED, State.TRIAGED, State.ACCEPTED, *after_accept[final]]
        for current, following in itertools.pairwise(path):
            check_transition(current, following)
        return path

    def gap(self, state: State) -> int:
        """Days from the previous step to reaching `state`."""
        ranges = {
            State.TRIAGED: (0, 3),
            State.INFO_REQUESTED: (1, 3),
            State.DECLINED: (0, 2),
            State.ACCEPTED: (0, 2),
            State.WAITING: (0, 1),
            State.ALLOCATED: (0, 5),
            State.FIRST_CONTACT: (2, 7),
            State.ASSESSED: (5, 14),
            State.ACTIVE: (0, 7),
            State.CLOSED: (40, 120),
        }
        low, high = ranges[state]
        return self.rng.randint(low, high)

    def referral(self, person: Person, received_at: datetime.datetime) -> Referral:
        rng = self.rng
        source = _weighted(rng, SOURCE_WEIGHTS)
        referrer_name = referrer_role = referrer_organisation = referrer_email = ""
        referred_by = None
        channel = Channel.FORM
        if source != SourceType.SELF:
            role, referrer_organisation, channels = REFERRERS[source]
            channel = rng.choice(channels)
            surname = rng.choice(("Patel", "Khan", "Okafor", "Walsh", "Hughes", "Begum", "Clarke"))
            if source == SourceType.PRIMARY_CARE:
                referrer_organisation = str(person.gp_practice or "")
                if self.staff.referrer and rng.random() < 0.4:
                    referred_by = self.staff.referrer
                    channel = Channel.FORM
                referrer_name = (
                    str(referred_by) if referred_by else f"{rng.choice(CLINICIAN_TITLES)} {surname}"
                )
            else:
                referrer_name = f"{rng.choice(('Sam', 'Jo', 'Alex', 'Chris', 'Priya'))} {surname}"
            referrer_role = role
            referrer_email = f"{surname.lower()}@example.org"
        address = ", ".join(
            part for part in (person.address_line_1, person.address_line_2, person.town) if part
        )
        return Referral(
            organisation_id=person.organisation_id,
            reference=_reference(rng),
            state=State.RECEIVED,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            nhs_number=person.nhs_number,
            address=address,
            postcode=person.postcode,
            phone=person.phone,
            email=person.email,
            gp_practice_id=person.gp_practice_id,
            preferred_contact_method=person.preferred_contact_method,
            preferred_contact_times=person.preferred_contact_times,
            source_type=source,
            referrer_name=referrer_name,
            referrer_role=referrer_role,
            referrer_organisation=referrer_organisation,
            referrer_email=referrer_email,
            referred_by=referred_by,
            channel=channel,
            received_at=received_at,
            urgency=_weighted(rng, {Urgency.ROUTINE: 80, Urgency.SOON: 15, Urgency.URGENT: 5}),
            risks=rng.choice(RISKS) if rng.random() < 0.2 else "",
            consent_given=True,
            consent_method=person.consent_method or "verbal",
            consent_given_at=received_at,
            consent_recorded_by=referrer_name or "The person",
        )

    def reach(self, draft: Draft, state: State, at: datetime.datetime, life_areas: list) -> None:
        """Move the draft to `state` at `at`, as referrals.services.move would, and add what
        reaching it brings (contacts, assessment, plan, closure)."""
        referral, staff = draft.referral, self.staff
        by = (
            staff.manager
            if state in MANAGER_STATES or state == State.ALLOCATED
            else staff.link_worker
        )
        note = ""
        if state == State.TRIAGED:
            referral.person = draft.person
        elif state == State.DECLINED:
            referral.decline_reason, referral.signposting_note = self.rng.choice(DECLINES)
            note = referral.signposting_note
        elif state == State.INFO_REQUESTED:
            note = "Asked the referrer for the person's current medication and risks"
        elif state == State.WAITING:
            referral.waiting_since = at
        elif state == State.ALLOCATED:
            referral.allocated_to = staff.link_worker
            if draft.final == State.ALLOCATED and self.rng.random() < 0.5:
                draft.contacts.append(self.contact(draft, at + datetime.timedelta(hours=1), False))
        elif state == State.FIRST_CONTACT:
            note = "First contact logged"
            draft.contacts.append(self.contact(draft, at, True))
        elif state == State.ASSESSED:
            note = "Assessment recorded"
            self.assess(draft, at, life_areas)
        elif state == State.ACTIVE:
            note = "Support plan agreed"
            self.plan(draft, at)
        elif state == State.CLOSED:
            self.close(draft, at)
            note = draft.closure.summary
        if state in (State.TRIAGED, State.ACCEPTED, State.DECLINED, State.INFO_REQUESTED):
            referral.triaged_at = referral.triaged_at or at
        stamp = {
            State.FIRST_CONTACT: "first_contact_at",
            State.ASSESSED: "assessed_at",
            State.CLOSED: "closed_at",
        }.get(state)
        if stamp:
            setattr(referral, stamp, at)
        if state == State.ALLOCATED and referral.waiting_since:
            referral.waiting_since = None
        referral.state = state
        referral.version += 1
        draft.steps.append((state, at, by, note))

    def contact(self, draft: Draft, at: datetime.datetime, connected: bool, **extra) -> Contact:
        rng = self.rng
        happened, agreed = rng.choice(CONTACT_NOTES)
        mode = rng.choice([ContactMode.TELEPHONE, ContactMode.TELEPHONE, ContactMode.IN_PERSON])
        return Contact(
            organisation_id=draft.referral.organisation_id,
            person_id=draft.person.pk,
            when=at,
            mode=mode,
            setting=(
                rng.choice(
                    [ContactSetting.HOME, ContactSetting.COMMUNITY, ContactSetting.GP_SURGERY]
                )
                if mode == ContactMode.IN_PERSON
                else ""
            ),
            duration_minutes=rng.choice([10, 15, 20, 30, 45, 60]) if connected else None,
            what_happened=happened if connected else "No answer; left a message",
            what_agreed=agreed if connected else "",
            connected=connected,
            recorded_by=self.staff.link_worker,
            created_at=at,
            **extra,
        )

    def keep_in_touch(self, draft: Draft, since: datetime.datetime) -> None:
        """Contacts at about the level of need's interval until the case closed or today;
        some cases fall behind (overdue) and a few stop answering (not engaging)."""
        rng = self.rng
        level = draft.plan.level_of_need if draft.plan else LevelOfNeed.MEDIUM.value
        interval = self.settings.intervals()[level]
        end = draft.referral.closed_at or _local(self.today, rng)
        behind = draft.final != State.CLOSED and rng.random() < 0.2
        stops_answering = False
        if draft.final == State.ACTIVE:
            self.active_cases += 1
            stops_answering = self.active_cases % STOPS_ANSWERING_EVERY == 0
        moment = since + datetime.timedelta(days=interval + rng.randint(-2, 2))
        planned = []
        while moment < end - datetime.timedelta(days=1) and len(planned) < 14:
            planned.append(moment)
            moment += datetime.timedelta(days=interval + rng.randint(-2, 3))
        if behind and planned:
            planned = planned[: max(0, len(planned) - 2)]
        for moment in planned:
            draft.contacts.append(self.contact(draft, moment, rng.random() > 0.12))
        if stops_answering:
            attempts = self.settings.disengage_after
            latest = planned[-1] if planned else since
            for number in range(1, attempts + 1):
                moment = latest + (end - datetime.timedelta(days=1) - latest) * number / attempts
                day = timezone.localdate(moment)
                moment = max(_local(day, rng), latest + datetime.timedelta(hours=number))
                draft.contacts.append(self.contact(draft, moment, False))

    def assess(self, draft: Draft, at: datetime.datetime, life_areas: list) -> None:
        rng = self.rng
        in_person = rng.random() < 0.85
        draft.assessment = Assessment(
            organisation_id=draft.referral.organisation_id,
            person_id=draft.person.pk,
            assessed_at=at,
            setting=rng.choice(
                [AssessmentSetting.HOME, AssessmentSetting.GP_SURGERY, AssessmentSetting.SERVICE]
            ),
            mode="in_person" if in_person else "remote",
            remote_reason="" if in_person else "Preferred a phone call while unwell",
            what_matters=rng.choice(WHAT_MATTERS),
            risks=draft.referral.risks,
            recorded_by=self.staff.link_worker,
            created_at=at,
        )
        for area in rng.sample(life_areas, k=min(len(life_areas), rng.randint(3, 5))):
            draft.needs.append(
                AssessmentNeed(
                    organisation_id=draft.referral.organisation_id,
                    life_area=area,
                    area_name=area.name,
                    rating=rng.randint(3, 9),
                    note=f"Talked about {area.name.lower()}",
                )
            )

    def plan(self, draft: Draft, at: datetime.datetime) -> None:
        rng, star = self.rng, self.star
        agreed_on = timezone.localdate(at)
        level = _weighted(rng, LEVEL_WEIGHTS)
        goals = rng.sample(GOALS, k=rng.randint(1, 3))
        services = rng.sample(self.staff.services, k=min(2, len(self.staff.services)))
        draft.plan = SupportPlan(
            organisation_id=draft.referral.organisation_id,
            person_id=draft.person.pk,
            agreement_method=rng.choice(["verbal", "verbal", "written", "phone"]),
            agreed_on=agreed_on,
            activities=[
                {"name": service.name, "when": "Every week", "where": "", "contact": ""}
                for service in services[: rng.randint(1, 2)]
            ],
            level_of_need=level,
            review_date=agreed_on + datetime.timedelta(weeks=12),
            star=star,
            star_scores={area: rng.randint(1, 3) for area in star.areas},
            link_worker=self.staff.link_worker,
            created_at=at,
            updated_at=at,
        )
        draft.plan_at = at
        draft.goals = [
            Goal(
                organisation_id=draft.referral.organisation_id,
                position=position,
                words=words,
                baseline_rating=rng.randint(1, 5),
                good_looks_like=good,
                next_steps=steps,
                who_helps=rng.choice(WHO_HELPS),
            )
            for position, (words, good, steps) in enumerate(goals, start=1)
        ]
        self.activities(draft, at, services)

    def review(self, draft: Draft) -> None:
        """Plans reviewed by now get a second revision with the review's answers about
        independence; a few are left overdue, and some come up for review this week."""
        rng, star = self.rng, self.star
        review_at = _local(draft.plan.review_date, rng)
        end = draft.referral.closed_at or _local(self.today, rng)
        if review_at < end and (draft.final == State.CLOSED or rng.random() < 0.7):
            done, needed = rng.choice(INDEPENDENCE_ANSWERS)
            draft.review = {
                "at": review_at,
                "review_date": draft.plan.review_date + datetime.timedelta(weeks=12),
                "star_scores": {
                    area: min(star.scale, score + rng.randint(0, 2))
                    for area, score in draft.plan.star_scores.items()
                },
                "done_without_link_worker": done,
                "needed_before_ending": needed,
            }

    def activities(self, draft: Draft, at: datetime.datetime, services: list[Service]) -> None:
        rng = self.rng
        options = ENDED_ACTIVITY_STATUSES if draft.final == State.CLOSED else OPEN_ACTIVITY_STATUSES
        for service in services:
            status = rng.choice(options)
            made_at = at + datetime.timedelta(days=rng.randint(0, 3))
            activity = ActivityReferral(
                organisation_id=draft.referral.organisation_id,
                person_id=draft.person.pk,
                service=service,
                made_by=self.staff.link_worker,
                reason=rng.choice(WHAT_MATTERS),
                status=ActivityStatus.DRAFT,
                created_at=made_at,
            )
            changes = [self.change(activity, "", ActivityStatus.DRAFT, R, "", made_at)]
            activity.status_changed_at = made_at
            moment = made_at
            for to, side, reason in ACTIVITY_PATHS[status]:
                if to != ActivityStatus.REQUESTED:
                    moment += datetime.timedelta(days=rng.randint(2, 10))
                changes.append(self.change(activity, activity.status, to, side, reason, moment))
                if to == ActivityStatus.REQUESTED:
                    activity.requested_at = moment
                if side == P and to in ANSWERS and not activity.first_answer:
                    activity.first_answer, activity.first_answered_at = to, moment
                activity.status, activity.status_reason, activity.status_changed_at = (
                    to,
                    reason,
                    moment,
                )
            draft.activities.append((activity, made_at, changes))

    def change(self, activity, from_status, to_status, side, reason, at) -> StatusChange:
        provider = activity.service.organisation.name if side == P else ""
        by = None if side == P else self.staff.link_worker
        return StatusChange(
            organisation_id=activity.organisation_id,
            from_status=from_status,
            to_status=to_status,
            at=at,
            by=by,
            by_name=provider or str(by),
            side=side,
            reason=reason,
        )

    def close(self, draft: Draft, at: datetime.datetime) -> None:
        rng, referral = self.rng, draft.referral
        worked = draft.plan is not None
        reason = _weighted(rng, CLOSURE_WEIGHTS) if worked else ClosureReason.NO_CONTACT
        if not worked:
            # Attempts that did not connect, spread between allocation and closure.
            allocated_at = next(
                when for state, when, _, _ in draft.steps if state == State.ALLOCATED
            )
            for share in (0.25, 0.5, 0.75):
                draft.contacts.append(
                    self.contact(draft, allocated_at + (at - allocated_at) * share, False)
                )
        referral.closed_at = at
        draft.closure = Closure(
            organisation_id=referral.organisation_id,
            reason=reason,
            summary=CLOSING_SUMMARIES[reason],
            codes_only=rng.random() < 0.1,
            closed_at=at,
            closed_by=self.staff.link_worker,
        )
        due_on = cadence.follow_up_due(timezone.localdate(at), self.settings.follow_up_days)
        draft.follow_up = FollowUp(
            organisation_id=referral.organisation_id,
            person_id=draft.person.pk,
            due_on=due_on,
            assigned_to=self.staff.link_worker,
            done_at=_local(due_on, rng) if due_on < self.today and rng.random() < 0.7 else None,
        )


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _write(drafts: list[Draft], rng: random.Random) -> None:
    """Write the drafts: a handful of bulk inserts for each kind of row."""
    taken = set(
        Referral.objects.with_scopes_disabled()
        .filter(reference__in=[d.referral.reference for d in drafts])
        .values_list("reference", flat=True)
    )
    for draft in drafts:
        while draft.referral.reference in taken:  # vanishingly rare: 31^8 references
            draft.referral.reference = _reference(rng)
        taken.add(draft.referral.reference)
    referrals = Referral.objects.bulk_create([d.referral for d in drafts])
    _backdate(Referral, "created_at", {r.pk: r.received_at for r in referrals})
    Referral.reasons.through.objects.bulk_create(
        Referral.reasons.through(referral_id=d.referral.pk, referralreason_id=reason.pk)
        for d in drafts
        for reason in d.reasons
    )
    Transition.objects.bulk_create(
        Transition(
            organisation_id=d.referral.organisation_id,
            referral=d.referral,
            from_state=previous[0] if previous else "",
            to_state=state,
            at=at,
            by=by,
            note=note,
        )
        for d in drafts
        for previous, (state, at, by, note) in zip([None, *d.steps], d.steps, strict=False)
    )
    CodedEvent.objects.bulk_create(
        CodedEvent(
            organisation_id=d.referral.organisation_id,
            referral=d.referral,
            code=CODES[state],
            at=at,
            by=by,
        )
        for d in drafts
        for state, at, by, _ in d.steps
        if state in CODES
    )
    Reopening.objects.bulk_create(
        Reopening(
            organisation_id=d.referral.organisation_id,
            previous=d.reopens.referral,
            new=d.referral,
            reason=REOPEN_REASON,
            at=d.referral.received_at,
            by=d.steps[-1][2],
        )
        for d in drafts
        if d.reopens
    )
    contacts = [_attach(contact, referral=d.referral) for d in drafts for contact in d.contacts]
    Contact.objects.bulk_create(contacts)
    _backdate(Contact, "created_at", {c.pk: c.when for c in contacts})
    _write_assessments([d for d in drafts if d.assessment])
    _write_plans([d for d in drafts if d.plan])
    _write_activities(drafts)
    _write_closures([d for d in drafts if d.closure])


def _attach(row: Any, **links: Any) -> Any:
    for name, value in links.items():
        setattr(row, name, value)
    return row


def _write_assessments(drafts: list[Draft]) -> None:
    assessments = Assessment.objects.bulk_create(
        [_attach(d.assessment, referral=d.referral) for d in drafts]
    )
    _backdate(Assessment, "created_at", {a.pk: a.assessed_at for a in assessments})
    AssessmentNeed.objects.bulk_create(
        _attach(need, assessment=d.assessment) for d in drafts for need in d.needs
    )


def _write_plans(drafts: list[Draft]) -> None:
    SupportPlan.objects.bulk_create([_attach(d.plan, referral=d.referral) for d in drafts])
    Goal.objects.bulk_create(_attach(goal, plan=d.plan) for d in drafts for goal in d.goals)
    revisions = []
    saved_at: dict[int, datetime.datetime] = {}
    for d in drafts:
        plan = d.plan
        revisions.append(
            PlanRevision(
                organisation_id=plan.organisation_id,
                plan=plan,
                number=1,
                snapshot=plan_services.plan_snapshot(plan),
                saved_by=plan.link_worker,
            )
        )
        saved_at[len(revisions) - 1] = d.plan_at
        if d.review:
            plan.review_date = d.review["review_date"]
            plan.star_scores = d.review["star_scores"]
            plan.version = 2
            plan.updated_at = d.review["at"]
            revisions.append(
                PlanRevision(
                    organisation_id=plan.organisation_id,
                    plan=plan,
                    number=2,
                    snapshot=plan_services.plan_snapshot(plan),
                    saved_by=plan.link_worker,
                    done_without_link_worker=d.review["done_without_link_worker"],
                    needed_before_ending=d.review["needed_before_ending"],
                )
            )
            saved_at[len(revisions) - 1] = d.review["at"]
    SupportPlan.objects.bulk_update(
        [d.plan for d in drafts if d.review], ["review_date", "star_scores", "version"]
    )
    PlanRevision.objects.bulk_create(revisions)
    _backdate(PlanRevision, "saved_at", {revisions[i].pk: at for i, at in saved_at.items()})
    _backdate(SupportPlan, "created_at", {d.plan.pk: d.plan_at for d in drafts})
    _backdate(
        SupportPlan,
        "updated_at",
        {d.plan.pk: d.review["at"] if d.review else d.plan_at for d in drafts},
    )


def _write_activities(drafts: list[Draft]) -> None:
    made = [
        (_attach(activity, episode=d.referral), made_at, changes)
        for d in drafts
        for activity, made_at, changes in d.activities
    ]
    ActivityReferral.objects.bulk_create([activity for activity, _, _ in made])
    _backdate(ActivityReferral, "created_at", {a.pk: at for a, at, _ in made})
    StatusChange.objects.bulk_create(
        _attach(change, referral=activity) for activity, _, changes in made for change in changes
    )


def _write_closures(drafts: list[Draft]) -> None:
    Closure.objects.bulk_create([_attach(d.closure, referral=d.referral) for d in drafts])
    FollowUp.objects.bulk_create([_attach(d.follow_up, referral=d.referral) for d in drafts])
    messages = []
    for d in drafts:
        referral = d.referral
        content = contact_services.gp_message_content(
            referral, summary=d.closure.summary, codes_only=d.closure.codes_only
        )
        content["closed_on"] = timezone.localdate(d.closure.closed_at).isoformat()
        messages.append(
            GPMessage(organisation_id=referral.organisation_id, referral=referral, content=content)
        )
    GPMessage.objects.bulk_create(messages)
    _backdate(
        GPMessage,
        "created_at",
        {m.pk: d.closure.closed_at for m, d in zip(messages, drafts, strict=True)},
    )


def _backdate(model: type, name: str, values: dict[int, datetime.datetime]) -> None:
    """Set an automatic timestamp (auto_now_add) to when the thing happened, in one UPDATE."""
    if not values:
        return
    model.objects.filter(pk__in=values).update(
        **{
            name: Case(
                *[When(pk=pk, then=Value(at)) for pk, at in values.items()],
                output_field=DateTimeField(),
            )
        }
    )


def _ensure_accompaniments(staff: Staff, now: datetime.datetime) -> None:
    """The demo volunteer (with a current DBS check) goes with people to first sessions: one
    visit already made and one next week, arranged through the activities service."""
    volunteer, organisation = staff.volunteer, staff.organisation
    if volunteer is None or Accompaniment.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate(now)
    VolunteerProfile.objects.get_or_create(
        user=volunteer,
        defaults={
            "organisation": organisation,
            "availability": "Weekday mornings",
            "skills": "Befriending; knows the local bus routes",
            "languages": "English, Urdu",
            "dbs_checked_on": today - datetime.timedelta(days=200),
        },
    )
    attending = ActivityReferral.objects.filter(
        organisation=organisation,
        status=ActivityStatus.IN_PROGRESS,
        episode__state=State.ACTIVE,
    ).order_by("pk")
    accepted = ActivityReferral.objects.filter(
        organisation=organisation,
        status=ActivityStatus.ACCEPTED,
        episode__state=State.ACTIVE,
    ).order_by("pk")
    visits = [
        (attending.first(), _local(today - datetime.timedelta(days=9), random.Random(1))),
        (accepted.first(), _local(today + datetime.timedelta(days=6), random.Random(2))),
    ]
    with acting_as(Actor(user=staff.link_worker)):
        for activity, meet_at in visits:
            if activity is None:
                continue
            accompaniment = activity_services.arrange_accompaniment(
                referral=activity,
                companion=volunteer,
                arranged_by=staff.link_worker,
                data={
                    "meet_at": meet_at,
                    "meeting_point": f"Outside {activity.service.name}, by the main door",
                    "travel_notes": "Bus from the end of their road; about 15 minutes",
                    "access_needs": "Walks with a stick; needs a seat while waiting",
                },
            )
            if meet_at < now:
                activity_services.record_outcome(
                    accompaniment=accompaniment,
                    outcome=AccompanimentOutcome.WENT_TOGETHER,
                    note="Stayed for the whole session and met two neighbours",
                )


def _ensure_cohort(staff: Staff, seed: int, now: datetime.datetime) -> int:
    """An outreach call list of older people living alone, uploaded as a CSV through the
    outreach service, with some calls already made."""
    organisation = staff.organisation
    if Cohort.objects.filter(organisation=organisation, name=COHORT_NAME).exists():
        return 0
    rng = random.Random(f"{seed}:cohort:{organisation.pk}")
    oldest = timezone.localdate(now) - datetime.timedelta(days=round(75 * 365.25))
    people = list(
        Person.objects.filter(organisation=organisation, date_of_birth__lte=oldest)
        .exclude(Exists(Referral.objects.filter(person=OuterRef("pk"))))
        .order_by("pk")[: COHORT_SIZE * 2]
    )
    if not people:
        return 0
    chosen = sorted(rng.sample(people, min(COHORT_SIZE, len(people))), key=lambda p: p.pk)
    lines = ["given_name,family_name,date_of_birth,nhs_number,phone,reason"]
    lines += [
        f"{p.given_name},{p.family_name},{p.date_of_birth.isoformat()},{p.nhs_number},"
        f"{p.phone},Aged 75 or over and living alone"
        for p in chosen
    ]
    content = ("\n".join(lines) + "\n").encode()
    with acting_as(Actor(user=staff.manager)):
        cohort = outreach_services.upload_cohort(
            organisation=organisation,
            uploaded_by=staff.manager,
            name=COHORT_NAME,
            reason="Aged 75 or over and living alone",
            file_name=f"over-75s-living-alone-{hashlib.sha256(content).hexdigest()[:8]}.csv",
            content=content,
        )
    members = list(cohort.members.order_by("pk"))
    with acting_as(Actor(user=staff.link_worker)):
        for member, outcome in zip(members, COHORT_CALLS, strict=False):
            at = _local(timezone.localdate(now) - datetime.timedelta(days=rng.randint(1, 6)), rng)
            outreach_services.log_attempt(
                member=member,
                expected_version=member.version,
                outcome=outcome,
                by=staff.link_worker,
                at=at,
                call_back_at=(
                    _local(timezone.localdate(now) + datetime.timedelta(days=2), rng)
                    if outcome == CallOutcome.CALL_BACK
                    else None
                ),
                note="Demo call",
                consent={
                    "consent_to_hold": True,
                    "consent_to_share": True,
                    "consent_said": "Yes, that's fine, and you can tell my GP",
                },
            )
    return CohortMember.objects.filter(cohort=cohort, status=MemberStatus.ON_LIST).count()
