"""The audit trail's pages: a person's trail and a user's, the audit review, and their CSV
downloads. Reading the trail is itself recorded in it."""

import json
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from navigator.accounts.http import SignedInRequest, own_organisation_id
from navigator.accounts.models import User
from navigator.accounts.permissions import Permission
from navigator.accounts.selectors import users_visible_to
from navigator.audit import selectors, services
from navigator.audit.models import AuditEvent
from navigator.core.spreadsheets import csv_bytes
from navigator.core.views import paginate, requires
from navigator.people.models import Person
from navigator.people.selectors import record_ids
from navigator.trail.forms import ReviewFilterForm

CSV_COLUMNS = [
    "at",
    "actor",
    "ip_address",
    "action",
    "object_type",
    "object_id",
    "object",
    "person_id",
    "changes",
]


def _rows(events: QuerySet[AuditEvent]) -> Iterator[Sequence[object]]:
    yield CSV_COLUMNS
    for event in events.iterator(chunk_size=2000):
        yield [
            event.at.isoformat(),
            event.actor_name,
            event.ip_address or "",
            event.action,
            event.object_type,
            event.object_id,
            event.shown_label,
            event.person_id or "",
            json.dumps(event.shown_changes, ensure_ascii=False),
        ]


def _csv(events: QuerySet[AuditEvent], filename: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(_rows(events)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _person(pk: int) -> Person:
    return get_object_or_404(Person, pk=pk)


@requires(Permission.VIEW_AUDIT)
def person_trail(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    # The trail holds the person's details (changed values), so reading it is a view too.
    services.record_view(person, person_id=person.pk)
    page = paginate(request, selectors.events_about_person(record_ids(person)), per_page=50)
    return render(request, "trail/trail.jinja", {"subject": person, "kind": "person", "page": page})


@requires(Permission.VIEW_AUDIT)
def person_trail_export(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    services.record(action=AuditEvent.Action.EXPORTED, instance=person, person_id=person.pk)
    stamp = timezone.localdate().isoformat()
    return _csv(
        selectors.events_about_person(record_ids(person)), f"audit-person-{person.pk}-{stamp}.csv"
    )


def _user(request: SignedInRequest, pk: int) -> User:
    # Audit trails stay inside an organisation, whatever else the viewer may manage.
    return get_object_or_404(
        users_visible_to(request.user).filter(organisation_id=own_organisation_id(request)), pk=pk
    )


@requires(Permission.VIEW_AUDIT)
def user_trail(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = _user(request, pk)
    services.record_view(subject, person_id=None)
    events = selectors.shown_to(selectors.events_by_user(subject.pk), request.user.pk)
    page = paginate(request, events, per_page=50)
    return render(request, "trail/trail.jinja", {"subject": subject, "kind": "user", "page": page})


@requires(Permission.VIEW_AUDIT)
def user_trail_export(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = _user(request, pk)
    services.record(action=AuditEvent.Action.EXPORTED, instance=subject, person_id=None)
    stamp = timezone.localdate().isoformat()
    events = selectors.shown_to(selectors.events_by_user(subject.pk), request.user.pk)
    return _csv(events, f"audit-user-{subject.pk}-{stamp}.csv")


def _review_filters(request: SignedInRequest) -> tuple[ReviewFilterForm, selectors.Filters, bool]:
    """The review's form and filters: an administrator's spans the deployment."""
    deployment = request.user.organisation_id is None
    form = ReviewFilterForm(
        request.GET or None, deployment=deployment, organisation_id=request.user.organisation_id
    )
    data = form.cleaned_data if form.is_valid() else {}
    start, end = form.period()
    filters = selectors.Filters(
        start=start,
        end=end,
        organisation_id=data.get("organisation"),
        user_id=data.get("user"),
        person_id=data.get("person"),
        action=data.get("action") or "",
    )
    return form, filters, deployment


def _record_review(request: SignedInRequest, action: str, filters: selectors.Filters) -> None:
    """Reading the trail is itself recorded: in the organisation's trail, or for an
    administrator in the deployment's (on their own account)."""
    organisation = request.user.organisation
    services.record(
        action=action,
        instance=organisation or request.user,
        person_id=None,
        changes={"audit review": [None, {k: str(v) for k, v in vars(filters).items() if v}]},
        trail=organisation.pk if organisation else None,
    )


def _without_page(request: SignedInRequest) -> str:
    """The filters in the address, for the page links and the download to carry."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@requires(Permission.REVIEW_AUDIT)
def review(request: SignedInRequest) -> HttpResponse:
    form, filters, deployment = _review_filters(request)
    # Recorded first: the page then counts and lists the same events.
    _record_review(request, AuditEvent.Action.VIEWED, filters)
    events = selectors.review_events(filters, deployment=deployment)
    patterns = selectors.many_records_viewed(events)
    page = paginate(request, selectors.shown_to(events, request.user.pk), per_page=50)
    rows = [(event, selectors.unusual(event, patterns)) for event in page.object_list]
    return render(
        request,
        "trail/review.jinja",
        {
            "form": form,
            "filters": filters,
            "deployment": deployment,
            "patterns": patterns,
            "page": page,
            "rows": rows,
            "query": _without_page(request),
            "many_records": selectors.MANY_RECORDS,
            "default_period": not (
                form.is_valid() and (form.cleaned_data["start"] or form.cleaned_data["end"])
            ),
        },
    )


@requires(Permission.REVIEW_AUDIT)
def review_export(request: SignedInRequest) -> HttpResponse:
    _form, filters, deployment = _review_filters(request)
    _record_review(request, AuditEvent.Action.EXPORTED, filters)
    return _csv(
        selectors.shown_to(
            selectors.review_events(filters, deployment=deployment), request.user.pk
        ),
        f"audit-{filters.start.isoformat()}-to-{filters.end.isoformat()}.csv",
    )
