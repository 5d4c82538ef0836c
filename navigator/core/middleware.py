from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from navigator.core.scoping import organisation_scope


class OrganisationScopeMiddleware:
    """Runs each request inside its user's organisation scope (the audit context is set by
    `audit.middleware.AuditContextMiddleware`, next in the list)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        with organisation_scope(request.user, writing=writing):
            return self.get_response(request)


class NoStoreMiddleware:
    """Whatever a signed-in user is sent (pages, timelines, PDFs, CSV and XLSX downloads,
    audit exports) may hold personal data, so no browser cache or proxy may keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that already said no-store (a secure link, a one-time secret) is left as it is.
        if request.user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
