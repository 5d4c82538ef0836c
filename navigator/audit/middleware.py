from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from navigator.audit.context import audit_context


class AuditContextMiddleware:
    """Records who acts and from where for everything the request writes to the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(request):
            return self.get_response(request)
