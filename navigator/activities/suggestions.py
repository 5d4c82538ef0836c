"""Suggested activities for a person: directory services ranked, in the database, by how many
things from their plan they match (goals, strongly felt needs, what matters to them, their
interests), whether a session falls when they are free, how near they are, and how well the
words match. Only the few suggestions shown are read into Python, each with its reasons."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NotRequired, TypedDict, cast

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from navigator.activities.models import ActivityPreferences, ActivityReferral
from navigator.activities.selectors import PLANNED_STATUSES
from navigator.directory.models import Schedule, Service
from navigator.directory.selectors import (
    Place,
    any_word_matches,
    during,
    has_session,
    locate,
    search_terms,
    text_rank,
    visible_services,
    within_reach,
)
from navigator.people.models import Person
from navigator.plans.models import Assessment, SupportPlan

if TYPE_CHECKING:  # django-stubs' helper, installed with the checker only
    from django_stubs_ext import WithAnnotations

# Needs rated this or more (0 to 10, how much help the person wants) count as strongly felt.
STRONG_NEED = 7
DEFAULT_MILES = 5.0
SHOWN = 10
MAX_SOURCES = 12


@dataclass(frozen=True)
class Source:
    """One thing from the person's plan, and the words it is looked up by."""

    reason: str
    terms: list[str]


class Ranking(TypedDict):
    """What `suggest` adds to each service it ranks (and one `source_<n>` per source, 1 when
    the service matches it)."""

    matched: int  # how many sources it matches
    relevance: float
    fits: bool  # a session falls when the person is free
    distance: NotRequired[float | None]  # miles, when measured from a place


type RankedService = WithAnnotations[Service, Ranking]


@dataclass
class Suggestion:
    service: Service
    reasons: list[str] = field(default_factory=list)
    fits_availability: bool = False


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"‘{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}’"


def sources_for(person: Person, preferences: ActivityPreferences | None) -> list[Source]:
    """What the person's plan and preferences say they want, each with its words."""
    found: list[Source] = []
    plan = SupportPlan.objects.filter(person=person).first()
    if plan is not None:
        for goal in plan.goals.order_by("position"):
            found.append(
                Source(f"matches the goal {_quoted(goal.words)}", search_terms(goal.words))
            )
    assessment = Assessment.objects.filter(person=person).order_by("-assessed_at", "-pk").first()
    if assessment is not None:
        for need in assessment.needs.filter(rating__gte=STRONG_NEED).order_by("-rating", "pk"):
            found.append(
                Source(
                    f"matches their need with {need.area_name.lower()} "
                    f"(rated {need.rating} out of 10)",
                    search_terms(f"{need.area_name} {need.note}"),
                )
            )
        if assessment.what_matters.strip():
            found.append(
                Source(
                    f"matches what matters to them: {_quoted(assessment.what_matters)}",
                    search_terms(assessment.what_matters),
                )
            )
    if preferences is not None:
        for interest in preferences.interest_list:
            found.append(Source(f"matches their interest in {interest}", search_terms(interest)))
    return [source for source in found if source.terms][:MAX_SOURCES]


def _available(preferences: ActivityPreferences | None) -> Q | None:
    """Sessions when the person is free, or None when they have not said."""
    if preferences is None or not (preferences.days or preferences.times_of_day):
        return None
    sessions = Q()
    if preferences.days:
        sessions &= Q(weekday__in=preferences.days)
    if preferences.times_of_day:
        times = Q()
        for time_of_day in preferences.times_of_day:
            times |= during(time_of_day)
        sessions &= times
    return sessions


def reach(person: Person, preferences: ActivityPreferences | None) -> tuple[Place | None, float]:
    """Where suggestions are measured from (None without a postcode), and how many miles
    the person will travel."""
    place = locate(person.postcode) if person.postcode else None
    miles = DEFAULT_MILES
    if preferences is not None and preferences.max_miles is not None:
        miles = float(preferences.max_miles)
    return place, miles


@dataclass(frozen=True)
class Wanted:
    """What a person's suggestions are drawn from: their preferences, the things from their
    plan, and where from and how far they will travel."""

    preferences: ActivityPreferences | None
    sources: list[Source]
    place: Place | None
    miles: float


def wanted_by(person: Person) -> Wanted:
    preferences = ActivityPreferences.objects.filter(person=person).first()
    sources = sources_for(person, preferences)
    place, miles = reach(person, preferences) if sources else (None, DEFAULT_MILES)
    return Wanted(preferences, sources, place, miles)


def why_none(person: Person, wanted: Wanted) -> str:
    """The true reason `suggest` found nothing for `person`, in words."""
    if not wanted.sources:
        return (
            f"Suggestions come from the goals in {person.full_name}'s support plan, the needs "
            "they rated 7 or more in their assessment, what matters to them and their "
            "interests, and none of these is recorded yet."
        )
    place, miles = wanted.place, wanted.miles
    wanted_words = "what their plan, assessment and interests ask for"
    if place is None:
        return f"No listing in the directory matches {wanted_words}."
    if place.has_coordinates:
        found = (
            f"No listing within {miles:g} miles of {place.postcode} matches {wanted_words}, "
            "apart from those they are already referred to."
        )
        return f"{found} {place.caveat}".strip()
    return f"No listing in the {place.district} area matches {wanted_words}. {place.caveat}"


def suggest(
    person: Person, *, shown: int = SHOWN, wanted: Wanted | None = None
) -> list[Suggestion]:
    """The best `shown` directory services for `person`, best first, with their reasons. A
    bounded number of queries whatever the size of the directory. `wanted`: what
    `wanted_by(person)` says, when the caller has read it already (for `why_none` too)."""
    wanted = wanted or wanted_by(person)
    sources, place = wanted.sources, wanted.place
    if not sources:
        return []
    every_term = list(dict.fromkeys(term for source in sources for term in source.terms))
    already = ActivityReferral.objects.filter(
        person=person, service=OuterRef("pk"), status__in=PLANNED_STATUSES
    )
    services = (
        visible_services()
        .filter(any_word_matches(every_term), paused=False)
        .filter(~Exists(already))
        .annotate(
            **{
                f"source_{index}": Case(
                    When(any_word_matches(source.terms), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for index, source in enumerate(sources)
            }
        )
    )
    matched = sum((F(f"source_{index}") for index in range(len(sources))), Value(0))
    services = services.annotate(matched=matched, relevance=Coalesce(text_rank(every_term), 0.0))
    available = _available(wanted.preferences)
    fits: ExpressionWrapper[Q] | Value
    if available is not None:
        fits = ExpressionWrapper(
            has_session(Schedule.objects.filter(available)), output_field=BooleanField()
        )
    else:
        fits = Value(False)
    services = services.annotate(fits=fits)
    if place is not None:
        services = within_reach(services, place, wanted.miles)
        by_distance = [F("distance").asc(nulls_last=True)]
    else:
        by_distance = []
    services = services.order_by(
        F("matched").desc(), F("fits").desc(), *by_distance, F("relevance").desc(), "name"
    ).prefetch_related("service_at_locations__location")
    # The type checker cannot follow annotations named at run time (`source_<n>`) or made by
    # `within_reach`, which returns plain services: the rows are named here.
    ranked = cast("QuerySet[RankedService]", services)
    return [
        _explained(service, sources, place, available is not None) for service in ranked[:shown]
    ]


def _explained(
    service: RankedService, sources: list[Source], place: Place | None, asked_when: bool
) -> Suggestion:
    reasons = [
        source.reason for index, source in enumerate(sources) if getattr(service, f"source_{index}")
    ]
    if place is not None:
        if service.distance is not None:
            about = f"about {service.distance:.1f} miles from the middle of {place.district}"
            reasons.append(about if place.approximate else f"{service.distance:.1f} miles away")
        else:
            reasons.append(f"in {place.district}, their postcode district")
    sessions = [str(schedule) for schedule in service.schedules.all()]
    if sessions:
        when = ", ".join(sessions)
        reasons.append(f"{when}, when they are free" if service.fits else when)
    elif asked_when:
        reasons.append("times not given")
    reasons.append(service.cost_text.lower() if service.is_free else service.cost_text)
    return Suggestion(service=service, reasons=reasons, fits_availability=bool(service.fits))
