"""The FHIR R4 routes: thin views over parsing.py (in), services.py (writes), selectors.py
(reads) and resources.py (out). Every answer is application/fhir+json; every error an
OperationOutcome."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt

from navigator.api.auth import ClientRequest, api_call
from navigator.api.models import Scope
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.fhir import parsing, resources, selectors, services
from navigator.fhir.capability import capability_statement
from navigator.fhir.outcomes import (
    FhirError,
    Issue,
    fhir_response,
    outcome_response,
    refusal_response,
)
from navigator.referrals.models import Referral

View = Callable[..., HttpResponse]
logger = logging.getLogger(__name__)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir")


def fhir_view(scope: str | None) -> Callable[[View], View]:
    """Errors raised behind the route become its OperationOutcome; with a scope, the route
    goes through the API door (token, scope, rate limit, organisation scope, audit)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def answering(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except FhirError as error:
                return outcome_response(error)
            except Exception:
                # Logged with its traceback for us; the caller still gets FHIR, not a page.
                logger.exception("FHIR route %s failed", request.path)
                return outcome_response(
                    FhirError.one(500, "exception", "Navigator could not answer: try again later")
                )

        return api_call(scope, refuse=refusal_response)(answering) if scope else answering

    return decorator


def methods(**views: View) -> View:
    """One route, a view per HTTP method; other methods answer 405 with an OperationOutcome.
    `methods` on the route lets the CapabilityStatement test see what it answers."""

    @csrf_exempt
    def route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        view = views.get(request.method or "")
        if view is None:
            allowed = ", ".join(sorted(views))
            return outcome_response(
                FhirError(
                    405,
                    [Issue("not-supported", f"{request.method} is not supported here: {allowed}")],
                    {"Allow": allowed},
                )
            )
        return view(request, *args, **kwargs)

    route.methods = frozenset(views)  # type: ignore[attr-defined]
    return route


@fhir_view(None)
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(capability_statement(_base(request)))


@csrf_exempt
@fhir_view(None)
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    raise FhirError.one(404, "not-supported", f"Navigator's FHIR API has no route /fhir/{path}")


# Referrals in -------------------------------------------------------------------------------------


def _conditional_match(request: ClientRequest, header: str) -> Referral | None:
    """If-None-Exist: 'identifier=system|value'. One match: that referral; none: None."""
    query = QueryDict(header)
    if set(query) != {"identifier"}:
        raise FhirError.one(
            400, "not-supported", "If-None-Exist supports only identifier=system|value"
        )
    referrals, _, _ = selectors.search(
        request.api_client, query, {"identifier": selectors.TASK_SEARCH["identifier"]}
    )
    matches = list(referrals[:2])
    if len(matches) > 1:
        raise FhirError.one(412, "duplicate", "If-None-Exist matches more than one referral")
    return matches[0] if matches else None


def _received(request: ClientRequest, incoming: parsing.IncomingReferral) -> tuple[Referral, bool]:
    header = request.headers.get("If-None-Exist", "") or incoming.if_none_exist
    match = _conditional_match(request, header) if header else None
    if match is not None:
        return match, False
    received = services.receive(client=request.api_client, incoming=incoming)
    return received.referral, received.created


def _created_headers(request: HttpRequest, referral: Referral) -> dict[str, str]:
    base = _base(request)
    return {
        "Location": f"{base}/ServiceRequest/{referral.reference}",
        "Link": f'<{base}/Task/{referral.reference}>; rel="related"',
    }


def _fresh(referral: Referral) -> Referral:
    return selectors.referral(referral.fhir_submission.client, referral.reference)


@fhir_view(Scope.SUBMIT_REFERRALS)
def submit_service_request(request: ClientRequest) -> HttpResponse:
    incoming = parsing.from_service_request(parsing.read_json(request))
    referral, created = _received(request, incoming)
    return fhir_response(
        resources.service_request(_fresh(referral)),
        201 if created else 200,
        _created_headers(request, referral),
    )


@fhir_view(Scope.SUBMIT_REFERRALS)
def submit_bundle(request: ClientRequest) -> HttpResponse:
    payload = parsing.read_json(request)
    incoming = parsing.from_transaction(payload)
    referral, created = _received(request, incoming)
    status = "201 Created" if created else "200 OK"
    used = {"Patient", "ServiceRequest", "Consent"}
    entries = []
    for entry in payload.get("entry", []):
        resource_type = entry.get("resource", {}).get("resourceType")
        response: dict[str, Any] = {"status": status if resource_type in used else "200 OK"}
        if resource_type == "ServiceRequest":
            response["location"] = f"ServiceRequest/{referral.reference}"
        elif resource_type not in used:
            response["outcome"] = {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": "information",
                        "code": "informational",
                        "diagnostics": f"Accepted, not used: Navigator keeps no {resource_type}",
                    }
                ],
            }
        entries.append({"response": response})
    entries.append({"response": {"status": status, "location": f"Task/{referral.reference}"}})
    return fhir_response(
        {"resourceType": "Bundle", "type": "transaction-response", "entry": entries},
        201 if created else 200,
        _created_headers(request, referral),
    )


# Status and outcomes out ------------------------------------------------------------------------


def _read(
    request: ClientRequest, reference: str, build: Callable[[Referral], dict]
) -> HttpResponse:
    referral = selectors.referral(request.api_client, reference)
    audit.record_view(referral, person_id=referral.person_id)
    return fhir_response(build(referral))


def _search(
    request: ClientRequest, accepted: dict[str, Any], build: Callable[[Referral], dict]
) -> HttpResponse:
    referrals, count, page = selectors.search(request.api_client, request.GET, accepted)
    total = referrals.count()
    found = list(referrals[(page - 1) * count : page * count])
    audit.record_many(
        action=AuditEvent.Action.VIEWED, instances=found, person_id=lambda r: r.person_id
    )
    links = {"self": request.build_absolute_uri()}
    if page * count < total:
        following = request.GET.copy()
        following["_page"] = str(page + 1)
        links["next"] = request.build_absolute_uri(f"{request.path}?{following.urlencode()}")
    return fhir_response(
        resources.searchset(
            [build(referral) for referral in found], total=total, base=_base(request), links=links
        )
    )


@fhir_view(Scope.READ_STATUS)
def read_service_request(request: ClientRequest, id: str) -> HttpResponse:
    return _read(request, id, resources.service_request)


@fhir_view(Scope.READ_STATUS)
def search_service_requests(request: ClientRequest) -> HttpResponse:
    return _search(request, selectors.SERVICE_REQUEST_SEARCH, resources.service_request)


@fhir_view(Scope.READ_STATUS)
def read_task(request: ClientRequest, id: str) -> HttpResponse:
    return _read(request, id, resources.task)


@fhir_view(Scope.READ_STATUS)
def search_tasks(request: ClientRequest) -> HttpResponse:
    return _search(request, selectors.TASK_SEARCH, resources.task)


@fhir_view(Scope.READ_STATUS)
def read_bundle(request: ClientRequest, id: str) -> HttpResponse:
    """The message back to the GP of a closed referral, as a FHIR document."""
    prefix = "outcome-"
    referral = (
        selectors.referral(request.api_client, id.removeprefix(prefix))
        if id.startswith(prefix)
        else None
    )
    if referral is None or not hasattr(referral, "gp_message"):
        raise FhirError.one(404, "not-found", f"No such Bundle: {id}")
    audit.record_view(referral.gp_message, person_id=referral.person_id)
    return fhir_response(resources.outcome_document(referral, selectors.outcome_scores(referral)))
