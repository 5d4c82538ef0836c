"""The REST API for an organisation's own tools (django-ninja, OpenAPI document at
/api/v1/openapi.json). Every route goes through the same door as the FHIR API (api.auth: a
bearer token holding `read-records`, the rate limit, the client's organisation scope, an audit
event per call) and audits the records it returns as a page listing them would."""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils import timezone
from django.views.decorators.cache import never_cache
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.security import HttpBearer
from pydantic import Field

from navigator.activities.models import ActivityReferral
from navigator.api.auth import ClientRequest, Refusal, api_call
from navigator.api.models import Scope
from navigator.api.schemas import (
    ActivityReferralOut,
    CaseloadOut,
    ContactOut,
    Invalid,
    Page,
    PersonOut,
    Problem,
    ReferralDetailOut,
    ReferralOut,
    ScoreOut,
)
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Contact
from navigator.fhir.resources import task_status
from navigator.outcomes.models import Score, Status
from navigator.people import selectors as people_selectors
from navigator.people.models import Person
from navigator.referrals import selectors as referral_selectors
from navigator.referrals.models import Referral
from navigator.referrals.states import State


class BearerToken(HttpBearer):
    """For the OpenAPI document; the door (`api_call`) has already checked the token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return getattr(request, "api_client", None)


def _refuse(refusal: Refusal) -> HttpResponse:
    response = JsonResponse({"detail": refusal.message}, status=refusal.status)
    for name, value in refusal.headers.items():
        response[name] = value
    return response


api = NinjaAPI(
    title="Navigator REST API",
    version="1",
    description="Read an organisation's own records. Authenticate with a bearer token from "
    "/fhir/token for a client holding the read-records scope.",
    urls_namespace="rest",
    auth=BearerToken(),
    docs_url=None,
)
door = decorate_view(api_call(Scope.READ_RECORDS, refuse=_refuse))
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Invalid, 429: Problem}


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


class Dates(Paging):
    since: date | None = Field(None, description="On or after this day")
    until: date | None = Field(None, description="On or before this day")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _dated(queryset: QuerySet, field: str, dates: Dates) -> QuerySet:
    if dates.since:
        queryset = queryset.filter(**{f"{field}__gte": _day_start(dates.since)})
    if dates.until:
        queryset = queryset.filter(**{f"{field}__lt": _day_start(dates.until + timedelta(days=1))})
    return queryset


def _page(
    queryset: QuerySet,
    paging: Paging,
    show: Callable[[Any], dict[str, Any]],
    person_of: Callable[[Any], int | None] | None,
) -> dict[str, Any]:
    """One page of `queryset`; each record of a person listed counts as viewed by the client."""
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size])
    if person_of is not None:
        audit.record_many(action=AuditEvent.Action.VIEWED, instances=rows, person_id=person_of)
    return {
        "count": queryset.count(),
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [show(row) for row in rows],
    }


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "nhs_number": person.nhs_number,
        "postcode": person.postcode,
        "gp_practice_ods": person.gp_practice.ods_code if person.gp_practice else "",
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "reference": referral.reference,
        "state": referral.state,
        "state_label": State(referral.state).label,
        "task_status": task_status(referral),
        "person_id": referral.person_id,
        "received_at": referral.received_at,
        "source_type": referral.source_type,
        "urgency": referral.urgency,
        "allocated_to": str(referral.allocated_to or ""),
        "closed_at": referral.closed_at,
        "updated_at": referral.updated_at,
    }


def _ids(items: Iterable[Any]) -> list[int]:
    return [item.pk for item in items]


@api.get("/people", response={200: Page[PersonOut], **ERRORS}, url_name="people")
@door
def people(request: HttpRequest, filters: Query[Dates]) -> dict[str, Any]:
    """Current records (not merged into another), by when they were last changed."""
    found = _dated(people_selectors.active_people(), "updated_at", filters).order_by("pk")
    return _page(found, filters, _person, lambda person: person.pk)


@api.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, url_name="person")
@door
def person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    found = get_object_or_404(people_selectors.active_people(), pk=person_id)
    audit.record_view(found, person_id=found.pk)
    return _person(found)


class ReferralFilters(Dates):
    state: State | None = None


@api.get("/referrals", response={200: Page[ReferralOut], **ERRORS}, url_name="referrals")
@door
def referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> dict[str, Any]:
    """Referrals by the day they were received, with their state (and its FHIR Task status)."""
    found = Referral.objects.select_related("allocated_to").order_by("received_at", "pk")
    if filters.state:
        found = found.filter(state=filters.state)
    return _page(_dated(found, "received_at", filters), filters, _referral, lambda r: r.person_id)


@api.get(
    "/referrals/{referral_id}", response={200: ReferralDetailOut, **ERRORS}, url_name="referral"
)
@door
def referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """One referral and every move of its state."""
    found = get_object_or_404(Referral.objects.select_related("allocated_to"), pk=referral_id)
    audit.record_view(found, person_id=found.person_id)
    history = [
        {"from_state": move.from_state, "to_state": move.to_state, "at": move.at}
        for move in referral_selectors.history(found)
    ]
    return _referral(found) | {"history": history}


@api.get("/caseloads", response={200: Page[CaseloadOut], **ERRORS}, url_name="caseloads")
@door
def caseloads(request: ClientRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Each active link worker and how many open cases are allocated to them."""
    workers = referral_selectors.link_workers_with_caseload(request.api_client.organisation)
    return _page(
        workers,
        paging,
        lambda worker: {
            "link_worker_id": worker.pk,
            "link_worker": str(worker),
            "open_cases": worker.caseload,
        },
        None,
    )


class ContactFilters(Dates):
    referral_id: int | None = None


@api.get("/contacts", response={200: Page[ContactOut], **ERRORS}, url_name="contacts")
@door
def contacts(request: HttpRequest, filters: Query[ContactFilters]) -> dict[str, Any]:
    """Contacts by when they happened (what was said stays on the pages)."""
    found = Contact.objects.order_by("when", "pk")
    if filters.referral_id:
        found = found.filter(referral_id=filters.referral_id)
    return _page(
        _dated(found, "when", filters),
        filters,
        lambda contact: {
            "id": contact.pk,
            "referral_id": contact.referral_id,
            "person_id": contact.person_id,
            "when": contact.when,
            "mode": contact.mode,
            "setting": contact.setting,
            "duration_minutes": contact.duration_minutes,
            "connected": contact.connected,
        },
        lambda contact: contact.person_id,
    )


@api.get(
    "/activity-referrals",
    response={200: Page[ActivityReferralOut], **ERRORS},
    url_name="activity_referrals",
)
@door
def activity_referrals(request: HttpRequest, filters: Query[Dates]) -> dict[str, Any]:
    """Referrals to community activities, by when their status last changed."""
    found = ActivityReferral.objects.select_related("service").order_by("status_changed_at", "pk")
    return _page(
        _dated(found, "status_changed_at", filters),
        filters,
        lambda item: {
            "id": item.pk,
            "person_id": item.person_id,
            "service": item.service.name,
            "status": item.status,
            "requested_at": item.requested_at,
            "status_changed_at": item.status_changed_at,
            "planned_first_session": item.planned_first_session,
        },
        lambda item: item.person_id,
    )


@api.get("/outcome-scores", response={200: Page[ScoreOut], **ERRORS}, url_name="outcome_scores")
@door
def outcome_scores(request: HttpRequest, filters: Query[Dates]) -> dict[str, Any]:
    """Scores of completed outcome measures, by when the measure was completed."""
    found = (
        Score.objects.filter(administration__status=Status.COMPLETE)
        .select_related("administration")
        .order_by("administration__completed_at", "pk")
    )
    return _page(
        _dated(found, "administration__completed_at", filters),
        filters,
        lambda score: {
            "id": score.pk,
            "person_id": score.administration.person_id,
            "referral_id": score.administration.referral_id,
            "instrument": score.administration.instrument_code,
            "measure": score.measure,
            "value": score.value,
            "time_point": score.administration.time_point,
            "completed_at": score.administration.completed_at,
        },
        lambda score: score.administration.person_id,
    )


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns; the OpenAPI document, like every answer, is not kept by caches."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == "openapi-json":
            pattern.callback = never_cache(pattern.callback)
    return patterns, app_name, namespace
