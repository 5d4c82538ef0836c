"""Report figures, each computed with aggregate queries in the database.

`Report` is the one place that decides which organisations' rows a report reads. A manager's
report reads their own organisation; a commissioner's reads the organisations their own
organisation funds, which lie outside the commissioner's request scope: `Report.figures`
therefore lifts django-scopes' organisation scope on purpose, and every queryset a figure
uses starts from a `Report` method that limits it to `organisation__in=<those ids>`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, cast

from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Permission
from navigator.activities.models import Accompaniment, ActivityReferral
from navigator.activities.states import Status
from navigator.contacts.models import (
    CaseloadSettings,
    Contact,
)
from navigator.core.lookups import AnyOf
from navigator.feedback.models import FeedbackResponse
from navigator.outcomes.models import Score
from navigator.outcomes.models import Status as AdministrationStatus
from navigator.plans.models import SupportPlan
from navigator.referrals.models import CodedEvent, Referral
from navigator.referrals.states import State
from navigator.reports.figures import (
    Figure,
    protect,
)

if TYPE_CHECKING:
    from navigator.reports.selectors import Section

CASELOAD_STATES = [State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE]
STOPPED_STATES = [State.DECLINED, State.CLOSED]
ACCEPTED_STATUSES = [Status.ACCEPTED, Status.ON_HOLD, Status.IN_PROGRESS, Status.COMPLETED]
ATTENDED_STATUSES = [Status.IN_PROGRESS, Status.COMPLETED]
NOT_SENT_STATUSES = [Status.DRAFT, Status.SIGNPOSTED, Status.ENTERED_IN_ERROR]
DEFAULT_CASELOAD_TARGET = CaseloadSettings._meta.get_field("caseload_target").default


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    service: int | None = None  # one of a commissioner's funded organisations
    team: int | None = None  # a Team: referrals allocated to its members
    link_worker: int | None = None
    gp_practice: int | None = None
    source: str = ""


def commissioned_organisation_ids(user: User) -> list[int]:
    return list(
        Organisation.objects.filter(funded_by=user.organisation_id).values_list("pk", flat=True)
    )


class ReportedService(NamedTuple):
    """A service a report may cover: its id and its name, all a report page shows of it."""

    pk: int
    name: str


def reported_organisations(user: User) -> list[ReportedService]:
    """The organisations whose figures `user` may see, by name. As tuples, not model
    instances: a national commissioner's 1,300 are read on every report page, and making
    instances of them took 5 ms of CPU where this takes half of one."""
    if user.can(Permission.VIEW_COMMISSIONED_REPORTS):
        services = Organisation.objects.filter(funded_by=user.organisation_id)
    elif user.can(Permission.VIEW_REPORTS) and user.organisation_id is not None:
        services = Organisation.objects.filter(pk=user.organisation_id)
    else:
        return []
    return [ReportedService(*row) for row in services.values_list("pk", "name")]


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def dated(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    """`field` within the local days from `start` to `end`, each included when given."""
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": _moment(start)})
    if end:
        q &= Q(**{f"{field}__lt": _moment(end + datetime.timedelta(days=1))})
    return q


class Report:
    """The figures of one report for one reader, under the chosen filters."""

    def __init__(
        self,
        *,
        organisation_ids: list[int],
        filters: Filters,
        commissioned: bool,
        comments_page: int | str | None = None,
        direct: bool = False,
        funder_id: int | None = None,
    ):
        ids = list(organisation_ids)
        if filters.service is not None:
            ids = [each for each in ids if each == filters.service]
        self.organisation_ids = ids
        self.filters = filters
        self.commissioned = commissioned
        # The page of comments a report page shows; None for a download, which has them all.
        self.comments_page = comments_page
        self._shared: dict[str, object] = {}
        # Whether figures count straight from the records instead of from the rollups:
        # the reference the rollups are counted with and compared against.
        self.direct = direct
        # A commissioner's organisation: a report of every service it funds may read their
        # rows summed over them (`tallies.funded`).
        self.funder_id = funder_id

    def shared[T](self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, run once per report however many figures ask: figures built from
        one expensive query (the funnel and why people stopped) share its rows."""
        if key not in self._shared:
            self._shared[key] = compute()
        # A key is always computed by the same figure's function, so holds what it returns.
        return cast(T, self._shared[key])

    @classmethod
    def for_user(
        cls,
        user: User,
        filters: Filters,
        *,
        comments_page: int | str | None = None,
        organisations: list[ReportedService] | None = None,
    ) -> "Report":
        """`organisations`: `reported_organisations(user)`, when the caller has read them
        already (a national commissioner's are 1,300 rows)."""
        commissioned = user.can(Permission.VIEW_COMMISSIONED_REPORTS)
        if organisations is None:
            organisations = reported_organisations(user)
        ids = [organisation.pk for organisation in organisations]
        return cls(
            organisation_ids=ids,
            filters=filters,
            commissioned=commissioned,
            comments_page=comments_page,
            # Its report of every service it funds (one chosen service reads its own rows).
            funder_id=user.organisation_id if commissioned and filters.service is None else None,
        )

    def figures(self, section: "Section") -> list[Figure]:
        """The section's figures; for commissioners small numbers hidden and every count
        rounded."""
        builders = section.figures if self.commissioned else section.all_figures
        with scopes_disabled():
            figures = [build(self) for build in builders]
        if self.commissioned:
            protect(figures)
        return figures

    # Every queryset starts here, limited to the report's organisations.

    def _referral_filter(self, prefix: str = "") -> Q:
        f = self.filters
        q = Q(**{f"{prefix}organisation__in": self.organisation_ids})
        if f.team is not None:
            # A referral counts for the team its link worker is in now: moving someone to
            # another team moves their cases' figures with them.
            q &= Q(**{f"{prefix}allocated_to__team": f.team})
        if f.link_worker is not None:
            q &= Q(**{f"{prefix}allocated_to": f.link_worker})
        if f.gp_practice is not None:
            q &= Q(**{f"{prefix}gp_practice": f.gp_practice})
        if f.source:
            q &= Q(**{f"{prefix}source_type": f.source})
        return q

    def _dated(self, field: str) -> Q:
        return dated(field, self.filters.start, self.filters.end)

    def referrals(self, dated_by: str | None = "received_at") -> QuerySet[Referral]:
        """Referrals under the filters; received in the date range unless `dated_by` names
        another moment (or is None, for figures that describe today)."""
        queryset = Referral.objects.filter(self._referral_filter())
        if dated_by:
            queryset = queryset.filter(self._dated(dated_by))
        return queryset

    def contacts(self) -> QuerySet[Contact]:
        return Contact.objects.filter(
            self._referral_filter("referral__"), organisation__in=self.organisation_ids
        ).filter(self._dated("when"))

    def activity_referrals(self) -> QuerySet[ActivityReferral]:
        # Activity referrals outside a case still count, unless a referral filter is set.
        return ActivityReferral.objects.filter(self._own("case__")).filter(
            self._dated("created_at")
        )

    def accompaniments(self) -> QuerySet[Accompaniment]:
        return Accompaniment.objects.filter(self._own("activity_referral__case__")).filter(
            self._dated("meet_at")
        )

    def onward_referrals(self) -> QuerySet[Referral]:
        """Referrals the report's organisations sent on to other services (the received
        referral belongs to the other service; only its count is read)."""
        return Referral.objects.filter(referring_organisation__in=self.organisation_ids).filter(
            self._dated("received_at")
        )

    def coded_events(self) -> QuerySet[CodedEvent]:
        # An event's organisation is its referral's.
        return CodedEvent.objects.filter(self._own("referral__")).filter(self._dated("at"))

    def caseload_targets(self) -> dict[int, int]:
        return dict(
            CaseloadSettings.objects.filter(
                AnyOf(F("organisation_id"), self.organisation_ids)
            ).values_list("organisation", "caseload_target")
        )

    def support_plans(self) -> QuerySet[SupportPlan]:
        return SupportPlan.objects.filter(organisation__in=self.organisation_ids)

    def _has_referral_filter(self) -> bool:
        f = self.filters
        return bool(f.team or f.link_worker or f.gp_practice or f.source)

    def _own(self, referral: str) -> Q:
        """Rows of the report's organisations, joined to their referral (the path
        `referral`) only when the report filters on referrals."""
        q = Q(organisation__in=self.organisation_ids)
        if self._has_referral_filter():
            q &= self._referral_filter(referral)
        return q

    def scores(self) -> QuerySet[Score]:
        """Scores of complete administrations that could be scored (a missing item leaves
        a measure unscored, never zero)."""
        return Score.objects.filter(
            self._own("administration__referral__"),
            value__isnull=False,
            administration__status=AdministrationStatus.COMPLETE,
        )

    def feedback(self) -> QuerySet[FeedbackResponse]:
        return FeedbackResponse.objects.filter(self._own("referral__")).filter(
            self._dated("submitted_at")
        )
