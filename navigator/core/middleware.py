from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from navigator.audit.context import audit_context
from navigator.core.scoping import organisation_scope


class OrganisationScopeMiddleware:
    """Runs each request inside its user's organisation scope and audit context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with organisation_scope(request.user), audit_context(request):
            return self.get_response(request)
