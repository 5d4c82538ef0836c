"""Synthetic outcome measures and feedback for the demo casework.

Every case that reached assessment gets a baseline ONS4 and loneliness questionnaire (and Top 3
Goals progress once its plan exists); closed cases get the same measures again at closure, with
plausible change (mostly better, some unchanged, a few worse), and some at follow-up. Scores are
computed by the outcomes app's own scoring rules, exactly as completing the questionnaire would
store them. Most closed cases have Friends and Family Test feedback.

Only the bounded demo casework is touched, and a case is given measures (or feedback) once:
running again adds nothing. Each case draws from its own seeded stream (named by the person's
NHS number and when the referral arrived), so the same seed gives the same data.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, DateTimeField, Exists, OuterRef, Value, When
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.contacts.models import Closure, ClosureReason
from navigator.feedback.models import (
    Channel,
    FeedbackRequest,
    FeedbackResponse,
    FFTAnswer,
    Occasion,
    Respondent,
)
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import digest
from navigator.outcomes import instruments, selectors
from navigator.outcomes.instruments import Instrument, Item
from navigator.outcomes.models import Administration, AnsweredHow, Score, Status, TimePoint
from navigator.outcomes.services import SCORE_PLACES
from navigator.people.models import Person
from navigator.plans.models import Assessment, SupportPlan
from navigator.referrals.models import Referral

ONS4 = instruments.INSTRUMENTS["ons4"]
LONELINESS = instruments.INSTRUMENTS["loneliness"]
GOALS = instruments.INSTRUMENTS["goals"]
# Where people referred for social prescribing tend to start (low wellbeing, high anxiety).
ONS4_BASELINE = {"satisfied": (2, 6), "worthwhile": (3, 7), "happy": (2, 6), "anxious": (4, 9)}
# How a case went between baseline and closure, and how often.
CHANGE_WEIGHTS = {"better": 75, "same": 13, "worse": 12}
MISSING_ITEM_CHANCE = 0.05
FOLLOW_UP_CHANCE = 0.8
ANSWERED_HOW_WEIGHTS = {AnsweredHow.ALONE: 80, AnsweredHow.WITH_HELP: 15, AnsweredHow.PROXY: 5}

FEEDBACK_CHANCE = 0.9  # of closed cases that were supported; few never reached answer
FEEDBACK_CHANCE_NOT_REACHED = 0.2
FFT_WEIGHTS = {
    FFTAnswer.VERY_GOOD: 55,
    FFTAnswer.GOOD: 24,
    FFTAnswer.NEITHER: 8,
    FFTAnswer.POOR: 5,
    FFTAnswer.VERY_POOR: 2,
    FFTAnswer.DONT_KNOW: 6,
}
WENT_WELL = (
    "My link worker listened and never rushed me",
    "Going to the lunch club with someone the first time",
    "Help with the benefits form; I would not have managed alone",
    "I have made friends at the walking group",
    "Being treated as a person, not a list of problems",
    "Mum looks forward to the Thursday group every week",
    "Quick to call back when I left a message",
)
COULD_BE_BETTER = (
    "A shorter wait before the first call",
    "Evening appointments for people who work",
    "More groups nearer to where I live",
    "I would have liked a few more sessions",
    "Letters in larger print",
    "Hard to get through on the phone",
)
FAMILY_OR_FRIEND_CHANCE = 0.12
ANONYMOUS_CHANCE = 0.2
LINK_CHANCE = 0.4
FOLLOW_UP_FEEDBACK_CHANCE = 0.25
MAY_CONTACT_CHANCE = 0.3  # of the others, besides everyone who answered through a link


@dataclass
class Written:
    """The rows made for one organisation, before they are written in bulk."""

    administrations: list[tuple[Administration, dict[str, Decimal | None]]] = field(
        default_factory=list
    )
    responses: list[FeedbackResponse] = field(default_factory=list)
    links: list[tuple[SecureLink, FeedbackRequest, FeedbackResponse]] = field(default_factory=list)
    may_contact: set[int] = field(default_factory=set)


def create_demo_measures(organisations: Sequence[Organisation], seed: int) -> dict[str, int]:
    """Give the demo casework of each organisation its outcome measures and feedback; returns
    how many administrations and feedback responses were made now."""
    made = {"administrations": 0, "feedback": 0}
    now = timezone.now()
    for organisation in organisations:
        link_worker = (
            User.objects.filter(organisation=organisation, role=Role.LINK_WORKER, is_active=True)
            .order_by("pk")
            .first()
        )
        if link_worker is None:
            continue
        written = Written()
        _outcomes(organisation, link_worker, seed, written)
        _feedback(organisation, link_worker, seed, now, written)
        with transaction.atomic():
            _write(written)
        made["administrations"] += len(written.administrations)
        made["feedback"] += len(written.responses)
    return made


# Outcome measures ------------------------------------------------------------------------------


def _outcomes(organisation: Organisation, link_worker: User, seed: int, written: Written) -> None:
    """Measures for each assessed case that has none yet (at most the bounded casework)."""
    assessments = (
        Assessment.objects.filter(organisation=organisation, referral__isnull=False)
        .exclude(Exists(Administration.objects.filter(referral=OuterRef("referral"))))
        .select_related("referral__closure", "referral__follow_up", "person")
        .order_by("pk")
    )
    for assessment in assessments:
        referral = assessment.referral
        rng = random.Random(f"{seed}:outcomes:{_named(referral)}")
        plan = SupportPlan.objects.filter(referral=referral).prefetch_related("goals").first()
        closure = getattr(referral, "closure", None)
        follow_up = getattr(referral, "follow_up", None)
        CaseMeasures(rng, referral, assessment.person, link_worker, written).record(
            baseline_at=assessment.assessed_at + datetime.timedelta(minutes=20),
            plan=plan,
            closed_at=closure.closed_at if closure else None,
            follow_up_at=follow_up.done_at if follow_up else None,
        )


class CaseMeasures:
    """The administrations of one case, drawn from the case's own stream."""

    def __init__(self, rng, referral, person, link_worker, written) -> None:
        self.rng = rng
        self.referral = referral
        self.person = person
        self.link_worker = link_worker
        self.written = written

    def record(self, *, baseline_at, plan, closed_at, follow_up_at) -> None:
        rng = self.rng
        ons4 = {key: Decimal(rng.randint(*span)) for key, span in ONS4_BASELINE.items()}
        lonely = {item.key: Decimal(rng.choice((2, 2, 3, 3, 1))) for item in LONELINESS.items}
        self.add(ONS4, ONS4.items, ons4, TimePoint.BASELINE, baseline_at, may_miss=True)
        self.add(LONELINESS, LONELINESS.items, lonely, TimePoint.BASELINE, baseline_at, True)
        goal_items: list[Item] = []
        goals: dict[str, Decimal | None] = {}
        if plan is not None:
            try:
                goal_items = selectors.items_for(GOALS, self.person)
            except selectors.NotAvailable:
                goal_items = []
            ratings = {f"goal_{goal.position}": goal.baseline_rating for goal in plan.goals.all()}
            goals = {item.key: Decimal(ratings[item.key]) for item in goal_items}
            if goal_items:
                plan_at = timezone.localtime(plan.created_at) + datetime.timedelta(minutes=10)
                self.add(GOALS, goal_items, goals, TimePoint.BASELINE, plan_at)
        if closed_at is None:
            return
        change = _weighted(rng, CHANGE_WEIGHTS)
        ons4 = {key: self.moved(key, value, change, ONS4) for key, value in ons4.items()}
        lonely = {key: self.moved(key, value, change, LONELINESS) for key, value in lonely.items()}
        self.add(ONS4, ONS4.items, ons4, TimePoint.CLOSURE, closed_at, may_miss=True)
        self.add(LONELINESS, LONELINESS.items, lonely, TimePoint.CLOSURE, closed_at, True)
        if goal_items:
            goals = {key: self.moved(key, value, change, GOALS) for key, value in goals.items()}
            self.add(GOALS, goal_items, goals, TimePoint.CLOSURE, closed_at)
        if follow_up_at is not None and rng.random() < FOLLOW_UP_CHANCE:
            # Most hold on to what they gained; some slip back a little.
            ons4 = {key: self.drift(key, value, ONS4) for key, value in ons4.items()}
            lonely = {key: self.drift(key, value, LONELINESS) for key, value in lonely.items()}
            self.add(ONS4, ONS4.items, ons4, TimePoint.FOLLOW_UP, follow_up_at)
            self.add(LONELINESS, LONELINESS.items, lonely, TimePoint.FOLLOW_UP, follow_up_at)

    def moved(self, key: str, value: Decimal | None, change: str, chosen: Instrument) -> Decimal:
        """The answer at closure: better, the same or worse (a step in the better direction,
        turned round for items where lower is better)."""
        rng = self.rng
        if value is None:  # unanswered at baseline: answered at closure
            value = Decimal(rng.randint(2, 5)) if chosen is not LONELINESS else Decimal(2)
        if change == "same":
            step = 0
        elif chosen is GOALS:
            step = rng.randint(3, 7) if change == "better" else -rng.randint(0, 1)
        elif chosen is LONELINESS:
            step = int(rng.random() < 0.7) * (1 if change == "better" else -1)
        else:
            step = rng.randint(1, 3) if change == "better" else -rng.randint(1, 2)
        if _lower_is_better(chosen, key):
            step = -step
        return value + step

    def drift(self, key: str, value: Decimal, chosen: Instrument) -> Decimal:
        step = self.rng.choice((0, 0, 0, -1, 1)) if chosen is ONS4 else self.rng.choice((0, 0, 1))
        if chosen is LONELINESS:
            return value + step
        return value - step if _lower_is_better(chosen, key) else value + step

    def add(
        self,
        chosen: Instrument,
        items: Sequence[Item],
        values: dict[str, Decimal | None],
        time_point: str,
        at: datetime.datetime,
        may_miss: bool = False,
    ) -> None:
        rng = self.rng
        limits = {item.key: item for item in items}
        answers = {
            key: max(limits[key].minimum, min(limits[key].maximum, value))
            for key, value in values.items()
            if value is not None
        }
        answers = {item.key: answers.get(item.key) for item in items}
        if may_miss and rng.random() < MISSING_ITEM_CHANCE:
            answers[rng.choice(list(answers))] = None  # skipped one question
        scores = instruments.score(chosen, items, answers)
        administration = Administration(
            organisation_id=self.referral.organisation_id,
            person_id=self.person.pk,
            referral=self.referral,
            instrument_code=chosen.code,
            instrument_name=chosen.name,
            items=[item.as_data() for item in items],
            answers={key: None if value is None else str(value) for key, value in answers.items()},
            time_point=time_point,
            status=Status.COMPLETE,
            answered_how=_weighted(rng, ANSWERED_HOW_WEIGHTS),
            recorded_by=self.link_worker,
            started_by=self.link_worker,
            completed_at=at,
            version=2,
        )
        self.written.administrations.append(
            (
                administration,
                {
                    measure: None if value is None else value.quantize(SCORE_PLACES)
                    for measure, value in scores.items()
                },
            )
        )


def _lower_is_better(chosen: Instrument, key: str) -> bool:
    return chosen is LONELINESS or (chosen is ONS4 and key == "anxious")


# Feedback --------------------------------------------------------------------------------------


def _feedback(
    organisation: Organisation,
    link_worker: User,
    seed: int,
    now: datetime.datetime,
    written: Written,
) -> None:
    """Feedback on each closed case not yet asked or answered."""
    closures = (
        Closure.objects.filter(organisation=organisation, referral__person__isnull=False)
        .exclude(Exists(FeedbackResponse.objects.filter(referral=OuterRef("referral"))))
        .exclude(Exists(FeedbackRequest.objects.filter(referral=OuterRef("referral"))))
        .select_related("referral__person", "referral__follow_up")
        .order_by("pk")
    )
    referral_type = ContentType.objects.get_for_model(Referral)
    for closure in closures:
        referral, person = closure.referral, closure.referral.person
        rng = random.Random(f"{seed}:feedback:{_named(referral)}")
        reached = closure.reason != ClosureReason.NO_CONTACT
        chance = FEEDBACK_CHANCE if reached else FEEDBACK_CHANCE_NOT_REACHED
        if rng.random() >= chance:
            if rng.random() < MAY_CONTACT_CHANCE:
                written.may_contact.add(person.pk)
            continue
        submitted_at = min(
            closure.closed_at
            + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8)),
            now - datetime.timedelta(hours=1),
        )
        by_link = bool(person.email) and rng.random() < LINK_CHANCE
        response = _response(rng, referral, Occasion.CLOSURE, submitted_at, link_worker, by_link)
        written.responses.append(response)
        if by_link:
            written.may_contact.add(person.pk)
            sent_at = closure.closed_at + datetime.timedelta(hours=2)
            link = SecureLink(
                organisation_id=referral.organisation_id,
                purpose=Purpose.FEEDBACK,
                token_digest=digest(f"demo-feedback:{seed}:{_named(referral)}"),
                target_type=referral_type,
                target_id=referral.pk,
                sent_to=person.email,
                expires_at=sent_at + datetime.timedelta(days=30),
                used_at=submitted_at,
            )
            request = FeedbackRequest(
                organisation_id=referral.organisation_id,
                referral=referral,
                occasion=Occasion.CLOSURE,
                sent_at=sent_at,
            )
            written.links.append((link, request, response))
        elif rng.random() < MAY_CONTACT_CHANCE:
            written.may_contact.add(person.pk)
        follow_up = getattr(referral, "follow_up", None)
        if follow_up and follow_up.done_at and rng.random() < FOLLOW_UP_FEEDBACK_CHANCE:
            written.responses.append(
                _response(rng, referral, Occasion.FOLLOW_UP, follow_up.done_at, link_worker, False)
            )


def _response(
    rng: random.Random,
    referral: Referral,
    occasion: str,
    at: datetime.datetime,
    link_worker: User,
    by_link: bool,
) -> FeedbackResponse:
    answer = _weighted(rng, FFT_WEIGHTS)
    positive = answer in (FFTAnswer.VERY_GOOD, FFTAnswer.GOOD)
    went_well = rng.choice(WENT_WELL) if positive or rng.random() < 0.3 else ""
    could_be_better = rng.choice(COULD_BE_BETTER) if not positive or rng.random() < 0.3 else ""
    family = rng.random() < FAMILY_OR_FRIEND_CHANCE
    if family and went_well == WENT_WELL[0]:
        went_well = "The link worker took time to understand what Dad needed"
    return FeedbackResponse(
        organisation_id=referral.organisation_id,
        referral=referral,
        respondent=Respondent.FAMILY_OR_FRIEND if family else Respondent.PERSON,
        fft_answer=answer,
        went_well=went_well if rng.random() < 0.85 else "",
        could_be_better=could_be_better,
        anonymous=rng.random() < ANONYMOUS_CHANCE,
        channel=Channel.LINK if by_link else Channel.STAFF,
        occasion=occasion,
        submitted_at=at,
        recorded_by=None if by_link else link_worker,
    )


# Writing -----------------------------------------------------------------------------------------


def _write(written: Written) -> None:
    administrations = Administration.objects.bulk_create(
        [administration for administration, _ in written.administrations]
    )
    Score.objects.bulk_create(
        Score(
            organisation_id=administration.organisation_id,
            administration=administration,
            measure=measure,
            value=value,
        )
        for administration, scores in written.administrations
        for measure, value in scores.items()
    )
    completed = {a.pk: a.completed_at for a in administrations}
    _backdate(Administration, "created_at", completed)
    _backdate(Administration, "updated_at", completed)
    SecureLink.objects.bulk_create([link for link, _, _ in written.links])
    _backdate(SecureLink, "created_at", {link.pk: r.sent_at for link, r, _ in written.links})
    FeedbackRequest.objects.bulk_create(
        [_link_request(link, request) for link, request, _ in written.links]
    )
    for _, request, response in written.links:
        response.request = request
    FeedbackResponse.objects.bulk_create(written.responses)
    if written.may_contact:
        Person.objects.filter(pk__in=written.may_contact).update(may_contact_for_feedback=True)


def _link_request(link: SecureLink, request: FeedbackRequest) -> FeedbackRequest:
    request.link = link
    return request


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _named(referral: Referral) -> str:
    """What names a case the same way on every run: not its reference, drawn at random."""
    return f"{referral.nhs_number}:{referral.received_at.isoformat()}"


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
