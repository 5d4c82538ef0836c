"""Synthetic casework for the demo: referrals in every state of the state machine,
assessments, support plans and their reviews, contacts, closures with follow-ups and messages to
the GP, activity referrals to the demo directory (some with a volunteer going along to the first
session), one case reopened after closure, and an outreach call list.

Everything is recorded through the services, as the staff would have recorded it over the past
months (core.clock stops the time at each step's moment; audit.context says who acts): the demo
shows no journey, timestamp or coded event the application could not have made.

Casework is given to a bounded number of people (MAX_CASES_PER_ORGANISATION whatever the size of
the demo), so a million-person demo stays fast. Dates are counted back from the day the command
runs, so the caseload looks live: the same seed on the same day gives the same cases (only the
references differ, which the application draws at random). Running it again tops up to the
same number and adds nothing.
"""

import datetime
import hashlib
import itertools
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.activities import services as activity_services
from navigator.activities.models import Accompaniment, ActivityReferral, VolunteerProfile
from navigator.activities.models import Outcome as AccompanimentOutcome
from navigator.activities.states import Side
from navigator.activities.states import Status as ActivityStatus
from navigator.audit.context import Actor, acting_as
from navigator.contacts import cadence, due
from navigator.contacts import services as contact_services
from navigator.contacts.models import ClosureReason, FollowUp, Reopening
from navigator.contacts.models import Mode as ContactMode
from navigator.contacts.models import Setting as ContactSetting
from navigator.contacts.selectors import caseload_settings
from navigator.core.calendar import LONDON
from navigator.core.clock import stopped_at
from navigator.demo.synthetic import DEMO_ORGANISATIONS
from navigator.directory.demo import LISTINGS, NAMESPACE
from navigator.directory.models import DirectoryOrganisation, Service
from navigator.outreach import services as outreach_services
from navigator.outreach.models import Cohort, CohortMember, MemberStatus
from navigator.outreach.models import Outcome as CallOutcome
from navigator.people.models import Person
from navigator.plans import services as plan_services
from navigator.plans.models import LevelOfNeed
from navigator.plans.models import Setting as AssessmentSetting
from navigator.referrals import services as referral_services
from navigator.referrals.models import (
    Channel,
    DeclineReason,
    Referral,
    ReferralReason,
    SourceType,
    Urgency,
)
from navigator.referrals.services import seed_reasons
from navigator.referrals.states import State

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
INFO_REQUEST = "Asked the referrer for the person's current medication and risks"
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
class Case:
    """One case as the service's staff would record it: each thing they do, at its moment and
    by whom, done through the services in the order it happened (`record`)."""

    person: Person
    final: State
    received_at: datetime.datetime
    steps: list[tuple[datetime.datetime, User | None, Callable[["Case"], None]]] = field(
        default_factory=list
    )
    reached: dict[State, datetime.datetime] = field(default_factory=dict)
    plan: dict[str, Any] | None = None  # what the support plan was agreed with: data, goals
    followed_up_at: datetime.datetime | None = None
    returned: Referral | None = None  # the referral as the services last returned it

    @property
    def referral(self) -> Referral:
        """The case's referral, as the services last returned it. Its first step receives it,
        and every later step is recorded after that one."""
        assert self.returned is not None, "a case's first step receives its referral"
        return self.returned

    def then(self, at: datetime.datetime, by: User | None, do: Callable[["Case"], Any]) -> None:
        self.steps.append((at, by, do))

    @property
    def closed_at(self) -> datetime.datetime | None:
        return self.reached.get(State.CLOSED)

    def record(self) -> None:
        # sorted() keeps the order steps were planned in when two share a moment.
        for at, by, do in sorted(self.steps, key=lambda step: step[0]):
            with stopped_at(at), acting_as(Actor(user=by)):
                do(self)


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
    by_role: dict[str, User] = {}
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
    builder = CaseBuilder(
        rng=rng,
        staff=staff,
        now=now,
        settings=caseload_settings(organisation),
        star=plan_services.star_for(organisation),
        life_areas=plan_services.life_areas_for(organisation),
    )
    drafted = [
        builder.draft(person, STATE_PATTERN[(existing + number) % len(STATE_PATTERN)])
        for number, person in enumerate(chosen)
    ]
    if not Reopening.objects.filter(organisation=organisation).exists():
        drafted = _reopen_one_case(drafted, builder)
    with transaction.atomic(), due.held(organisation_id=organisation.pk):
        for case in drafted:
            case.record()
    return len(drafted)


def _reopen_one_case(drafted: list[Case], builder: "CaseBuilder") -> list[Case]:
    """Reopen one case closed after support, instead of starting a newly allocated one: the
    demo shows a reopening without adding a case."""
    worked = [case for case in drafted if case.closed_at and case.plan]
    slots = [case for case in drafted if case.final == State.ALLOCATED]
    for previous, slot in itertools.product(worked, slots):
        if builder.reopen(previous):
            return [case for case in drafted if case is not slot]
    return drafted


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
    then what the staff do on the way, each a step done through the service that records it.
    Everything is drawn before anything is recorded, so the same seed gives the same cases."""

    def __init__(self, *, rng, staff, now, settings, star, life_areas) -> None:
        self.rng = rng
        self.staff = staff
        self.now = now
        self.today = timezone.localdate(now)
        self.settings = settings
        self.star = star
        self.life_areas = life_areas
        self.active_cases = 0

    def draft(self, person: Person, final: State) -> Case:
        rng = self.rng
        path = self.path_to(final)
        gaps = [self.gap(state) for state in path[1:]]
        low, high = DAYS_IN_STATE[final]
        days_back = min(sum(gaps) + rng.randint(low, high), 360)
        day = self.today - datetime.timedelta(days=days_back)
        case = Case(person=person, final=final, received_at=_local(day, rng))
        self.receive(case)
        at = case.received_at
        for state, gap in zip(path[1:], gaps, strict=True):
            day = min(day + datetime.timedelta(days=gap), self.today - datetime.timedelta(days=1))
            # Each step after the one before, even when both fall on the same day.
            at = max(_local(day, rng), at + datetime.timedelta(minutes=30))
            case.reached[state] = at
            self.reach(case, state, at)
        since = case.reached.get(State.ACTIVE) or case.reached.get(State.ASSESSED)
        if case.plan:
            self.activities(case, case.plan)
            self.review(case, case.plan)
        if since:
            self.keep_in_touch(case, since)
        return case

    def end(self, case: Case) -> datetime.datetime:
        """Until when the case is worked: its closure, or now."""
        return case.closed_at or self.now

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

    def receive(self, case: Case) -> None:
        """The referral arrives: from the demo referrer's sign-in, through the public form, or
        by e-mail, phone or letter, which the manager types in."""
        rng, person = self.rng, case.person
        source = _weighted(rng, SOURCE_WEIGHTS)
        referrer_name = referrer_role = referrer_organisation = referrer_email = ""
        referrer = None
        channel = Channel.FORM
        if source != SourceType.SELF:
            role, referrer_organisation, channels = REFERRERS[source]
            channel = rng.choice(channels)
            surname = rng.choice(("Patel", "Khan", "Okafor", "Walsh", "Hughes", "Begum", "Clarke"))
            if source == SourceType.PRIMARY_CARE:
                referrer_organisation = str(person.gp_practice or "")
                if self.staff.referrer and rng.random() < 0.4:
                    referrer = self.staff.referrer
                    channel = Channel.FORM
                referrer_name = (
                    str(referrer) if referrer else f"{rng.choice(CLINICIAN_TITLES)} {surname}"
                )
            else:
                referrer_name = f"{rng.choice(('Sam', 'Jo', 'Alex', 'Chris', 'Priya'))} {surname}"
            referrer_role = role
            referrer_email = f"{surname.lower()}@example.org"
        reasons = rng.sample(self.staff.reasons, k=min(len(self.staff.reasons), rng.randint(1, 3)))
        data = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "nhs_number": person.nhs_number,
            "address": ", ".join(
                part for part in (person.address_line_1, person.address_line_2, person.town) if part
            ),
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
            "gp_practice_id": person.gp_practice_id,
            "preferred_contact_method": person.preferred_contact_method,
            "preferred_contact_times": person.preferred_contact_times,
            "source_type": source,
            "referrer_name": referrer_name,
            "referrer_role": referrer_role,
            "referrer_organisation": referrer_organisation,
            "referrer_email": referrer_email,
            "channel": channel,
            "urgency": _weighted(rng, {Urgency.ROUTINE: 80, Urgency.SOON: 15, Urgency.URGENT: 5}),
            "risks": rng.choice(RISKS) if rng.random() < 0.2 else "",
            "reason_details": " ".join(
                REASON_DETAILS.get(reason.name, "") for reason in reasons
            ).strip(),
            "consent_given": True,
            "consent_method": person.consent_method or "verbal",
            "consent_given_at": case.received_at,
            "consent_recorded_by": referrer_name or "The person",
        }
        typed_in_by = referrer or (None if channel == Channel.FORM else self.staff.manager)
        organisation = self.staff.organisation

        def receive(case: Case) -> Referral:
            return referral_services.receive_referral(
                organisation=organisation, data=data, reasons=reasons, received_at=case.received_at
            )

        case.then(case.received_at, typed_in_by, _moves(receive))

    def reach(self, case: Case, state: State, at: datetime.datetime) -> None:
        """What the staff do that moves the case to `state` at `at`."""
        staff, rng = self.staff, self.rng
        manager = staff.manager
        if state == State.TRIAGED:
            case.then(
                at,
                manager,
                _moves(
                    lambda case: referral_services.triage(
                        referral=case.referral, person=case.person
                    )
                ),
            )
        elif state == State.INFO_REQUESTED:
            case.then(
                at,
                manager,
                _moves(
                    lambda case: referral_services.move(
                        referral=case.referral, to=State.INFO_REQUESTED, note=INFO_REQUEST
                    )
                ),
            )
        elif state == State.ACCEPTED:
            case.then(
                at, manager, _moves(lambda case: referral_services.accept(referral=case.referral))
            )
        elif state == State.DECLINED:
            reason, signposting = rng.choice(DECLINES)
            case.then(
                at,
                manager,
                _moves(
                    lambda case: referral_services.decline(
                        referral=case.referral, reason=reason, signposting_note=signposting
                    )
                ),
            )
        elif state == State.WAITING:
            case.then(
                at,
                manager,
                _moves(
                    lambda case: referral_services.move(referral=case.referral, to=State.WAITING)
                ),
            )
        elif state == State.ALLOCATED:
            case.then(
                at,
                manager,
                _moves(
                    lambda case: referral_services.allocate(
                        referral=case.referral, link_worker=staff.link_worker
                    )
                ),
            )
            if case.final == State.ALLOCATED and rng.random() < 0.5:
                self.contact(case, at + datetime.timedelta(hours=1), connected=False)
        elif state == State.FIRST_CONTACT:
            self.contact(case, at, connected=True)
        elif state == State.ASSESSED:
            self.assess(case, at)
        elif state == State.ACTIVE:
            self.agree_plan(case, at)
        elif state == State.CLOSED:
            self.close(case, at)

    def contact(self, case: Case, at: datetime.datetime, *, connected: bool) -> None:
        rng = self.rng
        happened, agreed = rng.choice(CONTACT_NOTES)
        mode = rng.choice([ContactMode.TELEPHONE, ContactMode.TELEPHONE, ContactMode.IN_PERSON])
        data = {
            "when": at,
            "mode": mode,
            "setting": (
                rng.choice(
                    [ContactSetting.HOME, ContactSetting.COMMUNITY, ContactSetting.GP_SURGERY]
                )
                if mode == ContactMode.IN_PERSON
                else ""
            ),
            "duration_minutes": rng.choice([10, 15, 20, 30, 45, 60]) if connected else None,
            "what_happened": happened if connected else "No answer; left a message",
            "what_agreed": agreed if connected else "",
            "connected": connected,
        }
        case.then(
            at,
            self.staff.link_worker,
            lambda case: contact_services.log_contact(referral=case.referral, data=data),
        )

    def keep_in_touch(self, case: Case, since: datetime.datetime) -> None:
        """Contacts at about the level of need's interval until the case closed or now; some
        cases fall behind (overdue) and a few stop answering (not engaging)."""
        rng = self.rng
        level = case.plan["data"]["level_of_need"] if case.plan else LevelOfNeed.MEDIUM.value
        interval = self.settings.intervals()[level]
        end = self.end(case)
        behind = case.final != State.CLOSED and rng.random() < 0.2
        stops_answering = False
        if case.final == State.ACTIVE:
            self.active_cases += 1
            stops_answering = self.active_cases % STOPS_ANSWERING_EVERY == 0
        moment = since + datetime.timedelta(days=interval + rng.randint(-2, 2))
        planned: list[datetime.datetime] = []
        while moment < end - datetime.timedelta(days=1) and len(planned) < 14:
            planned.append(moment)
            moment += datetime.timedelta(days=interval + rng.randint(-2, 3))
        if behind and planned:
            planned = planned[: max(0, len(planned) - 2)]
        for moment in planned:
            self.contact(case, moment, connected=rng.random() > 0.12)
        if stops_answering:
            attempts = self.settings.disengage_after
            latest = planned[-1] if planned else since
            for number in range(1, attempts + 1):
                moment = latest + (end - datetime.timedelta(days=1) - latest) * number / attempts
                day = timezone.localdate(moment)
                moment = max(_local(day, rng), latest + datetime.timedelta(hours=number))
                self.contact(case, moment, connected=False)

    def assess(self, case: Case, at: datetime.datetime) -> None:
        rng, link_worker = self.rng, self.staff.link_worker
        in_person = rng.random() < 0.85
        data = {
            "assessed_at": at,
            "setting": rng.choice(
                [AssessmentSetting.HOME, AssessmentSetting.GP_SURGERY, AssessmentSetting.SERVICE]
            ),
            "mode": "in_person" if in_person else "remote",
            "remote_reason": "" if in_person else "Preferred a phone call while unwell",
            "what_matters": rng.choice(WHAT_MATTERS),
        }
        areas = rng.sample(self.life_areas, k=min(len(self.life_areas), rng.randint(3, 5)))
        needs = [
            {
                "life_area": area,
                "rating": rng.randint(3, 9),
                "note": f"Talked about {area.name.lower()}",
            }
            for area in areas
        ]

        def assess(case: Case) -> None:
            plan_services.record_assessment(
                person=case.person,
                recorded_by=link_worker,
                data={**data, "referral": case.referral, "risks": case.referral.risks},
                family_present=[],
                needs=needs,
            )

        case.then(at, link_worker, assess)

    def agree_plan(self, case: Case, at: datetime.datetime) -> None:
        rng, star = self.rng, self.star
        agreed_on = timezone.localdate(at)
        services = rng.sample(self.staff.services, k=min(2, len(self.staff.services)))
        data = {
            "agreement_method": rng.choice(["verbal", "verbal", "written", "phone"]),
            "agreed_on": agreed_on,
            "activities": [
                {"name": service.name, "when": "Every week", "where": "", "contact": ""}
                for service in services[: rng.randint(1, 2)]
            ],
            "level_of_need": _weighted(rng, LEVEL_WEIGHTS),
            "review_date": agreed_on + datetime.timedelta(weeks=12),
            "star": star,
            "star_scores": {area: rng.randint(1, 3) for area in star.areas},
        }
        goals = [
            {
                "words": words,
                "baseline_rating": rng.randint(1, 5),
                "good_looks_like": good,
                "next_steps": steps,
                "who_helps": rng.choice(WHO_HELPS),
            }
            for words, good, steps in rng.sample(GOALS, k=rng.randint(1, 3))
        ]
        case.plan = {"data": data, "goals": goals, "at": at, "services": services}
        self.save_plan(case, at, data, goals, version=0)

    def save_plan(
        self,
        case: Case,
        at: datetime.datetime,
        data: dict[str, Any],
        goals: list[dict[str, Any]],
        *,
        version: int,
        independence: dict[str, str] | None = None,
    ) -> None:
        """The link worker agrees (version 0) or reviews the plan of the case's person."""
        link_worker = self.staff.link_worker
        case.then(
            at,
            link_worker,
            lambda case: plan_services.save_plan(
                person=case.person,
                expected_version=version,
                data=dict(data),
                goals=goals,
                saved_by=link_worker,
                independence=independence,
                case=case.referral,
            ),
        )

    def review(self, case: Case, plan: dict[str, Any]) -> None:
        """Plans reviewed by now get a second revision with the review's answers about
        independence; a few are left overdue, and some come up for review this week."""
        rng, star = self.rng, self.star
        agreed = plan["data"]
        review_at = _local(agreed["review_date"], rng)
        if review_at < self.end(case) and (case.final == State.CLOSED or rng.random() < 0.7):
            done, needed = rng.choice(INDEPENDENCE_ANSWERS)
            data = {
                **agreed,
                "review_date": agreed["review_date"] + datetime.timedelta(weeks=12),
                "star_scores": {
                    area: min(star.scale, score + rng.randint(0, 2))
                    for area, score in agreed["star_scores"].items()
                },
            }
            answers = {"done_without_link_worker": done, "needed_before_ending": needed}
            self.save_plan(case, review_at, data, plan["goals"], version=1, independence=answers)

    def activities(self, case: Case, plan: dict[str, Any]) -> None:
        """Activity referrals made after the plan was agreed, each moved by the link worker
        or the provider until it reaches its status, before the case closed. A person who did
        not agree to their details being shared is signposted instead."""
        rng, link_worker = self.rng, self.staff.link_worker
        end = self.end(case)
        options = ENDED_ACTIVITY_STATUSES if case.final == State.CLOSED else OPEN_ACTIVITY_STATUSES
        for service in plan["services"]:
            status = rng.choice(options)
            reason = rng.choice(WHAT_MATTERS)
            made: dict[str, ActivityReferral] = {}
            moment = _before(
                end, plan["at"], plan["at"] + datetime.timedelta(days=rng.randint(0, 3))
            )
            sends = case.person.consent_to_share

            def refer(case: Case, service=service, reason=reason, made=made, sends=sends) -> None:
                made["referral"] = activity_services.refer(
                    person=case.person,
                    service=service,
                    made_by=link_worker,
                    reason=reason,
                    case=case.referral,
                    send=sends,
                    signposted=not sends,
                )

            case.then(moment, link_worker, refer)
            if not sends:
                continue
            for to, side, why in ACTIVITY_PATHS[status][1:]:
                moment = _before(end, moment, moment + datetime.timedelta(days=rng.randint(2, 10)))
                by = link_worker if side == R else None

                def move(case: Case, to=to, side=side, why=why, by=by, made=made) -> None:
                    made["referral"] = activity_services.move(
                        activity_referral=made["referral"],
                        to=to,
                        side=side,
                        by=by,
                        by_name="" if by else made["referral"].service.organisation.name,
                        reason=why,
                    )

                case.then(moment, by, move)

    def close(self, case: Case, at: datetime.datetime) -> None:
        rng, link_worker = self.rng, self.staff.link_worker
        worked = case.plan is not None
        reason = _weighted(rng, CLOSURE_WEIGHTS) if worked else ClosureReason.NO_CONTACT
        if not worked:
            # Attempts that did not connect, spread between allocation and closure.
            allocated_at = case.reached[State.ALLOCATED]
            for share in (0.25, 0.5, 0.75):
                self.contact(case, allocated_at + (at - allocated_at) * share, connected=False)
        summary, codes_only = CLOSING_SUMMARIES[reason], rng.random() < 0.1
        case.then(
            at,
            link_worker,
            lambda case: contact_services.close_case(
                referral=case.referral, reason=reason, summary=summary, codes_only=codes_only
            ),
        )
        due_on = cadence.follow_up_due(timezone.localdate(at), self.settings.follow_up_days)
        if due_on < self.today and rng.random() < 0.7:
            case.followed_up_at = _local(due_on, rng)
            case.then(
                case.followed_up_at,
                link_worker,
                lambda case: contact_services.complete_follow_up(
                    follow_up=FollowUp.objects.get(referral=case.referral)
                ),
            )

    def reopen(self, previous: Case) -> bool:
        """Reopen `previous` some days after it closed (and was followed up), as the link
        worker would when the person asks for support again; False when it closed too
        recently for that."""
        after = previous.followed_up_at or previous.closed_at
        assert after is not None, "only a closed case is reopened"
        first = timezone.localdate(after) + datetime.timedelta(days=1)
        last = self.today - datetime.timedelta(days=1)
        if first > last:
            return False
        day = first + datetime.timedelta(days=self.rng.randint(0, min(30, (last - first).days)))
        link_worker = self.staff.link_worker
        previous.then(
            max(_local(day, self.rng), after + datetime.timedelta(hours=1)),
            link_worker,
            lambda case: contact_services.reopen_case(
                referral=case.referral, reason=REOPEN_REASON, link_worker=link_worker
            ),
        )
        return True


def _moves(step: Callable[[Case], Referral]) -> Callable[[Case], None]:
    """A step that moves the referral on: the case keeps the referral the service returns."""

    def do(case: Case) -> None:
        case.returned = step(case)

    return do


def _before(
    end: datetime.datetime, previous: datetime.datetime, moment: datetime.datetime
) -> datetime.datetime:
    """`moment`, or halfway from `previous` to `end` when it would fall at or after `end`."""
    return moment if moment < end else previous + (end - previous) / 2


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


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
        case__state=State.ACTIVE,
    ).order_by("pk")
    accepted = ActivityReferral.objects.filter(
        organisation=organisation,
        status=ActivityStatus.ACCEPTED,
        case__state=State.ACTIVE,
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
                activity_referral=activity,
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
