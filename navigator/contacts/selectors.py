"""Reads of caseloads. Everything a caseload row shows is computed by the database in one
query (annotations and subqueries), so a page costs the same whatever the caseload size."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Permission, Role
from navigator.accounts.selectors import with_names
from navigator.activities.models import ActivityReferral
from navigator.activities.states import FINAL as FINAL_ACTIVITY_STATUSES
from navigator.contacts.models import (
    CaseloadSettings,
    Closure,
    Contact,
    FollowUp,
    Reallocation,
    Reopening,
    Task,
)
from navigator.core.calendar import LONDON
from navigator.core.timeline import TimelineEntry
from navigator.people.models import Person
from navigator.plans.models import LevelOfNeed, SupportPlan
from navigator.referrals.models import Referral, Transition
from navigator.referrals.states import CASE_STAGES, State

if TYPE_CHECKING:  # django-stubs' helper, installed with the checker only
    from django_stubs_ext import WithAnnotations

# A case is on a link worker's caseload from allocation until it is closed: the case's stages,
# listed once in referrals.states.
CASE_STATES = CASE_STAGES
# A plan review shows as due this many days before its date, and overdue after it.
REVIEW_DUE_WITHIN_DAYS = 7
# Before any contact could have been logged: "every attempt" when nothing has connected yet.
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
SORTS = {
    "next_due": ("contact_due_on", "pk"),
    "name": ("person__family_name", "person__given_name", "pk"),
    "weeks": ("case_started_on", "pk"),
}


def caseload_settings(organisation: Organisation) -> CaseloadSettings:
    """The organisation's settings, made with the defaults on first use."""
    return caseload_settings_of(organisation.pk)


def caseload_settings_of(organisation_id: int) -> CaseloadSettings:
    found, _ = CaseloadSettings.objects.get_or_create(organisation_id=organisation_id)
    return found


def _local_date(expression: Combinable) -> TruncDate:
    return TruncDate(expression, tzinfo=LONDON)


def _level_of_need() -> Coalesce:
    """The level of need of the person's plan; medium until a plan sets one."""
    return Coalesce(F("person__support_plan__level_of_need"), Value(LevelOfNeed.MEDIUM.value))


def _flag(condition: Q | Combinable) -> Case:
    """True where `condition` holds, as a column (a flag the page shows or filters on)."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _started(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """When each case started (its first allocation, else its receipt), as a London date."""
    allocated = Transition.objects.filter(referral=OuterRef("pk"), to_state=State.ALLOCATED)
    return queryset.annotate(
        started_at=Coalesce(
            Subquery(allocated.values("referral").annotate(first=Min("at")).values("first")),
            F("received_at"),
        )
    ).annotate(started_on=_local_date(F("started_at")))


def with_computed_due(settings: CaseloadSettings) -> QuerySet[Referral]:
    """Cases annotated with `computed_due_on` (the date agreed at the latest contact, else the
    last connected contact or the start plus the interval of the case's level of need or
    override), `computed_new` (allocated and nobody has tried to reach the person yet),
    `started_on` and `computed_connected` (the contacts that connected).

    This is the definition of the due date; `due.refresh` copies it into the columns the
    caseload sorts and filters on, so that reading a page never computes it for every case."""
    connected = Contact.objects.filter(referral=OuterRef("pk"), connected=True)
    latest = Contact.objects.filter(referral=OuterRef("pk")).order_by("-when", "-pk")
    intervals = settings.intervals()
    interval = Case(
        When(
            cadence_override__isnull=False,
            then=F("cadence_override__interval"),
        ),
        *[
            When(level_value=name, then=Value(datetime.timedelta(days=days)))
            for name, days in intervals.items()
        ],
        default=Value(datetime.timedelta(days=intervals[LevelOfNeed.MEDIUM])),
        output_field=DurationField(),
    )
    return (
        _started(Referral.objects.filter(state__in=CASE_STATES))
        .annotate(
            level_value=_level_of_need(),
            computed_connected=Coalesce(
                Subquery(
                    connected.values("referral").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            agreed_next=Subquery(latest.values("next_contact_date")[:1]),
            last_connected_on=_local_date(
                Subquery(connected.values("referral").annotate(last=Max("when")).values("last"))
            ),
        )
        .annotate(
            computed_due_on=Coalesce(
                F("agreed_next"),
                Cast(
                    Coalesce(F("last_connected_on"), F("started_on")) + interval,
                    output_field=DateField(),
                ),
            ),
            computed_new=_flag(
                Q(state=State.ALLOCATED) & ~Exists(Contact.objects.filter(referral=OuterRef("pk")))
            ),
        )
    )


def cases_on_caseloads() -> QuerySet[Referral]:
    """The cases link workers hold, from allocation until closure, with the person, the link
    worker and any contact interval override at hand."""
    return Referral.objects.filter(state__in=CASE_STATES).select_related(
        "person", "allocated_to", "cadence_override"
    )


def _of_each_case[M: models.Model](model: type[M], **lookups: object) -> QuerySet[M]:
    """Rows of `model` belonging to the outer query's case, for a correlated subquery. Read
    without the scoped manager: the outer case is already limited to the organisation and to
    the records the viewer may see, and its rows are about the same person, so filtering them
    again only compiled the organisation and restriction conditions (three nested subqueries)
    into every figure of every row. Unordered: a figure counts or finds one row, and with
    the model's order each subquery was compiled with it, to be dropped."""
    return model._base_manager.filter(**lookups).order_by()


def _contacts_so_far() -> dict[str, Any]:
    """`started_on`, `contact_count` (the contacts that connected) and the last of them,
    `last_contact_at` and its London date `last_contact_on`."""
    connected = _of_each_case(Contact, referral=OuterRef("pk"), connected=True)
    return {
        "started_on": F("case_started_on"),
        "contact_count": F("connected_contacts"),
        "last_contact_at": Subquery(
            connected.values("referral").annotate(last=Max("when")).values("last")
        ),
        "last_contact_on": _local_date(F("last_contact_at")),
    }


def _next_contact_due(today: datetime.date) -> dict[str, Any]:
    """`due_on`, `overdue` and `is_new` (nobody has tried to reach the person yet)."""
    return {
        "due_on": F("contact_due_on"),
        "is_new": F("is_new_case"),
        "overdue": _flag(Q(contact_due_on__lt=today)),
    }


def _length_of_support(settings: CaseloadSettings, today: datetime.date) -> dict[str, Any]:
    """`over_length`: longer, or more contacts, than the service expects."""
    length_cutoff = today - datetime.timedelta(weeks=settings.expected_weeks)
    return {
        "over_length": _flag(
            Q(case_started_on__lt=length_cutoff)
            | Q(connected_contacts__gt=settings.expected_contacts)
        )
    }


def _follow_up() -> dict[str, Any]:
    return {"has_follow_up": Exists(_of_each_case(FollowUp, referral=OuterRef("pk")))}


def _plan_review(today: datetime.date) -> dict[str, Any]:
    """`review_on` and `review_status`: "overdue", "due" within a week, else empty."""
    review_soon = today + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    return {
        "review_on": F("person__support_plan__review_date"),
        "review_status": Case(
            When(person__support_plan__review_date__lt=today, then=Value("overdue")),
            When(person__support_plan__review_date__lte=review_soon, then=Value("due")),
            default=Value(""),
            output_field=CharField(),
        ),
    }


def _attempts_not_connected(settings: CaseloadSettings) -> dict[str, Any]:
    """`failed_attempts`, the attempts in a row since the last contact that connected (read
    from `_contacts_so_far`), and `not_engaging` once there are as many as the service
    allows."""
    not_connected = _of_each_case(
        Contact,
        referral=OuterRef("pk"),
        connected=False,
        when__gt=Coalesce(OuterRef("last_contact_at"), Value(EPOCH), output_field=DateTimeField()),
    )
    return {
        "failed_attempts": Coalesce(
            Subquery(
                not_connected.values("referral").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        "not_engaging": _flag(Q(failed_attempts__gte=settings.disengage_after)),
    }


def _open_activity_referrals() -> dict[str, Any]:
    """`open_activity_referrals`: how many are not in a final status."""
    open_activities = _of_each_case(ActivityReferral, case=OuterRef("pk")).exclude(
        status__in=FINAL_ACTIVITY_STATUSES
    )
    return {
        "open_activity_referrals": Coalesce(
            Subquery(
                open_activities.values("case").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
    }


def with_next_contact_due(cases: QuerySet[Referral], today: datetime.date) -> QuerySet[Referral]:
    return cases.annotate(**_next_contact_due(today))


def with_length_of_support(
    cases: QuerySet[Referral], settings: CaseloadSettings, today: datetime.date
) -> QuerySet[Referral]:
    return cases.annotate(**_length_of_support(settings, today))


def with_plan_review(cases: QuerySet[Referral], today: datetime.date) -> QuerySet[Referral]:
    return cases.annotate(**_plan_review(today))


class CaseFigures(TypedDict):
    """What `cases` adds to each case (the steps above say what each means)."""

    level_value: str
    started_on: datetime.date | None
    contact_count: int
    last_contact_at: datetime.datetime | None
    last_contact_on: datetime.date | None
    due_on: datetime.date | None
    is_new: bool
    overdue: bool
    over_length: bool
    has_follow_up: bool
    review_on: datetime.date | None
    review_status: str
    failed_attempts: int
    not_engaging: bool
    open_activity_referrals: int


# A case as a caseload shows it: the referral with the figures `cases` annotates.
type CaseRow = WithAnnotations[Referral, CaseFigures]


def cases(settings: CaseloadSettings, today: datetime.date) -> QuerySet[CaseRow]:
    """Cases on caseloads, each annotated with what the caseload shows (`with_case_figures`)."""
    return with_case_figures(cases_on_caseloads(), settings, today)


def with_case_figures(
    found: QuerySet[Referral], settings: CaseloadSettings, today: datetime.date
) -> QuerySet[CaseRow]:
    """The cases annotated with what the caseload shows: whether each is new, level of need,
    start, number of connected contacts, last and next contact, the overdue and over-length
    flags, the plan review's status, the attempts in a row that did not connect and the
    activity referrals still open (not in a final status).

    The next contact's date, whether the case is new, its start and its connected contacts
    are read from the columns kept on write (`due.refresh`), so filtering, sorting and
    counting by them uses an index and the other annotations are computed only for the rows
    of the page shown."""
    # In one `annotate`, each figure after those it reads: each call copied the growing
    # query and listed the case's fields again: half a millisecond of every case page.
    return cast(
        "QuerySet[CaseRow]",
        found.annotate(
            level_value=_level_of_need(),
            **_contacts_so_far(),
            **_next_contact_due(today),
            **_length_of_support(settings, today),
            **_follow_up(),
            **_plan_review(today),
            **_attempts_not_connected(settings),
            **_open_activity_referrals(),
        ),
    )


def case_on_caseload(settings: CaseloadSettings, today: datetime.date, pk: int) -> CaseRow | None:
    """The case `pk` as its page shows it, if it is on a caseload: with its figures, its
    closure and the reopening it came from (no query of their own each), and only the columns
    the page and its audit show of the case, the person and the link worker, where it read
    the hundred columns of all three. Unordered: it is one case, and with an order Django
    compared every figure's expression with it while compiling (2 ms of a 26 ms page)."""
    found = list(
        cases(settings, today)
        .select_related("closure", "reopened_from")
        .only(
            "organisation",
            "reference",
            "state",
            "given_name",
            "family_name",
            "person",
            "person__given_name",
            "person__family_name",
            *with_names("allocated_to"),
            "cadence_override__interval_days",
            "cadence_override__reason",
            "closure",
            "reopened_from",
        )
        .filter(pk=pk)
        .order_by()
    )
    return found[0] if found else None


def of_link_worker[R: Referral](cases: QuerySet[R], user: User) -> QuerySet[R]:
    return cases.filter(allocated_to=user)


def overdue[R: Referral](cases: QuerySet[R], today: datetime.date) -> QuerySet[R]:
    return cases.filter(contact_due_on__lt=today)


def at_stage[R: Referral](cases: QuerySet[R], stage: str) -> QuerySet[R]:
    """Cases at one of the case stages; every stage when `stage` is empty."""
    return cases.filter(state=stage) if stage else cases


def ordered_for_the_caseload[R: Referral](cases: QuerySet[R], sort: str) -> QuerySet[R]:
    """In the order chosen (`SORTS`, next contact due by default), new cases first whatever the
    order: a case nobody has started must not wait on page 2."""
    return cases.order_by("-is_new_case", *SORTS.get(sort, SORTS["next_due"]))


def caseload(
    user: User,
    today: datetime.date,
    *,
    sort: str = "next_due",
    overdue_only: bool = False,
    stage: str = "",
) -> QuerySet[Referral]:
    """The user's cases in the caseload's order, without their figures: a page finds its 25
    by key from these (`core.views.paginate_by_keys`), then reads them with their figures
    (`caseload_rows`). Finding the keys from the annotated cases cost 2 ms of each page's
    Python copying and compiling annotations the keys never use."""
    found = of_link_worker(cases_on_caseloads(), user)
    if overdue_only:
        found = overdue(found, today)
    return ordered_for_the_caseload(at_stage(found, stage), sort).select_related(None)


def caseload_rows(
    cases: QuerySet[Referral], settings: CaseloadSettings, today: datetime.date
) -> QuerySet[CaseRow]:
    """Caseload cases as a page's rows show them: with their figures and the person's name
    (which the audit trail records as listed), not the other hundred columns of the case,
    person, link worker and override, which were read and converted for each row and never
    shown."""
    return (
        with_case_figures(cases, settings, today)
        .select_related("person")
        .only(
            "reference",
            "state",
            "person__organisation",
            "person__given_name",
            "person__family_name",
        )
    )


def due_by(user: User, settings: CaseloadSettings, today: datetime.date) -> QuerySet[CaseRow]:
    """The user's cases due today or overdue, for the daily reminder."""
    return (
        of_link_worker(cases(settings, today), user)
        .filter(contact_due_on__lte=today)
        .order_by("contact_due_on", "pk")
    )


def failed_attempts_in_a_row(referral: Referral) -> int:
    """Attempts that did not connect since the last contact that did."""
    last = Contact.objects.filter(referral=referral, connected=True).aggregate(last=Max("when"))
    return Contact.objects.filter(
        referral=referral, connected=False, when__gt=last["last"] or EPOCH
    ).count()


# The person's name, as a task's or follow-up's line shows it (`Person.full_name`).
PERSON_NAME = ("person", "person__given_name", "person__family_name")
# What a task's line shows (contacts/_task.jinja).
TASK_SHOWN = ("kind", "due_on", "referral", *PERSON_NAME)


def open_tasks(user: User) -> QuerySet[Task]:
    """The user's open tasks, each with its case's reference."""
    return (
        Task.objects.filter(assigned_to=user, done_at__isnull=True)
        .select_related("referral", "person")
        .only(*TASK_SHOWN, "referral__reference")
    )


def open_tasks_of(referral: Referral) -> QuerySet[Task]:
    return (
        Task.objects.filter(referral=referral, done_at__isnull=True)
        .select_related("person")
        .only(*TASK_SHOWN)
    )


def follow_ups_due(user: User, today: datetime.date) -> QuerySet[FollowUp]:
    """The user's follow-ups due by `today`, each with its case's reference."""
    return (
        FollowUp.objects.filter(
            assigned_to=user, due_on__lte=today, done_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("referral", "person")
        .only("due_on", "referral", "referral__reference", *PERSON_NAME)
    )


class WorkerFigures(TypedDict):
    caseload_size: int
    over_length: int  # how many of their cases
    over_target: bool


type WorkerRow = WithAnnotations[User, WorkerFigures]


def team(
    organisation: Organisation,
    settings: CaseloadSettings,
    today: datetime.date,
    team_id: int | None = None,
) -> list[WorkerRow]:
    """Each active link worker (of one team, if `team_id` is given) with their team, their
    caseload size and how many are over the expected length of support: two queries for the
    whole service."""
    found = User.objects.filter(
        organisation=organisation, role=Role.LINK_WORKER, is_active=True
    ).select_related("team")
    if team_id is not None:
        found = found.filter(team_id=team_id)
    # `WorkerFigures` are set on each worker below, from one query for all of them.
    workers = cast("list[WorkerRow]", list(found.order_by("first_name", "last_name", "pk")))
    # Counted from the columns kept on write alone: the other figures of `cases` are a
    # subquery each, built and compiled for nothing here.
    counts: dict[int, tuple[int, int]] = {
        row["allocated_to"]: (row["size"], row["over"])
        for row in with_length_of_support(cases_on_caseloads(), settings, today)
        .filter(allocated_to__in=workers)
        .values("allocated_to")
        .annotate(size=Count("pk"), over=Count("pk", filter=Q(over_length=True)))
        .order_by()
    }
    for worker in workers:
        worker.caseload_size, worker.over_length = counts.get(worker.pk, (0, 0))
        worker.over_target = worker.caseload_size > settings.caseload_target
    return workers


def contacts_of(referral: Referral) -> QuerySet[Contact]:
    """The case's contacts with only what its page shows of them."""
    return referral.contacts.only(
        "referral",  # (set by the related manager on each contact)
        "when",
        "time_known",
        "mode",
        "setting",
        "setting_other",
        "connected",
        "what_happened",
        "what_agreed",
    )


def reallocations_of(referral: Referral) -> QuerySet[Reallocation]:
    """The case's reallocations with the names of the link workers it moved between."""
    return referral.reallocations.select_related("from_user", "to_user").only(
        "referral",
        "at",
        "reason",
        *with_names("from_user", "to_user"),
    )


def cases_of(person: Person) -> QuerySet[Referral]:
    """Every case of the person, newest first (the closed and declined too)."""
    return (
        Referral.objects.filter(person=person)
        .select_related("allocated_to", "closure")
        .order_by("-received_at", "-pk")
    )


def today() -> datetime.date:
    return timezone.localdate()


def on_person_page(user: User, person: Person) -> dict[str, object]:
    """What the person's page shows of their case (`core.person_page`): those who keep a
    caseload work from the overview; others see the person's details."""
    day = today()
    overview = person_overview(person, day) if user.can(Permission.WORK_CASELOAD) else None
    return {"overview": overview, "today": day}


def contact_history(person: Person) -> list[TimelineEntry]:
    """Timeline entries for contacts, reallocations, closures and reopenings: four queries."""
    entries = []
    contacts = Contact.objects.filter(person=person).select_related("recorded_by")
    for contact in contacts.only(
        "when",
        "time_known",
        "mode",
        "connected",
        "what_agreed",
        "what_happened",
        *with_names("recorded_by"),
    ):
        outcome = "" if contact.connected else " (did not connect)"
        entries.append(
            TimelineEntry(
                at=contact.when,
                title=f"{contact.get_mode_display()} contact{outcome}",
                description=contact.what_agreed or contact.what_happened,
                actor=str(contact.recorded_by or ""),
                time_known=contact.time_known,
            )
        )
    closures = Closure.objects.filter(referral__person=person).select_related(
        "referral", "closed_by"
    )
    for closure in closures.only(
        "closed_at",
        "reason",
        "summary",
        "referral",
        "referral__reference",
        *with_names("closed_by"),
    ):
        entries.append(
            TimelineEntry(
                at=closure.closed_at,
                title=f"Case {closure.referral.reference} closed: {closure.get_reason_display()}",
                description=closure.summary,
                actor=str(closure.closed_by or ""),
            )
        )
    reopenings = Reopening.objects.filter(previous__person=person).select_related(
        "previous", "new", "by"
    )
    for reopening in reopenings.only(
        "at",
        "reason",
        "previous",
        "previous__reference",
        "new",
        "new__reference",
        *with_names("by"),
    ):
        entries.append(
            TimelineEntry(
                at=reopening.at,
                title=f"Case {reopening.previous.reference} reopened as {reopening.new.reference}",
                description=reopening.reason,
                actor=str(reopening.by or ""),
            )
        )
    reallocations = Reallocation.objects.filter(referral__person=person).select_related(
        "referral", "to_user", "by"
    )
    for moved in reallocations.only(
        "at",
        "reason",
        "referral",
        "referral__reference",
        *with_names("to_user", "by"),
    ):
        entries.append(
            TimelineEntry(
                at=moved.at,
                title=f"Case {moved.referral.reference} reallocated to {moved.to_user}",
                description=moved.reason,
                actor=str(moved.by or ""),
            )
        )
    return entries


# The person page's overview -------------------------------------------------------------------

RECENT_CONTACTS = 3


@dataclass
class GoalNow:
    words: str
    start: int
    latest: Decimal | None


@dataclass
class Overview:
    """What a link worker works from on the person's page: their current case and its next
    contact, open tasks, the plan's goals with their latest ratings, activity referrals and
    the last few contacts."""

    case: Referral | None = None  # with the next contact (`with_next_contact_due`) and review
    plan: SupportPlan | None = None
    goals: list[GoalNow] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    activity_referrals: list[ActivityReferral] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


def person_overview(person: Person, today: datetime.date) -> Overview:
    """Everything the overview shows, in a fixed number of queries whatever the history."""
    from navigator.outcomes import selectors as outcome_selectors

    # Only the figures the overview shows: the caseload's others are a subquery each.
    case = (
        with_plan_review(
            with_next_contact_due(
                Referral.objects.filter(person=person, state__in=CASE_STATES), today
            ),
            today,
        )
        .select_related("allocated_to")
        .only("state", "reference", *with_names("allocated_to"))
        .order_by("-received_at", "-pk")
        .first()
    )
    plan = SupportPlan.objects.filter(person=person).prefetch_related("goals").first()
    scored = outcome_selectors.progress(person, "goals").get("goals", []) if plan else []
    goals = [
        GoalNow(
            goal.words,
            goal.baseline_rating,
            series.latest.value if series and series.latest else None,
        )
        for goal, series in outcome_selectors.goals_with_progress(plan, scored)
    ]
    return Overview(
        case=case,
        plan=plan,
        goals=goals,
        # (Through the person, so that each task names them without loading them again.)
        tasks=list(person.caseload_tasks.filter(done_at__isnull=True).order_by("due_on", "pk")),
        activity_referrals=list(
            ActivityReferral.objects.filter(person=person)
            .select_related("service")
            .only("status", "service", "service__name")
            .order_by("-created_at", "-pk")
        ),
        contacts=list(
            Contact.objects.filter(person=person)
            .only("when", "mode", "connected", "what_happened")
            .order_by("-when", "-pk")[:RECENT_CONTACTS]
        ),
    )
