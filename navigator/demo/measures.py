"""Synthetic outcome measures and feedback for the demo casework.

Every case that reached assessment gets a baseline ONS4 and loneliness questionnaire (and Top 3
Goals progress once its plan exists); closed cases get the same measures again at closure, with
plausible change (mostly better, some unchanged, a few worse), and some at follow-up. Most
closed cases have Friends and Family Test feedback, given to the link worker or through a link
sent by the feedback service.

Everything is recorded through the outcomes, feedback and people services, at the moment it
happened and by whoever did it (core.clock, audit.context), as cases.py records the casework:
the demo shows no questionnaire, score, link or answer the application could not have made.
A case reopened since has no measures: recorded now, they would go to the person's newest case.

Only the bounded demo casework is touched, and a case is given measures (or feedback) once:
running again adds nothing. Each case draws from its own seeded stream (named by the person's
NHS number and when the referral arrived), so the same seed gives the same data.
"""

import datetime
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.audit.context import Actor, acting_as
from navigator.contacts import due
from navigator.contacts.models import Closure, ClosureReason, Reopening
from navigator.core.clock import stopped_at
from navigator.feedback import services as feedback_services
from navigator.feedback.models import (
    FeedbackRequest,
    FeedbackResponse,
    FFTAnswer,
    Occasion,
    Respondent,
)
from navigator.outcomes import instruments, selectors
from navigator.outcomes import services as outcome_services
from navigator.outcomes.instruments import Instrument, Item
from navigator.outcomes.models import Administration, AnsweredHow, TimePoint
from navigator.people import services as people_services
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


# Who answers through a secure link, as the audit trail names them.
THROUGH_A_LINK = Actor(label="someone with a secure link")


@dataclass
class Planned:
    """What the staff (or the person, through a link) do in one organisation, each step at its
    moment, before anything is recorded: every step is drawn first, from each case's stream."""

    steps: list[tuple[datetime.datetime, Actor, Callable[[], Any]]] = field(default_factory=list)
    administrations: int = 0
    responses: int = 0

    def then(self, at: datetime.datetime, actor: Actor, do: Callable[[], Any]) -> None:
        self.steps.append((at, actor, do))

    def record(self) -> None:
        # sorted() keeps the order steps were planned in when two share a moment.
        for at, actor, do in sorted(self.steps, key=lambda step: step[0]):
            with stopped_at(at), acting_as(actor):
                do()


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
        planned = Planned()
        _outcomes(organisation, link_worker, seed, planned)
        _feedback(organisation, link_worker, seed, now, planned)
        with transaction.atomic(), due.held(organisation_id=organisation.pk):
            planned.record()
        made["administrations"] += planned.administrations
        made["feedback"] += planned.responses
    return made


# Outcome measures ------------------------------------------------------------------------------


def _outcomes(organisation: Organisation, link_worker: User, seed: int, planned: Planned) -> None:
    """Measures for each assessed case that has none yet (at most the bounded casework), and
    is still the person's newest case."""
    assessments = (
        Assessment.objects.filter(organisation=organisation, referral__isnull=False)
        .exclude(Exists(Administration.objects.filter(referral=OuterRef("referral"))))
        .exclude(Exists(Reopening.objects.filter(previous=OuterRef("referral"))))
        .select_related("referral__closure", "referral__follow_up", "person")
        .order_by("pk")
    )
    # The first closed cases go each way a case can go in turn, so that the managers' outcomes
    # report always has improvement, no change and decline to show; the rest are drawn by
    # CHANGE_WEIGHTS (each case's stream is named by its reference, which is random).
    each_way_first = iter(CHANGE_WEIGHTS)
    for assessment in assessments:
        referral = assessment.referral
        assert referral is not None  # the query leaves out assessments outside a case
        rng = random.Random(f"{seed}:outcomes:{_named(referral)}")
        plan = SupportPlan.objects.filter(referral=referral).prefetch_related("goals").first()
        closure = getattr(referral, "closure", None)
        follow_up = getattr(referral, "follow_up", None)
        CaseMeasures(rng, referral, assessment.person, link_worker, planned).record(
            baseline_at=assessment.assessed_at + datetime.timedelta(minutes=20),
            plan=plan,
            closed_at=closure.closed_at if closure else None,
            follow_up_at=follow_up.done_at if follow_up else None,
            change=next(each_way_first, None) if closure else None,
        )


class CaseMeasures:
    """The administrations of one case, drawn from the case's own stream."""

    def __init__(self, rng, referral, person, link_worker, planned) -> None:
        self.rng = rng
        self.referral = referral
        self.person = person
        self.link_worker = link_worker
        self.planned = planned

    def record(self, *, baseline_at, plan, closed_at, follow_up_at, change=None) -> None:
        """The case's measures; `change` (better, same or worse) is drawn when not given."""
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
        change = change or _weighted(rng, CHANGE_WEIGHTS)
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
        values: Mapping[str, Decimal | None],
        time_point: str,
        at: datetime.datetime,
        may_miss: bool = False,
    ) -> None:
        rng = self.rng
        limits = {item.key: item for item in items}
        given = {
            key: max(limits[key].minimum, min(limits[key].maximum, value))
            for key, value in values.items()
            if value is not None
        }
        answers: dict[str, Decimal | None] = {item.key: given.get(item.key) for item in items}
        if may_miss and rng.random() < MISSING_ITEM_CHANCE:
            answers[rng.choice(list(answers))] = None  # skipped one question
        answered_how = _weighted(rng, ANSWERED_HOW_WEIGHTS)
        person, link_worker = self.person, self.link_worker

        def administer() -> None:
            started = outcome_services.start_administration(
                person=person,
                instrument_code=chosen.code,
                time_point=time_point,
                answered_how=answered_how,
                started_by=link_worker,
            )
            outcome_services.save_answers(
                administration=started, answers=answers, finish=True, recorded_by=link_worker
            )

        self.planned.then(at, Actor(user=link_worker), administer)
        self.planned.administrations += 1


def _lower_is_better(chosen: Instrument, key: str) -> bool:
    return chosen is LONELINESS or (chosen is ONS4 and key == "anxious")


# Feedback --------------------------------------------------------------------------------------


def _feedback(
    organisation: Organisation,
    link_worker: User,
    seed: int,
    now: datetime.datetime,
    planned: Planned,
) -> None:
    """Feedback on each closed case not yet asked or answered. The link worker records, at
    closure, who agreed to be asked for feedback; a link goes out two hours later."""
    closures = (
        Closure.objects.filter(organisation=organisation, referral__person__isnull=False)
        .exclude(Exists(FeedbackResponse.objects.filter(referral=OuterRef("referral"))))
        .exclude(Exists(FeedbackRequest.objects.filter(referral=OuterRef("referral"))))
        .select_related("referral__person", "referral__follow_up")
        .order_by("pk")
    )
    by_staff = Actor(user=link_worker)
    for closure in closures:
        referral, person = closure.referral, closure.referral.person
        assert person is not None  # the query leaves out cases without a person's record
        rng = random.Random(f"{seed}:feedback:{_named(referral)}")
        agreed_at = closure.closed_at + datetime.timedelta(hours=1)
        reached = closure.reason != ClosureReason.NO_CONTACT
        chance = FEEDBACK_CHANCE if reached else FEEDBACK_CHANCE_NOT_REACHED
        if rng.random() >= chance:
            if rng.random() < MAY_CONTACT_CHANCE:
                planned.then(agreed_at, by_staff, _may_contact(person))
            continue
        submitted_at = min(
            closure.closed_at
            + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8)),
            now - datetime.timedelta(hours=1),
        )
        by_link = bool(person.email) and rng.random() < LINK_CHANCE
        answers = _answers(rng)
        if by_link:
            sent: dict[str, feedback_services.SentRequest] = {}

            def send(referral: Referral = referral, sent: dict = sent) -> None:
                # As it is now: the person agreed to be asked since it was read.
                current = Referral.objects.select_related("person").get(pk=referral.pk)
                sent["request"] = feedback_services.send_request(
                    referral=current, occasion=Occasion.CLOSURE
                )

            def answer(answers: dict = answers, sent: dict = sent) -> None:
                feedback_services.record_response(data=answers, link=sent["request"].request.link)

            planned.then(agreed_at, by_staff, _may_contact(person))
            planned.then(closure.closed_at + datetime.timedelta(hours=2), by_staff, send)
            planned.then(submitted_at, THROUGH_A_LINK, answer)
        else:
            if rng.random() < MAY_CONTACT_CHANCE:
                planned.then(agreed_at, by_staff, _may_contact(person))
            planned.then(submitted_at, by_staff, _told_staff(referral, Occasion.CLOSURE, answers))
        planned.responses += 1
        follow_up = getattr(referral, "follow_up", None)
        if follow_up and follow_up.done_at and rng.random() < FOLLOW_UP_FEEDBACK_CHANCE:
            told = _told_staff(referral, Occasion.FOLLOW_UP, _answers(rng))
            planned.then(follow_up.done_at, by_staff, told)
            planned.responses += 1


def _may_contact(person: Person) -> Callable[[], Any]:
    """The link worker records on the person's record that they agreed to be asked."""

    def agree() -> None:
        current = Person.objects.get(pk=person.pk)
        if not current.may_contact_for_feedback:
            people_services.update_person(
                person=current,
                expected_version=current.version,
                data={"may_contact_for_feedback": True},
            )

    return agree


def _told_staff(referral: Referral, occasion: str, answers: dict[str, Any]) -> Callable[[], Any]:
    """The link worker records the answers the person (or someone close) gave them."""
    return lambda: feedback_services.record_response(
        referral=referral, occasion=occasion, data=answers
    )


def _answers(rng: random.Random) -> dict[str, Any]:
    answer = _weighted(rng, FFT_WEIGHTS)
    positive = answer in (FFTAnswer.VERY_GOOD, FFTAnswer.GOOD)
    went_well = rng.choice(WENT_WELL) if positive or rng.random() < 0.3 else ""
    could_be_better = rng.choice(COULD_BE_BETTER) if not positive or rng.random() < 0.3 else ""
    family = rng.random() < FAMILY_OR_FRIEND_CHANCE
    if family and went_well == WENT_WELL[0]:
        went_well = "The link worker took time to understand what Dad needed"
    return {
        "respondent": Respondent.FAMILY_OR_FRIEND if family else Respondent.PERSON,
        "fft_answer": answer,
        "went_well": went_well if rng.random() < 0.85 else "",
        "could_be_better": could_be_better,
        "anonymous": rng.random() < ANONYMOUS_CHANCE,
    }


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _named(referral: Referral) -> str:
    """What names a case the same way on every run: not its reference, drawn at random."""
    return f"{referral.nhs_number}:{referral.received_at.isoformat()}"
