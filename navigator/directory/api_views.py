"""Navigator's directory, read-only at the Open Referral UK 3.0 profile's nine API paths:
public, CORS `*`, cacheable for a few minutes, with an ETag."""

import datetime
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypedDict
from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from navigator.directory import selectors
from navigator.directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm
from navigator.directory.openapi import openapi_document
from navigator.directory.oruk import export, parse

# Long enough to spare the database a crawler's repeats, short enough that an edit shows soon.
MAX_AGE_SECONDS = 300


class BadParameter(Exception):
    """A query parameter the profile types one way given another; the message says which."""


def oruk_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET (and HEAD, OPTIONS) only, answered with `Access-Control-Allow-Origin: *`, public
    caching and an ETag (a repeat with If-None-Match gets 304)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse({"detail": "This API is read-only"}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = JsonResponse({"detail": str(error)}, status=400)
            if response.status_code == 200:
                etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                response["ETag"] = etag
                patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
                # Given a response, it gives one back (None only when given none).
                response = (
                    get_conditional_response(request, etag=etag, response=response) or response
                )
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        # The feed is the same for everyone: only the middleware asking who is signed in read
        # the session, so caches need not key the response on the cookie (Vary: Cookie).
        request.session.accessed = False
        return response

    # Cross-site readers send no CSRF token, and nothing here writes.
    return csrf_exempt(wrapped)


def _day(value: str) -> int:
    weekday = parse.weekday_of(value)
    if weekday is None:
        raise ValueError(value)
    return weekday


def _number(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _time(value: str) -> datetime.time | None:
    try:
        return parse.parse_time(value)
    except parse.RecordError as error:
        raise ValueError(value) from error


@dataclass(frozen=True)
class Kind[T]:
    """How a typed parameter is read (ValueError when it cannot be), and what it should look
    like."""

    read: Callable[[str], T]
    looks_like: str


NUMBER = Kind(_number, "a number, like 18")
ID = Kind(UUID, "a uuid, like the ids this API publishes")
TIME = Kind(_time, "a time like 10:00")
DAY = Kind(_day, "a day of the week, like MO or Monday")


def _param[T](request: HttpRequest, name: str, kind: Kind[T]) -> T | None:
    """The parameter read as `kind`, None when not given; BadParameter when it cannot be."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        return kind.read(value)
    except ValueError as error:
        raise BadParameter(f"{name} must be {kind.looks_like}") from error


class Filters(TypedDict):
    """The profile's /services filters, as `selectors.feed_services` takes them."""

    words: str
    term: UUID | None
    taxonomy: UUID | None
    minimum_age: float | None
    maximum_age: float | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    weekday: int | None


def _filters(request: HttpRequest) -> Filters:
    """The profile's /services filters, read from the query string."""
    return {
        "words": request.GET.get("search", ""),
        "term": _param(request, "taxonomy_term_id", ID),
        "taxonomy": _param(request, "taxonomy_id", ID),
        "minimum_age": _param(request, "minimum_age", NUMBER),
        "maximum_age": _param(request, "maximum_age", NUMBER),
        "start_time": _param(request, "start_time", TIME),
        "end_time": _param(request, "end_time", TIME),
        "weekday": _param(request, "day", DAY),
    }


def _page[M: Model](
    request: HttpRequest, items: QuerySet[M], to_oruk: Callable[[M], dict[str, Any]]
) -> JsonResponse:
    return JsonResponse(
        export.paged(
            items,
            to_oruk=to_oruk,
            page=request.GET.get("page"),
            per_page=request.GET.get("per_page"),
        )
    )


def _one[M: Model](
    items: QuerySet[M], pk: str, what: str, to_oruk: Callable[[M], dict[str, Any]]
) -> JsonResponse:
    try:
        found = items.filter(pk=UUID(pk)).first()
    except ValueError:
        found = None
    if found is None:
        return JsonResponse({"detail": f"No {what} with id {pk}"}, status=404)
    return JsonResponse(to_oruk(found))


@oruk_endpoint
def index(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://openreferraluk.org/",
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@oruk_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("oruk:index"))
    return JsonResponse(openapi_document(base))


@oruk_endpoint
def service_list(request: HttpRequest) -> HttpResponse:
    services = selectors.feed_services(**_filters(request))
    return _page(request, services, export.service_summary_to_oruk)


@oruk_endpoint
def service_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _one(selectors.feed_services(), pk, "service", export.service_to_oruk)


def _located(request: HttpRequest) -> QuerySet[ServiceAtLocation]:
    links = selectors.feed_service_at_locations(selectors.feed_services(**_filters(request)))
    proximity = _param(request, "proximity", NUMBER)
    postcode = request.GET.get("postcode", "").strip()
    if proximity is not None:
        place = selectors.locate(postcode) if postcode else None
        coordinates = place.coordinates if place else None
        if coordinates is None:
            raise BadParameter("proximity needs a postcode whose place is known")
        links = selectors.located_within(links, coordinates, metres=proximity)
    return links


@oruk_endpoint
def service_at_location_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _located(request), export.service_at_location_summary_to_oruk)


@oruk_endpoint
def service_at_location_detail(request: HttpRequest, pk: str) -> HttpResponse:
    links = selectors.feed_service_at_locations(selectors.feed_services())
    return _one(links, pk, "service_at_location", export.service_at_location_to_oruk)


@oruk_endpoint
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    return _page(request, Taxonomy.objects.order_by("name", "pk"), export.taxonomy_to_oruk)


@oruk_endpoint
def taxonomy_detail(request: HttpRequest, pk: str) -> HttpResponse:
    taxonomies = Taxonomy.objects.prefetch_related("terms")
    return _one(taxonomies, pk, "taxonomy", export.taxonomy_with_terms_to_oruk)


@oruk_endpoint
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "pk")
    return _page(request, terms, export.taxonomy_term_to_oruk)


@oruk_endpoint
def taxonomy_term_detail(request: HttpRequest, pk: str) -> HttpResponse:
    terms = TaxonomyTerm.objects.select_related("taxonomy")
    return _one(terms, pk, "taxonomy_term", export.taxonomy_term_to_oruk)
