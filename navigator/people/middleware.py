from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from navigator.audit import services as audit
from navigator.people.selectors import RecordMerged


class MergedRecordMiddleware:
    """Any page of a record merged into another answers with a pointer to the kept record
    (a form posted to it saves nothing), so no one keeps working on the absorbed record."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RecordMerged):
            return None
        audit.record_view(exception.kept, person_id=exception.kept.pk)  # it shows their name
        return render(request, "people/merged.jinja", {"kept": exception.kept})
