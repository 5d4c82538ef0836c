"""Navigator's directory, read-only at Open Referral UK's API paths: public, CORS `*`."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse

from navigator.directory import oruk, selectors


def oruk_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET (and HEAD, OPTIONS) only, answered with `Access-Control-Allow-Origin: *`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse({"detail": "This API is read-only"}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # Cross-site readers send no CSRF token, and nothing here writes.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


@oruk_endpoint
def index(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://openreferraluk.org/",
            "openapi_url": request.build_absolute_uri("services"),
        }
    )


@oruk_endpoint
def service_list(request: HttpRequest) -> HttpResponse:
    services = oruk.services_for_export().exclude(status="defunct").order_by("name", "id")
    words = request.GET.get("search", "").strip()
    if words:
        matching = selectors.search_services(words=words).values("pk")
        services = services.filter(pk__in=matching)
    body = oruk.paged(services, page=request.GET.get("page"), per_page=request.GET.get("per_page"))
    return JsonResponse(body)


@oruk_endpoint
def service_detail(request: HttpRequest, pk: str) -> HttpResponse:
    try:
        service_id = UUID(pk)
    except ValueError:
        service_id = None
    service = oruk.services_for_export().filter(pk=service_id).first() if service_id else None
    if service is None:
        return JsonResponse({"detail": f"No service with id {pk}"}, status=404)
    return JsonResponse(oruk.service_to_oruk(service))
