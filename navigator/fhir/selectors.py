"""Reads behind the FHIR routes. A client reads only the referrals it submitted, inside its own
organisation's scope (the API door opens it), so anything else answers 404."""

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from navigator.api.models import ApiClient
from navigator.fhir import codes
from navigator.fhir.outcomes import FhirError, Issue
from navigator.fhir.resources import TASK_STATUSES, states_for_task_status
from navigator.outcomes.models import Score, Status
from navigator.referrals.models import Referral

DEFAULT_COUNT = 50
MAX_COUNT = 100
# Parameters every search accepts besides its own.
PAGING = {"_count", "_page", "_format"}
DATE_PREFIXES = {"eq", "ge", "gt", "le", "lt"}


def submitted_by(client: ApiClient) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(fhir_submission__client=client)
        .select_related("organisation", "fhir_submission", "gp_message")
        .prefetch_related("reasons")
        .order_by("received_at", "pk")
    )


def referral(client: ApiClient, reference: str) -> Referral:
    found = submitted_by(client).filter(reference=reference).first()
    if found is None:
        raise FhirError.one(404, "not-found", f"No such resource: {reference}")
    return found


def outcome_scores(referral: Referral) -> list[Score]:
    """The complete outcome measures of the case, in the order they were recorded."""
    return list(
        Score.objects.filter(
            administration__referral=referral,
            administration__status=Status.COMPLETE,
            value__isnull=False,
        )
        .select_related("administration")
        .order_by("administration__completed_at", "administration__pk", "pk")
    )


def _token(value: str) -> tuple[str, str]:
    """A token search value: 'system|code', '|code' or 'code' (system None = any)."""
    if "|" in value:
        system, _, code = value.partition("|")
        return system, code
    return "", value


def _identifier_filter(value: str) -> Q:
    """Navigator's reference, or the identifier the sender gave the ServiceRequest."""
    system, code = _token(value)
    if system == codes.NAVIGATOR_REFERENCE:
        return Q(reference=code)
    theirs = Q(fhir_submission__identifier_value=code)
    if system:
        return theirs & Q(fhir_submission__identifier_system=system)
    return theirs | Q(reference=code)


def _moment(value: str, name: str) -> tuple[datetime, datetime]:
    """The instant range a FHIR date or dateTime search value stands for."""
    try:
        day = parse_date(value) if len(value) == 10 else None
        moment = parse_datetime(value) if day is None else None
    except ValueError:  # well formed, but no such day (2026-02-30)
        moment = day = None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment, moment
    if day is None:
        raise FhirError.one(400, "value", f"{name}: {value!r} is not a FHIR date", name)
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def _last_updated_filter(raw: str) -> Q:
    prefix, value = (raw[:2], raw[2:]) if raw[:2] in DATE_PREFIXES else ("eq", raw)
    start, end = _moment(value, "_lastUpdated")
    exact = start == end
    return {
        "eq": Q(updated_at=start) if exact else Q(updated_at__gte=start, updated_at__lt=end),
        "ge": Q(updated_at__gte=start),
        "gt": Q(updated_at__gt=start) if exact else Q(updated_at__gte=end),
        "le": Q(updated_at__lte=start) if exact else Q(updated_at__lt=end),
        "lt": Q(updated_at__lt=start),
    }[prefix]


def _status_filter(value: str) -> Q:
    condition = Q(pk__in=[])
    for status in value.split(","):
        if status not in TASK_STATUSES:
            raise FhirError.one(
                400, "value", f"status: {status!r} is not one of {', '.join(TASK_STATUSES)}"
            )
        states, contacted = states_for_task_status(status)
        match = Q(state__in=states)
        if contacted is not None:
            match &= Q(first_contact_at__isnull=not contacted)
        condition |= match
    return condition


def _focus_filter(value: str) -> Q:
    resource_type, _, reference = value.rpartition("/")
    if resource_type not in {"", "ServiceRequest"}:
        return Q(pk__in=[])
    return Q(reference=reference)


def _patient_identifier_filter(value: str) -> Q:
    system, code = _token(value)
    if system and system != codes.NHS_NUMBER:
        return Q(pk__in=[])
    return Q(nhs_number=code)


TASK_SEARCH = {
    "_lastUpdated": _last_updated_filter,
    "focus": _focus_filter,
    "identifier": _identifier_filter,
    "status": _status_filter,
}
SERVICE_REQUEST_SEARCH = {
    "_lastUpdated": _last_updated_filter,
    "identifier": _identifier_filter,
    "patient.identifier": _patient_identifier_filter,
}


def search(
    client: ApiClient, params: Any, accepted: dict[str, Any]
) -> tuple[QuerySet[Referral], int, int]:
    """The client's referrals matching every parameter (repeated values of one parameter: all
    of them), with the page size and page number asked for. Unknown parameters are refused,
    so a misspelt one never silently returns everything."""
    unknown = sorted(set(params) - set(accepted) - PAGING)
    if unknown:
        raise FhirError(
            400,
            [Issue("not-supported", f"Unknown search parameter: {name}", name) for name in unknown],
        )
    referrals = submitted_by(client)
    for name, build in accepted.items():
        for value in params.getlist(name):
            referrals = referrals.filter(build(value))
    try:
        count = min(max(int(params.get("_count", DEFAULT_COUNT)), 0), MAX_COUNT)
        page = max(int(params.get("_page", 1)), 1)
    except ValueError as error:
        raise FhirError.one(400, "value", "_count and _page must be whole numbers") from error
    return referrals, count, page
