"""Reads of the directory: search with filters and distance, on the database's own
full-text search (FTS5 on SQLite, tsvector on PostgreSQL)."""

import datetime
import math
import re
import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Avg,
    Exists,
    Expression,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import Col, ExpressionWrapper, RawSQL
from django.db.models.functions import Sqrt
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Permission, Role
from navigator.core.validators import normalise_postcode, postcode_district
from navigator.directory.models import (
    DirectoryOrganisation,
    ImportRun,
    ListingSuggestion,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    months_before,
    stale_months,
)

if TYPE_CHECKING:
    # Imported where used at run time: only PostgreSQL needs it.
    from django.contrib.postgres.search import SearchQueryCombinable

MILES_PER_DEGREE = 69.09  # of latitude; of longitude at the equator
METRES_PER_MILE = 1609.344
FTS_TABLE = "directory_service_fts"
SEARCH_CONFIG = "english"
# Time-of-day filter: the part of the day a session must overlap.
TIMES_OF_DAY = {
    "morning": (datetime.time(0, 0), datetime.time(12, 0)),
    "afternoon": (datetime.time(12, 0), datetime.time(17, 0)),
    "evening": (datetime.time(17, 0), datetime.time(23, 59, 59)),
}


@dataclass(frozen=True)
class Place:
    """Where a search is measured from: the postcode's coordinates when it is in the postcode
    table, else the centre of its district (`approximate`) when other postcodes of the
    district are; with neither, no coordinates, and its district for the fallback."""

    postcode: str
    district: str
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """(latitude, longitude), when known."""
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    @property
    def has_coordinates(self) -> bool:
        return self.coordinates is not None

    @property
    def caveat(self) -> str:
        """What the person searching must know about where distances are measured from;
        empty when the postcode itself is known."""
        if self.approximate:
            return (
                f"{self.postcode} is not in the postcode table, so distances are measured from "
                f"the middle of the {self.district} area."
            )
        if not self.has_coordinates:
            return (
                f"We do not know where {self.postcode} is, nor any other postcode in the "
                f"{self.district} area, so these are only listings in the {self.district} area, "
                "whatever the distance."
            )
        return ""


def locate(postcode: str) -> Place | None:
    """The place of a postcode, or None when it is not a real postcode. A postcode missing
    from the table (a new one, or a partial table) is placed at the centre of the postcodes
    known in its district, so distances still count."""
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError:
        return None
    district = postcode_district(postcode)
    known = Postcode.objects.filter(postcode=postcode).values_list("latitude", "longitude")
    coordinates = known.first()
    if coordinates is not None:
        return Place(postcode, district, *coordinates)
    centre = Postcode.objects.filter(postcode__startswith=f"{district} ").aggregate(
        latitude=Avg("latitude"), longitude=Avg("longitude")
    )
    if centre["latitude"] is None:
        return Place(postcode, district)
    return Place(postcode, district, centre["latitude"], centre["longitude"], approximate=True)


def coordinates_of(postcode: str) -> tuple[float, float] | None:
    place = locate(postcode)
    return place.coordinates if place else None


def fts_match_expression(words: str) -> str:
    """The words as an FTS5 query: each a quoted phrase (so nothing typed is read as FTS5
    syntax), all required, the last one also matching as a prefix."""
    tokens = re.findall(r"\w+", words)
    phrases = [f'"{token}"' for token in tokens]
    if phrases:
        phrases[-1] += "*"
    return " ".join(phrases)


# Words too common to say anything about what someone wants to do. PostgreSQL drops its own
# English stop words; SQLite's FTS5 has none, so both are given the same list.
STOP_WORDS = frozenset(
    """about after again all also and any are back been being better but can could did does
    doing down each feel feeling for from get gets getting going got had has have having
    her him his how into its just less like lot lots make more most much not now off once
    only other our out over really she some than that the their them then there these they
    this those too very want wants was well were what when where which who will with would
    you your yours""".split()  # noqa: SIM905
)


def search_terms(text: str, limit: int = 20) -> list[str]:
    """The words of `text` worth looking up in the directory: no stop words, numbers or
    repeats, at most `limit`."""
    terms: list[str] = []
    for token in re.findall(r"[^\W\d_]+", text.lower()):
        if len(token) > 2 and token not in STOP_WORDS and token not in terms:
            terms.append(token)
    return terms[:limit]


def _any_word_query(terms: list[str]) -> "SearchQueryCombinable":
    from django.contrib.postgres.search import SearchQuery

    return reduce(or_, (SearchQuery(term, config=SEARCH_CONFIG) for term in terms))


class _StoredSearchVector(Expression):
    """PostgreSQL: the services' tsvector of name, description and keywords, stored and kept
    up to date by the database (migration 0004), so no query recomputes it row by row. Not a
    model field (SQLite has no such column): it resolves to the column of whichever alias
    the query gives directory_service."""

    # Resolves to another expression (the column), as Django's F does, where django-stubs
    # expects an expression to resolve to its own type.
    def resolve_expression(  # type: ignore[override]
        self,
        query: Any = None,  # a sql.Query, which django-stubs declares as Any
        allow_joins: bool = True,
        reuse: set[str] | None = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Col:
        from django.contrib.postgres.search import SearchVectorField

        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        field.model = Service
        return Col(query.get_initial_alias(), field)


def _vector_matches(query: "SearchQueryCombinable") -> Q:
    from django.contrib.postgres.search import SearchVectorExact

    return Q(SearchVectorExact(_StoredSearchVector(), query))


def _fts_any(terms: list[str]) -> str:
    return " OR ".join(f'"{term}"' for term in terms)


def any_word_matches(terms: list[str]) -> Q:
    """True for services whose name, description or keywords hold any of `terms`, stemmed by
    the database's full-text search (so "walking" finds "walks"). For querysets of
    services."""
    if connection.vendor == "postgresql":
        # On the row itself: the GIN index when few match, a cheap test of the stored
        # vector when many do.
        return _vector_matches(_any_word_query(terms))
    return Q(
        pk__in=RawSQL(
            f"SELECT service_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (_fts_any(terms),)
        )
    )


def text_rank(terms: list[str]) -> Expression:
    """How well a service matches `terms`, higher is better: ts_rank on PostgreSQL, BM25 from
    FTS5 on SQLite (negated, as FTS5 gives better matches lower numbers)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        return SearchRank(_StoredSearchVector(), _any_word_query(terms))
    # Every match ranked once, then looked up by rowid: ranked row by row, FTS5 would run
    # the whole query again for each service (seconds for a few thousand services).
    return RawSQL(
        f"WITH ranked AS MATERIALIZED (SELECT rowid AS service_rowid, -bm25({FTS_TABLE}) AS "
        f"score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
        "SELECT score FROM ranked WHERE service_rowid = directory_service.rowid",
        (_fts_any(terms),),
        output_field=FloatField(),
    )


def _text_match(services: QuerySet[Service], words: str) -> QuerySet[Service]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)
        return services.filter(_vector_matches(query))
    expression = fts_match_expression(words)
    if not expression:
        return services
    matching = RawSQL(
        f"SELECT service_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        (expression,),
    )
    return services.filter(pk__in=matching)


def visible_services() -> QuerySet[Service]:
    """Listings link workers may find: everything but defunct entries."""
    return (
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organisation")
        .prefetch_related("schedules", "categories")
    )


def search_services(
    *,
    words: str = "",
    category: str | None = None,
    weekday: int | None = None,
    time_of_day: str = "",
    free_only: bool = False,
    accessibility: str = "",
    place: Place | None = None,
    within_miles: float = 5,
) -> QuerySet[Service]:
    """Services matching every filter given. With a place that has coordinates, services are
    annotated with `distance` (miles) and nearest come first; listings without coordinates in
    the same postcode district are kept, after them. With a place without coordinates, only
    its district is matched."""
    services = visible_services()
    words = " ".join(words.split())
    if words:
        services = _text_match(services, words)
    if category:
        services = services.filter(categories__id=category)
    if weekday is not None or time_of_day:
        sessions = Schedule.objects.all()
        if weekday is not None:
            sessions = sessions.filter(weekday=weekday)
        if time_of_day in TIMES_OF_DAY:
            sessions = sessions.filter(during(time_of_day))
        services = services.filter(has_session(sessions))
    if free_only:
        services = services.filter(is_free=True)
    if accessibility.strip():
        services = services.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"),
                    location__accessibility__icontains=accessibility.strip(),
                )
            )
        )
    if place is None:
        return services.order_by("name")
    if place.coordinates is None:
        return services.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"), location__postcode_district=place.district
                )
            )
        ).order_by("name")
    return _nearest(services, place.district, place.coordinates, within_miles)


def as_search_results(services: QuerySet[Service]) -> QuerySet[Service]:
    """Only what the search page shows of each listing (name, organisation, cost and tags;
    its sessions come from `sessions_of`): listings' descriptions and their categories were
    read for every result and never shown there."""
    return services.prefetch_related(None).only(
        "name",
        "organisation__name",
        "status",
        "paused",
        "last_checked",
        "takes_direct_referrals",
        "is_social_prescribing_service",
        "is_free",
        "cost_amount",
        "cost_description",
    )


def sessions_of(services: Iterable[Service]) -> dict[uuid.UUID, list[str]]:
    """The sessions of `services` in words, in their order, by listing: one query of the
    columns they are described by, without a model instance for each (a prefetch built them,
    with a related manager and a query set for every listing, a sixth of the search page)."""
    rows = Schedule.objects.filter(service_id__in=[service.pk for service in services]).values_list(
        "service_id", *Schedule.DESCRIBED_BY
    )
    sessions: dict[uuid.UUID, list[str]] = {}
    for service_id, *described in rows:
        sessions.setdefault(service_id, []).append(Schedule.describe(*described))
    return sessions


def has_session(sessions: QuerySet[Schedule]) -> Q:
    """True for services with one of `sessions`. A semi-join (IN, not a correlated EXISTS):
    SQLite would otherwise look each service's sessions up through the (weekday, times)
    index, reading a seventh of all sessions for every service."""
    return Q(pk__in=sessions.values("service_id"))


def during(time_of_day: str) -> Q:
    """Sessions overlapping a part of the day (a key of TIMES_OF_DAY)."""
    start, end = TIMES_OF_DAY[time_of_day]
    return Q(opens_at__lt=end) & (
        Q(closes_at__gt=start) | Q(closes_at__isnull=True, opens_at__gte=start)
    )


def within_reach(services: QuerySet[Service], place: Place, miles: float) -> QuerySet[Service]:
    """Services with a location within `miles` of `place`, annotated with `distance` (miles
    to the nearest of their locations, by the database) and `in_district`; listings without
    coordinates in the place's postcode district are kept (distance None). Without
    coordinates for the place, its postcode district alone decides."""
    in_district = Exists(
        ServiceAtLocation.objects.filter(
            service=OuterRef("pk"), location__postcode_district=place.district
        )
    )
    services = services.annotate(in_district=in_district)
    if place.coordinates is None:
        return services.annotate(distance=Value(None, output_field=FloatField())).filter(
            in_district=True
        )
    latitude, longitude = place.coordinates
    squeeze = math.cos(math.radians(latitude))
    # A bounding box on the indexed coordinates first (a little wider, so rounding never
    # drops a service at the edge), so the distance below is computed only for nearby
    # services, not for every listing that matched.
    dlat = miles / MILES_PER_DEGREE * 1.001
    dlon = miles / (MILES_PER_DEGREE * squeeze) * 1.001
    # One IN (not two ORed): the database can then start from these few services.
    candidates = ServiceAtLocation.objects.filter(
        Q(
            location__latitude__range=(latitude - dlat, latitude + dlat),
            location__longitude__range=(longitude - dlon, longitude + dlon),
        )
        | Q(location__postcode_district=place.district)
    ).values("service_id")
    services = services.filter(pk__in=candidates)
    north = (F("location__latitude") - Value(latitude)) * Value(MILES_PER_DEGREE)
    east = (F("location__longitude") - Value(longitude)) * Value(MILES_PER_DEGREE * squeeze)
    nearest = (
        ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__latitude__isnull=False)
        .annotate(
            miles=ExpressionWrapper(Sqrt(north * north + east * east), output_field=FloatField())
        )
        .order_by("miles")
        .values("miles")[:1]
    )
    return services.annotate(distance=Subquery(nearest, output_field=FloatField())).filter(
        Q(distance__lte=miles) | Q(distance__isnull=True, in_district=True)
    )


def _nearest(
    services: QuerySet[Service],
    district: str,
    coordinates: tuple[float, float],
    within_miles: float,
) -> QuerySet[Service]:
    """A bounding box on the indexed coordinates first, then the equirectangular distance
    (fine at the scale of a town) computed and ordered by the database. Listings without
    coordinates in `district` are kept."""
    lat0, lon0 = coordinates
    squeeze = math.cos(math.radians(lat0))
    dlat = within_miles / MILES_PER_DEGREE
    dlon = within_miles / (MILES_PER_DEGREE * squeeze)
    prefix = "service_at_locations__location__"
    in_box = Q(
        **{
            f"{prefix}latitude__range": (lat0 - dlat, lat0 + dlat),
            f"{prefix}longitude__range": (lon0 - dlon, lon0 + dlon),
        }
    )
    same_district_unplaced = Q(
        **{f"{prefix}latitude__isnull": True, f"{prefix}postcode_district": district}
    )
    north = (F(f"{prefix}latitude") - Value(lat0)) * Value(MILES_PER_DEGREE)
    east = (F(f"{prefix}longitude") - Value(lon0)) * Value(MILES_PER_DEGREE * squeeze)
    distance = ExpressionWrapper(Sqrt(north * north + east * east), output_field=FloatField())
    # filter() before annotate(): the minimum is over the same joined locations.
    return (
        services.filter(in_box | same_district_unplaced)
        .annotate(distance=Min(distance))
        .filter(Q(distance__lte=within_miles) | Q(distance__isnull=True))
        .order_by(F("distance").asc(nulls_last=True), "name")
    )


def editable_organisations(user: User) -> QuerySet[DirectoryOrganisation]:
    """Directory organisations `user` may add listings to (a provider: their own only)."""
    if not user.can(Permission.MANAGE_DIRECTORY):
        return DirectoryOrganisation.objects.none()
    if user.role == Role.VCS_PROVIDER:
        return user.directory_organisations.all()
    return DirectoryOrganisation.objects.all()


def editable_services(user: User) -> QuerySet[Service]:
    """The listings `user` keeps up to date. A listing belongs to the Navigator organisation
    that made or imported it (`owner`): its managers keep it, with the provider's own users
    (VCS providers linked to the listing's organisation) in that same organisation. Linking is
    done by a manager, so a provider user of another Navigator organisation, linked by its own
    manager, never reaches a listing this organisation owns. A listing without an owner
    (loaded from the command line) is kept by its provider's users alone. Everyone else may
    only suggest a change."""
    if not user.can(Permission.MANAGE_DIRECTORY) or user.organisation_id is None:
        return Service.objects.none()
    if user.role == Role.VCS_PROVIDER:
        return Service.objects.filter(organisation__provider_users=user).filter(
            Q(owner__isnull=True) | Q(owner_id=user.organisation_id)
        )
    return Service.objects.filter(owner_id=user.organisation_id)


def can_edit(user: User, service: Service) -> bool:
    return editable_services(user).filter(pk=service.pk).exists()


def import_runs_for(user: User) -> QuerySet[ImportRun]:
    """The directory imports `user` may read: those made by their own organisation's users.
    A report names the file, who uploaded it and each row's outcome."""
    if user.organisation_id is None:
        return ImportRun.objects.none()
    return ImportRun.objects.filter(by__organisation_id=user.organisation_id)


def suggestions_for(user: User) -> QuerySet[ListingSuggestion]:
    """Suggested changes waiting for `user` to review: those to listings they keep."""
    return ListingSuggestion.objects.filter(
        service__in=editable_services(user), status=ListingSuggestion.Status.WAITING
    )


def needing_checks_for(user: User) -> QuerySet[Service]:
    """The listings `user` maintains that need checking."""
    cutoff = months_before(timezone.localdate(), stale_months())
    return (
        editable_services(user)
        .exclude(status=ServiceStatus.DEFUNCT)
        .filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))
        .select_related("organisation")
    )


def parse_postcode(value: str) -> str | None:
    with suppress(ValidationError):
        return normalise_postcode(value)
    return None


def feed_services(
    *,
    words: str = "",
    term: uuid.UUID | None = None,
    taxonomy: uuid.UUID | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    weekday: int | None = None,
) -> QuerySet[Service]:
    """The published feed (every listing but defunct ones), filtered as the Open Referral UK
    profile's /services parameters say: a term, any term of a taxonomy, a minimum age of at
    least / a maximum age of at most the value, and a session on the day starting at or
    after `start_time` and ending at or before `end_time` (all three on the same session)."""
    services = (
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organisation")
        .prefetch_related(
            "schedules",
            "categories__taxonomy",
            "contacts",
            "languages",
            "service_areas",
            "organisation__contacts",
            "service_at_locations__location__contacts",
        )
        .order_by("name", "pk")
    )
    words = " ".join(words.split())
    if words:
        services = _text_match(services, words)
    if term:
        services = services.filter(pk__in=Service.objects.filter(categories=term).values("pk"))
    if taxonomy:
        in_taxonomy = Service.objects.filter(categories__taxonomy=taxonomy).values("pk")
        services = services.filter(pk__in=in_taxonomy)
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    if start_time or end_time or weekday is not None:
        sessions = Schedule.objects.all()
        if start_time:
            sessions = sessions.filter(opens_at__gte=start_time)
        if end_time:
            sessions = sessions.filter(closes_at__lte=end_time)
        if weekday is not None:
            sessions = sessions.filter(weekday=weekday)
        services = services.filter(has_session(sessions))
    return services


def feed_service_at_locations(services: QuerySet[Service]) -> QuerySet[ServiceAtLocation]:
    """Each of `services` at each of its locations, for the profile's /service_at_locations."""
    return (
        ServiceAtLocation.objects.filter(service__in=services.values("pk"))
        .select_related("location", "service__organisation")
        .prefetch_related(
            "location__contacts",
            "service__schedules",
            "service__categories__taxonomy",
            "service__contacts",
            "service__languages",
            "service__service_areas",
            "service__organisation__contacts",
            "service__service_at_locations__location__contacts",
        )
        .order_by("service__name", "service_id", "location__name", "pk")
    )


def located_within(
    links: QuerySet[ServiceAtLocation], coordinates: tuple[float, float], *, metres: float
) -> QuerySet[ServiceAtLocation]:
    """The links whose location is within `metres` of `coordinates` (latitude, longitude): a
    bounding box on the indexed coordinates, then the equirectangular distance, fine at the
    scale of a county."""
    latitude, longitude = coordinates
    miles = metres / METRES_PER_MILE
    squeeze = math.cos(math.radians(latitude))
    dlat = miles / MILES_PER_DEGREE * 1.001
    dlon = miles / (MILES_PER_DEGREE * squeeze) * 1.001
    north = (F("location__latitude") - Value(latitude)) * Value(MILES_PER_DEGREE)
    east = (F("location__longitude") - Value(longitude)) * Value(MILES_PER_DEGREE * squeeze)
    return (
        links.filter(
            location__latitude__range=(latitude - dlat, latitude + dlat),
            location__longitude__range=(longitude - dlon, longitude + dlon),
        )
        .annotate(
            miles=ExpressionWrapper(Sqrt(north * north + east * east), output_field=FloatField())
        )
        .filter(miles__lte=miles)
    )


# What the service's page shows from apps above directory (activities: how referrals sent to it
# went); each registers a function of the service in its `AppConfig.ready`, so that directory
# does not import them.
_service_page_sources: list[Callable[[Service], dict[str, Any]]] = []


def register_service_page_source(source: Callable[[Service], dict[str, Any]]) -> None:
    if source not in _service_page_sources:
        _service_page_sources.append(source)


def service_page_context(service: Service) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for source in _service_page_sources:
        context.update(source(service))
    return context
